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

    /// <summary>The snapshot block (this or <see cref="SnapshotTimestamp"/>).</summary>
    public ulong? SnapshotBlockNumber { get; init; }

    /// <summary>The snapshot block's hash, when known (pins it against reorgs; one round trip fewer).</summary>
    public string? SnapshotBlockHash { get; init; }

    /// <summary>
    /// The snapshot as a time (Unix seconds; this or <see cref="SnapshotBlockNumber"/>): the snapshot block is the
    /// last L2 block at or before it, found by header search (<see cref="SnapshotBlockLocator"/>).
    /// </summary>
    public ulong? SnapshotTimestamp { get; init; }

    /// <summary>The finality the snapshot block must reach before anyone is eligible (until then: pending).</summary>
    public Finality RequiredFinality { get; init; } = Finality.Finalized;

    /// <summary>The least power that may vote.</summary>
    public BigInteger MinimumPower { get; init; } = BigInteger.One;

    /// <summary>The credentials a voter must present.</summary>
    public required VerificationPolicy Policy { get; init; }

    /// <summary>Throws when the proposal is not usable: no terms, or not exactly one of a snapshot block and a snapshot time.</summary>
    /// <exception cref="ArgumentException">The proposal is inconsistent.</exception>
    public void Validate()
    {
        if (string.IsNullOrEmpty(Id) || Terms is null || Terms.Count == 0 || Policy is null)
        {
            throw new ArgumentException("A proposal has an id, at least one strategy term and a policy.");
        }

        if (SnapshotBlockNumber.HasValue == SnapshotTimestamp.HasValue || (SnapshotBlockHash is not null && SnapshotBlockNumber is null))
        {
            throw new ArgumentException("A proposal's snapshot is a block number (with its hash, optionally) or a time, not both.");
        }

        if (Terms.Any(t => t.Source == VotingPowerSource.PastVotes && t.Timepoint is null) || MinimumPower.Sign < 0)
        {
            throw new ArgumentException("A pastVotes term has a timepoint, and the minimum power is not negative.");
        }
    }
}
