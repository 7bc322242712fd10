using Microsoft.Extensions.DependencyInjection;

namespace Did.Sdk.Tests;

public class DependencyInjectionTests
{
    [Fact]
    public async Task AddDidSdk_WithMethodResolver_ResolvesThroughIDidResolver()
    {
        var services = new ServiceCollection();
        services.AddDidSdk(b => b.AddMethodResolver(new FakeMethodResolver("example").Add(DidDocumentTests.Sample)));
        using var provider = services.BuildServiceProvider();

        var resolver = provider.GetRequiredService<IDidResolver>();
        var result = await resolver.ResolveAsync("did:example:123");

        Assert.True(result.Succeeded);
        Assert.IsType<DidResolver>(resolver);
        Assert.NotNull(provider.GetRequiredService<DidUrlDereferencer>());
    }

    [Fact]
    public void AddDidSdk_WithCache_RegistersCachingResolver()
    {
        var services = new ServiceCollection();
        services.AddDidSdk(b => b.AddResolutionCache(o => o.TimeToLive = TimeSpan.FromSeconds(30)));
        using var provider = services.BuildServiceProvider();

        Assert.IsType<CachingDidResolver>(provider.GetRequiredService<IDidResolver>());
    }

    [Fact]
    public void AddDidSdk_CalledTwice_IsIdempotent()
    {
        var services = new ServiceCollection();
        var first = services.AddDidSdk();
        var count = services.Count;
        var second = services.AddDidSdk();

        Assert.Same(first, second);
        Assert.Equal(count, services.Count);
    }

    [Fact]
    public void AddResolutionCache_InvalidOptions_ThrowsAtStartup()
    {
        var services = new ServiceCollection();

        Assert.Throws<ArgumentOutOfRangeException>(() => services.AddDidSdk(b => b.AddResolutionCache(o => o.MaxEntries = -1)));
    }
}
