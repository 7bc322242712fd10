using System.Net;
using System.Numerics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Did.Sdk.Ethereum;
using Did.Sdk.Ethereum.Abi;
using Did.Sdk.Ethereum.Rpc;

namespace Did.Sdk.Ethr.Tests;

/// <summary>Faults injected into the fake node: the outcome is a typed error or the correct document, never a wrong one.</summary>
public sealed class EthrFaultTests
{
    private const string IdentityHex = "0xf3beac30c498d9e26865f34fcaa57dbb935b0d74";
    private const string Did = "did:ethr:dev:" + IdentityHex;
    private static readonly EthereumAddress Identity = TestSupport.Address(IdentityHex);
    private static readonly EthereumAddress Alice = TestSupport.Address("0x1111111111111111111111111111111111111111");
    private static readonly EthereumAddress OtherContract = TestSupport.Address("0x9999999999999999999999999999999999999999");
    private static readonly DidResolutionOptions Plain = new() { Accept = MediaTypes.DidJson };

    private static FakeRegistryChain ChainWithHistory()
    {
        var chain = new FakeRegistryChain();
        chain.SetAttribute(Identity, "did/svc/HubService", "https://a.example"u8.ToArray(), 86400);
        chain.Mine();
        chain.AddDelegate(Identity, "veriKey", Alice, 86400);
        chain.Mine();
        return chain;
    }

    [Fact]
    public async Task ResolveAsync_GetLogsTimesOut_ReturnsRpcTimeout()
    {
        var chain = ChainWithHistory();
        chain.Intercept = (m, _) => m == "eth_getLogs" ? Result<JsonElement>.Failure(EthereumErrorCodes.RpcTimeout, "timeout") : null;
        var result = await TestSupport.Resolver(chain).ResolveAsync(Did);
        Assert.Equal(EthereumErrorCodes.RpcTimeout, result.Error?.Code);
    }

    [Fact]
    public async Task ResolveAsync_HttpNodeNeverAnswers_ReturnsRpcTimeout()
    {
        var rpc = new HttpEthereumRpc(new HttpClient(new HangingHandler()), new HttpEthereumRpcOptions { Endpoint = new Uri("http://127.0.0.1:8545/"), Timeout = TimeSpan.FromMilliseconds(50), MaxRetries = 0 });
        var result = await Resolver(rpc).ResolveAsync(Did);
        Assert.Equal(EthereumErrorCodes.RpcTimeout, result.Error?.Code);
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":")]
    [InlineData("{\"jsonrpc\":\"2.0\",\"result\":\"0xa\"}")]
    public async Task ResolveAsync_HttpNodeMalformedJson_ReturnsRpcMalformedResponse(string body)
    {
        var handler = new FixedHandler(body);
        var rpc = new HttpEthereumRpc(new HttpClient(handler), new HttpEthereumRpcOptions { Endpoint = new Uri("http://127.0.0.1:8545/"), MaxRetries = 0 });
        var result = await Resolver(rpc).ResolveAsync(Did);
        Assert.Equal(EthereumErrorCodes.RpcMalformedResponse, result.Error?.Code);
    }

    [Theory]
    [InlineData("eth_call", "12")]
    [InlineData("eth_call", "\"0x1234\"")]
    [InlineData("eth_getBlockByNumber", "{\"number\":\"0x1\"}")]
    [InlineData("eth_getLogs", "{}")]
    [InlineData("eth_getLogs", "[{\"address\":\"0x00\"}]")]
    public async Task ResolveAsync_WrongResultShape_ReturnsRpcMalformedResponse(string method, string json)
    {
        var chain = ChainWithHistory();
        chain.Intercept = (m, _) => m == method ? JsonDocument.Parse(json).RootElement.Clone() : null;
        var result = await TestSupport.Resolver(chain).ResolveAsync(Did);
        Assert.False(result.Succeeded);
        Assert.Contains(result.Error.Code, new[] { EthereumErrorCodes.RpcMalformedResponse, EthrErrorCodes.HistoryInconsistent });
    }

    [Fact]
    public async Task ResolveAsync_NodeOnWrongChain_ReturnsChainIdMismatch()
    {
        var chain = ChainWithHistory();
        chain.ChainId = 8453;
        var options = new EthrDidResolverOptions();
        options.Networks.Add(new EthrNetworkOptions { Name = "dev", ChainId = 10, Rpc = chain, RegistryAddress = FakeRegistryChain.Registry.ToString() });
        var result = await new EthrDidResolver(options, timeProvider: TestSupport.ClockAt(chain)).ResolveAsync(Did);
        Assert.Equal(EthereumErrorCodes.ChainIdMismatch, result.Error?.Code);
    }

    [Fact]
    public async Task ResolveAsync_NoCodeAtRegistry_ReturnsRegistryNotFound()
    {
        var chain = ChainWithHistory();
        chain.RegistryDeployed = false;
        var result = await TestSupport.Resolver(chain).ResolveAsync(Did);
        Assert.Equal(EthrErrorCodes.RegistryNotFound, result.Error?.Code);
    }

    [Fact]
    public async Task ResolveAsync_RpcErrorObject_ReturnsRpcError()
    {
        var chain = ChainWithHistory();
        chain.Intercept = (m, _) => m == "eth_call" ? Result<JsonElement>.Failure(RpcErrors.Create(-32000, "missing trie node")) : null;
        var result = await TestSupport.Resolver(chain).ResolveAsync(Did);
        Assert.Equal(EthereumErrorCodes.RpcError, result.Error?.Code);
    }

    [Fact]
    public async Task ResolveAsync_LogsFromAnotherContractOrIdentity_Ignored()
    {
        var chain = ChainWithHistory();
        var expected = TestSupport.ToNode((await TestSupport.Resolver(chain).ResolveAsync(Did, Plain)).ThrowIfFailed()).ToJsonString();

        // A forged owner change from another contract, and a real-looking registry log for another identity, in every answer.
        chain.InjectedLogs.Add(FakeRegistryChain.MakeLog(OtherContract, Identity, 2, EthrRegistryHistory.OwnerChanged, [Alice, BigInteger.Zero]));
        chain.InjectedLogs.Add(FakeRegistryChain.MakeLog(FakeRegistryChain.Registry, Alice, 2, EthrRegistryHistory.OwnerChanged, [OtherContract, BigInteger.Zero]));
        var result = await TestSupport.Resolver(chain).ResolveAsync(Did, Plain);
        Assert.Equal(expected, TestSupport.ToNode(result.ThrowIfFailed()).ToJsonString());
    }

    [Fact]
    public async Task ResolveAsync_PreviousChangeCycle_ReturnsHistoryInconsistent()
    {
        var chain = new FakeRegistryChain();
        for (var i = 0; i < 5; i++)
        {
            chain.Mine();
        }

        var name = FakeRegistryChain.Bytes32("did/svc/X");
        chain.EmitRaw(Identity, 5, EthrRegistryHistory.AttributeChanged, name, "https://a"u8.ToArray(), new BigInteger(ulong.MaxValue), new BigInteger(3));
        chain.EmitRaw(Identity, 3, EthrRegistryHistory.AttributeChanged, name, "https://b"u8.ToArray(), new BigInteger(ulong.MaxValue), new BigInteger(5));
        var result = await TestSupport.Resolver(chain).ResolveAsync(Did);
        Assert.Equal(EthrErrorCodes.HistoryInconsistent, result.Error?.Code);
    }

    [Fact]
    public async Task ResolveAsync_PreviousChangeToPrunedBlock_ReturnsHistoryInconsistent()
    {
        var chain = new FakeRegistryChain();
        for (var i = 0; i < 5; i++)
        {
            chain.Mine();
        }

        chain.EmitRaw(Identity, 5, EthrRegistryHistory.AttributeChanged, FakeRegistryChain.Bytes32("did/svc/X"), "https://a"u8.ToArray(), new BigInteger(ulong.MaxValue), new BigInteger(3));
        var result = await TestSupport.Resolver(chain).ResolveAsync(Did);
        Assert.Equal(EthrErrorCodes.HistoryInconsistent, result.Error?.Code);
    }

    [Fact]
    public async Task ResolveAsync_PreviousChangeBeforeDeployment_ReturnsHistoryInconsistent()
    {
        var chain = ChainWithHistory();
        var options = new EthrDidResolverOptions();
        options.Networks.Add(new EthrNetworkOptions { Name = "dev", ChainId = 10, Rpc = chain, RegistryAddress = FakeRegistryChain.Registry.ToString(), DeploymentBlock = 2 });
        var result = await new EthrDidResolver(options, timeProvider: TestSupport.ClockAt(chain)).ResolveAsync(Did);
        Assert.Equal(EthrErrorCodes.HistoryInconsistent, result.Error?.Code);
    }

    [Fact]
    public async Task ResolveAsync_HistoryBeyondCap_ReturnsHistoryTooLarge()
    {
        var chain = new FakeRegistryChain();
        for (var i = 0; i < 12; i++)
        {
            chain.SetAttribute(Identity, "did/svc/S" + i, Encoding.UTF8.GetBytes("https://s" + i), 86400);
            chain.Mine();
        }

        var result = await TestSupport.Resolver(chain, configure: o => o.MaxEventsPerResolution = 10).ResolveAsync(Did);
        Assert.Equal(EthrErrorCodes.HistoryTooLarge, result.Error?.Code);
        Assert.True((await TestSupport.Resolver(chain, configure: o => o.MaxEventsPerResolution = 12).ResolveAsync(Did)).Succeeded);
    }

    [Fact]
    public async Task ResolveAsync_OwnerDisagreesWithIdentityOwner_ReturnsHistoryInconsistent()
    {
        var chain = ChainWithHistory();
        var ownerSelector = Hex.Encode(AbiCodec.Selector("identityOwner(address)"));
        chain.Intercept = (m, p) => m == "eth_call" && p[0]!["data"]!.GetValue<string>().StartsWith(ownerSelector, StringComparison.Ordinal)
            ? JsonDocument.Parse("\"" + Hex.Encode(AbiCodec.Encode([AbiType.Address], [Alice])) + "\"").RootElement.Clone()
            : null;
        var result = await TestSupport.Resolver(chain).ResolveAsync(Did);
        Assert.Equal(EthrErrorCodes.HistoryInconsistent, result.Error?.Code);
    }

    [Fact]
    public async Task ResolveAsync_ReorgReplacesCachedTopBlock_ReturnsNewHistory()
    {
        var chain = new FakeRegistryChain();
        chain.SetAttribute(Identity, "did/svc/Old", "https://old.example"u8.ToArray(), 86400);
        chain.Mine();
        chain.SetAttribute(Identity, "did/svc/Replaced", "https://replaced.example"u8.ToArray(), 86400);
        var top = chain.Head;
        chain.Mine();
        var resolver = TestSupport.Resolver(chain);
        var before = TestSupport.ToNode((await resolver.ResolveAsync(Did, Plain)).ThrowIfFailed());
        Assert.Equal(2, before["service"]!.AsArray().Count);

        // The block holding the last change is replaced by one holding a different change, at the same height.
        chain.DropLogsAndReorg(top);
        chain.EmitRaw(Identity, top, EthrRegistryHistory.AttributeChanged, FakeRegistryChain.Bytes32("did/svc/New"), "https://new.example"u8.ToArray(), new BigInteger(ulong.MaxValue), new BigInteger(top - 1));
        var after = TestSupport.ToNode((await resolver.ResolveAsync(Did, Plain)).ThrowIfFailed());
        Assert.Equal(["Old", "New"], after["service"]!.AsArray().Select(s => s!["type"]!.GetValue<string>()));
        Assert.Equal(after.ToJsonString(), TestSupport.ToNode((await TestSupport.Resolver(chain).ResolveAsync(Did, Plain)).ThrowIfFailed()).ToJsonString());
    }

    [Fact]
    public async Task ResolveAsync_ReorgBelowCachedTop_NewerChangesReadAndOldHistoryRechecked()
    {
        var chain = new FakeRegistryChain();
        chain.SetAttribute(Identity, "did/svc/A", "https://a.example"u8.ToArray(), 86400);
        var cachedTop = chain.Head;
        chain.Mine();
        var resolver = TestSupport.Resolver(chain);
        _ = (await resolver.ResolveAsync(Did, Plain)).ThrowIfFailed();

        chain.DropLogsAndReorg(cachedTop);
        chain.EmitRaw(Identity, cachedTop, EthrRegistryHistory.AttributeChanged, FakeRegistryChain.Bytes32("did/svc/B"), "https://b.example"u8.ToArray(), new BigInteger(ulong.MaxValue), BigInteger.Zero);
        chain.SetAttribute(Identity, "did/svc/C", "https://c.example"u8.ToArray(), 86400);
        chain.Mine();
        var after = TestSupport.ToNode((await resolver.ResolveAsync(Did, Plain)).ThrowIfFailed());
        Assert.Equal(["B", "C"], after["service"]!.AsArray().Select(s => s!["type"]!.GetValue<string>()));
    }

    [Fact]
    public async Task ResolveAsync_NonUtf8AttributeName_SkippedButWalkContinues()
    {
        var chain = new FakeRegistryChain();
        chain.SetAttribute(Identity, "did/svc/A", "https://a.example"u8.ToArray(), 86400);
        chain.Mine();
        var raw = new byte[32];
        raw[0] = 0xff;
        chain.SetAttribute(Identity, raw, [1, 2, 3], 86400);
        chain.Mine();
        var doc = TestSupport.ToNode((await TestSupport.Resolver(chain).ResolveAsync(Did, Plain)).ThrowIfFailed());
        Assert.Single(doc["service"]!.AsArray());
    }

    [Fact]
    public async Task ResolveAsync_Cancelled_Throws()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        var resolver = TestSupport.Resolver(ChainWithHistory());
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await resolver.ResolveAsync(Sdk.Did.Parse(Did).ThrowIfFailed(), DidResolutionOptions.Default, cts.Token));
    }

    [Fact]
    public async Task ResolveAsync_RandomFaults_NeverWrongDocument()
    {
        var chain = ChainWithHistory();
        var expected = TestSupport.ToNode((await TestSupport.Resolver(chain).ResolveAsync(Did, Plain)).ThrowIfFailed()).ToJsonString();
        string[] methods = ["eth_chainId", "eth_getBlockByNumber", "eth_getCode", "eth_call", "eth_getLogs"];
        string[] garbage = ["null", "1", "\"0x\"", "\"0xzz\"", "[]", "{}", "\"0x" + new string('f', 64) + "\""];
        await Gen.Select(Gen.Int[0, methods.Length - 1], Gen.Int[0, garbage.Length - 1], Gen.Int[1, 4]).SampleAsync(async (m, g, nth) =>
        {
            var seen = 0;
            chain.Intercept = (method, _) => method == methods[m] && ++seen == nth ? JsonDocument.Parse(garbage[g]).RootElement.Clone() : null;
            var result = await TestSupport.Resolver(chain).ResolveAsync(Did, Plain);
            chain.Intercept = null;
            Assert.True(!result.Succeeded || TestSupport.ToNode(result.DidDocument).ToJsonString() == expected, $"{methods[m]} #{nth} -> {garbage[g]} gave a wrong document");
        }, iter: 200);
    }

    private static EthrDidResolver Resolver(IEthereumRpc rpc)
    {
        var options = new EthrDidResolverOptions();
        options.Networks.Add(new EthrNetworkOptions { Name = "dev", ChainId = 10, Rpc = rpc, RegistryAddress = FakeRegistryChain.Registry.ToString() });
        return new EthrDidResolver(options);
    }

    private sealed class HangingHandler : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException();
        }
    }

    private sealed class FixedHandler(string body) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            => Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") });
    }
}
