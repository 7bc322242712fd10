using System.Text.Json;
using System.Text.Json.Nodes;
using Did.Sdk.Ethereum;
using Microsoft.Extensions.Time.Testing;

namespace Did.Sdk.Ethr.Tests;

internal static class TestSupport
{
    public static FakeTimeProvider ClockAt(FakeRegistryChain chain) => new(DateTimeOffset.FromUnixTimeSeconds((long)chain.TimeOf(chain.Head)));

    public static EthrDidResolver Resolver(FakeRegistryChain chain, TimeProvider? time = null, string name = "dev", Action<EthrDidResolverOptions>? configure = null)
    {
        var options = new EthrDidResolverOptions();
        options.Networks.Add(new EthrNetworkOptions { Name = name, ChainId = chain.ChainId, Rpc = chain, RegistryAddress = FakeRegistryChain.Registry.ToString() });
        configure?.Invoke(options);
        return new EthrDidResolver(options, timeProvider: time ?? ClockAt(chain));
    }

    public static async Task<DidResolutionResult> ResolveAsync(this EthrDidResolver resolver, string did, DidResolutionOptions? options = null)
        => await resolver.ResolveAsync(Did.Parse(did).ThrowIfFailed(), options ?? DidResolutionOptions.Default);

    public static EthereumAddress Address(string hex) => EthereumAddress.Parse(hex).ThrowIfFailed();

    public static JsonNode ToNode(DidDocument document) => JsonNode.Parse(DidDocumentSerializer.Serialize(document))!;

    public static void AssertJsonEqual(JsonNode? expected, JsonNode? actual)
        => Assert.True(JsonNode.DeepEquals(expected, actual), $"Expected:\n{expected?.ToJsonString()}\nActual:\n{actual?.ToJsonString()}");

    public static JsonElement LoadVector(string file)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Vectors", "Ethr", file)));
        return doc.RootElement.Clone();
    }
}
