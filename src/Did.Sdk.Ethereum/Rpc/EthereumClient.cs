// Typed Ethereum JSON-RPC reads (execution-apis: eth_chainId, eth_blockNumber, eth_getBlockByNumber,
// eth_call, eth_getCode, eth_getTransactionCount, eth_getLogs, eth_getTransactionReceipt).
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Did.Sdk.Ethereum.Rpc;

/// <summary>Options of <see cref="EthereumClient"/>.</summary>
public sealed class EthereumClientOptions
{
    /// <summary>The chain id the node must report; null skips the check. <see cref="EthereumClient.VerifyChainIdAsync"/> enforces it.</summary>
    public ulong? ChainId { get; set; }

    /// <summary>The most logs one <see cref="EthereumClient.GetLogsAsync"/> call returns before failing with <c>tooManyLogs</c>. Default 10,000.</summary>
    public int MaxLogs { get; set; } = 10_000;

    /// <summary>
    /// The widest block range sent in one <c>eth_getLogs</c> request; wider ranges are split up front into windows
    /// sent 50 to a JSON-RPC batch. Null: no limit until the node objects.
    /// </summary>
    public ulong? MaxBlockRange { get; set; }

    /// <summary>Validates the options.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxLogs, 1, nameof(MaxLogs));
        if (MaxBlockRange is 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxBlockRange));
        }
    }
}

/// <summary>
/// Typed reads over an <see cref="IEthereumRpc"/>. Every method returns a <see cref="Result{T}"/>: the
/// transport codes (<c>rpcError</c>, <c>rpcTimeout</c>, …), <c>rpcMalformedResponse</c> when a result has
/// the wrong shape, <c>rpcNotFound</c> for a missing block or receipt, <c>chainIdMismatch</c> and
/// <c>tooManyLogs</c>. Stateless apart from the chain id once verified; safe for concurrent use.
/// </summary>
public sealed partial class EthereumClient
{
    // Windows of one GetLogsAsync per JSON-RPC batch: providers accept batches of 50 or more (some cap them at 100).
    private const int LogWindowsPerBatch = 50;
    private readonly EthereumClientOptions _options;
    private int _chainVerified;

    /// <summary>Creates the client.</summary>
    public EthereumClient(IEthereumRpc rpc, EthereumClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(rpc);
        options ??= new EthereumClientOptions();
        options.Validate();
        Rpc = rpc;
        _options = options;
    }

    /// <summary>The transport.</summary>
    public IEthereumRpc Rpc { get; }

    /// <summary><c>eth_chainId</c>.</summary>
    public async ValueTask<Result<ulong>> GetChainIdAsync(CancellationToken cancellationToken = default)
        => ToUInt64(await Rpc.SendAsync("eth_chainId", [], cancellationToken).ConfigureAwait(false), "chain id");

    /// <summary>
    /// Checks once that the node's chain id equals <see cref="EthereumClientOptions.ChainId"/> (when set);
    /// fails with <c>chainIdMismatch</c>. Later calls return at once after a success.
    /// </summary>
    public async ValueTask<Result<bool>> VerifyChainIdAsync(CancellationToken cancellationToken = default)
    {
        if (ChainIdVerifiedOrUnset)
        {
            return true;
        }

        return CompleteChainIdCheck(await Rpc.SendAsync("eth_chainId", [], cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Starts a batch of reads sent in one round trip.</summary>
    public EthereumBatch CreateBatch() => new(this);

    internal bool ChainIdVerifiedOrUnset => _options.ChainId is null || Volatile.Read(ref _chainVerified) == 1;

    internal Result<bool> CompleteChainIdCheck(Result<JsonElement> response)
    {
        var actual = ToUInt64(response, "chain id");
        if (!actual.Succeeded)
        {
            return actual.Error;
        }

        if (_options.ChainId is { } expected && actual.Value != expected)
        {
            return new SdkError(EthereumErrorCodes.ChainIdMismatch, $"The node serves chain {actual.Value.ToString(CultureInfo.InvariantCulture)}, not the configured chain {expected.ToString(CultureInfo.InvariantCulture)}.");
        }

        Volatile.Write(ref _chainVerified, 1);
        return true;
    }

    /// <summary><c>eth_blockNumber</c>.</summary>
    public async ValueTask<Result<ulong>> GetBlockNumberAsync(CancellationToken cancellationToken = default)
        => ToUInt64(await Rpc.SendAsync("eth_blockNumber", [], cancellationToken).ConfigureAwait(false), "block number");

    /// <summary><c>eth_getBlockByNumber</c> without transactions; <c>rpcNotFound</c> when the node has no such block (for example <c>finalized</c> before any finality).</summary>
    public async ValueTask<Result<EthereumBlock>> GetBlockAsync(BlockTag block, CancellationToken cancellationToken = default)
    {
        return ParseBlock(await Rpc.SendAsync("eth_getBlockByNumber", [block.ToString(), false], cancellationToken).ConfigureAwait(false), block);
    }

    internal static Result<EthereumBlock> ParseBlock(Result<JsonElement> result, BlockTag block)
    {
        if (!result.Succeeded)
        {
            return result.Error;
        }

        if (result.Value.ValueKind == JsonValueKind.Null)
        {
            return new SdkError(EthereumErrorCodes.RpcNotFound, $"The node has no block {block}.");
        }

        var parsed = RpcJson.ReadBlock(result.Value);
        if (parsed is null)
        {
            return Malformed("block");
        }

        if (block.IsNumber && parsed.Number != block.Number)
        {
            return new SdkError(EthereumErrorCodes.RpcMalformedResponse, "The node returned a different block than the one requested.");
        }

        return parsed;
    }

    /// <summary><c>eth_call</c> of <paramref name="data"/> on <paramref name="to"/> at <paramref name="block"/>; the returned bytes.</summary>
    public async ValueTask<Result<byte[]>> CallAsync(EthereumAddress to, ReadOnlyMemory<byte> data, BlockTag block, CancellationToken cancellationToken = default)
    {
        var call = new JsonObject { ["to"] = to.ToLowerCaseString(), ["data"] = Hex.Encode(data.Span) };
        return ParseBytes(await Rpc.SendAsync("eth_call", [call, block.ToString()], cancellationToken).ConfigureAwait(false), "call result");
    }

    /// <summary>Several <c>eth_call</c>s at the same block in one JSON-RPC batch; one result per call, in order.</summary>
    public async ValueTask<IReadOnlyList<Result<byte[]>>> CallBatchAsync(IReadOnlyList<(EthereumAddress To, ReadOnlyMemory<byte> Data)> calls, BlockTag block, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(calls);
        var requests = calls.Select(c => RpcRequest.Create("eth_call", new JsonObject { ["to"] = c.To.ToLowerCaseString(), ["data"] = Hex.Encode(c.Data.Span) }, block.ToString())).ToArray();
        var results = await Rpc.SendBatchAsync(requests, cancellationToken).ConfigureAwait(false);
        if (results.Count != requests.Length)
        {
            return Enumerable.Repeat(Result<byte[]>.Failure(EthereumErrorCodes.RpcMalformedResponse, "The batch answer has the wrong number of results."), requests.Length).ToArray();
        }

        return results.Select(r => ParseBytes(r, "call result")).ToArray();
    }

    /// <summary><c>eth_getCode</c>: the runtime bytecode at <paramref name="address"/> (empty for an account without code).</summary>
    public async ValueTask<Result<byte[]>> GetCodeAsync(EthereumAddress address, BlockTag block, CancellationToken cancellationToken = default)
        => ParseBytes(await Rpc.SendAsync("eth_getCode", [address.ToLowerCaseString(), block.ToString()], cancellationToken).ConfigureAwait(false), "code");

    /// <summary><c>eth_getTransactionCount</c>: the nonce of <paramref name="address"/> at <paramref name="block"/>.</summary>
    public async ValueTask<Result<ulong>> GetTransactionCountAsync(EthereumAddress address, BlockTag block, CancellationToken cancellationToken = default)
        => ToUInt64(await Rpc.SendAsync("eth_getTransactionCount", [address.ToLowerCaseString(), block.ToString()], cancellationToken).ConfigureAwait(false), "transaction count");

    /// <summary><c>eth_getTransactionReceipt</c>; <c>rpcNotFound</c> while the transaction is unknown or pending.</summary>
    public async ValueTask<Result<TransactionReceipt>> GetTransactionReceiptAsync(string transactionHash, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(transactionHash);
        var result = await Rpc.SendAsync("eth_getTransactionReceipt", [transactionHash], cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            return result.Error;
        }

        var r = result.Value;
        if (r.ValueKind == JsonValueKind.Null)
        {
            return new SdkError(EthereumErrorCodes.RpcNotFound, "The node has no receipt for the transaction (unknown or pending).");
        }

        if (r.ValueKind != JsonValueKind.Object
            || !RpcJson.TryHash(r, "transactionHash", out var hash)
            || !RpcJson.TryUInt64(r, "blockNumber", out var number)
            || !RpcJson.TryHash(r, "blockHash", out var blockHash)
            || !RpcJson.TryUInt64(r, "status", out var status)
            || !r.TryGetProperty("gasUsed", out var gas) || gas.ValueKind != JsonValueKind.String || !Quantity.TryParse(gas.GetString(), out var gasUsed)
            || !r.TryGetProperty("logs", out var logs) || logs.ValueKind != JsonValueKind.Array)
        {
            return Malformed("receipt");
        }

        EthereumAddress? created = null;
        if (r.TryGetProperty("contractAddress", out var c) && c.ValueKind == JsonValueKind.String)
        {
            if (!EthereumAddress.TryParse(c.GetString()!.ToLowerInvariant(), out var address))
            {
                return Malformed("receipt");
            }

            created = address;
        }

        var parsedLogs = new List<EthereumLog>();
        foreach (var item in logs.EnumerateArray())
        {
            var log = RpcJson.ReadLog(item);
            if (log is null)
            {
                return Malformed("receipt log");
            }

            parsedLogs.Add(log);
        }

        return new TransactionReceipt(hash, number, blockHash, status == 1, gasUsed, created, parsedLogs);
    }

    /// <summary>
    /// <c>eth_getLogs</c> over <paramref name="filter"/>. When the node refuses a range (a range or result
    /// cap, an oversized response or a timeout) the range is halved and retried, down to single blocks. With
    /// <see cref="EthereumClientOptions.MaxBlockRange"/> the windows go 50 to a JSON-RPC batch (one round trip
    /// per 50 windows); a window that fails in a batch is queried again alone (and halved if refused).
    /// Logs the node returns outside the filter (another contract, topic or block) are dropped. Fails with
    /// <c>tooManyLogs</c> beyond <see cref="EthereumClientOptions.MaxLogs"/>.
    /// </summary>
    public async ValueTask<Result<IReadOnlyList<EthereumLog>>> GetLogsAsync(LogFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        if (filter.ToBlock < filter.FromBlock)
        {
            throw new ArgumentException("ToBlock is before FromBlock.", nameof(filter));
        }

        var logs = new List<EthereumLog>();
        var pending = new Stack<(ulong From, ulong To)>();
        var step = _options.MaxBlockRange ?? ulong.MaxValue;
        var ranges = new List<(ulong, ulong)>();
        for (var from = filter.FromBlock; ; from += step)
        {
            var to = filter.ToBlock - from < step ? filter.ToBlock : from + step - 1;
            ranges.Add((from, to));
            if (to == filter.ToBlock)
            {
                break;
            }
        }

        if (ranges.Count == 1)
        {
            pending.Push(ranges[0]);
            var error = await DrainLogsAsync(filter, pending, logs, cancellationToken).ConfigureAwait(false);
            return error is null ? logs : Result<IReadOnlyList<EthereumLog>>.Failure(error);
        }

        // Windows of MaxBlockRange go LogWindowsPerBatch to a JSON-RPC batch, in order; a window the node
        // refuses (or that fails in the batch) is then queried alone and halved as above.
        for (int start = 0; start < ranges.Count; start += LogWindowsPerBatch)
        {
            var windows = ranges.GetRange(start, Math.Min(LogWindowsPerBatch, ranges.Count - start));
            var answers = await Rpc.SendBatchAsync(windows.Select(w => RpcRequest.Create("eth_getLogs", filter.ToJson(w.Item1, w.Item2))).ToList(), cancellationToken).ConfigureAwait(false);
            if (answers.Count != windows.Count)
            {
                return Result<IReadOnlyList<EthereumLog>>.Failure(EthereumErrorCodes.RpcMalformedResponse, "The node answered a batch of eth_getLogs with another number of results.");
            }

            for (int i = 0; i < windows.Count; i++)
            {
                var (from, to) = windows[i];
                var answer = answers[i];
                SdkError? error;
                if (answer.Succeeded)
                {
                    error = AppendLogs(answer.Value, filter, from, to, logs);
                }
                else
                {
                    if (filter.SplitRefusedRanges && from < to && IsRangeRefusal(answer.Error))
                    {
                        var middle = from + ((to - from) / 2);
                        pending.Push((middle + 1, to));
                        pending.Push((from, middle));
                    }
                    else
                    {
                        pending.Push((from, to));
                    }

                    error = await DrainLogsAsync(filter, pending, logs, cancellationToken).ConfigureAwait(false);
                }

                if (error is not null)
                {
                    return Result<IReadOnlyList<EthereumLog>>.Failure(error);
                }
            }
        }

        return logs;
    }

    // Queries the pending ranges one at a time, in order, halving a range the node refuses.
    private async ValueTask<SdkError?> DrainLogsAsync(LogFilter filter, Stack<(ulong From, ulong To)> pending, List<EthereumLog> logs, CancellationToken cancellationToken)
    {
        while (pending.Count > 0)
        {
            var (from, to) = pending.Pop();
            var result = await Rpc.SendAsync("eth_getLogs", [filter.ToJson(from, to)], cancellationToken).ConfigureAwait(false);
            if (!result.Succeeded)
            {
                if (filter.SplitRefusedRanges && from < to && IsRangeRefusal(result.Error))
                {
                    var middle = from + ((to - from) / 2);
                    pending.Push((middle + 1, to));
                    pending.Push((from, middle));
                    continue;
                }

                return result.Error;
            }

            var error = AppendLogs(result.Value, filter, from, to, logs);
            if (error is not null)
            {
                return error;
            }
        }

        return null;
    }

    internal Result<IReadOnlyList<EthereumLog>> ParseLogs(Result<JsonElement> result, LogFilter filter, ulong from, ulong to)
    {
        if (!result.Succeeded)
        {
            return Result<IReadOnlyList<EthereumLog>>.Failure(result.Error);
        }

        var logs = new List<EthereumLog>();
        var error = AppendLogs(result.Value, filter, from, to, logs);
        return error is null ? logs : Result<IReadOnlyList<EthereumLog>>.Failure(error);
    }

    private SdkError? AppendLogs(JsonElement answer, LogFilter filter, ulong from, ulong to, List<EthereumLog> logs)
    {
        if (answer.ValueKind != JsonValueKind.Array)
        {
            return new SdkError(EthereumErrorCodes.RpcMalformedResponse, "eth_getLogs did not return an array.");
        }

        foreach (var item in answer.EnumerateArray())
        {
            var log = RpcJson.ReadLog(item);
            if (log is null)
            {
                return new SdkError(EthereumErrorCodes.RpcMalformedResponse, "eth_getLogs returned a malformed log.");
            }

            if (log.Removed || !filter.Matches(log) || log.BlockNumber < from || log.BlockNumber > to)
            {
                continue;
            }

            if (logs.Count == _options.MaxLogs)
            {
                return new SdkError(EthereumErrorCodes.TooManyLogs, $"The query matches more than {_options.MaxLogs} logs.");
            }

            logs.Add(log);
        }

        return null;
    }

    // Providers refuse wide queries in many dialects: -32005 "limit exceeded", -32602/-32000 with "range",
    // "block range", "too many", "exceed", "10000 results", "response size"; or the answer is too large or slow.
    private static bool IsRangeRefusal(SdkError error)
    {
        if (error.Code is EthereumErrorCodes.RpcResponseTooLarge or EthereumErrorCodes.RpcTimeout)
        {
            return true;
        }

        if (RpcErrors.GetRpcCode(error) is not { } code)
        {
            return false;
        }

        var message = error.Message;
        return code == -32005
            || message.Contains("range", StringComparison.OrdinalIgnoreCase)
            || message.Contains("too many", StringComparison.OrdinalIgnoreCase)
            || message.Contains("exceed", StringComparison.OrdinalIgnoreCase)
            || message.Contains("limit", StringComparison.OrdinalIgnoreCase)
            || message.Contains("too large", StringComparison.OrdinalIgnoreCase);
    }

    internal static Result<ulong> ToUInt64(Result<JsonElement> result, string what)
    {
        if (!result.Succeeded)
        {
            return result.Error;
        }

        return result.Value.ValueKind == JsonValueKind.String && Quantity.TryParseUInt64(result.Value.GetString(), out var value)
            ? value
            : new SdkError(EthereumErrorCodes.RpcMalformedResponse, $"The {what} is not a hex quantity.");
    }

    internal static Result<byte[]> ParseBytes(Result<JsonElement> result, string what)
    {
        if (!result.Succeeded)
        {
            return result.Error;
        }

        return result.Value.ValueKind == JsonValueKind.String && Hex.TryDecode(result.Value.GetString(), out var bytes)
            ? bytes
            : new SdkError(EthereumErrorCodes.RpcMalformedResponse, $"The {what} is not hex data.");
    }

    private static SdkError Malformed(string what) => new(EthereumErrorCodes.RpcMalformedResponse, $"The node returned a malformed {what}.");
}
