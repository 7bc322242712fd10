using System.Net;
using Microsoft.Extensions.DependencyInjection;

namespace Did.Sdk.Methods.Tests;

/// <summary>Properties every method resolver of this project must have, run over all four.</summary>
public class MethodContractTests
{
    private static readonly StubHandler NotFoundHandler = new(_ => StubHandler.Status(HttpStatusCode.NotFound));

    public static TheoryData<string> Methods() => ["key", "jwk", "pkh", "web"];

    private static IDidMethodResolver Create(string method) => method switch
    {
        "key" => new DidKeyResolver(),
        "jwk" => new DidJwkResolver(),
        "pkh" => new DidPkhResolver(),
        "web" => new DidWebResolver(NotFoundHandler),
        _ => throw new ArgumentOutOfRangeException(nameof(method)),
    };

    [Theory]
    [MemberData(nameof(Methods))]
    public async Task ResolveAsync_NotADid_ReturnsInvalidDid(string method)
    {
        var resolver = new DidResolver(Create(method));
        foreach (var input in new[] { $"did:{method}", $"did:{method}:", $"did:{method}:a b", $"did:{method}:x#frag", $"DID:{method}:x", string.Empty })
        {
            var result = await resolver.ResolveAsync(input);
            Assert.True(result.Error?.Code == DidResolutionErrors.InvalidDid, $"{input}: {result.Error}");
        }
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public async Task ResolveAsync_OtherMethod_ReturnsMethodNotSupported(string method)
    {
        var resolver = new DidResolver(Create(method));
        var result = await resolver.ResolveAsync("did:example:123456789abcdefghi");
        Assert.Equal(DidResolutionErrors.MethodNotSupported, result.Error?.Code);
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public async Task ResolveAsync_DirectCallWithOtherMethod_ReturnsMethodNotSupported(string method)
    {
        var result = await Create(method).ResolveAsync(Did.Parse("did:example:123").ThrowIfFailed(), DidResolutionOptions.Default);
        Assert.Equal(DidResolutionErrors.MethodNotSupported, result.Error?.Code);
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public async Task ResolveAsync_GarbageIdentifier_FailsWithoutThrowing(string method)
    {
        var resolver = Create(method);
        foreach (var id in new[] { "0", "zzzz", "%00", "a:b:c:d:e:f", new string('z', 1900), "eyJ9", "x.y", "_" })
        {
            var did = Did.Parse($"did:{method}:{id}").ThrowIfFailed();
            var result = await resolver.ResolveAsync(did, DidResolutionOptions.Default);
            Assert.False(result.Succeeded, $"did:{method}:{id}");
            Assert.NotNull(result.Error);
        }
    }

    [Fact]
    public void Methods_EachResolver_NamesItsMethod()
    {
        Assert.Equal(["key"], new DidKeyResolver().Methods);
        Assert.Equal(["jwk"], new DidJwkResolver().Methods);
        Assert.Equal(["pkh"], new DidPkhResolver().Methods);
        Assert.Equal(["web"], new DidWebResolver(NotFoundHandler).Methods);
    }

    [Fact]
    public async Task AddDefaultMethods_ServiceProvider_ResolvesAllFourMethods()
    {
        var services = new ServiceCollection();
        services.AddDidSdk(b => b.AddDefaultMethods());
        await using var provider = services.BuildServiceProvider();

        var methodResolvers = provider.GetServices<IDidMethodResolver>().ToList();
        var universal = provider.GetRequiredService<DidResolver>();

        Assert.Equal(4, methodResolvers.Count);
        Assert.Equal(["jwk", "key", "pkh", "web"], universal.Methods.Order(StringComparer.Ordinal));
        var resolver = provider.GetRequiredService<IDidResolver>();
        Assert.True((await resolver.ResolveAsync("did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK")).Succeeded);
        Assert.True((await resolver.ResolveAsync("did:pkh:eip155:1:0xb9c5714089478a327f09197987f16f9e5d936e8a")).Succeeded);
        Assert.Equal(DidResolutionErrors.InvalidDid, (await resolver.ResolveAsync("did:web:127.0.0.1")).Error?.Code);
        Assert.Equal(DidResolutionErrors.InvalidDid, (await resolver.ResolveAsync("did:jwk:e30")).Error?.Code);
    }

    [Fact]
    public async Task AddDefaultMethods_CalledTwice_RegistersEachResolverOnce()
    {
        var services = new ServiceCollection();
        services.AddDidSdk(b => b.AddDefaultMethods().AddDefaultMethods().AddDidWeb(o => o.MaxRedirects = 1));
        await using var provider = services.BuildServiceProvider();

        Assert.Equal(4, provider.GetServices<IDidMethodResolver>().Count());
    }

    [Fact]
    public async Task AddDidWeb_Configure_AppliesOptionsToNamedClient()
    {
        var services = new ServiceCollection();
        services.AddDidSdk(b => b.AddDidWeb(o => o.UseInsecureHttpForTesting = true));
        await using var provider = services.BuildServiceProvider();

        // The named client's primary handler is the guarded one: 'localhost' is refused at connect time.
        await using var server = new LoopbackServer((_, stream, ct) => LoopbackServer.WriteJsonAsync(stream, "{}", ct));
        var result = await provider.GetRequiredService<IDidResolver>().ResolveAsync(server.Did);

        Assert.Equal(DidResolutionErrors.InternalError, result.Error?.Code);
        Assert.Contains("non-public", result.Error!.Message, StringComparison.Ordinal);
        Assert.Equal(0, server.Connections);
    }

    [Fact]
    public void AddDidWeb_InvalidOptions_ThrowsAtRegistration()
    {
        var services = new ServiceCollection();
        Assert.Throws<ArgumentOutOfRangeException>(() => services.AddDidSdk(b => b.AddDidWeb(o => o.MaxResponseBytes = 0)));
    }

    [Fact]
    public void AddDidKey_UnknownFormat_ThrowsAtRegistration()
    {
        var services = new ServiceCollection();
        Assert.Throws<ArgumentException>(() => services.AddDidSdk(b => b.AddDidKey(o => o.PublicKeyFormat = "Nope")));
    }

    [Fact]
    public async Task DereferenceAsync_DidKeyFragmentThroughDi_ReturnsVerificationMethod()
    {
        var services = new ServiceCollection();
        services.AddDidSdk(b => b.AddDefaultMethods());
        await using var provider = services.BuildServiceProvider();
        const string url = "did:key:z6MktKwz7Ge1Yxzr4JHavN33wiwa8y81QdcMRLXQsrH9T53b#z6MktKwz7Ge1Yxzr4JHavN33wiwa8y81QdcMRLXQsrH9T53b";

        var result = await provider.GetRequiredService<DidUrlDereferencer>().DereferenceAsync(url);

        Assert.True(result.Succeeded, result.Error?.ToString());
        Assert.Equal(DereferencedResourceKind.VerificationMethod, result.Kind);
        Assert.Equal("Multikey", result.VerificationMethod!.Type);
    }
}
