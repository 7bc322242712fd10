using System.Globalization;
using System.Numerics;
using System.Text.Json.Nodes;
using Did.Sdk.Dao;
using Did.Sdk.Devnet;
using Did.Sdk.Ethereum;
using Did.Sdk.Ethereum.Multicall;
using Did.Sdk.Ethereum.Rpc;
using Did.Sdk.Ethereum.Transactions;
using Did.Sdk.SocialToken;
using Did.Sdk.Verification.Policy;
using Xunit.Abstractions;

namespace Did.Sdk.Interop.Tests;

/// <summary>
/// Issue 15's interop checks on the embedded devnet: a published snapshot list (<see cref="SnapshotList.ToJson"/>,
/// its <c>tree</c> a <c>standard-v1</c> dump) loads with @openzeppelin/merkle-tree 1.0.8's
/// <c>StandardMerkleTree.load</c> with the same root, values and proofs, the reference verifies every voter's proof
/// and refuses a tampered power; and @snapshot-labs/snapshot.js 0.17.5's multicall (Snapshot's erc20-balance-of
/// read) returns the same balances as <see cref="VotingPowerReader"/> over HTTP.
/// </summary>
public sealed class SnapshotListInteropTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly BigInteger Unit = BigInteger.Pow(10, 18);
    private Devnet.Devnet _devnet = null!;
    private EthereumClient _client = null!;
    private EthereumAddress _coin;

    public async Task InitializeAsync()
    {
        _devnet = await Devnet.Devnet.StartAsync(new DevnetOptions { AllowBlocksWithSameTimestamp = true, SafeEveryBlocks = 1, FinalityDelayBlocks = 0 });
        _client = new EthereumClient(_devnet.Rpc, new EthereumClientOptions { ChainId = _devnet.ChainId });
        using var creator = _devnet.Accounts[0].CreateKey();
        _coin = (await SocialTokenContracts.DeployCreatorCoinAsync(Sender(creator), "Ada Coin", "ADA", creator.Address, 1_000_000_000 * Unit)).ThrowIfFailed();
    }

    public async Task DisposeAsync() => await _devnet.DisposeAsync();

    [Fact]
    public async Task PublishedSnapshotList_LoadsInReference_SameRootValuesAndProofs_EveryProofVerifies_TamperedPowerRefused()
    {
        var random = new Random(15);
        var holders = Enumerable.Range(0, 9).Select(_ => EthereumPrivateKey.Generate().Address).ToList();
        var amounts = holders.Select(_ => (BigInteger)random.Next(1, 100_000) * Unit + random.Next()).ToList();
        await FundAsync(holders, amounts);
        var voters = holders.Concat(Enumerable.Range(0, 4).Select(_ => EthereumPrivateKey.Generate().Address)).ToList(); // 4 with no power
        var head = (await _client.GetBlockAsync(BlockTag.Latest)).ThrowIfFailed();
        var policy = new VerificationPolicyBuilder().RequireCredential("member", SocialTokenIssuerOptions.HolderVct).TrustIssuer("did:ethr:0x7a69:" + _devnet.Accounts[0].Address).Build();
        var proposal = new Proposal { Id = "interop-1", ChainId = _devnet.ChainId, Terms = [new VotingPowerTerm { Token = _coin }], SnapshotBlockNumber = head.Number, Policy = policy };
        using var tool = _devnet.Accounts[5].CreateKey();
        using var toolKey = tool.ToSigningKey();
        var list = (await SnapshotLists.CreateAsync(proposal, voters, _client, toolKey, $"did:ethr:0x7a69:{tool.Address}#controller")).ThrowIfFailed();
        Assert.Equal(voters.Count, list.Entries.Count);

        // Every voter's (address, power) with our proof, then the same with one more unit of power.
        var checks = new JsonArray();
        foreach (var voter in voters)
        {
            var (power, proof) = list.ProofOf(voter)!.Value;
            checks.Add(Check(voter, power, proof));
        }

        foreach (var voter in voters)
        {
            var (power, proof) = list.ProofOf(voter)!.Value;
            checks.Add(Check(voter, power + 1, proof));
        }

        await using var js = new JsonLinesProcess(JsonLinesProcess.NodeDirectory, "merkle.mjs");
        var theirs = await js.SendAsync(new JsonObject { ["op"] = "load", ["dump"] = list.ToJson()["tree"]!.DeepClone(), ["checks"] = checks });

        Assert.True(theirs.GetProperty("ok").GetBoolean(), theirs.ToString());
        Assert.Equal(list.Tree.RootHex, theirs.GetProperty("root").GetString());
        Assert.Equal(list.Root.Root, theirs.GetProperty("root").GetString());
        var values = theirs.GetProperty("values");
        Assert.Equal(list.Entries.Count, values.GetArrayLength());
        for (int i = 0; i < list.Entries.Count; i++)
        {
            // The reference's value i is ours, and its tree.getProof(i) is our proof for that voter.
            var address = EthereumAddress.Parse(values[i][0].GetString()!).ThrowIfFailed();
            Assert.Equal(list.Entries[i].Address, address);
            Assert.Equal(list.Entries[i].Power, BigInteger.Parse(values[i][1].GetString()!, CultureInfo.InvariantCulture));
            var theirProof = theirs.GetProperty("proofs")[i].EnumerateArray().Select(p => p.GetString()!).ToList();
            Assert.Equal(list.Tree.GetProof(i).Select(p => Hex.Encode(p)).ToList(), theirProof);
            Assert.Equal(list.ProofOf(address)!.Value.Proof.Select(p => Hex.Encode(p)).ToList(), theirProof);
        }

        var valid = theirs.GetProperty("valid").EnumerateArray().Select(v => v.GetBoolean()).ToList();
        Assert.Equal(Enumerable.Repeat(true, voters.Count).Concat(Enumerable.Repeat(false, voters.Count)), valid);
        for (int i = 0; i < holders.Count; i++)
        {
            Assert.Equal(amounts[i], list.ProofOf(holders[i])!.Value.Power);
        }

        output.WriteLine($"{voters.Count} voters: root {list.Tree.RootHex} loaded by the reference, every proof equal and verified, every tampered power refused");
    }

    [Fact]
    public async Task SnapshotJsMulticall_AndVotingPowerReader_SameBalancesOverHttp()
    {
        // 300 addresses at a pinned block: 120 holders with varied balances (1 wei up to 2^200), 180 without.
        var random = new Random(1505);
        var holders = Enumerable.Range(0, 120).Select(_ => EthereumPrivateKey.Generate().Address).ToList();
        var amounts = holders.Select((_, i) => i switch
        {
            0 => BigInteger.One,
            1 => BigInteger.Pow(2, 200),
            _ => (BigInteger)random.Next(1, 1_000_000) * Unit + random.Next(),
        }).ToList();
        using (var creator = _devnet.Accounts[0].CreateKey())
        {
            (await Sender(creator).SendAsync(_coin, SocialTokenContracts.MintCoin(holders[1], amounts[1]))).ThrowIfFailed();
        }

        await FundAsync(holders.Where((_, i) => i != 1).ToList(), amounts.Where((_, i) => i != 1).ToList());
        var addresses = holders.Concat(Enumerable.Range(0, 180).Select(_ => EthereumPrivateKey.Generate().Address)).OrderBy(_ => random.Next()).ToList();
        var block = (await _client.GetBlockAsync(BlockTag.Latest)).ThrowIfFailed();
        await using var server = await _devnet.ServeHttpAsync();
        using var http = new HttpClient();
        var overHttp = new EthereumClient(new HttpEthereumRpc(http, new HttpEthereumRpcOptions { Endpoint = server.Url }), new EthereumClientOptions { ChainId = _devnet.ChainId });

        // A later block moves some of the tokens: both must read the snapshot block, not latest.
        await FundAsync([holders[5]], [Unit]);

        var ours = (await new VotingPowerReader(overHttp, callsPerAggregate: 128).ReadAsync([new VotingPowerTerm { Token = _coin }], addresses, block.Number)).ThrowIfFailed();
        await using var js = new JsonLinesProcess(JsonLinesProcess.NodeDirectory, "snapshot-multicall.mjs");
        var theirs = await js.SendAsync(new JsonObject
        {
            ["op"] = "balances",
            ["rpc"] = server.Url.ToString(),
            ["chainId"] = _devnet.ChainId,
            ["multicall"] = Multicall3.Address.ToString(),
            ["token"] = _coin.ToString(),
            ["addresses"] = new JsonArray([.. addresses.Select(a => (JsonNode)a.ToLowerCaseString())]),
            ["blockTag"] = block.Number,
        });

        Assert.True(theirs.GetProperty("ok").GetBoolean(), theirs.ToString());
        Assert.Equal(2, ours.RoundTrips);
        Assert.Empty(ours.FailedReads);
        var balances = theirs.GetProperty("balances").EnumerateArray().Select(b => BigInteger.Parse(b.GetString()!, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(ours.Powers.Select(p => p.Power), balances);
        var expected = addresses.Select(a => holders.IndexOf(a) is int i and >= 0 ? amounts[i] : BigInteger.Zero);
        Assert.Equal(expected, balances);
        output.WriteLine($"{addresses.Count} balances at block {block.Number} equal ({holders.Count} non-zero); snapshot.js took {theirs.GetProperty("ms").GetDouble():0} ms");
    }

    private static JsonObject Check(EthereumAddress address, BigInteger power, IReadOnlyList<byte[]> proof) => new()
    {
        ["value"] = new JsonArray(address.ToLowerCaseString(), power.ToString(CultureInfo.InvariantCulture)),
        ["proof"] = new JsonArray([.. proof.Select(p => (JsonNode)Hex.Encode(p))]),
    };

    // The creator moves the total to Multicall3, then one aggregate3 transaction (sent by Multicall3, which holds
    // the tokens) transfers each amount.
    private async Task FundAsync(IReadOnlyList<EthereumAddress> to, IReadOnlyList<BigInteger> amounts)
    {
        using var creator = _devnet.Accounts[0].CreateKey();
        var sender = Sender(creator);
        (await sender.SendAsync(_coin, SocialTokenContracts.Transfer(Multicall3.Address, amounts.Aggregate(BigInteger.Zero, (a, b) => a + b)))).ThrowIfFailed();
        var calls = to.Select((address, i) => new Multicall3Call(_coin, SocialTokenContracts.Transfer(address, amounts[i]), AllowFailure: false)).ToList();
        (await sender.SendAsync(Multicall3.Address, Multicall3.EncodeAggregate3(calls))).ThrowIfFailed();
    }

    private EthereumTransactionSender Sender(EthereumPrivateKey key)
        => new(new EthereumClient(_devnet.Rpc, new EthereumClientOptions { ChainId = _devnet.ChainId }), key, _devnet.ChainId, new EthereumTransactionSenderOptions { ReceiptPollInterval = TimeSpan.FromMilliseconds(1) });
}
