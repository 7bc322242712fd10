// Ethereum JSON-RPC transport (JSON-RPC 2.0 specification: request, response, error object, batch).
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Did.Sdk.Ethereum.Rpc;

/// <summary>One JSON-RPC call: a method name and its positional parameters.</summary>
/// <param name="Method">The method, for example <c>eth_call</c>.</param>
/// <param name="Parameters">The positional parameters (serialized as the <c>params</c> array).</param>
public sealed record RpcRequest(string Method, JsonArray Parameters)
{
    /// <summary>A request with the given parameters (JSON nodes, strings, numbers or booleans).</summary>
    public static RpcRequest Create(string method, params JsonNode?[] parameters)
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        return new RpcRequest(method, new JsonArray(parameters));
    }
}

/// <summary>
/// The one transport for Ethereum JSON-RPC. Implementations never throw for remote failures: a failed
/// <see cref="Result{T}"/> carries <c>rpcError</c> (a JSON-RPC error object), <c>rpcTimeout</c>,
/// <c>rpcUnavailable</c>, <c>rpcMalformedResponse</c> or <c>rpcResponseTooLarge</c>. Cancellation
/// propagates as <see cref="OperationCanceledException"/>. Results are detached from any response
/// buffer (safe to keep).
/// </summary>
/// <remarks>
/// The SDK calls this interface with read methods and, from the registry controller, with
/// <c>eth_sendRawTransaction</c>; implementations must not retry methods that are not idempotent.
/// </remarks>
public interface IEthereumRpc
{
    /// <summary>Sends one call and returns its <c>result</c> member.</summary>
    ValueTask<Result<JsonElement>> SendAsync(string method, JsonArray parameters, CancellationToken cancellationToken = default);

    /// <summary>
    /// Sends calls as one JSON-RPC batch and returns one result per request, in request order. A failure
    /// of the whole round trip (timeout, HTTP error, malformed batch) is reported on every entry.
    /// </summary>
    ValueTask<IReadOnlyList<Result<JsonElement>>> SendBatchAsync(IReadOnlyList<RpcRequest> requests, CancellationToken cancellationToken = default);
}
