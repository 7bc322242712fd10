using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Did.Sdk.Ethereum.Rpc;
using Microsoft.Extensions.DependencyInjection;

namespace Did.Sdk.Ethr.Tests;

/// <summary>did:ethr through AddDidEthr, IHttpClientFactory and HttpEthereumRpc, with the fake chain behind an in-process handler.</summary>
public sealed class EthrHttpTests
{
    private const string Did = "did:ethr:dev:0xf3beac30c498d9e26865f34fcaa57dbb935b0d74";

    [Fact]
    public async Task AddDidEthr_RpcUrl_ResolvesOverHttpClientFactoryWithBatches()
    {
        var chain = new FakeRegistryChain();
        chain.SetAttribute(TestSupport.Address("0xf3beac30c498d9e26865f34fcaa57dbb935b0d74"), "did/svc/HubService", "https://hubs.example"u8.ToArray(), 86400);
        chain.Mine();
        var handler = new JsonRpcHandler(chain);
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(TestSupport.ClockAt(chain));
        services.AddDidSdk(b => b.AddDidEthr(o => o.Networks.Add(new EthrNetworkOptions
        {
            Name = "dev",
            ChainId = 10,
            RpcUrl = new Uri("http://127.0.0.1:8545/"),
            RegistryAddress = FakeRegistryChain.Registry.ToString(),
        })));
        services.AddHttpClient(EthrDidResolverOptions.DefaultHttpClientName).ConfigurePrimaryHttpMessageHandler(() => handler);
        using var provider = services.BuildServiceProvider();

        var result = await provider.GetRequiredService<IDidResolver>().ResolveAsync(Did, new DidResolutionOptions { Accept = MediaTypes.DidJson });
        var doc = TestSupport.ToNode(result.ThrowIfFailed());
        Assert.Equal("https://hubs.example", doc["service"]![0]!["serviceEndpoint"]!.GetValue<string>());
        Assert.True(handler.Batches > 0);
    }

    private sealed class JsonRpcHandler(FakeRegistryChain chain) : HttpMessageHandler
    {
        public int Batches { get; private set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = JsonNode.Parse(await request.Content!.ReadAsStringAsync(cancellationToken))!;
            string answer;
            if (body is JsonArray batch)
            {
                Batches++;
                var results = await chain.SendBatchAsync(batch.Select(r => new RpcRequest(r!["method"]!.GetValue<string>(), r["params"]!.AsArray())).ToArray(), cancellationToken);
                answer = "[" + string.Join(",", batch.Select((r, i) => Envelope(r!["id"]!, results[i]))) + "]";
            }
            else
            {
                answer = Envelope(body["id"]!, await chain.SendAsync(body["method"]!.GetValue<string>(), body["params"]!.AsArray(), cancellationToken));
            }

            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(answer, Encoding.UTF8, "application/json") };
        }

        private static string Envelope(JsonNode id, Result<JsonElement> result)
            => result.Succeeded
                ? $"{{\"jsonrpc\":\"2.0\",\"id\":{id.ToJsonString()},\"result\":{result.Value.GetRawText()}}}"
                : $"{{\"jsonrpc\":\"2.0\",\"id\":{id.ToJsonString()},\"error\":{{\"code\":-32000,\"message\":{JsonSerializer.Serialize(result.Error.Message)}}}}}";
    }
}
