// A Nethereum IClient over Did.Sdk's IEthereumRpc, so Nethereum code (Web3, contract services,
// Nethereum.RPC requests) runs over Did.Sdk's transport: the bounded, retrying HTTP client, the in-process
// devnet, or a test double.
using System.Text.Json;
using System.Text.Json.Nodes;
using Did.Sdk.Ethereum.Rpc;
using Nethereum.JsonRpc.Client;
using RpcRequest = Did.Sdk.Ethereum.Rpc.RpcRequest;
using Nethereum.JsonRpc.Client.RpcMessages;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Did.Sdk.Ethereum.Bridges;

/// <summary>
/// A Nethereum <see cref="IClient"/> that sends every request through an <see cref="IEthereumRpc"/>:
/// <c>new Web3(new EthereumRpcClient(rpc))</c>. JSON-RPC errors reach Nethereum as error responses (with
/// the node's code); transport failures as <see cref="RpcClientUnknownException"/>.
/// </summary>
public sealed class EthereumRpcClient : ClientBase
{
    private readonly IEthereumRpc _rpc;

    /// <summary>Creates the client over <paramref name="rpc"/>.</summary>
    public EthereumRpcClient(IEthereumRpc rpc)
    {
        ArgumentNullException.ThrowIfNull(rpc);
        _rpc = rpc;
    }

    /// <inheritdoc />
    public override async Task<RpcResponseMessage> SendAsync(RpcRequestMessage rpcRequestMessage, string? route = null)
    {
        ArgumentNullException.ThrowIfNull(rpcRequestMessage);
        var result = await _rpc.SendAsync(rpcRequestMessage.Method, Parameters(rpcRequestMessage)).ConfigureAwait(false);
        return Response(rpcRequestMessage.Id, result);
    }

    /// <inheritdoc />
    protected override async Task<RpcResponseMessage[]> SendAsync(RpcRequestMessage[] requests)
    {
        ArgumentNullException.ThrowIfNull(requests);
        var results = await _rpc.SendBatchAsync(requests.Select(r => new RpcRequest(r.Method, Parameters(r))).ToList()).ConfigureAwait(false);
        return requests.Select((r, i) => Response(r.Id, results[i])).ToArray();
    }

    // Nethereum's parameters are objects written with Newtonsoft (HexBigInteger, BlockParameter, CallInput…).
    private static JsonArray Parameters(RpcRequestMessage request)
    {
        if (request.RawParameters is null)
        {
            return [];
        }

        var json = JsonConvert.SerializeObject(request.RawParameters);
        return JsonNode.Parse(json) switch
        {
            JsonArray array => array,
            { } single => [single],
            null => [],
        };
    }

    private static RpcResponseMessage Response(object id, Result<JsonElement> result)
    {
        if (result.Succeeded)
        {
            return new RpcResponseMessage(id, JToken.Parse(result.Value.GetRawText()));
        }

        if (result.Error.Code == EthereumErrorCodes.RpcError)
        {
            return new RpcResponseMessage(id, new Nethereum.JsonRpc.Client.RpcMessages.RpcError { Code = (int)(RpcErrors.GetRpcCode(result.Error) ?? -32603), Message = result.Error.Message });
        }

        throw new RpcClientUnknownException($"{result.Error.Code}: {result.Error.Message}");
    }
}
