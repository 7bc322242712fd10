using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Did.Sdk.Devnet.Rpc;
using Did.Sdk.Ethereum.Rpc;

namespace Did.Sdk.Devnet;

/// <summary>
/// The devnet's in-process door: <see cref="IEthereumRpc"/> without sockets, answering through the same
/// JSON-RPC dispatcher as <see cref="DevnetServer"/>. Errors are <c>rpcError</c> with the JSON-RPC code
/// and message a node would send (as <see cref="HttpEthereumRpc"/> reports them). Thread-safe.
/// </summary>
public sealed class DevnetRpc : IEthereumRpc
{
    private static readonly JsonElement Null = JsonDocument.Parse("null").RootElement.Clone();
    private readonly JsonRpcDispatcher _dispatcher;

    internal DevnetRpc(JsonRpcDispatcher dispatcher) => _dispatcher = dispatcher;

    /// <inheritdoc />
    public ValueTask<Result<JsonElement>> SendAsync(string method, JsonArray parameters, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        ArgumentNullException.ThrowIfNull(parameters);
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(ToResult(_dispatcher.Dispatch(method, parameters)));
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<Result<JsonElement>>> SendBatchAsync(IReadOnlyList<RpcRequest> requests, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requests);
        var results = new Result<JsonElement>[requests.Count];
        for (var i = 0; i < requests.Count; i++)
        {
            ArgumentNullException.ThrowIfNull(requests[i]);
            cancellationToken.ThrowIfCancellationRequested();
            results[i] = ToResult(_dispatcher.Dispatch(requests[i].Method, requests[i].Parameters));
        }

        return ValueTask.FromResult<IReadOnlyList<Result<JsonElement>>>(results);
    }

    private static Result<JsonElement> ToResult(RpcAnswer answer)
    {
        if (answer.Fault is { } fault)
        {
            return RpcErrors.Create(fault.Code, fault.Message);
        }

        if (answer.Result is null)
        {
            return Null;
        }

        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            answer.Result.WriteTo(writer);
        }

        var reader = new Utf8JsonReader(buffer.WrittenSpan);
        return JsonElement.ParseValue(ref reader);
    }
}
