using System.Numerics;
using Did.Sdk.Ethereum;
using Did.Sdk.Ethereum.Abi;

namespace Did.Sdk.Dao;

/// <summary>Voting power of many addresses at one block, with what anyone needs to re-check it, and its Merkle tree.</summary>
public sealed record VotingPowerSnapshot
{
    /// <summary>The ABI types of a snapshot leaf: (address, uint256 power).</summary>
    public static IReadOnlyList<AbiType> LeafTypes { get; } = [AbiType.Address, AbiType.Uint256];

    /// <summary>The chain.</summary>
    public required ulong ChainId { get; init; }

    /// <summary>The snapshot block.</summary>
    public required ulong BlockNumber { get; init; }

    /// <summary>The snapshot block's hash.</summary>
    public required string BlockHash { get; init; }

    /// <summary>The finality the block had reached when read.</summary>
    public required Finality Finality { get; init; }

    /// <summary>Each address with its power, in the order asked.</summary>
    public required IReadOnlyList<(EthereumAddress Address, BigInteger Power)> Powers { get; init; }

    /// <summary>The addresses whose reads reverted (counted with no power from that token).</summary>
    public required IReadOnlyList<EthereumAddress> FailedReads { get; init; }

    /// <summary>The ERC-6372 clock of each votes token at the block: the timepoint for <c>getPastVotes</c>.</summary>
    public IReadOnlyList<TokenClock> Clocks { get; init; } = [];

    /// <summary>The JSON-RPC round trips the read took.</summary>
    public required int RoundTrips { get; init; }

    /// <summary>The OpenZeppelin StandardMerkleTree of (address, power): its root is what a DAO tool signs and a MerkleProof contract checks.</summary>
    public StandardMerkleTree ToMerkleTree() => StandardMerkleTree.Of(Powers.Select(p => (IReadOnlyList<object>)[p.Address, p.Power]).ToList(), LeafTypes);
}
