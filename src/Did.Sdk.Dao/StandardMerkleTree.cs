// OpenZeppelin's StandardMerkleTree (@openzeppelin/merkle-tree 1.x), which OpenZeppelin's MerkleProof
// contract verifies: a leaf is keccak256(keccak256(abi.encode(values))) (double-hashed so a leaf cannot be
// mistaken for an inner node), inner nodes hash their two children in sorted order, and the tree is a
// complete binary tree in an array with the (sorted) leaves at its end. Roots and proofs equal the
// reference's for the same values and types (checked against it in the interop tests).
using Did.Sdk.Ethereum;
using Did.Sdk.Ethereum.Abi;

namespace Did.Sdk.Dao;

/// <summary>A Merkle tree of ABI-encoded values, compatible with OpenZeppelin's <c>StandardMerkleTree</c> and <c>MerkleProof</c>.</summary>
public sealed class StandardMerkleTree
{
    /// <summary>The most leaves one tree holds.</summary>
    public const int MaxLeaves = 1 << 20;

    private readonly byte[][] _tree;
    private readonly int[] _treeIndexOfValue;

    private StandardMerkleTree(IReadOnlyList<AbiType> types, IReadOnlyList<IReadOnlyList<object>> values, byte[][] tree, int[] treeIndexOfValue)
    {
        Types = types;
        Values = values;
        _tree = tree;
        _treeIndexOfValue = treeIndexOfValue;
    }

    /// <summary>The ABI types of each leaf's values.</summary>
    public IReadOnlyList<AbiType> Types { get; }

    /// <summary>The leaves' values, in the order given.</summary>
    public IReadOnlyList<IReadOnlyList<object>> Values { get; }

    /// <summary>The root (32 bytes).</summary>
    public ReadOnlyMemory<byte> Root => _tree[0];

    /// <summary>The root as 0x-prefixed hex.</summary>
    public string RootHex => Hex.Encode(_tree[0]);

    /// <summary>The tree's nodes as an array (root first, sorted leaves at the end): the <c>tree</c> of OpenZeppelin's dump format.</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> Nodes => [.. _tree.Select(n => (ReadOnlyMemory<byte>)n)];

    /// <summary>The index in <see cref="Nodes"/> of the leaf of the value at <paramref name="valueIndex"/> (in the order given).</summary>
    public int TreeIndexOf(int valueIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(valueIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(valueIndex, _treeIndexOfValue.Length);
        return _treeIndexOfValue[valueIndex];
    }

    /// <summary>
    /// Builds the tree of <paramref name="values"/>, each ABI-encoded as <paramref name="types"/>, with the
    /// leaves sorted by hash (the reference's default).
    /// </summary>
    /// <exception cref="ArgumentException">No values, too many, or a value that does not encode as the types.</exception>
    public static StandardMerkleTree Of(IReadOnlyList<IReadOnlyList<object>> values, IReadOnlyList<AbiType> types)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(types);
        if (values.Count is 0 or > MaxLeaves)
        {
            throw new ArgumentException($"A tree has 1 to {MaxLeaves} leaves.", nameof(values));
        }

        var hashed = values.Select((value, index) => (Hash: LeafHash(types, value), Index: index)).ToArray();
        Array.Sort(hashed, (a, b) => Compare(a.Hash, b.Hash) is var c && c != 0 ? c : a.Index.CompareTo(b.Index));
        var tree = new byte[(2 * hashed.Length) - 1][];
        var treeIndexOfValue = new int[values.Count];
        for (int i = 0; i < hashed.Length; i++)
        {
            tree[tree.Length - 1 - i] = hashed[i].Hash;
            treeIndexOfValue[hashed[i].Index] = tree.Length - 1 - i;
        }

        for (int i = tree.Length - 1 - hashed.Length; i >= 0; i--)
        {
            tree[i] = HashPair(tree[(2 * i) + 1], tree[(2 * i) + 2]);
        }

        return new StandardMerkleTree(types, values, tree, treeIndexOfValue);
    }

    /// <summary>The leaf hash of <paramref name="value"/>: keccak256(keccak256(abi.encode(value))).</summary>
    public static byte[] LeafHash(IReadOnlyList<AbiType> types, IReadOnlyList<object> value)
    {
        ArgumentNullException.ThrowIfNull(types);
        ArgumentNullException.ThrowIfNull(value);
        return Keccak256.Hash(Keccak256.Hash(AbiCodec.Encode(types, value)));
    }

    /// <summary>The proof of the value at <paramref name="valueIndex"/> (in the order given): the sibling hashes from the leaf up.</summary>
    public IReadOnlyList<byte[]> GetProof(int valueIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(valueIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(valueIndex, _treeIndexOfValue.Length);
        var proof = new List<byte[]>();
        for (int index = _treeIndexOfValue[valueIndex]; index > 0; index = (index - 1) / 2)
        {
            proof.Add(_tree[index % 2 == 0 ? index - 1 : index + 1]);
        }

        return proof;
    }

    /// <summary>True when <paramref name="proof"/> proves <paramref name="value"/> under <paramref name="root"/> (OpenZeppelin's <c>MerkleProof.verify</c>).</summary>
    public static bool Verify(ReadOnlySpan<byte> root, IReadOnlyList<AbiType> types, IReadOnlyList<object> value, IReadOnlyList<byte[]> proof)
    {
        ArgumentNullException.ThrowIfNull(proof);
        var node = LeafHash(types, value);
        foreach (var sibling in proof)
        {
            if (sibling is not { Length: 32 })
            {
                return false;
            }

            node = HashPair(node, sibling);
        }

        return root.SequenceEqual(node);
    }

    private static byte[] HashPair(byte[] a, byte[] b)
    {
        var pair = new byte[64];
        (Compare(a, b) <= 0 ? a : b).CopyTo(pair, 0);
        (Compare(a, b) <= 0 ? b : a).CopyTo(pair, 32);
        return Keccak256.Hash(pair);
    }

    private static int Compare(byte[] a, byte[] b) => a.AsSpan().SequenceCompareTo(b);
}
