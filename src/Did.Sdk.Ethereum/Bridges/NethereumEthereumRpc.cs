// Did.Sdk's IEthereumRpc over a Nethereum IClient, so an application's existing Web3 setup (its RpcClient,
// authentication, interceptors) serves the did:ethr resolver and every other Did.Sdk layer.
using System.Text.Json;
using System.Text.Json.Nodes;
using Did.Sdk.Ethereum.Rpc;
using Nethereum.JsonRpc.Client;
using RpcRequest = Did.Sdk.Ethereum.Rpc.RpcRequest;
using Nethereum.JsonRpc.Client.RpcMessages;
using Newtonsoft.Json;

namespace Did.Sdk.Ethereum.Bridges;

/// <summary>
/// An <see cref="IEthereumRpc"/> that sends through a Nethereum <see cref="IClient"/> (for example
/// <c>web3.Client</c>). Never throws for remote failures: JSON-RPC errors become <c>rpcError</c>,
/// timeouts <c>rpcTimeout</c>, other client failures <c>rpcUnavailable</c>, results that are not JSON
/// <c>rpcMalformedResponse</c>. Results are bounded like <see cref="HttpEthereumRpc"/>'s (16 MiB).
/// </summary>
public sealed class NethereumEthereumRpc : IEthereumRpc
{
    private const int MaxResultChars = 16 * 1024 * 1024;
    private readonly IClient _client;
    private long _id;

    /// <summary>Creates the transport over <paramref name="client"/>.</summary>
    public NethereumEthereumRpc(IClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
    }

    /// <inheritdoc />
    public async ValueTask<Result<JsonElement>> SendAsync(string method, JsonArray parameters, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        ArgumentNullException.ThrowIfNull(parameters);
        cancellationToken.ThrowIfCancellationRequested();
        RpcResponseMessage response;
        try
        {
            response = await _client.SendAsync(Request(method, parameters), null).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (RpcClientTimeoutException ex)
        {
            return Result<JsonElement>.Failure(EthereumErrorCodes.RpcTimeout, "The Nethereum client timed out: " + ex.Message);
        }
        catch (Exception ex) when (ex is RpcClientUnknownException or HttpRequestException or IOException or Newtonsoft.Json.JsonException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return Result<JsonElement>.Failure(EthereumErrorCodes.RpcUnavailable, "The Nethereum client failed: " + ex.Message);
        }

        return Read(response);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<Result<JsonElement>>> SendBatchAsync(IReadOnlyList<RpcRequest> requests, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requests);

        // IClient batches are typed per item; sending the calls one by one keeps this adapter exact.
        var results = new Result<JsonElement>[requests.Count];
        for (int i = 0; i < requests.Count; i++)
        {
            results[i] = await SendAsync(requests[i].Method, requests[i].Parameters, cancellationToken).ConfigureAwait(false);
        }

        return results;
    }

    private RpcRequestMessage Request(string method, JsonArray parameters)
    {
        // Parameters travel as Newtonsoft tokens, which Nethereum's clients serialize unchanged.
        var tokens = parameters.Select(p => p is null ? null : (object)Newtonsoft.Json.Linq.JToken.Parse(p.ToJsonString())).ToArray();
        return new RpcRequestMessage(Interlocked.Increment(ref _id), method, tokens);
    }

    private static Result<JsonElement> Read(RpcResponseMessage response)
    {
        if (response.HasError)
        {
            var error = response.Error!;
            return RpcErrors.Create(error.Code, error.Message ?? string.Empty);
        }

        string json = response.ResultSystemTextJson.ValueKind != JsonValueKind.Undefined
            ? response.ResultSystemTextJson.GetRawText()
            : JsonConvert.SerializeObject(response.Result);
        if (json.Length > MaxResultChars)
        {
            return Result<JsonElement>.Failure(EthereumErrorCodes.RpcResponseTooLarge, "The result is larger than 16 MiB.");
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.Clone();
        }
        catch (System.Text.Json.JsonException)
        {
            return Result<JsonElement>.Failure(EthereumErrorCodes.RpcMalformedResponse, "The result is not JSON.");
        }
    }
}
