// JSON-RPC 2.0 (request, response, error object, batch: JSON-RPC 2.0 specification §4–§6) over the
// Ethereum execution-apis methods, shared by the in-process door (DevnetRpc) and the HTTP server.
using System.Buffers;
using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Did.Sdk.Devnet.Chain;
using Did.Sdk.Ethereum;
using Did.Sdk.Ethereum.Rpc;
using Did.Sdk.Json;

namespace Did.Sdk.Devnet.Rpc;

internal sealed partial class JsonRpcDispatcher
{
    /// <summary>The tip eth_maxPriorityFeePerGas suggests: 1 gwei, as hardhat.</summary>
    public static readonly BigInteger SuggestedTip = 1_000_000_000;

    private readonly DevnetChain _chain;
    private readonly IReadOnlyList<DevnetAccount> _accounts;
    private readonly Dictionary<string, Func<JsonArray, RpcAnswer>> _methods;

    public JsonRpcDispatcher(DevnetChain chain, IReadOnlyList<DevnetAccount> accounts)
    {
        _chain = chain;
        _accounts = accounts;
        _methods = new(StringComparer.Ordinal)
        {
            ["eth_chainId"] = _ => Ok(Quantity.Format(_chain.ChainId)),
            ["net_version"] = _ => Ok(_chain.ChainId.ToString(CultureInfo.InvariantCulture)),
            ["net_listening"] = _ => Ok(true),
            ["web3_clientVersion"] = _ => Ok(ClientVersion),
            ["eth_syncing"] = _ => Ok(false),
            ["eth_accounts"] = _ => Ok(new JsonArray(_accounts.Select(a => (JsonNode)a.Address.ToLowerCaseString()).ToArray())),
            ["eth_blockNumber"] = _ => Ok(Quantity.Format(_chain.Latest.Number)),
            ["eth_getBlockByNumber"] = GetBlockByNumber,
            ["eth_getBlockByHash"] = GetBlockByHash,
            ["eth_getBlockTransactionCountByNumber"] = p => WithBlock(p, 0, b => Quantity.Format((ulong)b.Transactions.Count)),
            ["eth_call"] = Call,
            ["eth_estimateGas"] = EstimateGas,
            ["eth_getLogs"] = GetLogs,
            ["eth_getCode"] = p => WithAccount(p, a => Hex.Encode(a.Code)),
            ["eth_getBalance"] = p => WithAccount(p, a => Quantity.Format(a.Balance)),
            ["eth_getStorageAt"] = GetStorageAt,
            ["eth_getTransactionCount"] = GetTransactionCount,
            ["eth_sendRawTransaction"] = SendRawTransaction,
            ["eth_getTransactionByHash"] = GetTransactionByHash,
            ["eth_getTransactionReceipt"] = GetTransactionReceipt,
            ["eth_feeHistory"] = FeeHistory,
            ["eth_maxPriorityFeePerGas"] = _ => Ok(Quantity.Format(SuggestedTip)),
            ["eth_gasPrice"] = _ => Ok(Quantity.Format(BlockEncoding.NextBaseFee(_chain.Latest) + SuggestedTip)),
            ["evm_mine"] = Mine,
            ["evm_setNextBlockTimestamp"] = SetNextBlockTimestamp,
            ["evm_increaseTime"] = IncreaseTime,
            ["evm_snapshot"] = _ => Ok(_chain.Snapshot()),
            ["evm_revert"] = Revert,
            ["devnet_reorg"] = Reorg,
            ["devnet_heads"] = _ => Ok(Heads(_chain.Heads)),
        };
    }

    public static string ClientVersion { get; } = "Did.Sdk.Devnet/" + (typeof(JsonRpcDispatcher).Assembly.GetName().Version?.ToString(3) ?? "0") + "/dotnet";

    /// <summary>The methods served.</summary>
    public IEnumerable<string> Methods => _methods.Keys;

    /// <summary>Answers one call. Never throws for untrusted input.</summary>
    public RpcAnswer Dispatch(string method, JsonArray? parameters)
    {
        if (!_methods.TryGetValue(method, out var handler))
        {
            return RpcAnswer.Error(new RpcFault(RpcFault.MethodNotFound, $"the method {Truncate(method)} does not exist/is not available"));
        }

        try
        {
            return handler(parameters ?? []);
        }
        catch (ObjectDisposedException)
        {
            return RpcAnswer.Error(new RpcFault(RpcFault.InternalError, "the devnet is stopped"));
        }
#pragma warning disable CA1031 // A bug in one method must answer -32603, not take the server down.
        catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
        {
            return RpcAnswer.Error(new RpcFault(RpcFault.InternalError, "internal error: " + ex.GetType().Name + ": " + ex.Message));
        }
    }

    // ---- the HTTP body path ----

    /// <summary>
    /// Answers a JSON-RPC request body (one call or a batch) with the response body; empty when every call
    /// was a notification. <paramref name="maxBatch"/> bounds the batch length.
    /// </summary>
    public byte[] HandleBody(ReadOnlySpan<byte> body, int maxBatch)
    {
        var parsed = StrictJson.ParseNode(body);
        if (!parsed.Succeeded)
        {
            return Serialize(Response(null, RpcAnswer.Error(new RpcFault(RpcFault.ParseError, "parse error: " + parsed.Error.Message))));
        }

        if (parsed.Value is JsonArray batch)
        {
            if (batch.Count == 0)
            {
                return Serialize(Response(null, RpcAnswer.Error(RpcFault.InvalidRequest("empty batch"))));
            }

            if (batch.Count > maxBatch)
            {
                return Serialize(Response(null, RpcAnswer.Error(RpcFault.InvalidRequest($"batch too large: {batch.Count} calls, limit {maxBatch}"))));
            }

            var responses = new JsonArray();
            foreach (var item in batch)
            {
                if (HandleOne(item) is { } response)
                {
                    responses.Add(response);
                }
            }

            return responses.Count == 0 ? [] : Serialize(responses);
        }

        return HandleOne(parsed.Value) is { } single ? Serialize(single) : [];
    }

    /// <summary>The error body for a request refused before parsing (too large).</summary>
    public static byte[] ErrorBody(RpcFault fault) => Serialize(Response(null, RpcAnswer.Error(fault)));

    private JsonObject? HandleOne(JsonNode? item)
    {
        if (item is not JsonObject request)
        {
            return Response(null, RpcAnswer.Error(RpcFault.InvalidRequest("invalid request")));
        }

        var hasId = request.TryGetPropertyValue("id", out var id);
        if (hasId && id is not null && id.GetValueKind() is not (JsonValueKind.String or JsonValueKind.Number))
        {
            return Response(null, RpcAnswer.Error(RpcFault.InvalidRequest("invalid request: id must be a string, a number or null")));
        }

        if (request["jsonrpc"] is { } version && RpcParams.AsString(version) != "2.0")
        {
            return Response(id, RpcAnswer.Error(RpcFault.InvalidRequest("invalid request: jsonrpc must be \"2.0\"")));
        }

        if (RpcParams.AsString(request["method"]) is not { } method)
        {
            return Response(id, RpcAnswer.Error(RpcFault.InvalidRequest("invalid request: method must be a string")));
        }

        var parameters = request["params"];
        var answer = parameters switch
        {
            null => Dispatch(method, null),
            JsonArray array => Dispatch(method, array),
            _ => RpcAnswer.Error(RpcFault.InvalidParams("non-array args")),
        };
        return hasId ? Response(id, answer) : null;
    }

    private static JsonObject Response(JsonNode? id, RpcAnswer answer)
    {
        var response = new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id?.DeepClone() };
        if (answer.Fault is { } fault)
        {
            var error = new JsonObject { ["code"] = fault.Code, ["message"] = fault.Message };
            if (fault.Data is not null)
            {
                error["data"] = fault.Data;
            }

            response["error"] = error;
        }
        else
        {
            response["result"] = answer.Result?.DeepClone();
        }

        return response;
    }

    private static byte[] Serialize(JsonNode node)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            node.WriteTo(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static string Truncate(string text) => text.Length <= 64 ? text : text[..64] + "…";

    private static RpcAnswer Ok(JsonNode? result) => RpcAnswer.Of(result);

    private static RpcAnswer Ok(string result) => RpcAnswer.Of(JsonValue.Create(result));

    private static RpcAnswer Ok(bool result) => RpcAnswer.Of(JsonValue.Create(result));

    private static RpcAnswer Fail(RpcFault fault) => RpcAnswer.Error(fault);

    internal static JsonObject Heads(DevnetHeads heads) => new()
    {
        ["latest"] = Quantity.Format(heads.Latest),
        ["latestHash"] = heads.LatestHash,
        ["safe"] = Quantity.Format(heads.Safe),
        ["safeHash"] = heads.SafeHash,
        ["finalized"] = Quantity.Format(heads.Finalized),
        ["finalizedHash"] = heads.FinalizedHash,
    };
}
