// Bulk snapshots: the power of many addresses at the proposal's snapshot block (VotingPowerReader: Multicall3
// aggregate3 calls in one JSON-RPC batch, pinned by the block hash, with the finality read in the same batch),
// the StandardMerkleTree of (address, power), and the tool's JWS over its root. A published list is verified
// offline: the signature by the tool's DID, then the tree rebuilt from the values must give the signed root —
// so neither a value nor a proof in the file can be altered without the check failing.
using System.Globalization;
using System.Numerics;
using System.Text.Json.Nodes;
using Did.Sdk.Ethereum;
using Did.Sdk.Ethereum.Rpc;
using Did.Sdk.Jose;
using Did.Sdk.Json;
using Did.Sdk.Methods;
using Did.Sdk.Verification;

namespace Did.Sdk.Dao;

/// <summary>Creates, signs and verifies <see cref="SnapshotList"/>s.</summary>
public static class SnapshotLists
{
    /// <summary>The JWS <c>typ</c> of a signed snapshot root.</summary>
    public const string Type = "snapshot-root+jwt";

    /// <summary>The largest published list read (about 100,000 voters).</summary>
    public const int MaxBytes = 64 * 1024 * 1024;

    private const int MaxRootLength = 16 * 1024;

    /// <summary>
    /// Reads the power of <paramref name="addresses"/> (duplicates counted once) at the snapshot block of
    /// <paramref name="proposal"/> and signs the list's root with <paramref name="toolKey"/> as
    /// <paramref name="toolKeyId"/> (a DID URL of the tool's DID). At most two JSON-RPC round trips for a
    /// snapshot given by block number (one with its hash); a snapshot given by time first finds its block.
    /// Fails with <c>finalityPending</c> until the block reaches the proposal's finality, <c>evidenceBlockReorged</c>
    /// when it left the chain, and the transport codes.
    /// </summary>
    /// <exception cref="ArgumentException">An inconsistent proposal, no addresses or too many, or a key id that is not a DID URL.</exception>
    public static async ValueTask<Result<SnapshotList>> CreateAsync(Proposal proposal, IReadOnlyList<EthereumAddress> addresses, EthereumClient client, SigningKey toolKey, string toolKeyId, TimeProvider? timeProvider = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        ArgumentNullException.ThrowIfNull(addresses);
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(toolKey);
        proposal.Validate();
        string toolDid = ToolDid(toolKeyId);
        var voters = addresses.Distinct().ToList();
        if (voters.Count is 0 or > VotingPowerReader.MaxAddresses)
        {
            throw new ArgumentException($"A snapshot has 1 to {VotingPowerReader.MaxAddresses} addresses.", nameof(addresses));
        }

        var block = await ProposalSnapshotBlock.FindAsync(proposal, client, cancellationToken).ConfigureAwait(false);
        if (!block.Succeeded)
        {
            return block.Error;
        }

        var read = await new VotingPowerReader(client).ReadAsync(proposal.Terms, voters, block.Value.Number, block.Value.Hash, cancellationToken).ConfigureAwait(false);
        if (!read.Succeeded)
        {
            return read.Error;
        }

        if (read.Value.Finality < proposal.RequiredFinality)
        {
            return Result<SnapshotList>.Failure(VerificationErrorCodes.FinalityPending, string.Create(CultureInfo.InvariantCulture, $"The snapshot block {read.Value.BlockNumber} is not yet {Name(proposal.RequiredFinality)}."));
        }

        var tree = read.Value.ToMerkleTree();
        var root = new SnapshotRoot
        {
            ProposalId = proposal.Id,
            ChainId = read.Value.ChainId,
            BlockNumber = read.Value.BlockNumber,
            BlockHash = read.Value.BlockHash,
            Finality = Name(read.Value.Finality),
            Root = tree.RootHex,
            Count = voters.Count,
            IssuedAt = (timeProvider ?? TimeProvider.System).GetUtcNow(),
            Issuer = toolDid,
        };
        return new SnapshotList(root, Sign(root, toolKey, toolKeyId), tree, read.Value.Powers);
    }

    /// <summary>Signs <paramref name="root"/> with <paramref name="key"/>, whose verification method in the tool's DID is <paramref name="keyId"/>.</summary>
    public static string Sign(SnapshotRoot root, SigningKey key, string keyId)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentException.ThrowIfNullOrEmpty(keyId);
        var payload = new JsonObject
        {
            ["iss"] = root.Issuer,
            ["iat"] = root.IssuedAt.ToUnixTimeSeconds(),
            ["proposal_id"] = root.ProposalId,
            ["chain_id"] = root.ChainId,
            ["snapshot"] = new JsonObject { ["block_number"] = root.BlockNumber, ["block_hash"] = root.BlockHash, ["finality"] = root.Finality },
            ["root"] = root.Root,
            ["count"] = root.Count,
            ["leaf_encoding"] = new JsonArray([.. VotingPowerSnapshot.LeafTypes.Select(t => (JsonNode)t.Name)]),
        };
        return DidSignedStatement.Sign(payload, key, Type, keyId);
    }

    /// <summary>
    /// Verifies a signed root: its signature by a key of its issuer's DID (assertionMethod, resolved at
    /// <paramref name="finality"/>) and its shape. Never throws on untrusted input; fails with
    /// <c>invalidSnapshotList</c> and the DID signature codes.
    /// </summary>
    public static ValueTask<Result<SnapshotRoot>> VerifyRootAsync(string signedRoot, DidSignatureVerifier verifier, Finality? finality = null, CancellationToken cancellationToken = default)
        => DidSignedStatement.VerifyAsync(signedRoot, Type, MaxRootLength, p => ParseRoot(p.Span), r => r.Issuer, why => Invalid<SnapshotRoot>("the signed root: " + why), verifier, finality, cancellationToken);

    /// <summary>
    /// Verifies a published list (<see cref="SnapshotList.ToJson"/>): the signed root, then the tree rebuilt from
    /// the listed values, which must give the signed root, count and every listed tree node. Never throws on
    /// untrusted input; fails with <c>invalidSnapshotList</c> and the DID signature codes.
    /// </summary>
    public static async ValueTask<Result<SnapshotList>> VerifyAsync(ReadOnlyMemory<byte> utf8Json, DidSignatureVerifier verifier, Finality? finality = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(verifier);
        if (utf8Json.Length > MaxBytes)
        {
            return Invalid<SnapshotList>($"the file is larger than {MaxBytes} bytes");
        }

        var node = StrictJson.ParseNode(utf8Json.Span);
        if (!node.Succeeded || node.Value is not JsonObject obj || DaoJson.Integer(obj["version"]) != 1 || DaoJson.Text(obj["signedRoot"], MaxRootLength) is not { } signedRoot
            || obj["tree"] is not JsonObject dump || DaoJson.Text(dump["format"]) != "standard-v1"
            || dump["leafEncoding"] is not JsonArray encoding || encoding.Count != 2 || DaoJson.Text(encoding[0]) != "address" || DaoJson.Text(encoding[1]) != "uint256"
            || dump["tree"] is not JsonArray nodes || dump["values"] is not JsonArray values || values.Count is 0 or > VotingPowerReader.MaxAddresses || nodes.Count != (2 * values.Count) - 1)
        {
            return Invalid<SnapshotList>("it is not {version: 1, signedRoot, tree: a standard-v1 dump of [address, uint256] leaves}");
        }

        var root = await VerifyRootAsync(signedRoot, verifier, finality, cancellationToken).ConfigureAwait(false);
        if (!root.Succeeded)
        {
            return root.Error;
        }

        var entries = new List<(EthereumAddress Address, BigInteger Power)>(values.Count);
        var seen = new HashSet<EthereumAddress>();
        foreach (var item in values)
        {
            if (item is not JsonObject entry || entry["value"] is not JsonArray { Count: 2 } value || DaoJson.Text(value[0]) is not { } addressText
                || !EthereumAddress.TryParse(addressText, out var address) || DaoJson.UInt256(value[1]) is not { } power || !seen.Add(address))
            {
                return Invalid<SnapshotList>("a value is not [address, uint256 decimal string], or an address is listed twice");
            }

            entries.Add((address, power));
        }

        var tree = StandardMerkleTree.Of([.. entries.Select(e => (IReadOnlyList<object>)[e.Address, e.Power])], VotingPowerSnapshot.LeafTypes);
        if (!string.Equals(tree.RootHex, root.Value.Root, StringComparison.OrdinalIgnoreCase) || root.Value.Count != entries.Count)
        {
            return Invalid<SnapshotList>("its values do not give the signed root and count");
        }

        var built = tree.Nodes;
        for (int i = 0; i < nodes.Count; i++)
        {
            if (DaoJson.Text(nodes[i], 66) is not { } hex || !string.Equals(hex, Hex.Encode(built[i].Span), StringComparison.OrdinalIgnoreCase))
            {
                return Invalid<SnapshotList>(string.Create(CultureInfo.InvariantCulture, $"its tree node {i} is not the one its values give"));
            }
        }

        for (int i = 0; i < values.Count; i++)
        {
            if (DaoJson.Integer(values[i]!["treeIndex"]) is not { } index || index != (ulong)tree.TreeIndexOf(i))
            {
                return Invalid<SnapshotList>(string.Create(CultureInfo.InvariantCulture, $"the tree index of value {i} is not its leaf's"));
            }
        }

        return new SnapshotList(root.Value, signedRoot, tree, entries);
    }

    /// <summary>True when <paramref name="proof"/> proves that <paramref name="address"/> had <paramref name="power"/> in the list whose signed root is <paramref name="root"/>.</summary>
    public static bool VerifyProof(SnapshotRoot root, EthereumAddress address, BigInteger power, IReadOnlyList<byte[]> proof)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(proof);
        return Hex.TryDecode(root.Root, out var rootBytes) && rootBytes.Length == 32 && power.Sign >= 0 && power.GetBitLength() <= 256
            && StandardMerkleTree.Verify(rootBytes, VotingPowerSnapshot.LeafTypes, [address, power], proof);
    }

    internal static string ToolDid(string toolKeyId)
        => DidUrl.TryParse(toolKeyId, out var kid) && kid.Fragment is not null
            ? kid.Did.ToString()
            : throw new ArgumentException("The tool's key id is a DID URL with a fragment.", nameof(toolKeyId));

    private static string Name(Finality finality) => finality.ToString().ToLowerInvariant();

    private static Result<SnapshotRoot> ParseRoot(ReadOnlySpan<byte> payload)
    {
        var node = StrictJson.ParseNode(payload);
        if (!node.Succeeded || node.Value is not JsonObject obj
            || DaoJson.Text(obj["iss"]) is not { } iss || DaoJson.Text(obj["proposal_id"], 256) is not { } proposal
            || DaoJson.Integer(obj["iat"]) is not { } iat || iat > 253402300799 || DaoJson.Integer(obj["chain_id"]) is not { } chainId
            || obj["snapshot"] is not JsonObject snapshot || DaoJson.Integer(snapshot["block_number"]) is not { } block
            || DaoJson.Text(snapshot["block_hash"], 66) is not { } hash || DaoJson.Text(snapshot["finality"]) is not ("latest" or "safe" or "finalized")
            || DaoJson.Text(obj["root"], 66) is not { Length: 66 } root || DaoJson.Integer(obj["count"]) is not { } count || count is 0 or > VotingPowerReader.MaxAddresses
            || obj["leaf_encoding"] is not JsonArray { Count: 2 } encoding || DaoJson.Text(encoding[0]) != "address" || DaoJson.Text(encoding[1]) != "uint256")
        {
            return Invalid<SnapshotRoot>("the signed root: its payload is not {iss, iat, proposal_id, chain_id, snapshot: {block_number, block_hash, finality}, root, count, leaf_encoding: [address, uint256]}");
        }

        return new SnapshotRoot
        {
            Issuer = iss,
            IssuedAt = DateTimeOffset.FromUnixTimeSeconds((long)iat),
            ProposalId = proposal,
            ChainId = chainId,
            BlockNumber = block,
            BlockHash = hash,
            Finality = DaoJson.Text(snapshot["finality"])!,
            Root = root.ToLowerInvariant(),
            Count = (int)count,
        };
    }

    private static Result<T> Invalid<T>(string why)
        where T : notnull
        => Result<T>.Failure(DaoErrorCodes.InvalidSnapshotList, "The snapshot list is invalid: " + why + ".");
}
