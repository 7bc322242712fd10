using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Did.Sdk.Ethereum;
using Did.Sdk.Ethereum.Rpc;
using Microsoft.Extensions.DependencyInjection;

namespace Did.Sdk.Ethr.Tests;

public sealed class EthrDidResolverTests
{
    private const string IdentityHex = "0xf3beac30c498d9e26865f34fcaa57dbb935b0d74";
    private const string Did = "did:ethr:dev:" + IdentityHex;
    private static readonly EthereumAddress Identity = TestSupport.Address(IdentityHex);
    private static readonly EthereumAddress Alice = TestSupport.Address("0x1111111111111111111111111111111111111111");
    private static readonly EthereumAddress Bob = TestSupport.Address("0x2222222222222222222222222222222222222222");
    private static readonly DidResolutionOptions Plain = new() { Accept = MediaTypes.DidJson };

    [Theory]
    [InlineData("pending")]
    [InlineData("earliest")]
    [InlineData("0x10")]
    public async Task ResolveAsync_UnsupportedBlockTag_ReturnsInvalidOptions(string tag)
    {
        var result = await TestSupport.Resolver(new FakeRegistryChain()).ResolveAsync(Did, new DidResolutionOptions { Extensions = new Dictionary<string, string> { ["blockTag"] = tag } });
        Assert.Equal(DidResolutionErrors.InvalidOptions, result.Error?.Code);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("-1")]
    [InlineData("0x2")]
    [InlineData("")]
    public async Task ResolveAsync_MalformedVersionId_ReturnsInvalidOptions(string versionId)
    {
        var result = await TestSupport.Resolver(new FakeRegistryChain()).ResolveAsync(Did, new DidResolutionOptions { VersionId = versionId });
        Assert.Equal(DidResolutionErrors.InvalidOptions, result.Error?.Code);
    }

    [Fact]
    public async Task ResolveAsync_VersionIdAndVersionTime_ReturnsInvalidOptions()
    {
        var result = await TestSupport.Resolver(new FakeRegistryChain()).ResolveAsync(Did, new DidResolutionOptions { VersionId = "1", VersionTime = DateTimeOffset.UnixEpoch });
        Assert.Equal(DidResolutionErrors.InvalidOptions, result.Error?.Code);
    }

    [Fact]
    public async Task ResolveAsync_VersionIdAfterHead_ReturnsNotFound()
    {
        var result = await TestSupport.Resolver(new FakeRegistryChain()).ResolveAsync(Did, new DidResolutionOptions { VersionId = "999" });
        Assert.Equal(DidResolutionErrors.NotFound, result.Error?.Code);
    }

    [Fact]
    public async Task ResolveAsync_OtherMethod_ReturnsMethodNotSupported()
    {
        var result = await TestSupport.Resolver(new FakeRegistryChain()).ResolveAsync("did:key:z6Mk");
        Assert.Equal(DidResolutionErrors.MethodNotSupported, result.Error?.Code);
    }

    [Fact]
    public async Task ResolveAsync_HexChainIdNetwork_SameAsName()
    {
        var chain = new FakeRegistryChain();
        var resolver = TestSupport.Resolver(chain);
        var byName = await resolver.ResolveAsync(Did, Plain);
        var byHex = await resolver.ResolveAsync("did:ethr:0xA:" + IdentityHex, Plain);
        Assert.Equal(
            TestSupport.ToNode(byName.ThrowIfFailed()).ToJsonString().Replace("dev:", string.Empty, StringComparison.Ordinal),
            TestSupport.ToNode(byHex.ThrowIfFailed()).ToJsonString().Replace("0xA:", string.Empty, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ResolveAsync_OwnerChanged_ControllerIsNewOwnerWithVersionMetadata()
    {
        var chain = new FakeRegistryChain();
        chain.ChangeOwner(Identity, Alice);
        var block = chain.Head;
        chain.Mine();
        var result = await TestSupport.Resolver(chain).ResolveAsync(Did, Plain);

        TestSupport.AssertJsonEqual(JsonNode.Parse($$"""
            {"id":"{{Did}}","verificationMethod":[{"id":"{{Did}}#controller","type":"EcdsaSecp256k1RecoveryMethod2020","controller":"{{Did}}","blockchainAccountId":"eip155:10:{{Alice}}"}],
             "authentication":["{{Did}}#controller"],"assertionMethod":["{{Did}}#controller"]}
            """), TestSupport.ToNode(result.ThrowIfFailed()));
        Assert.Equal(block.ToString(System.Globalization.CultureInfo.InvariantCulture), result.DidDocumentMetadata.VersionId);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds((long)chain.TimeOf(block)), result.DidDocumentMetadata.Updated);
        Assert.Null(result.DidDocumentMetadata.NextVersionId);
        var extra = result.DidResolutionMetadata.AdditionalProperties!;
        Assert.Equal("latest", extra["blockTag"].GetString());
        Assert.Equal(chain.Head, extra["blockNumber"].GetUInt64());
        Assert.Equal(chain.HashOf(chain.Head), extra["blockHash"].GetString());
        Assert.Equal(10UL, extra["chainId"].GetUInt64());
    }

    [Fact]
    public async Task ResolveAsync_PublicKeyDidAfterOwnerChange_DropsControllerKey()
    {
        const string key = "0x0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798";
        var chain = new FakeRegistryChain();
        var resolver = TestSupport.Resolver(chain);
        var before = TestSupport.ToNode((await resolver.ResolveAsync("did:ethr:dev:" + key, Plain)).ThrowIfFailed());
        Assert.Equal(2, before["verificationMethod"]!.AsArray().Count);
        Assert.Equal(key[2..], before["verificationMethod"]![1]!["publicKeyHex"]!.GetValue<string>());

        chain.ChangeOwner(TestSupport.Address("0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf"), Alice);
        chain.Mine();
        var after = TestSupport.ToNode((await resolver.ResolveAsync("did:ethr:dev:" + key, Plain)).ThrowIfFailed());
        Assert.Single(after["verificationMethod"]!.AsArray());
        Assert.Equal(["did:ethr:dev:" + key + "#controller"], after["authentication"]!.AsArray().Select(n => n!.GetValue<string>()));
    }

    [Fact]
    public async Task ResolveAsync_DelegatesWithExpiryAndRevocation_FollowEventOrder()
    {
        var chain = new FakeRegistryChain();
        chain.AddDelegate(Identity, "sigAuth", Alice, 100);
        chain.Mine();
        chain.AddDelegate(Identity, "veriKey", Bob, 10_000);
        chain.Mine();
        var time = TestSupport.ClockAt(chain);
        var resolver = TestSupport.Resolver(chain, time);

        var both = TestSupport.ToNode((await resolver.ResolveAsync(Did, Plain)).ThrowIfFailed());
        Assert.Equal([$"{Did}#controller", $"{Did}#delegate-1", $"{Did}#delegate-2"], Ids(both["verificationMethod"]));
        Assert.Equal([$"{Did}#controller", $"{Did}#delegate-1"], Refs(both["authentication"]));
        Assert.Equal([$"{Did}#controller", $"{Did}#delegate-1", $"{Did}#delegate-2"], Refs(both["assertionMethod"]));
        Assert.Equal($"eip155:10:{Bob}", both["verificationMethod"]![2]!["blockchainAccountId"]!.GetValue<string>());

        time.Advance(TimeSpan.FromSeconds(200));
        var expired = TestSupport.ToNode((await resolver.ResolveAsync(Did, Plain)).ThrowIfFailed());
        Assert.Equal([$"{Did}#controller", $"{Did}#delegate-2"], Ids(expired["verificationMethod"]));
        Assert.Equal([$"{Did}#controller"], Refs(expired["authentication"]));

        chain.RevokeDelegate(Identity, "veriKey", Bob);
        chain.Mine();
        time.Advance(TimeSpan.FromSeconds(60));
        var revoked = TestSupport.ToNode((await resolver.ResolveAsync(Did, Plain)).ThrowIfFailed());
        Assert.Equal([$"{Did}#controller"], Ids(revoked["verificationMethod"]));
    }

    [Fact]
    public async Task ResolveAsync_KeyAttributes_MapToVerificationMethodsAndKeyAgreement()
    {
        var chain = new FakeRegistryChain();
        var ed = Convert.FromHexString("c642b35757cc36906fa75fa0338bf33e5210c5bce4769324801fd64276d69d07");
        var x = Convert.FromHexString("118557777ffb078774371a52b00fed75561dcf975e61c47553e664a617661052");
        chain.SetAttribute(Identity, "did/pub/Ed25519/veriKey/base58", ed, 86400);
        chain.SetAttribute(Identity, "did/pub/X25519/enc/base64", x, 86400);
        chain.SetAttribute(Identity, "did/pub/Secp256k1/sigAuth/hex", Convert.FromHexString("02b97c30de767f084ce3080168ee293053ba33b235d7116a3263d29f1450936b71"), 86400);
        chain.Mine();
        var resolver = TestSupport.Resolver(chain);
        var doc = TestSupport.ToNode((await resolver.ResolveAsync(Did, Plain)).ThrowIfFailed());

        TestSupport.AssertJsonEqual(JsonNode.Parse($$"""
            [{"id":"{{Did}}#controller","type":"EcdsaSecp256k1RecoveryMethod2020","controller":"{{Did}}","blockchainAccountId":"eip155:10:{{Identity}}"},
             {"id":"{{Did}}#delegate-1","type":"Ed25519VerificationKey2018","controller":"{{Did}}","publicKeyBase58":"{{Jose.Multibase.Encode(ed)[1..]}}"},
             {"id":"{{Did}}#delegate-2","type":"X25519KeyAgreementKey2019","controller":"{{Did}}","publicKeyBase64":"{{Convert.ToBase64String(x)}}"},
             {"id":"{{Did}}#delegate-3","type":"EcdsaSecp256k1VerificationKey2019","controller":"{{Did}}","publicKeyHex":"02b97c30de767f084ce3080168ee293053ba33b235d7116a3263d29f1450936b71"}]
            """), doc["verificationMethod"]);
        Assert.Equal([$"{Did}#delegate-2"], Refs(doc["keyAgreement"]));
        Assert.Equal([$"{Did}#controller", $"{Did}#delegate-3"], Refs(doc["authentication"]));
        Assert.Equal([$"{Did}#controller", $"{Did}#delegate-1", $"{Did}#delegate-3"], Refs(doc["assertionMethod"]));

        chain.RevokeAttribute(Identity, "did/pub/X25519/enc/base64", x);
        chain.Mine();
        var revoked = TestSupport.ToNode((await resolver.ResolveAsync(Did, Plain)).ThrowIfFailed());
        Assert.Null(revoked["keyAgreement"]);
        Assert.Equal([$"{Did}#controller", $"{Did}#delegate-1", $"{Did}#delegate-3"], Ids(revoked["verificationMethod"]));
    }

    [Fact]
    public async Task ResolveAsync_ServiceEndpoints_StringObjectAndArray()
    {
        var chain = new FakeRegistryChain();
        chain.SetAttribute(Identity, "did/svc/HubService", "https://hubs.uport.me"u8.ToArray(), 86400);
        chain.SetAttribute(Identity, "did/svc/DIDCommMessaging", """{"uri":"https://x.example","accept":["didcomm/v2"]}"""u8.ToArray(), 86400);
        chain.SetAttribute(Identity, "did/svc/LinkedDomains", """["https://a.example","https://b.example"]"""u8.ToArray(), 86400);
        chain.SetAttribute(Identity, "did/svc/Broken", new byte[] { 0xff, 0xfe }, 86400);
        chain.Mine();
        var doc = TestSupport.ToNode((await TestSupport.Resolver(chain).ResolveAsync(Did, Plain)).ThrowIfFailed());
        TestSupport.AssertJsonEqual(JsonNode.Parse($$$"""
            [{"id":"{{{Did}}}#service-1","type":"HubService","serviceEndpoint":"https://hubs.uport.me"},
             {"id":"{{{Did}}}#service-2","type":"DIDCommMessaging","serviceEndpoint":{"uri":"https://x.example","accept":["didcomm/v2"]}},
             {"id":"{{{Did}}}#service-3","type":"LinkedDomains","serviceEndpoint":["https://a.example","https://b.example"]}]
            """), doc["service"]);
    }

    [Fact]
    public async Task ResolveAsync_Deactivated_EmptyDocumentAndDeactivatedMetadata()
    {
        var chain = new FakeRegistryChain();
        chain.AddDelegate(Identity, "veriKey", Alice, 86400);
        chain.Mine();
        chain.ChangeOwner(Identity, EthereumAddress.Zero);
        var block = chain.Head;
        chain.Mine();
        var result = await TestSupport.Resolver(chain).ResolveAsync(Did);
        TestSupport.AssertJsonEqual(JsonNode.Parse($$"""
            {"@context":["https://www.w3.org/ns/did/v1","https://w3id.org/security/suites/secp256k1recovery-2020/v2","https://w3id.org/security/v3-unstable"],
             "id":"{{Did}}","verificationMethod":[],"authentication":[],"assertionMethod":[]}
            """), TestSupport.ToNode(result.ThrowIfFailed()));
        Assert.True(result.DidDocumentMetadata.Deactivated);
        Assert.Equal(block.ToString(System.Globalization.CultureInfo.InvariantCulture), result.DidDocumentMetadata.VersionId);
    }

    [Fact]
    public async Task ResolveAsync_VersionIdAndVersionTime_ReturnEarlierVersionWithNextVersion()
    {
        var chain = new FakeRegistryChain();
        chain.SetAttribute(Identity, "did/svc/HubService", "https://a.example"u8.ToArray(), 86400);
        var first = chain.Head;
        chain.Mine(100);
        chain.ChangeOwner(Identity, Alice);
        var second = chain.Head;
        chain.Mine();
        var resolver = TestSupport.Resolver(chain);

        var byId = await resolver.ResolveAsync(Did, new DidResolutionOptions { Accept = MediaTypes.DidJson, VersionId = first.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        var byTime = await resolver.ResolveAsync(Did, new DidResolutionOptions { Accept = MediaTypes.DidJson, VersionTime = DateTimeOffset.FromUnixTimeSeconds((long)chain.TimeOf(first) + 50) });
        foreach (var result in new[] { byId, byTime })
        {
            var doc = TestSupport.ToNode(result.ThrowIfFailed());
            Assert.Equal($"eip155:10:{Identity}", doc["verificationMethod"]![0]!["blockchainAccountId"]!.GetValue<string>());
            Assert.Single(doc["service"]!.AsArray());
            Assert.Equal(first.ToString(System.Globalization.CultureInfo.InvariantCulture), result.DidDocumentMetadata.VersionId);
            Assert.Equal(second.ToString(System.Globalization.CultureInfo.InvariantCulture), result.DidDocumentMetadata.NextVersionId);
            Assert.Equal(DateTimeOffset.FromUnixTimeSeconds((long)chain.TimeOf(second)), result.DidDocumentMetadata.NextUpdate);
        }

        var beforeAll = await resolver.ResolveAsync(Did, new DidResolutionOptions { Accept = MediaTypes.DidJson, VersionTime = DateTimeOffset.FromUnixTimeSeconds((long)FakeRegistryChain.GenesisTime) });
        Assert.Null(beforeAll.DidDocumentMetadata.VersionId);
        Assert.Equal(first.ToString(System.Globalization.CultureInfo.InvariantCulture), beforeAll.DidDocumentMetadata.NextVersionId);
        Assert.Null(TestSupport.ToNode(beforeAll.ThrowIfFailed())["service"]);
    }

    [Fact]
    public async Task ResolveAsync_FinalizedTag_ReflectsFinalizedBlockAndReportsIt()
    {
        var chain = new FakeRegistryChain();
        chain.SetAttribute(Identity, "did/svc/HubService", "https://a.example"u8.ToArray(), 86400);
        var finalized = chain.Head;
        chain.Mine();
        chain.ChangeOwner(Identity, Alice);
        chain.Mine();
        chain.Finalized = finalized;
        chain.Safe = chain.Head;
        var resolver = TestSupport.Resolver(chain);

        var result = await resolver.ResolveAsync(Did, new DidResolutionOptions { Accept = MediaTypes.DidJson, Extensions = new Dictionary<string, string> { ["blockTag"] = "finalized" } });
        var doc = TestSupport.ToNode(result.ThrowIfFailed());
        Assert.Equal($"eip155:10:{Identity}", doc["verificationMethod"]![0]!["blockchainAccountId"]!.GetValue<string>());
        var extra = result.DidResolutionMetadata.AdditionalProperties!;
        Assert.Equal("finalized", extra["blockTag"].GetString());
        Assert.Equal(finalized, extra["blockNumber"].GetUInt64());
        Assert.Equal(chain.HashOf(finalized), extra["blockHash"].GetString());

        var safe = await resolver.ResolveAsync(Did, new DidResolutionOptions { Accept = MediaTypes.DidJson, Extensions = new Dictionary<string, string> { ["blockTag"] = "safe" } });
        Assert.Equal($"eip155:10:{Alice}", TestSupport.ToNode(safe.ThrowIfFailed())["verificationMethod"]![0]!["blockchainAccountId"]!.GetValue<string>());
    }

    [Fact]
    public async Task ResolveAsync_NodeWithoutFinality_ReturnsRpcNotFound()
    {
        var result = await TestSupport.Resolver(new FakeRegistryChain()).ResolveAsync(Did, new DidResolutionOptions { Extensions = new Dictionary<string, string> { ["blockTag"] = "finalized" } });
        Assert.Equal(EthereumErrorCodes.RpcNotFound, result.Error?.Code);
    }

    [Fact]
    public async Task ResolveAsync_UnchangedIdentity_WarmResolutionReusesVerifiedHistory()
    {
        var chain = new FakeRegistryChain();
        chain.SetAttribute(Identity, "did/svc/HubService", "https://a.example"u8.ToArray(), 86400);
        chain.Mine();
        chain.SetAttribute(Identity, "did/svc/Other", "https://b.example"u8.ToArray(), 86400);
        chain.Mine();
        var resolver = TestSupport.Resolver(chain);
        var cold = await resolver.ResolveAsync(Did, Plain);
        chain.Calls.Clear();
        chain.RoundTrips = 0;
        var warm = await resolver.ResolveAsync(Did, Plain);
        Assert.Equal(TestSupport.ToNode(cold.ThrowIfFailed()).ToJsonString(), TestSupport.ToNode(warm.ThrowIfFailed()).ToJsonString());

        // The verified history is reused: at most one log query (over the blocks after its top, in the
        // same round trip as the registry calls), no chain id, one round trip.
        Assert.True(chain.Calls.Count(c => c == "eth_getLogs") <= 1);
        Assert.DoesNotContain("eth_chainId", chain.Calls);
        Assert.Equal(1, chain.RoundTrips);
    }

    [Theory]
    [InlineData(null, 50_000UL, 1)]
    [InlineData(1UL, 50_000UL, 9)]
    [InlineData(null, 0UL, 8)]
    public async Task ResolveAsync_EightEvents_ColdUsesOneLogQueryUnlessCappedThenWarmOneRoundTrip(ulong? cap, ulong maxQueryRange, int logQueries)
    {
        var chain = new FakeRegistryChain { MaxLogRange = cap };
        for (var i = 0; i < 8; i++)
        {
            chain.SetAttribute(Identity, "did/svc/S" + i, Encoding.UTF8.GetBytes("https://s" + i), 86400);
            chain.Mine();
        }

        var resolver = TestSupport.Resolver(chain, configure: o => o.MaxLogQueryRange = maxQueryRange);
        chain.RoundTrips = 0;
        var cold = await resolver.ResolveAsync(Did, Plain);
        Assert.Equal(8, TestSupport.ToNode(cold.ThrowIfFailed())["service"]!.AsArray().Count);
        Assert.Equal(logQueries, chain.Calls.Count(c => c == "eth_getLogs"));
        if (logQueries == 1)
        {
            // Block + chain id + code; registry calls + logs; the header of the last event's block.
            Assert.Equal(3, chain.RoundTrips);
        }

        chain.RoundTrips = 0;
        var warm = await resolver.ResolveAsync(Did, Plain);
        Assert.Equal(TestSupport.ToNode(cold.ThrowIfFailed()).ToJsonString(), TestSupport.ToNode(warm.ThrowIfFailed()).ToJsonString());
        Assert.Equal(cold.DidDocumentMetadata.VersionId, warm.DidDocumentMetadata.VersionId);
        Assert.Equal(1, chain.RoundTrips);
    }

    [Fact]
    public async Task ResolveAsync_EventAfterWarmResolution_WarmPathFallsBackAndShowsIt()
    {
        var chain = new FakeRegistryChain();
        chain.SetAttribute(Identity, "did/svc/A", "https://a.example"u8.ToArray(), 86400);
        chain.Mine();
        var resolver = TestSupport.Resolver(chain);
        _ = (await resolver.ResolveAsync(Did, Plain)).ThrowIfFailed();
        _ = (await resolver.ResolveAsync(Did, Plain)).ThrowIfFailed();

        chain.SetAttribute(Identity, "did/svc/B", "https://b.example"u8.ToArray(), 86400);
        chain.Mine();
        chain.RoundTrips = 0;
        var after = await resolver.ResolveAsync(Did, Plain);

        Assert.Equal(2, TestSupport.ToNode(after.ThrowIfFailed())["service"]!.AsArray().Count);
        Assert.Equal((chain.Head - 1).ToString(System.Globalization.CultureInfo.InvariantCulture), after.DidDocumentMetadata.VersionId);
        Assert.True(chain.RoundTrips >= 2, "the optimistic round trip is followed by the pinned path");
    }

    [Fact]
    public async Task ResolveAsync_IdentityWithoutEvents_WarmIsOneRoundTripAndFirstEventShows()
    {
        var chain = new FakeRegistryChain();
        chain.Mine();
        var resolver = TestSupport.Resolver(chain);
        _ = (await resolver.ResolveAsync(Did, Plain)).ThrowIfFailed();
        chain.RoundTrips = 0;
        var warm = await resolver.ResolveAsync(Did, Plain);
        Assert.Equal(1, chain.RoundTrips);
        Assert.True(warm.Succeeded);
        Assert.Null(warm.DidDocumentMetadata.VersionId);

        chain.SetAttribute(Identity, "did/svc/First", "https://first.example"u8.ToArray(), 86400);
        chain.Mine();
        var after = await resolver.ResolveAsync(Did, Plain);
        Assert.Single(TestSupport.ToNode(after.ThrowIfFailed())["service"]!.AsArray());
    }

    [Fact]
    public async Task AddDidEthr_ResolvesThroughUniversalResolver()
    {
        var chain = new FakeRegistryChain();
        var services = new ServiceCollection();
        services.AddDidSdk(b => b.AddDidEthr(o => o.Networks.Add(new EthrNetworkOptions { Name = "dev", ChainId = 10, Rpc = chain, RegistryAddress = FakeRegistryChain.Registry.ToString() })));
        using var provider = services.BuildServiceProvider();
        var result = await provider.GetRequiredService<IDidResolver>().ResolveAsync(Did);
        Assert.True(result.Succeeded, result.Error?.ToString());
    }

    [Fact]
    public void Options_RollupWithoutRegistry_ThrowsAtStartup()
    {
        var options = new EthrDidResolverOptions();
        options.Networks.Add(new EthrNetworkOptions { Name = "base", RpcUrl = new Uri("http://127.0.0.1:8545") });
        Assert.Throws<ArgumentException>(options.Validate);
    }

    [Fact]
    public void Options_KnownNetworkByName_FillsChainIdAndRegistry()
    {
        var options = new EthrDidResolverOptions();
        options.Networks.Add(new EthrNetworkOptions { Name = "sepolia", RpcUrl = new Uri("http://127.0.0.1:8545") });
        options.Validate();
        _ = new EthrDidResolver(options);
    }

    private static string[] Ids(JsonNode? methods) => methods!.AsArray().Select(m => m!["id"]!.GetValue<string>()).ToArray();

    private static string[] Refs(JsonNode? refs) => refs!.AsArray().Select(m => m!.GetValue<string>()).ToArray();
}
