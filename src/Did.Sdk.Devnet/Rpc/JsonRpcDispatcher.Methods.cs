// The eth_*, evm_* and devnet_* methods (execution-apis; hardhat/anvil names for the dev methods).
using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Did.Sdk.Devnet.Chain;
using Did.Sdk.Ethereum;
using Did.Sdk.Ethereum.Rpc;

namespace Did.Sdk.Devnet.Rpc;

internal sealed partial class JsonRpcDispatcher
{
    private const int MaxFeeHistoryBlocks = 1024;
    private const int MaxTopicAlternatives = 1000;

    private bool Prague => _chain.Settings.Hardfork == DevnetHardfork.Prague;

    private RpcAnswer GetBlockByNumber(JsonArray p)
    {
        var node = RpcParams.At(p, 0);
        if (node is null)
        {
            return Fail(RpcParams.Missing(0));
        }

        var full = RpcParams.AsBool(RpcParams.At(p, 1), false);
        Block? block;
        if (RpcParams.AsString(node) is { } tag && _chain.ByTag(tag) is { } tagged)
        {
            block = tagged;
        }
        else if (RpcParams.AsQuantity(node) is { } number)
        {
            block = number <= ulong.MaxValue ? _chain.GetBlock((ulong)number) : null;
        }
        else
        {
            return Fail(RpcParams.Invalid(0, "expected a block tag or a hex block number"));
        }

        return Ok(block is null ? null : RpcFormatter.Block(block, full, Prague));
    }

    private RpcAnswer GetBlockByHash(JsonArray p)
    {
        var hash = RpcParams.Hash(p, 0);
        if (!hash.Ok)
        {
            return Fail(hash.Fault);
        }

        var block = _chain.GetBlockByHash(hash.Value!);
        return Ok(block is null ? null : RpcFormatter.Block(block, RpcParams.AsBool(RpcParams.At(p, 1), false), Prague));
    }

    private RpcAnswer WithBlock(JsonArray p, int index, Func<Block, string> answer)
    {
        var block = RpcParams.Block(_chain, p, index);
        return block.Ok ? Ok(answer(block.Value!)) : Fail(block.Fault);
    }

    private RpcAnswer WithAccount(JsonArray p, Func<AccountState, string> answer)
    {
        var address = RpcParams.Address(p, 0);
        if (!address.Ok)
        {
            return Fail(address.Fault);
        }

        var block = RpcParams.Block(_chain, p, 1);
        return block.Ok ? Ok(answer(block.Value!.State.Get(StateKeys.Address(address.Value)))) : Fail(block.Fault);
    }

    private RpcAnswer GetStorageAt(JsonArray p)
    {
        var address = RpcParams.Address(p, 0);
        if (!address.Ok)
        {
            return Fail(address.Fault);
        }

        if (!Quantity.TryParse(RpcParams.AsString(RpcParams.At(p, 1)), out var slot))
        {
            return Fail(RpcParams.Invalid(1, "expected a storage slot: 0x and at most 64 hex digits"));
        }

        var block = RpcParams.Block(_chain, p, 2);
        if (!block.Ok)
        {
            return Fail(block.Fault);
        }

        var value = block.Value!.State.Get(StateKeys.Address(address.Value)).Storage.TryGetValue(slot, out var word) ? word : new byte[32];
        return Ok(Hex.Encode(value));
    }

    private RpcAnswer GetTransactionCount(JsonArray p)
    {
        var address = RpcParams.Address(p, 0);
        if (!address.Ok)
        {
            return Fail(address.Fault);
        }

        if (RpcParams.AsString(RpcParams.At(p, 1)) == "pending")
        {
            return Ok(Quantity.Format(_chain.PendingNonce(address.Value)));
        }

        var block = RpcParams.Block(_chain, p, 1);
        return block.Ok ? Ok(Quantity.Format(block.Value!.State.Get(StateKeys.Address(address.Value)).Nonce)) : Fail(block.Fault);
    }

    private RpcAnswer Call(JsonArray p)
    {
        var call = RpcParams.Call(p, 0);
        if (!call.Ok)
        {
            return Fail(call.Fault);
        }

        var block = RpcParams.Block(_chain, p, 1);
        if (!block.Ok)
        {
            return Fail(block.Fault);
        }

        var result = _chain.Call(call.Value!, block.Value!);
        return result.Ok ? Ok(Hex.Encode(result.Value)) : Fail(result.Fault);
    }

    private RpcAnswer EstimateGas(JsonArray p)
    {
        var call = RpcParams.Call(p, 0);
        if (!call.Ok)
        {
            return Fail(call.Fault);
        }

        var block = RpcParams.Block(_chain, p, 1);
        if (!block.Ok)
        {
            return Fail(block.Fault);
        }

        var result = _chain.EstimateGas(call.Value!, block.Value!);
        return result.Ok ? Ok(Quantity.Format(result.Value)) : Fail(result.Fault);
    }

    private RpcAnswer SendRawTransaction(JsonArray p)
    {
        var raw = RpcParams.Data(p, 0);
        if (!raw.Ok)
        {
            return Fail(raw.Fault);
        }

        var hash = _chain.SubmitRawTransaction(raw.Value);
        return hash.Ok ? Ok(hash.Value!) : Fail(hash.Fault);
    }

    private RpcAnswer GetTransactionByHash(JsonArray p)
    {
        var hash = RpcParams.Hash(p, 0);
        if (!hash.Ok)
        {
            return Fail(hash.Fault);
        }

        return _chain.FindTransaction(hash.Value!) is { } found
            ? Ok(RpcFormatter.Transaction(found.Transaction, found.Block, found.Index))
            : Ok((JsonNode?)null);
    }

    private RpcAnswer GetTransactionReceipt(JsonArray p)
    {
        var hash = RpcParams.Hash(p, 0);
        if (!hash.Ok)
        {
            return Fail(hash.Fault);
        }

        return _chain.FindTransaction(hash.Value!) is { Block: { } block } found
            ? Ok(RpcFormatter.Receipt(block, found.Index))
            : Ok((JsonNode?)null);
    }

    // ---- eth_getLogs ----

    private RpcAnswer GetLogs(JsonArray p)
    {
        if (RpcParams.At(p, 0) is not JsonObject filter)
        {
            return Fail(RpcParams.At(p, 0) is null ? RpcParams.Missing(0) : RpcParams.Invalid(0, "expected a filter object"));
        }

        IReadOnlyList<Block> blocks;
        if (filter["blockHash"] is { } hashNode)
        {
            if (filter["fromBlock"] is not null || filter["toBlock"] is not null)
            {
                return Fail(RpcParams.Invalid(0, "cannot specify both BlockHash and FromBlock/ToBlock, choose one or the other"));
            }

            var hash = RpcParams.AsString(hashNode);
            if (hash is not { Length: 66 } || !Hex.TryDecode(hash, out _))
            {
                return Fail(RpcParams.Invalid(0, "invalid blockHash"));
            }

            if (_chain.GetBlockByHash(hash) is not { } block)
            {
                return Fail(RpcFault.Server("unknown block"));
            }

            blocks = [block];
        }
        else
        {
            var latest = _chain.Latest.Number;
            var from = RangeEnd(filter["fromBlock"], latest);
            var to = RangeEnd(filter["toBlock"], latest);
            if (from is null || to is null)
            {
                return Fail(RpcParams.Invalid(0, "fromBlock and toBlock are block tags or hex block numbers"));
            }

            if (from > to && to <= latest)
            {
                return Fail(RpcFault.Server("invalid block range params"));
            }

            blocks = from > latest ? [] : _chain.GetBlocks(from.Value, Math.Min(to.Value, latest));
        }

        var addresses = new List<EthereumAddress>();
        switch (filter["address"])
        {
            case null:
                break;
            case JsonArray list:
                foreach (var item in list)
                {
                    if (RpcParams.ParseAddress(RpcParams.AsString(item)) is not { } a)
                    {
                        return Fail(RpcParams.Invalid(0, "invalid address in filter"));
                    }

                    addresses.Add(a);
                }

                break;
            case var single:
                if (RpcParams.ParseAddress(RpcParams.AsString(single)) is not { } address)
                {
                    return Fail(RpcParams.Invalid(0, "invalid address in filter"));
                }

                addresses.Add(address);
                break;
        }

        var topics = new List<List<byte[]>?>();
        if (filter["topics"] is { } topicsNode)
        {
            if (topicsNode is not JsonArray positions)
            {
                return Fail(RpcParams.Invalid(0, "topics is an array"));
            }

            if (positions.Count > 4)
            {
                return Fail(RpcParams.Invalid(0, "exceed max topics"));
            }

            foreach (var position in positions)
            {
                switch (position)
                {
                    case null:
                        topics.Add(null);
                        break;
                    case JsonArray alternatives:
                        if (alternatives.Count > MaxTopicAlternatives)
                        {
                            return Fail(RpcParams.Invalid(0, "too many topic alternatives"));
                        }

                        var any = new List<byte[]>();
                        foreach (var alternative in alternatives)
                        {
                            if (alternative is null)
                            {
                                any = null;
                                break;
                            }

                            if (Topic(alternative) is not { } t)
                            {
                                return Fail(RpcParams.Invalid(0, "a topic is 32 bytes of hex"));
                            }

                            any.Add(t);
                        }

                        topics.Add(any is { Count: > 0 } ? any : null);
                        break;
                    default:
                        if (Topic(position) is not { } topic)
                        {
                            return Fail(RpcParams.Invalid(0, "a topic is 32 bytes of hex"));
                        }

                        topics.Add([topic]);
                        break;
                }
            }
        }

        var results = new JsonArray();
        var max = _chain.Settings.MaxLogsPerQuery;
        foreach (var block in blocks)
        {
            if (!BloomMatches(block.LogsBloom, addresses, topics))
            {
                continue;
            }

            for (var t = 0; t < block.Receipts.Count; t++)
            {
                var receipt = block.Receipts[t];
                for (var l = 0; l < receipt.Logs.Count; l++)
                {
                    var log = receipt.Logs[l];
                    if (!Matches(log, addresses, topics))
                    {
                        continue;
                    }

                    if (results.Count == max)
                    {
                        return Fail(new RpcFault(RpcFault.LimitExceeded, $"query returned more than {max} results"));
                    }

                    results.Add(RpcFormatter.Log(block, t, receipt.FirstLogIndex + l, log));
                }
            }
        }

        return Ok(results);
    }

    private ulong? RangeEnd(JsonNode? node, ulong latest)
    {
        if (node is null)
        {
            return latest;
        }

        if (RpcParams.AsString(node) is { } tag && _chain.ByTag(tag) is { } block)
        {
            return block.Number;
        }

        return RpcParams.AsQuantity(node) is { } number ? (ulong)BigInteger.Min(number, ulong.MaxValue) : null;
    }

    private static byte[]? Topic(JsonNode node)
        => RpcParams.AsString(node) is { Length: 66 } text && Hex.TryDecode(text, out var bytes) ? bytes : null;

    private static bool BloomMatches(byte[] bloom, List<EthereumAddress> addresses, List<List<byte[]>?> topics)
    {
        if (addresses.Count > 0 && !addresses.Exists(a => BlockEncoding.BloomMayContain(bloom, a.ToArray())))
        {
            return false;
        }

        foreach (var position in topics)
        {
            if (position is not null && !position.Exists(t => BlockEncoding.BloomMayContain(bloom, t)))
            {
                return false;
            }
        }

        return true;
    }

    // geth's filter: more topic positions than the log has never match, even trailing wildcards.
    private static bool Matches(LogRecord log, List<EthereumAddress> addresses, List<List<byte[]>?> topics)
    {
        if (addresses.Count > 0 && !addresses.Contains(log.Address))
        {
            return false;
        }

        if (topics.Count > log.Topics.Count)
        {
            return false;
        }

        for (var i = 0; i < topics.Count; i++)
        {
            if (topics[i] is { } wanted && !wanted.Exists(t => t.AsSpan().SequenceEqual(log.Topics[i])))
            {
                return false;
            }
        }

        return true;
    }

    // ---- fees ----

    private RpcAnswer FeeHistory(JsonArray p)
    {
        var count = RpcParams.AsQuantity(RpcParams.At(p, 0));
        if (count is null)
        {
            return Fail(RpcParams.Invalid(0, "expected a block count"));
        }

        var newest = RpcParams.Block(_chain, p, 1);
        if (!newest.Ok)
        {
            return Fail(newest.Fault);
        }

        var percentiles = new List<double>();
        if (RpcParams.At(p, 2) is JsonArray list)
        {
            foreach (var item in list)
            {
                if (item is not JsonValue value || value.GetValueKind() != JsonValueKind.Number
                    || !double.TryParse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var percentile)
                    || percentile is < 0 or > 100 || (percentiles.Count > 0 && percentile < percentiles[^1]))
                {
                    return Fail(RpcParams.Invalid(2, "reward percentiles are numbers from 0 to 100 in ascending order"));
                }

                percentiles.Add(percentile);
            }
        }
        else if (RpcParams.At(p, 2) is not null)
        {
            return Fail(RpcParams.Invalid(2, "expected an array of reward percentiles"));
        }

        var last = newest.Value!.Number;
        var blocks = (ulong)BigInteger.Min(count.Value, Math.Min(MaxFeeHistoryBlocks, last + 1));
        var oldest = last + 1 - blocks;
        var range = blocks == 0 ? [] : _chain.GetBlocks(oldest, last);
        var baseFees = new JsonArray();
        var ratios = new JsonArray();
        var blobFees = new JsonArray();
        var blobRatios = new JsonArray();
        var rewards = new JsonArray();
        foreach (var block in range)
        {
            baseFees.Add(Quantity.Format(block.BaseFee));
            ratios.Add((double)block.GasUsed / block.GasLimit);
            blobFees.Add("0x1");
            blobRatios.Add(0.0);
            if (percentiles.Count > 0)
            {
                rewards.Add(Rewards(block, percentiles));
            }
        }

        if (range.Count > 0)
        {
            baseFees.Add(Quantity.Format(BlockEncoding.NextBaseFee(range[^1])));
            blobFees.Add("0x1");
        }

        var result = new JsonObject
        {
            ["oldestBlock"] = Quantity.Format(range.Count > 0 ? oldest : 0),
            ["baseFeePerGas"] = baseFees,
            ["gasUsedRatio"] = ratios,
            ["baseFeePerBlobGas"] = blobFees,
            ["blobGasUsedRatio"] = blobRatios,
        };
        if (percentiles.Count > 0)
        {
            result["reward"] = rewards;
        }

        return Ok(result);
    }

    // geth's oracle: tips sorted ascending, each weighted by the gas its transaction used.
    private static JsonArray Rewards(Block block, List<double> percentiles)
    {
        var tips = block.Transactions
            .Select((t, i) => (Tip: block.Receipts[i].EffectiveGasPrice - block.BaseFee, Gas: block.Receipts[i].GasUsed))
            .OrderBy(x => x.Tip)
            .ToList();
        var rewards = new JsonArray();
        foreach (var percentile in percentiles)
        {
            if (tips.Count == 0)
            {
                rewards.Add("0x0");
                continue;
            }

            var threshold = block.GasUsed * percentile / 100;
            double sum = 0;
            var chosen = tips[^1].Tip;
            foreach (var (tip, gas) in tips)
            {
                sum += gas;
                if (sum >= threshold)
                {
                    chosen = tip;
                    break;
                }
            }

            rewards.Add(Quantity.Format(BigInteger.Max(chosen, BigInteger.Zero)));
        }

        return rewards;
    }

    // ---- dev methods ----

    private RpcAnswer Mine(JsonArray p)
    {
        ulong? timestamp = null;
        var node = RpcParams.At(p, 0);
        if (node is JsonObject options)
        {
            node = options["timestamp"];
        }

        if (node is not null)
        {
            if (RpcParams.AsQuantity(node) is not { } value || value > long.MaxValue)
            {
                return Fail(RpcParams.Invalid(0, "expected a timestamp in seconds"));
            }

            timestamp = (ulong)value;
        }

        // hardhat answers "0".
        var mined = _chain.Mine(timestamp);
        return mined.Ok ? Ok("0") : Fail(mined.Fault);
    }

    private RpcAnswer SetNextBlockTimestamp(JsonArray p)
    {
        var value = RpcParams.AsQuantity(RpcParams.At(p, 0));
        if (value is null || value > long.MaxValue)
        {
            return Fail(RpcParams.Invalid(0, "expected a timestamp in seconds"));
        }

        // hardhat answers with the timestamp as a decimal string.
        var fault = _chain.SetNextBlockTimestamp((ulong)value.Value);
        return fault is null ? Ok(value.Value.ToString(CultureInfo.InvariantCulture)) : Fail(fault);
    }

    private RpcAnswer IncreaseTime(JsonArray p)
    {
        var value = RpcParams.AsQuantity(RpcParams.At(p, 0));
        if (value is null || value > int.MaxValue)
        {
            return Fail(RpcParams.Invalid(0, "expected a number of seconds"));
        }

        var offset = _chain.IncreaseTime((long)value.Value);
        return offset.Ok ? Ok(offset.Value.ToString(CultureInfo.InvariantCulture)) : Fail(offset.Fault);
    }

    private RpcAnswer Revert(JsonArray p)
    {
        var id = RpcParams.AsQuantity(RpcParams.At(p, 0));
        if (id is null)
        {
            return Fail(RpcParams.Invalid(0, "expected a snapshot id"));
        }

        return Ok(id <= ulong.MaxValue && _chain.Revert((ulong)id.Value));
    }

    private RpcAnswer Reorg(JsonArray p)
    {
        JsonNode? depthNode = RpcParams.At(p, 0), replayNode = RpcParams.At(p, 1);
        if (depthNode is JsonObject options)
        {
            depthNode = options["depth"];
            replayNode = options["replay"];
        }

        if (RpcParams.AsQuantity(depthNode) is not { } depth || depth > int.MaxValue)
        {
            return Fail(RpcParams.Invalid(0, "expected a depth (number of blocks)"));
        }

        var replay = DevnetReorgReplay.Drop;
        if (replayNode is not null)
        {
            switch (RpcParams.AsString(replayNode))
            {
                case "drop": replay = DevnetReorgReplay.Drop; break;
                case "reorder": replay = DevnetReorgReplay.Reorder; break;
                default: return Fail(RpcParams.Invalid(1, "replay is \"drop\" or \"reorder\""));
            }
        }

        var result = _chain.Reorg((int)depth, replay);
        if (!result.Succeeded)
        {
            return Fail(RpcFault.Server(result.Error.Message));
        }

        var r = result.Value;
        return Ok(new JsonObject
        {
            ["depth"] = r.Depth,
            ["replacedBlocks"] = new JsonArray(r.ReplacedBlockHashes.Select(h => (JsonNode)h).ToArray()),
            ["newBlocks"] = new JsonArray(r.NewBlockHashes.Select(h => (JsonNode)h).ToArray()),
            ["replayedTransactions"] = new JsonArray(r.ReplayedTransactions.Select(h => (JsonNode)h).ToArray()),
            ["droppedTransactions"] = new JsonArray(r.DroppedTransactions.Select(h => (JsonNode)h).ToArray()),
            ["heads"] = Heads(_chain.Heads),
        });
    }
}
