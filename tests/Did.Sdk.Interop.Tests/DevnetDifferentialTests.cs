using System.Globalization;
using System.Numerics;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Did.Sdk.Devnet;
using Did.Sdk.Ethereum;
using Did.Sdk.Ethereum.Abi;
using Did.Sdk.Ethereum.Rpc;
using Did.Sdk.Ethereum.Transactions;
using Did.Sdk.Ethr;
using Did.Sdk.SocialToken;
using Xunit.Abstractions;

namespace Did.Sdk.Interop.Tests;

/// <summary>
/// The embedded devnet against hardhat 2.29.1: the same signed transactions (the same bytes, so the same
/// hashes) sent to both, one per block, at the same block timestamps — registry and token deployments,
/// ERC-1056 writes (owner changes, delegates, attributes, revocations, meta-transactions relayed by another
/// account), creator-coin transfers and delegations, reverts and out-of-gas — in a scripted order and in
/// seeded random orders. After every transaction the receipts (status, gasUsed, contract address, logs and
/// their order) and the registry's and token's views at that block (eth_call) must be equal; at the end the
/// eth_getLogs answers (address lists, topic OR-sets, block hashes) and the ethr-did-resolver documents of
/// every identity, resolved through each chain's JSON-RPC over HTTP. What is not compared, and why, is in
/// docs/devnet.md ("Differences from hardhat and geth").
/// </summary>
[Collection(HardhatCollection.Name)]
public sealed class DevnetDifferentialTests(HardhatNode node, ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly BigInteger Ether = BigInteger.Pow(10, 18);
    private static readonly byte[] TransferTopic = Keccak256.Hash("Transfer(address,address,uint256)"u8.ToArray());
    private static readonly byte[] OwnerChangedTopic = Keccak256.Hash("DIDOwnerChanged(address,address,uint256)"u8.ToArray());
    private readonly HardhatNode _node = node;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private Devnet.Devnet _devnet = null!;
    private DevnetServer _server = null!;
    private ReferenceResolver _reference = null!;

    public async Task InitializeAsync()
    {
        _devnet = await Devnet.Devnet.StartAsync(new DevnetOptions { ChainId = HardhatNode.ChainId });
        _server = await _devnet.ServeHttpAsync();
        _reference = new ReferenceResolver(_node.NodeDirectory);
    }

    public async Task DisposeAsync()
    {
        await _reference.DisposeAsync();
        await _server.DisposeAsync();
        await _devnet.DisposeAsync();
        _http.Dispose();
    }

    [Fact]
    public async Task ScriptedSequence_SameReceiptsCallsLogsAndDocuments()
    {
        await using var play = await Play.StartAsync(this);
        var (k0, k1, k2, k3) = (play.Keys[0], play.Keys[1], play.Keys[2], play.Keys[3]);

        await play.RegistryAsync(k1, "setAttribute(address,bytes32,bytes,uint256)", k1.Address, Name("did/pub/Secp256k1/veriKey/hex"), new byte[33], (BigInteger)86_400);
        await play.RegistryAsync(k1, "addDelegate(address,bytes32,address,uint256)", k1.Address, Name("sigAuth"), k3.Address, (BigInteger)3_600);
        await play.RegistryAsync(k1, "setAttribute(address,bytes32,bytes,uint256)", k1.Address, Name("did/svc/HubService"), "https://hub.example/"u8.ToArray(), (BigInteger)86_400);
        await play.RegistryAsync(k1, "revokeDelegate(address,bytes32,address)", k1.Address, Name("sigAuth"), k3.Address);
        await play.RegistryAsync(k1, "changeOwner(address,address)", k1.Address, k2.Address);
        await play.RegistryRevertsAsync(k1, "setAttribute(address,bytes32,bytes,uint256)", k1.Address, Name("did/svc/Old"), new byte[] { 1 }, (BigInteger)60); // no longer the owner
        await play.SignedAsync(k2, k1.Address, relayer: k3);
        await play.CoinAsync(k0, "transfer(address,uint256)", k1.Address, 250 * Ether);
        await play.CoinAsync(k1, "delegate(address)", k1.Address);
        await play.CoinAsync(k1, "transfer(address,uint256)", k2.Address, 40 * Ether);
        await play.CoinAsync(k2, "transfer(address,uint256)", k3.Address, 41 * Ether, expectSuccess: false); // more than it holds
        await play.CoinAsync(k1, "transfer(address,uint256)", k2.Address, Ether, gasLimit: 24_000, expectSuccess: false); // out of gas
        await play.CoinAsync(k2, "delegate(address)", k1.Address, legacy: true);
        await play.DeployCoinAsync(k3);

        await play.CompareEndAsync();
        output.WriteLine($"{play.Transactions} transactions, {play.Calls} eth_call pairs, {play.Logs} logs equal on both chains");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    public async Task SeededRandomSequence_SameReceiptsCallsLogsAndDocuments(int seed)
    {
        await using var play = await Play.StartAsync(this);
        var random = new Random(seed);
        var owners = play.Keys.Skip(1).ToDictionary(k => k.Address, k => k);
        var identities = owners.Keys.ToList();
        string[] delegateTypes = ["veriKey", "sigAuth"];
        string[] attributes = ["did/pub/Secp256k1/veriKey/hex", "did/pub/Ed25519/veriKey/base64", "did/svc/HubService"];
        for (int step = 0; step < 40; step++)
        {
            var identity = identities[random.Next(identities.Count)];
            var owner = owners[identity];
            var someone = play.Keys[random.Next(play.Keys.Count)];
            switch (random.Next(9))
            {
                case 0:
                    await play.RegistryAsync(owner, "setAttribute(address,bytes32,bytes,uint256)", identity, Name(attributes[random.Next(attributes.Length)]), RandomBytes(random, random.Next(1, 40)), (BigInteger)random.Next(0, 10_000));
                    break;
                case 1:
                    await play.RegistryAsync(owner, "addDelegate(address,bytes32,address,uint256)", identity, Name(delegateTypes[random.Next(2)]), someone.Address, (BigInteger)random.Next(0, 10_000));
                    break;
                case 2:
                    await play.RegistryAsync(owner, "revokeDelegate(address,bytes32,address)", identity, Name(delegateTypes[random.Next(2)]), someone.Address);
                    break;
                case 3:
                    await play.RegistryAsync(owner, "changeOwner(address,address)", identity, someone.Address);
                    owners[identity] = someone;
                    break;
                case 4:
                    var intruder = play.Keys.First(k => k.Address != owner.Address);
                    await play.RegistryRevertsAsync(intruder, "changeOwner(address,address)", identity, intruder.Address);
                    break;
                case 5:
                    await play.SignedAsync(owner, identity, relayer: someone);
                    break;
                case 6:
                    var holder = play.Keys[random.Next(play.Keys.Count)];
                    await play.CoinAsync(holder, "transfer(address,uint256)", someone.Address, random.Next(0, 300) * Ether, expectSuccess: null, legacy: random.Next(4) == 0);
                    break;
                case 7:
                    await play.CoinAsync(someone, "delegate(address)", play.Keys[random.Next(play.Keys.Count)].Address);
                    break;
                default:
                    await play.CoinAsync(someone, "transfer(address,uint256)", owner.Address, BigInteger.One, gasLimit: 24_000 + (ulong)random.Next(0, 3_000), expectSuccess: false);
                    break;
            }
        }

        await play.CompareEndAsync();
        output.WriteLine($"seed {seed}: {play.Transactions} transactions, {play.Calls} eth_call pairs, {play.Logs} logs equal on both chains");
    }

    private static byte[] Name(string text) => RegistryAbi.Bytes32(text);

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    // One chain seen through JSON-RPC over HTTP.
    private sealed record Side(string Name, TestJsonRpc Rpc, Uri Url, EthereumPrivateKey Funder);

    // A sequence played on both chains: fresh keys funded on each (so every later transaction has the same
    // nonce, hence the same bytes, on both), a registry and a creator coin deployed by the same signed
    // transactions (so at the same addresses), then one transaction per block at aligned timestamps.
    private sealed class Play : IAsyncDisposable
    {
        private readonly DevnetDifferentialTests _test;
        private readonly Side[] _sides;
        private readonly Dictionary<EthereumAddress, ulong> _nonces = [];
        private readonly List<(string Hash, ulong[] Blocks)> _mined = [];
        private readonly ulong[] _firstBlocks;
        private ulong _time;
        private string _hardhatSnapshot = null!;

        private Play(DevnetDifferentialTests test, Side[] sides, IReadOnlyList<EthereumPrivateKey> keys, ulong[] firstBlocks, ulong time)
        {
            _test = test;
            _sides = sides;
            Keys = keys;
            _firstBlocks = firstBlocks;
            _time = time;
            foreach (var key in keys)
            {
                _nonces[key.Address] = 0;
            }
        }

        public IReadOnlyList<EthereumPrivateKey> Keys { get; }

        public EthereumAddress Registry { get; private set; }

        public EthereumAddress Coin { get; private set; }

        public int Transactions => _mined.Count;

        public int Calls { get; private set; }

        public int Logs { get; private set; }

        public static async Task<Play> StartAsync(DevnetDifferentialTests test)
        {
            var devFunder = test._devnet.Accounts[0].CreateKey();
            Side[] sides =
            [
                new("devnet", new TestJsonRpc(test._http, test._server.Url), test._server.Url, devFunder),
                new("hardhat", test._node.Rpc, test._node.RpcUrl, test._node.Account0),
            ];
            // The sequence runs ahead of the wall clock (aligned timestamps, 2 s apart): hardhat is put back
            // afterwards, so the later tests on the shared node see its clock and state as before.
            string hardhatSnapshot = (await sides[1].Rpc.CallAsync("evm_snapshot")).GetString()!;
            var keys = Enumerable.Range(0, 5).Select(_ => EthereumPrivateKey.Generate()).ToList();
            foreach (var side in sides)
            {
                foreach (var key in keys)
                {
                    ulong nonce = await side.Rpc.GetNonceAsync(side.Funder.Address.ToString());
                    var signed = new EthereumTransaction { Type = TransactionType.Legacy, ChainId = HardhatNode.ChainId, Nonce = nonce, GasPrice = 100_000_000_000, GasLimit = 21_000, To = key.Address, Value = 50 * Ether }.Sign(side.Funder);
                    var receipt = await side.Rpc.SendAndWaitAsync(signed.ToRawHex(), signed.HashHex);
                    Assert.Equal("0x1", receipt.GetProperty("status").GetString());
                }
            }

            // The same block numbers on both from here on (the shared hardhat node has run other tests): the
            // registry's changed() and previousChange, ERC-6372 clocks and DID versions are block numbers.
            ulong devnetHead = TestJsonRpc.ParseQuantity(await sides[0].Rpc.CallAsync("eth_blockNumber"));
            ulong hardhatHead = TestJsonRpc.ParseQuantity(await sides[1].Rpc.CallAsync("eth_blockNumber"));
            for (; devnetHead < hardhatHead; devnetHead++)
            {
                await test._devnet.MineAsync();
            }

            if (hardhatHead < devnetHead)
            {
                await sides[1].Rpc.CallAsync("hardhat_mine", Quantity.Format(devnetHead - hardhatHead));
            }

            ulong time = 0;
            var firstBlocks = new ulong[sides.Length];
            for (int i = 0; i < sides.Length; i++)
            {
                var latest = await sides[i].Rpc.CallAsync("eth_getBlockByNumber", "latest", false);
                time = Math.Max(time, TestJsonRpc.ParseQuantity(latest.GetProperty("timestamp")));
                firstBlocks[i] = TestJsonRpc.ParseQuantity(latest.GetProperty("number")) + 1;
            }

            Assert.Equal(firstBlocks[0], firstBlocks[1]);

            var play = new Play(test, sides, keys, firstBlocks, time + 1) { _hardhatSnapshot = hardhatSnapshot };
            using var registryArtifact = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(ContractsDirectory(), "artifacts", "EthereumDIDRegistry.json")));
            var registryCode = Hex.Decode(registryArtifact.RootElement.GetProperty("bytecode").GetString()).ThrowIfFailed();
            play.Registry = (await play.SendAsync(keys[0], null, registryCode, 3_000_000, expectSuccess: true)).ContractAddress!.Value;
            play.Coin = (await play.SendAsync(keys[0], null, SocialTokenContracts.CreatorCoinInitCode("Ada Coin", "ADA", keys[0].Address, 1_000_000 * Ether), 5_000_000, expectSuccess: true)).ContractAddress!.Value;
            return play;
        }

        public async Task RegistryAsync(EthereumPrivateKey from, string function, params object[] arguments)
            => await SendAsync(from, Registry, AbiCodec.EncodeCall(function, arguments), 300_000, expectSuccess: true);

        public async Task RegistryRevertsAsync(EthereumPrivateKey from, string function, params object[] arguments)
            => await SendAsync(from, Registry, AbiCodec.EncodeCall(function, arguments), 300_000, expectSuccess: false);

        /// <summary>The owner signs an ERC-1056 setAttributeSigned (nonce read from the devnet: equal on both); another account relays it.</summary>
        public async Task SignedAsync(EthereumPrivateKey owner, EthereumAddress identity, EthereumPrivateKey relayer)
        {
            var client = new EthereumClient(new HttpEthereumRpc(_test._http, new HttpEthereumRpcOptions { Endpoint = _sides[0].Url }), new EthereumClientOptions { ChainId = HardhatNode.ChainId });
            var write = (await new EthrDidController(client, Registry, identity).SignSetAttributeAsync(owner, "did/svc/Relayed", "https://relayed.example/"u8.ToArray(), TimeSpan.FromHours(1))).ThrowIfFailed();
            await SendAsync(relayer, Registry, write.CallData.ToArray(), 300_000, expectSuccess: true);
        }

        public async Task CoinAsync(EthereumPrivateKey from, string function, EthereumAddress to, BigInteger amount, ulong gasLimit = 300_000, bool? expectSuccess = true, bool legacy = false)
            => await SendAsync(from, Coin, AbiCodec.EncodeCall(function, to, amount), gasLimit, expectSuccess, legacy);

        public async Task CoinAsync(EthereumPrivateKey from, string function, EthereumAddress to, bool legacy = false)
            => await SendAsync(from, Coin, AbiCodec.EncodeCall(function, to), 300_000, expectSuccess: true, legacy);

        public async Task DeployCoinAsync(EthereumPrivateKey from)
            => await SendAsync(from, null, SocialTokenContracts.CreatorCoinInitCode("Fan Coin", "FAN", from.Address, 5 * Ether), 5_000_000, expectSuccess: true);

        /// <summary>eth_getLogs with an address list, a topic OR-set, and a block hash, then every identity's document.</summary>
        public async Task CompareEndAsync()
        {
            var answers = new List<JsonArray>();
            for (int i = 0; i < _sides.Length; i++)
            {
                var filter = new JsonObject
                {
                    ["fromBlock"] = Quantity.Format(_firstBlocks[i]),
                    ["toBlock"] = "latest",
                    ["address"] = new JsonArray(Registry.ToString(), Coin.ToString()),
                };
                answers.Add(Normalize(await _sides[i].Rpc.CallAsync("eth_getLogs", filter.DeepClone())));
                filter["topics"] = new JsonArray(new JsonArray(Hex.Encode(TransferTopic), Hex.Encode(OwnerChangedTopic)));
                answers.Add(Normalize(await _sides[i].Rpc.CallAsync("eth_getLogs", filter.DeepClone())));
                var busiest = _mined[^1].Blocks[i];
                var block = await _sides[i].Rpc.CallAsync("eth_getBlockByNumber", Quantity.Format(busiest), false);
                answers.Add(Normalize(await _sides[i].Rpc.CallAsync("eth_getLogs", new JsonObject { ["blockHash"] = block.GetProperty("hash").GetString() })));
            }

            for (int j = 0; j < 3; j++)
            {
                Assert.Equal(answers[j].ToJsonString(), answers[3 + j].ToJsonString());
            }

            Assert.NotEmpty(answers[0]);

            foreach (var key in Keys.Skip(1))
            {
                string did = $"did:ethr:{Quantity.Format(HardhatNode.ChainId)}:{key.Address}";
                var ours = await _test._reference.ResolveAsync(did, _sides[0].Url, Registry.ToString(), HardhatNode.ChainId);
                var theirs = await _test._reference.ResolveAsync(did, _sides[1].Url, Registry.ToString(), HardhatNode.ChainId);
                Assert.Equal(theirs.GetProperty("didDocument").GetRawText(), ours.GetProperty("didDocument").GetRawText());
                Assert.Equal(Metadata(theirs), Metadata(ours));
            }
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var key in Keys)
            {
                key.Dispose();
            }

            _sides[0].Funder.Dispose();
            Assert.True((await _sides[1].Rpc.CallAsync("evm_revert", _hardhatSnapshot)).GetBoolean());
        }

        private static string Metadata(JsonElement result) => result.GetProperty("didDocumentMetadata").GetRawText();

        private static string ContractsDirectory() => typeof(HardhatNode).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "ContractsDirectory").Value!;

        // The logs without block hashes (the headers differ: state roots, see docs/devnet.md).
        private static JsonArray Normalize(JsonElement logs)
            => new([.. logs.EnumerateArray().Select(l => (JsonNode)new JsonObject
            {
                ["blockNumber"] = l.GetProperty("blockNumber").GetString(),
                ["transactionHash"] = l.GetProperty("transactionHash").GetString(),
                ["logIndex"] = l.GetProperty("logIndex").GetString(),
                ["address"] = l.GetProperty("address").GetString()!.ToLowerInvariant(),
                ["topics"] = JsonNode.Parse(l.GetProperty("topics").GetRawText()),
                ["data"] = l.GetProperty("data").GetString(),
            })]);

        // Signs once, sends the same bytes to both chains at the same timestamp, and compares.
        private async Task<(EthereumAddress? ContractAddress, bool Success)> SendAsync(EthereumPrivateKey from, EthereumAddress? to, byte[] data, ulong gasLimit, bool? expectSuccess, bool legacy = false)
        {
            var transaction = new EthereumTransaction
            {
                Type = legacy ? TransactionType.Legacy : TransactionType.Eip1559,
                ChainId = HardhatNode.ChainId,
                Nonce = _nonces[from.Address]++,
                GasPrice = legacy ? 100_000_000_000 : BigInteger.Zero,
                MaxFeePerGas = legacy ? BigInteger.Zero : 100_000_000_000,
                MaxPriorityFeePerGas = legacy ? BigInteger.Zero : 1_000_000_000,
                GasLimit = gasLimit,
                To = to,
                Data = data,
            };
            var signed = transaction.Sign(from);
            _time += 2;
            var receipts = new JsonElement[_sides.Length];
            var blocks = new ulong[_sides.Length];
            for (int i = 0; i < _sides.Length; i++)
            {
                await _sides[i].Rpc.CallAsync("evm_setNextBlockTimestamp", (JsonNode)_time);
                receipts[i] = await SendRawAsync(_sides[i].Rpc, signed.ToRawHex(), signed.HashHex);
                blocks[i] = TestJsonRpc.ParseQuantity(receipts[i].GetProperty("blockNumber"));
            }

            _mined.Add((signed.HashHex, blocks));
            string what = $"transaction {_mined.Count} ({signed.HashHex})";
            var (dev, hardhat) = (receipts[0], receipts[1]);
            foreach (var member in new[] { "status", "gasUsed", "cumulativeGasUsed", "type", "contractAddress", "transactionIndex", "to", "from", "blockNumber" })
            {
                Assert.True(Text(hardhat, member) == Text(dev, member), $"{what}: {member} devnet {Text(dev, member)}, hardhat {Text(hardhat, member)}");
            }

            var (devLogs, hardhatLogs) = (Normalize(dev.GetProperty("logs")), Normalize(hardhat.GetProperty("logs")));
            Assert.True(hardhatLogs.ToJsonString() == devLogs.ToJsonString(), $"{what}: logs differ\ndevnet  {devLogs.ToJsonString()}\nhardhat {hardhatLogs.ToJsonString()}");
            Logs += devLogs.Count;
            bool success = Text(dev, "status") == "0x1";
            if (expectSuccess is { } expected)
            {
                Assert.True(expected == success, $"{what}: status {Text(dev, "status")}, expected {(expected ? "success" : "a revert")}");
            }

            await CompareViewsAsync(blocks);
            return (dev.TryGetProperty("contractAddress", out var address) && address.ValueKind == JsonValueKind.String ? EthereumAddress.Parse(address.GetString()).ThrowIfFailed() : null, success);
        }

        // Hardhat answers eth_sendRawTransaction of a transaction that reverted or ran out of gas with an error
        // naming the transaction's hash, yet mines it:
        // the receipt is what counts on both chains.
        private static async Task<JsonElement> SendRawAsync(TestJsonRpc rpc, string raw, string hash)
        {
            try
            {
                return await rpc.SendAndWaitAsync(raw, hash);
            }
            catch (InvalidOperationException ex) when (ex.Message.Contains($"\"txHash\":\"{hash}\"", StringComparison.OrdinalIgnoreCase))
            {
                var receipt = await rpc.CallAsync("eth_getTransactionReceipt", hash);
                Assert.Equal(JsonValueKind.Object, receipt.ValueKind);
                return receipt;
            }
        }

        // The registry's and the coin's views for every key at the block just mined, on both chains.
        private async Task CompareViewsAsync(ulong[] blocks)
        {
            if (Registry == default || Coin == default)
            {
                return;
            }

            var calls = new List<(EthereumAddress To, byte[] Data)>();
            foreach (var key in Keys)
            {
                calls.Add((Registry, AbiCodec.EncodeCall("identityOwner(address)", key.Address)));
                calls.Add((Registry, AbiCodec.EncodeCall("changed(address)", key.Address)));
                calls.Add((Registry, AbiCodec.EncodeCall("nonce(address)", key.Address)));
                calls.Add((Coin, AbiCodec.EncodeCall("balanceOf(address)", key.Address)));
                calls.Add((Coin, AbiCodec.EncodeCall("getVotes(address)", key.Address)));
                calls.Add((Coin, AbiCodec.EncodeCall("delegates(address)", key.Address)));
            }

            calls.Add((Coin, AbiCodec.EncodeCall("totalSupply()")));
            calls.Add((Coin, AbiCodec.EncodeCall("clock()")));
            foreach (var (to, data) in calls)
            {
                var answers = new string?[_sides.Length];
                for (int i = 0; i < _sides.Length; i++)
                {
                    var call = new JsonObject { ["to"] = to.ToString(), ["data"] = Hex.Encode(data) };
                    answers[i] = (await _sides[i].Rpc.CallAsync("eth_call", call, Quantity.Format(blocks[i]))).GetString();
                }

                Assert.True(answers[1] == answers[0], $"eth_call {Hex.Encode(data.AsSpan(0, 4))} at transaction {_mined.Count}: devnet {answers[0]}, hardhat {answers[1]}");
                Calls++;
            }
        }

        private static string? Text(JsonElement receipt, string member)
            => receipt.TryGetProperty(member, out var value) ? (value.ValueKind == JsonValueKind.String ? value.GetString()!.ToLowerInvariant() : value.ValueKind == JsonValueKind.Null ? null : value.GetRawText()) : null;
    }
}
