using System.Globalization;
using System.Numerics;
using System.Text.Json.Nodes;
using Did.Sdk.Verification;

namespace Did.Sdk.Dao;

/// <summary>The answer of <see cref="VotingEligibility.CheckAsync"/>.</summary>
public sealed record EligibilityResult
{
    /// <summary>Eligible, not eligible or pending.</summary>
    public required EligibilityOutcome Outcome { get; init; }

    /// <summary>Why not eligible (or pending); null when eligible.</summary>
    public SdkError? Error { get; init; }

    /// <summary>The presentation's verification (with its checks), when it ran.</summary>
    public VerificationDecision? Decision { get; init; }

    /// <summary>The voting power at the snapshot, summed over the identity's wallets, when read.</summary>
    public BigInteger? Power { get; init; }

    /// <summary>The identity's nullifier for the proposal, when known.</summary>
    public string? Nullifier { get; init; }

    /// <summary>The signed receipt, when eligible.</summary>
    public string? Receipt { get; init; }

    /// <summary>The snapshot read, when made.</summary>
    public VotingPowerSnapshot? Snapshot { get; init; }

    /// <summary>
    /// The result as JSON: <c>{ eligible, outcome, power, nullifier, receipt, snapshot: {chainId, blockNumber,
    /// blockHash, finality, wallets: [{address, power}]}, decision (the verifier's, with its checks), error }</c>.
    /// </summary>
    public JsonObject ToJson() => new()
    {
        ["eligible"] = Outcome == EligibilityOutcome.Eligible,
        ["outcome"] = Outcome switch { EligibilityOutcome.Eligible => "eligible", EligibilityOutcome.Pending => "pending", _ => "notEligible" },
        ["power"] = Power?.ToString(CultureInfo.InvariantCulture),
        ["nullifier"] = Nullifier,
        ["receipt"] = Receipt,
        ["snapshot"] = Snapshot is null ? null : new JsonObject
        {
            ["chainId"] = Snapshot.ChainId,
            ["blockNumber"] = Snapshot.BlockNumber,
            ["blockHash"] = Snapshot.BlockHash,
            ["finality"] = Snapshot.Finality.ToString().ToLowerInvariant(),
            ["wallets"] = new JsonArray([.. Snapshot.Powers.Select(p => (JsonNode)new JsonObject { ["address"] = p.Address.ToString(), ["power"] = p.Power.ToString(CultureInfo.InvariantCulture) })]),
        },
        ["decision"] = Decision?.ToJson(),
        ["error"] = Error is null ? null : new JsonObject { ["code"] = Error.Code, ["message"] = Error.Message },
    };
}
