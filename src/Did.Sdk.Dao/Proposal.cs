using System.Numerics;
using Did.Sdk.Verification.Policy;

namespace Did.Sdk.Dao;

/// <summary>A proposal: who may vote (a verification policy), with what power (a strategy), measured at which block.</summary>
public sealed record Proposal
{
    /// <summary>The proposal's id.</summary>
    public required string Id { get; init; }

    /// <summary>The chain of the voting tokens.</summary>
    public required ulong ChainId { get; init; }

    /// <summary>The voting strategy: the weighted sum of these tokens' power.</summary>
    public required IReadOnlyList<VotingPowerTerm> Terms { get; init; }

    /// <summary>The snapshot block.</summary>
    public required ulong SnapshotBlockNumber { get; init; }

    /// <summary>The snapshot block's hash, when known (pins it against reorgs; one round trip fewer).</summary>
    public string? SnapshotBlockHash { get; init; }

    /// <summary>The finality the snapshot block must reach before anyone is eligible (until then: pending).</summary>
    public Finality RequiredFinality { get; init; } = Finality.Finalized;

    /// <summary>The least power that may vote.</summary>
    public BigInteger MinimumPower { get; init; } = BigInteger.One;

    /// <summary>The credentials a voter must present.</summary>
    public required VerificationPolicy Policy { get; init; }
}
