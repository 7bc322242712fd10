using System.Net;
using System.Text;
using System.Text.Json;

namespace Did.Sdk.Devnet.Tests;

/// <summary>The HTTP door answers every request with JSON-RPC, however malformed or large, and keeps serving.</summary>
public sealed class JsonRpcServerTests : IAsyncLifetime
{
    private readonly HttpClient _http = new();
    private Devnet _devnet = null!;
    private DevnetServer _server = null!;

    public async Task InitializeAsync()
    {
        _devnet = await TestSupport.StartAsync(o => { o.MaxRequestBytes = 4096; o.MaxBatchSize = 3; });
        _server = await _devnet.ServeHttpAsync();
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _devnet.DisposeAsync();
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await _http.PostAsync(_server.Url, content);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    private static int Code(JsonElement response) => response.GetProperty("error").GetProperty("code").GetInt32();

    [Fact]
    public async Task Post_InvalidJson_ParseError()
    {
        var (status, body) = await PostAsync("{\"jsonrpc\":\"2.0\",\"id\":1,");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(-32700, Code(body));
        Assert.Equal(JsonValueKind.Null, body.GetProperty("id").ValueKind);
    }

    [Fact]
    public async Task Post_UnknownMethod_MethodNotFound()
    {
        var (_, body) = await PostAsync("""{"jsonrpc":"2.0","id":"a","method":"eth_mine_gold","params":[]}""");

        Assert.Equal(-32601, Code(body));
        Assert.Equal("a", body.GetProperty("id").GetString());
    }

    [Fact]
    public async Task Post_BadAddress_InvalidParams()
    {
        var (_, body) = await PostAsync("""{"jsonrpc":"2.0","id":2,"method":"eth_getBalance","params":["0x12","latest"]}""");

        Assert.Equal(-32602, Code(body));
    }

    [Fact]
    public async Task Post_ParamsObject_InvalidParams()
    {
        var (_, body) = await PostAsync("""{"jsonrpc":"2.0","id":2,"method":"eth_chainId","params":{"a":1}}""");

        Assert.Equal(-32602, Code(body));
    }

    [Fact]
    public async Task Post_MethodNotString_InvalidRequest()
    {
        var (_, body) = await PostAsync("""{"jsonrpc":"2.0","id":3,"method":7}""");

        Assert.Equal(-32600, Code(body));
    }

    [Fact]
    public async Task Post_EmptyBatch_InvalidRequest()
    {
        var (_, body) = await PostAsync("[]");

        Assert.Equal(-32600, Code(body));
        Assert.Equal("empty batch", body.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task Post_BatchAboveTheBound_InvalidRequest()
    {
        var call = """{"jsonrpc":"2.0","id":1,"method":"eth_chainId"}""";

        var (_, body) = await PostAsync($"[{call},{call},{call},{call}]");

        Assert.Equal(JsonValueKind.Object, body.ValueKind);
        Assert.Equal(-32600, Code(body));
    }

    [Fact]
    public async Task Post_OversizedBody_413WithJsonRpcErrorAndServerStillServes()
    {
        var big = """{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[""" + "\"" + new string('a', 8000) + "\"]}";

        var (status, body) = await PostAsync(big);
        var (_, after) = await PostAsync("""{"jsonrpc":"2.0","id":9,"method":"eth_chainId"}""");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Equal(-32600, Code(body));
        Assert.Equal("0x7a69", after.GetProperty("result").GetString());
    }

    [Fact]
    public async Task Post_OversizedChunkedBody_413()
    {
        using var content = new StreamContent(new MemoryStream(new byte[10_000]));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, _server.Url) { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Get_MethodNotAllowed()
    {
        using var response = await _http.GetAsync(_server.Url);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    [Fact]
    public async Task Post_Notification_NoResponseBody()
    {
        using var content = new StringContent("""{"jsonrpc":"2.0","method":"eth_chainId"}""", Encoding.UTF8, "application/json");
        using var response = await _http.PostAsync(_server.Url, content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Post_MixedBatch_OneAnswerPerCallWithItsId()
    {
        var (_, body) = await PostAsync("""[{"jsonrpc":"2.0","id":1,"method":"eth_chainId"},{"jsonrpc":"2.0","id":2,"method":"nope"},5]""");

        var answers = body.EnumerateArray().ToList();
        Assert.Equal(3, answers.Count);
        Assert.Equal("0x7a69", answers[0].GetProperty("result").GetString());
        Assert.Equal(2, answers[1].GetProperty("id").GetInt32());
        Assert.Equal(-32601, Code(answers[1]));
        Assert.Equal(-32600, Code(answers[2]));
    }

    [Fact]
    public async Task Post_RevertingCall_Code3WithRevertData()
    {
        using var key = _devnet.Accounts[0].CreateKey();
        var data = Ethereum.Hex.Encode(TestSupport.SetAttribute(_devnet.Accounts[0].Address, "did/svc/Hub", [1]));
        var request = $$"""{"jsonrpc":"2.0","id":1,"method":"eth_call","params":[{"from":"{{_devnet.Accounts[1].Address}}","to":"{{_devnet.RegistryAddress}}","data":"{{data}}"},"latest"]}""";

        var (_, body) = await PostAsync(request);

        var error = body.GetProperty("error");
        Assert.Equal(3, error.GetProperty("code").GetInt32());
        Assert.Equal("execution reverted: bad_actor", error.GetProperty("message").GetString());
        Assert.StartsWith("0x08c379a0", error.GetProperty("data").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_IdentityMethods_AsHardhat()
    {
        var (_, body) = await PostAsync("""[{"jsonrpc":"2.0","id":1,"method":"eth_chainId"},{"jsonrpc":"2.0","id":2,"method":"net_version"},{"jsonrpc":"2.0","id":3,"method":"web3_clientVersion"}]""");

        var answers = body.EnumerateArray().ToDictionary(a => a.GetProperty("id").GetInt32(), a => a.GetProperty("result").GetString());
        Assert.Equal("0x7a69", answers[1]);
        Assert.Equal("31337", answers[2]);
        Assert.StartsWith("Did.Sdk.Devnet/", answers[3], StringComparison.Ordinal);
        Assert.Equal("127.0.0.1", _server.Url.Host);
    }

    [Fact]
    public async Task ServeHttpAsync_PortTaken_IOException()
    {
        await Assert.ThrowsAnyAsync<IOException>(async () => await _devnet.ServeHttpAsync(_server.Url.Port));

        var (_, body) = await PostAsync("""{"jsonrpc":"2.0","id":1,"method":"eth_blockNumber"}""");
        Assert.Equal("0x0", body.GetProperty("result").GetString());
    }

    [Fact]
    public void Methods_IncludeTheRequiredSet()
    {
        string[] required =
        [
            "eth_chainId", "net_version", "web3_clientVersion", "eth_blockNumber", "eth_getBlockByNumber", "eth_getBlockByHash", "eth_call",
            "eth_estimateGas", "eth_getLogs", "eth_getCode", "eth_getBalance", "eth_getStorageAt", "eth_getTransactionCount",
            "eth_sendRawTransaction", "eth_getTransactionByHash", "eth_getTransactionReceipt", "eth_feeHistory", "eth_maxPriorityFeePerGas",
            "eth_gasPrice", "evm_mine", "evm_setNextBlockTimestamp", "evm_increaseTime", "evm_snapshot", "evm_revert", "devnet_reorg",
        ];

        Assert.Empty(required.Except(_devnet.Methods));
    }
}
