using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Did.Sdk.Ethereum.Rpc;

namespace Did.Sdk.Ethereum.Tests.Rpc;

public sealed class HttpEthereumRpcTests
{
    private static (HttpEthereumRpc Rpc, StubHandler Handler) Create(Func<JsonNode, HttpResponseMessage> respond, Action<HttpEthereumRpcOptions>? configure = null)
    {
        var handler = new StubHandler(respond);
        var options = new HttpEthereumRpcOptions { Endpoint = new Uri("http://127.0.0.1:8545/"), MaxRetries = 0, RetryDelay = TimeSpan.Zero };
        configure?.Invoke(options);
        return (new HttpEthereumRpc(new HttpClient(handler), options), handler);
    }

    private static HttpResponseMessage Json(string body) => new(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    private static string Reply(JsonNode request, string resultJson) => $"{{\"jsonrpc\":\"2.0\",\"id\":{request["id"]!.ToJsonString()},\"result\":{resultJson}}}";

    [Fact]
    public async Task SendAsync_ErrorObject_ReturnsRpcErrorWithCode()
    {
        var (rpc, _) = Create(r => Json($"{{\"jsonrpc\":\"2.0\",\"id\":{r["id"]!.ToJsonString()},\"error\":{{\"code\":-32000,\"message\":\"execution reverted\"}}}}"));
        var result = await rpc.SendAsync("eth_call", []);
        Assert.False(result.Succeeded);
        Assert.Equal(EthereumErrorCodes.RpcError, result.Error.Code);
        Assert.Equal(-32000, RpcErrors.GetRpcCode(result.Error));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("{\"jsonrpc\":\"1.0\",\"id\":1,\"result\":\"0x1\"}")]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":999,\"result\":\"0x1\"}")]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":1}")]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"0x1\",\"result\":\"0x2\"}")]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"message\":\"no code\"}}")]
    public async Task SendAsync_MalformedResponse_ReturnsRpcMalformedResponse(string body)
    {
        var (rpc, _) = Create(_ => Json(body));
        var result = await rpc.SendAsync("eth_blockNumber", []);
        Assert.False(result.Succeeded);
        Assert.Equal(EthereumErrorCodes.RpcMalformedResponse, result.Error.Code);
    }

    // Fuzz findings (docs/security.md, jsonrpc target): JsonElement.TryGetInt64 threw
    // InvalidOperationException for an id or error code that is not a JSON number.
    [Theory]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":\"1\",\"result\":\"0x1\"}")]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":null,\"result\":\"0x1\"}")]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":[1],\"result\":\"0x1\"}")]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":\"-32000\",\"message\":\"x\"}}")]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":true,\"message\":\"x\"}}")]
    public async Task SendAsync_IdOrErrorCodeNotANumber_ReturnsRpcMalformedResponse(string body)
    {
        var (rpc, _) = Create(_ => Json(body));
        var result = await rpc.SendAsync("eth_blockNumber", []);
        Assert.Equal(EthereumErrorCodes.RpcMalformedResponse, result.Error?.Code);
    }

    [Theory]
    // The fuzzer's input: a batch answer whose second entry has the id "0x1".
    [InlineData("[{\"jsonrpc\":\"2.0\",\"id\":2,\"error\":{\"code\":-32005,\"mmssage\":\"Limit\"}},{\"jsonrpc\":\"2.0\",\"id\":\"0x1\"}]")]
    [InlineData("[{\"jsonrpc\":\"2.0\",\"id\":{},\"result\":\"0x1\"},{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":\"0x1\"}]")]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":\"parse\",\"message\":\"x\"}}")]
    public async Task SendBatchAsync_IdOrErrorCodeNotANumber_ReturnsRpcMalformedResponse(string body)
    {
        var (rpc, _) = Create(_ => Json(body));
        var results = await rpc.SendBatchAsync([RpcRequest.Create("eth_chainId"), RpcRequest.Create("eth_blockNumber")]);
        Assert.All(results, r => Assert.Equal(EthereumErrorCodes.RpcMalformedResponse, r.Error?.Code));
    }

    [Fact]
    public async Task SendAsync_ResponseTooLarge_ReturnsRpcResponseTooLarge()
    {
        var (rpc, _) = Create(r => Json(Reply(r, "\"0x" + new string('0', 4096) + "\"")), o => o.MaxResponseBytes = 1024);
        var result = await rpc.SendAsync("eth_call", []);
        Assert.Equal(EthereumErrorCodes.RpcResponseTooLarge, result.Error?.Code);
    }

    [Fact]
    public async Task SendAsync_ServerNeverAnswers_ReturnsRpcTimeout()
    {
        var handler = new HangingHandler();
        var rpc = new HttpEthereumRpc(new HttpClient(handler), new HttpEthereumRpcOptions { Endpoint = new Uri("http://127.0.0.1:8545/"), Timeout = TimeSpan.FromMilliseconds(50), MaxRetries = 0 });
        var result = await rpc.SendAsync("eth_blockNumber", []);
        Assert.Equal(EthereumErrorCodes.RpcTimeout, result.Error?.Code);
    }

    [Fact]
    public async Task SendAsync_Http503ThenSuccess_RetriesIdempotentRead()
    {
        var calls = 0;
        var (rpc, _) = Create(r => ++calls == 1 ? new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) : Json(Reply(r, "\"0xa\"")), o => o.MaxRetries = 2);
        var result = await rpc.SendAsync("eth_chainId", []);
        Assert.True(result.Succeeded);
        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task SendAsync_Http503Always_ReadTriedOncePlusMaxRetries()
    {
        var calls = 0;
        var (rpc, _) = Create(_ => { calls++; return new HttpResponseMessage(HttpStatusCode.ServiceUnavailable); }, o => o.MaxRetries = 3);
        var result = await rpc.SendAsync("eth_blockNumber", []);
        Assert.Equal(EthereumErrorCodes.RpcUnavailable, result.Error?.Code);
        Assert.Equal(4, calls);
    }

    [Fact]
    public async Task SendBatchAsync_BatchWithAWrite_NeverRetried()
    {
        var calls = 0;
        var (rpc, _) = Create(_ => { calls++; return new HttpResponseMessage(HttpStatusCode.ServiceUnavailable); }, o => o.MaxRetries = 3);
        var results = await rpc.SendBatchAsync([RpcRequest.Create("eth_chainId"), RpcRequest.Create("eth_sendRawTransaction", "0x00")]);
        Assert.All(results, r => Assert.Equal(EthereumErrorCodes.RpcUnavailable, r.Error?.Code));
        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task SendAsync_Http503OnSendRawTransaction_DoesNotRetry()
    {
        var calls = 0;
        var (rpc, _) = Create(_ => { calls++; return new HttpResponseMessage(HttpStatusCode.ServiceUnavailable); }, o => o.MaxRetries = 2);
        var result = await rpc.SendAsync("eth_sendRawTransaction", ["0x00"]);
        Assert.Equal(EthereumErrorCodes.RpcUnavailable, result.Error?.Code);
        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task SendBatchAsync_OutOfOrderAnswers_MatchedById()
    {
        var (rpc, _) = Create(batch =>
        {
            var items = batch.AsArray().Reverse().Select(r => Reply(r!, "\"" + r!["method"]!.GetValue<string>() + "\""));
            return Json("[" + string.Join(",", items) + "]");
        });
        var results = await rpc.SendBatchAsync([RpcRequest.Create("eth_chainId"), RpcRequest.Create("eth_blockNumber"), RpcRequest.Create("eth_gasPrice")]);
        Assert.Equal(["eth_chainId", "eth_blockNumber", "eth_gasPrice"], results.Select(r => r.ThrowIfFailed().GetString()));
    }

    [Fact]
    public async Task SendBatchAsync_MissingAnswer_ThatEntryMalformed()
    {
        var (rpc, _) = Create(batch => Json("[" + Reply(batch[0]!, "\"0x1\"") + "]"));
        var results = await rpc.SendBatchAsync([RpcRequest.Create("eth_chainId"), RpcRequest.Create("eth_blockNumber")]);
        Assert.True(results[0].Succeeded);
        Assert.Equal(EthereumErrorCodes.RpcMalformedResponse, results[1].Error?.Code);
    }

    [Fact]
    public async Task SendAsync_Request_IsJsonRpc20WithParams()
    {
        JsonNode? seen = null;
        var (rpc, _) = Create(r => { seen = r; return Json(Reply(r, "null")); });
        await rpc.SendAsync("eth_getCode", ["0x00", "latest"]);
        Assert.Equal("2.0", seen!["jsonrpc"]!.GetValue<string>());
        Assert.Equal("eth_getCode", seen["method"]!.GetValue<string>());
        Assert.Equal("[\"0x00\",\"latest\"]", seen["params"]!.ToJsonString());
    }

    private sealed class StubHandler(Func<JsonNode, HttpResponseMessage> respond) : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = await request.Content!.ReadAsStringAsync(cancellationToken);
            return respond(JsonNode.Parse(body)!);
        }
    }

    private sealed class HangingHandler : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException();
        }
    }
}
