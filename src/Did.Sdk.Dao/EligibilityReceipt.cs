using System.Numerics;

namespace Did.Sdk.Dao;

/// <summary>
/// What a DAO tool signs when it finds an identity eligible: the proposal, the identity's nullifier (not its
/// DID), its voting power, the snapshot block and the finality it had reached, and when.
/// </summary>
public sealed record EligibilityReceipt
{
    /// <summary>The proposal id.</summary>
    public required string ProposalId { get; init; }

    /// <summary>The identity's nullifier for this proposal (hex): one per identity, whatever its wallets.</summary>
    public required string Nullifier { get; init; }

    /// <summary>The voting power counted.</summary>
    public required BigInteger Power { get; init; }

    /// <summary>The chain.</summary>
    public required ulong ChainId { get; init; }

    /// <summary>The snapshot block.</summary>
    public required ulong SnapshotBlockNumber { get; init; }

    /// <summary>The snapshot block's hash.</summary>
    public required string SnapshotBlockHash { get; init; }

    /// <summary>The finality the snapshot block had reached (<c>latest</c>, <c>safe</c>, <c>finalized</c>).</summary>
    public required string Finality { get; init; }

    /// <summary>When the tool decided.</summary>
    public required DateTimeOffset IssuedAt { get; init; }

    /// <summary>The tool's DID (the receipt's issuer).</summary>
    public required string Issuer { get; init; }
}
