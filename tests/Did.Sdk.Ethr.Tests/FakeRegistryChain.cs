using System.Numerics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Did.Sdk.Ethereum;
using Did.Sdk.Ethereum.Abi;
using Did.Sdk.Ethereum.Rpc;

namespace Did.Sdk.Ethr.Tests;

/// <summary>
/// An in-process <see cref="IEthereumRpc"/> that plays an ERC-1056 registry: scripted transactions emit
/// the events the real contract emits (with its previousChange and validTo rules), and the node
/// methods the resolver uses answer from that history. Fault hooks rewrite or replace answers.
/// </summary>
internal sealed class FakeRegistryChain : IEthereumRpc
{
    public static readonly EthereumAddress Registry = EthereumAddress.Parse("0x5fbdb2315678afecb367f032d93f642f64180aa3").ThrowIfFailed();
    public const ulong GenesisTime = 1_700_000_000;

    private readonly List<Block> _blocks = [];
    private readonly List<FakeLog> _logs = [];
    private readonly Dictionary<EthereumAddress, ulong> _changed = [];
    private readonly Dictionary<EthereumAddress, EthereumAddress> _owners = [];

    public FakeRegistryChain(ulong chainId = 10)
    {
        ChainId = chainId;
        _blocks.Add(new Block(0, GenesisTime, 0));
        Mine();
    }

    public ulong ChainId { get; set; }

    public ulong Head => _blocks[^1].Number;

    public ulong? Safe { get; set; }

    public ulong? Finalized { get; set; }

    public bool RegistryDeployed { get; set; } = true;

    /// <summary>Rewrites or replaces the answer to a call (return null to keep the normal answer).</summary>
    public Func<string, JsonArray, Result<JsonElement>?>? Intercept { get; set; }

    /// <summary>Extra logs the node adds to every eth_getLogs answer (another contract, another identity, …).</summary>
    public List<FakeLog> InjectedLogs { get; } = [];

    public List<string> Calls { get; } = [];

    /// <summary>The widest eth_getLogs range the node accepts (a provider cap), or null for none.</summary>
    public ulong? MaxLogRange { get; set; }

    public ulong TimeOf(ulong block) => _blocks[(int)block].Timestamp;

    /// <summary>Starts a new block <paramref name="seconds"/> after the previous one.</summary>
    public ulong Mine(ulong seconds = 15)
    {
        var last = _blocks[^1];
        _blocks.Add(new Block(last.Number + 1, last.Timestamp + seconds, 0));
        return Head;
    }

    /// <summary>Changes the hash of a block (a reorg replaced it) without changing its content.</summary>
    public void Reorg(ulong block) => _blocks[(int)block] = _blocks[(int)block] with { Salt = _blocks[(int)block].Salt + 1 };

    /// <summary>Removes every log of a block (a reorg dropped its transactions) and re-mines it under a new hash.</summary>
    public void DropLogsAndReorg(ulong block)
    {
        _logs.RemoveAll(l => l.BlockNumber == block);
        RebuildState();
        Reorg(block);
    }

    public void ChangeOwner(EthereumAddress identity, EthereumAddress owner)
    {
        _owners[identity] = owner;
        Emit(identity, EthrRegistryHistory.OwnerChanged, owner);
    }

    public void AddDelegate(EthereumAddress identity, string type, EthereumAddress delegateAddress, ulong validity)
        => Emit(identity, EthrRegistryHistory.DelegateChanged, Bytes32(type), delegateAddress, new BigInteger(_blocks[^1].Timestamp + validity));

    public void RevokeDelegate(EthereumAddress identity, string type, EthereumAddress delegateAddress)
        => Emit(identity, EthrRegistryHistory.DelegateChanged, Bytes32(type), delegateAddress, new BigInteger(_blocks[^1].Timestamp));

    public void SetAttribute(EthereumAddress identity, string name, byte[] value, ulong validity)
        => Emit(identity, EthrRegistryHistory.AttributeChanged, Bytes32(name), value, new BigInteger(_blocks[^1].Timestamp + validity));

    public void SetAttribute(EthereumAddress identity, byte[] rawName, byte[] value, ulong validity)
        => Emit(identity, EthrRegistryHistory.AttributeChanged, rawName, value, new BigInteger(_blocks[^1].Timestamp + validity));

    public void RevokeAttribute(EthereumAddress identity, string name, byte[] value)
        => Emit(identity, EthrRegistryHistory.AttributeChanged, Bytes32(name), value, BigInteger.Zero);

    /// <summary>Adds a raw log as the registry would (no state change): for forged previousChange values.</summary>
    public void EmitRaw(EthereumAddress identity, ulong block, AbiEvent ev, params object[] values)
    {
        _logs.Add(MakeLog(Registry, identity, block, ev, values));
        _changed[identity] = Math.Max(block, _changed.GetValueOrDefault(identity));
    }

    public static byte[] Bytes32(string text)
    {
        var bytes = new byte[32];
        Encoding.UTF8.GetBytes(text).CopyTo(bytes, 0);
        return bytes;
    }

    public static FakeLog MakeLog(EthereumAddress contract, EthereumAddress identity, ulong block, AbiEvent ev, object[] values)
    {
        var topic = new byte[32];
        identity.CopyTo(topic.AsSpan(12));
        var types = ev.Parameters.Where(p => !p.Indexed).Select(p => p.Type).ToArray();
        return new FakeLog(contract, [ev.Topic0.ToArray(), topic], AbiCodec.Encode(types, values), block);
    }

    private void Emit(EthereumAddress identity, AbiEvent ev, params object[] values)
    {
        var block = Head;
        var previous = _changed.GetValueOrDefault(identity);
        _logs.Add(MakeLog(Registry, identity, block, ev, [.. values, new BigInteger(previous)]));
        _changed[identity] = block;
    }

    private void RebuildState()
    {
        _changed.Clear();
        foreach (var log in _logs)
        {
            var identity = EthereumAddress.FromBytes(log.Topics[1].AsSpan(12));
            _changed[identity] = log.BlockNumber;
        }
    }

    public int RoundTrips { get; set; }

    public ValueTask<Result<JsonElement>> SendAsync(string method, JsonArray parameters, CancellationToken cancellationToken = default)
    {
        RoundTrips++;
        return Handle(method, parameters, cancellationToken);
    }

    private ValueTask<Result<JsonElement>> Handle(string method, JsonArray parameters, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Calls.Add(method);
        if (Intercept?.Invoke(method, parameters) is { } intercepted)
        {
            return ValueTask.FromResult(intercepted);
        }

        return ValueTask.FromResult(Answer(method, parameters));
    }

    public async ValueTask<IReadOnlyList<Result<JsonElement>>> SendBatchAsync(IReadOnlyList<RpcRequest> requests, CancellationToken cancellationToken = default)
    {
        RoundTrips++;
        var results = new List<Result<JsonElement>>();
        foreach (var r in requests)
        {
            results.Add(await Handle(r.Method, r.Parameters, cancellationToken));
        }

        return results;
    }

    private Result<JsonElement> Answer(string method, JsonArray p)
    {
        switch (method)
        {
            case "eth_chainId":
                return Json($"\"{Quantity.Format(ChainId)}\"");
            case "eth_blockNumber":
                return Json($"\"{Quantity.Format(Head)}\"");
            case "eth_getBlockByNumber":
            {
                var tag = p[0]!.GetValue<string>();
                ulong? number = tag switch
                {
                    "latest" => Head,
                    "safe" => Safe,
                    "finalized" => Finalized,
                    _ => Quantity.TryParseUInt64(tag, out var n) && n <= Head ? n : null,
                };
                return number is { } b ? Json(BlockJson(_blocks[(int)b])) : Json("null");
            }

            case "eth_getCode":
                return Json(RegistryDeployed && EthereumAddress.Parse(p[0]!.GetValue<string>()).ThrowIfFailed() == Registry ? "\"0x6080604052\"" : "\"0x\"");
            case "eth_call":
            {
                var data = Hex.Decode(p[0]!["data"]!.GetValue<string>()).ThrowIfFailed();
                var at = BlockNumber(p[1]!.GetValue<string>());
                var identity = EthereumAddress.FromBytes(data.AsSpan(4 + 12, 20));
                var selector = Hex.Encode(data.AsSpan(0, 4));
                if (selector == Hex.Encode(AbiCodec.Selector("changed(address)")))
                {
                    var changed = _logs.Where(l => l.BlockNumber <= at && l.Contract == Registry && IdentityOf(l) == identity).Select(l => l.BlockNumber).DefaultIfEmpty(0UL).Max();
                    return Json("\"" + Hex.Encode(AbiCodec.Encode([AbiType.Uint256], [new BigInteger(changed)])) + "\"");
                }

                var owner = identity;
                foreach (var log in _logs.Where(l => l.BlockNumber <= at && l.Contract == Registry && IdentityOf(l) == identity && l.Topics[0].AsSpan().SequenceEqual(EthrRegistryHistory.OwnerChanged.Topic0.Span)))
                {
                    var decoded = AbiCodec.Decode([AbiType.Address, AbiType.Uint256], log.Data).ThrowIfFailed();
                    var o = (EthereumAddress)decoded[0];
                    owner = o == EthereumAddress.Zero ? identity : o;
                }

                return Json("\"" + Hex.Encode(AbiCodec.Encode([AbiType.Address], [owner])) + "\"");
            }

            case "eth_getLogs":
            {
                var filter = p[0]!;
                var from = BlockNumber(filter["fromBlock"]!.GetValue<string>());
                var to = BlockNumber(filter["toBlock"]!.GetValue<string>());
                if (MaxLogRange is { } cap && to - from + 1 > cap)
                {
                    return RpcErrors.Create(-32005, $"query exceeds max block range {cap}");
                }

                var address = filter["address"] is { } a ? EthereumAddress.Parse(a.GetValue<string>()).ThrowIfFailed() : (EthereumAddress?)null;
                var topic1 = filter["topics"]?[1]?.GetValue<string>();
                var matches = _logs.Select((l, i) => (Log: l, Index: i))
                    .Where(x => x.Log.BlockNumber >= from && x.Log.BlockNumber <= to && (address is null || x.Log.Contract == address) && (topic1 is null || Hex.Encode(x.Log.Topics[1]) == topic1))
                    .Select(x => LogJson(x.Log, x.Index))
                    .Concat(InjectedLogs.Select((l, i) => LogJson(l, 1000 + i)));
                return Json("[" + string.Join(",", matches) + "]");
            }

            default:
                return RpcErrors.Create(-32601, "method not found");
        }
    }

    private ulong BlockNumber(string tag) => tag switch
    {
        "latest" => Head,
        "safe" => Safe ?? throw new InvalidOperationException("no safe block"),
        "finalized" => Finalized ?? throw new InvalidOperationException("no finalized block"),
        _ => Quantity.TryParseUInt64(tag, out var n) ? n : throw new InvalidOperationException(tag),
    };

    private static EthereumAddress IdentityOf(FakeLog log) => EthereumAddress.FromBytes(log.Topics[1].AsSpan(12));

    public string HashOf(ulong number) => HashOf(_blocks[(int)number]);

    private static string HashOf(Block b) => Hex.Encode(Keccak256.Hash(Encoding.ASCII.GetBytes($"{b.Number}/{b.Salt}")));

    private string BlockJson(Block b)
        => $"{{\"number\":\"{Quantity.Format(b.Number)}\",\"hash\":\"{HashOf(b)}\",\"parentHash\":\"{(b.Number == 0 ? "0x" + new string('0', 64) : HashOf(_blocks[(int)b.Number - 1]))}\",\"timestamp\":\"{Quantity.Format(b.Timestamp)}\"}}";

    private string LogJson(FakeLog l, int index)
        => $"{{\"address\":\"{l.Contract.ToLowerCaseString()}\",\"topics\":[{string.Join(",", l.Topics.Select(t => "\"" + Hex.Encode(t) + "\""))}],\"data\":\"{Hex.Encode(l.Data)}\",\"blockNumber\":\"{Quantity.Format(l.BlockNumber)}\",\"blockHash\":\"{(l.BlockNumber <= Head ? HashOf(_blocks[(int)l.BlockNumber]) : HashOf(new Block(l.BlockNumber, 0, 0)))}\",\"transactionHash\":\"{Hex.Encode(Keccak256.Hash(BitConverter.GetBytes(index)))}\",\"logIndex\":\"{Quantity.Format((ulong)index)}\",\"removed\":false}}";

    private static Result<JsonElement> Json(string json) => JsonDocument.Parse(json).RootElement.Clone();

    private sealed record Block(ulong Number, ulong Timestamp, int Salt);
}

internal sealed record FakeLog(EthereumAddress Contract, byte[][] Topics, byte[] Data, ulong BlockNumber);
