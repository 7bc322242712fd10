using System.Globalization;
using System.Numerics;
using System.Text.Json.Nodes;
using Did.Sdk.Ethereum;

namespace Did.Sdk.Dao;

/// <summary>
/// A signed snapshot list: every voter's power at the snapshot block, the OpenZeppelin StandardMerkleTree over
/// (address, power), and the tool's signature over its root. Each voter gets a proof that anyone checks against
/// the signed root, offline, with <c>@openzeppelin/merkle-tree</c> or on chain with OpenZeppelin's <c>MerkleProof</c>.
/// </summary>
public sealed class SnapshotList
{
    private readonly Dictionary<EthereumAddress, int> _indexOf;

    internal SnapshotList(SnapshotRoot root, string signedRoot, StandardMerkleTree tree, IReadOnlyList<(EthereumAddress Address, BigInteger Power)> entries)
    {
        Root = root;
        SignedRoot = signedRoot;
        Tree = tree;
        Entries = entries;
        _indexOf = new Dictionary<EthereumAddress, int>(entries.Count);
        for (int i = 0; i < entries.Count; i++)
        {
            _indexOf.TryAdd(entries[i].Address, i);
        }
    }

    /// <summary>The signed statement.</summary>
    public SnapshotRoot Root { get; }

    /// <summary>The statement as the tool's compact JWS (typ <c>snapshot-root+jwt</c>).</summary>
    public string SignedRoot { get; }

    /// <summary>The Merkle tree of (address, power).</summary>
    public StandardMerkleTree Tree { get; }

    /// <summary>Each voter with their power, in the tree's value order.</summary>
    public IReadOnlyList<(EthereumAddress Address, BigInteger Power)> Entries { get; }

    /// <summary>The power of <paramref name="address"/> and its proof, or null when it is not in the list.</summary>
    public (BigInteger Power, IReadOnlyList<byte[]> Proof)? ProofOf(EthereumAddress address)
        => _indexOf.TryGetValue(address, out int index) ? (Entries[index].Power, Tree.GetProof(index)) : null;

    /// <summary>
    /// The list as published: <c>{version, signedRoot, tree}</c> where <c>tree</c> is OpenZeppelin's
    /// <c>StandardMerkleTree.dump()</c> format (<c>standard-v1</c>), so <c>StandardMerkleTree.load</c> reads it.
    /// </summary>
    public JsonObject ToJson()
    {
        var tree = new JsonArray();
        foreach (var node in Tree.Nodes)
        {
            tree.Add(Hex.Encode(node.Span));
        }

        var values = new JsonArray();
        for (int i = 0; i < Entries.Count; i++)
        {
            values.Add(new JsonObject
            {
                ["value"] = new JsonArray(Entries[i].Address.ToString(), Entries[i].Power.ToString(CultureInfo.InvariantCulture)),
                ["treeIndex"] = Tree.TreeIndexOf(i),
            });
        }

        return new JsonObject
        {
            ["version"] = 1,
            ["signedRoot"] = SignedRoot,
            ["tree"] = new JsonObject
            {
                ["format"] = "standard-v1",
                ["leafEncoding"] = new JsonArray([.. VotingPowerSnapshot.LeafTypes.Select(t => (JsonNode)t.Name)]),
                ["tree"] = tree,
                ["values"] = values,
            },
        };
    }
}
