namespace Did.Sdk.Dao;

/// <summary>
/// What a DAO tool signs over a snapshot list: the proposal, the block the power was read at and the finality
/// it had reached, the root of the (address, power) Merkle tree and how many voters it holds.
/// </summary>
public sealed record SnapshotRoot
{
    /// <summary>The proposal id.</summary>
    public required string ProposalId { get; init; }

    /// <summary>The chain.</summary>
    public required ulong ChainId { get; init; }

    /// <summary>The snapshot block.</summary>
    public required ulong BlockNumber { get; init; }

    /// <summary>The snapshot block's hash.</summary>
    public required string BlockHash { get; init; }

    /// <summary>The finality the block had reached (<c>latest</c>, <c>safe</c>, <c>finalized</c>).</summary>
    public required string Finality { get; init; }

    /// <summary>The StandardMerkleTree root of (address, uint256 power), 0x-prefixed hex.</summary>
    public required string Root { get; init; }

    /// <summary>The number of voters (leaves).</summary>
    public required int Count { get; init; }

    /// <summary>When the tool signed.</summary>
    public required DateTimeOffset IssuedAt { get; init; }

    /// <summary>The tool's DID.</summary>
    public required string Issuer { get; init; }
}
