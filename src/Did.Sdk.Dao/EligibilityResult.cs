using System.Numerics;
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
}
