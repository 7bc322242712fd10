using Did.Sdk.Methods;
using Did.Sdk.Verification.Redis;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Did.Sdk.VerifierApi.Tests;

/// <summary>DID resolutions shared by two verifier instances through HybridCache with a real Redis as its distributed tier.</summary>
public sealed class SharedResolutionCacheTests
{
    private const string DidKey = "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK";

    [Fact]
    public async Task OneInstancesResolution_ServesTheOther_FailuresAndOtherOptionsNotShared()
    {
        await using var redis = await RedisServer.StartAsync();
        using var multiplexer = await ConnectionMultiplexer.ConnectAsync(redis.Configuration);
        var inner = new CountingResolver(new DidResolver(new DidKeyResolver()));
        await using var a = Instance(multiplexer);
        await using var b = Instance(multiplexer);
        var resolverA = new HybridCacheDidResolver(inner, a.GetRequiredService<HybridCache>());
        var resolverB = new HybridCacheDidResolver(inner, b.GetRequiredService<HybridCache>());

        var first = await resolverA.ResolveAsync(DidKey);
        // HybridCache may finish writing its distributed tier after the call returns: wait (bounded) until
        // the entry is in Redis, as a second instance would see it a moment later.
        var server = multiplexer.GetServer(multiplexer.GetEndPoints()[0]);
        for (int i = 0; i < 200 && !server.Keys(pattern: "*did-sdk:did:*").Any(); i++)
        {
            await Task.Delay(25);
        }

        var second = await resolverB.ResolveAsync(DidKey);

        Assert.True(first.Succeeded && second.Succeeded);
        Assert.Equal(1, inner.Calls);
        Assert.Equal(first.DidDocument!.VerificationMethod![0].PublicKeyMultibase, second.DidDocument!.VerificationMethod![0].PublicKeyMultibase);

        Assert.True((await resolverB.ResolveAsync(DidKey, new DidResolutionOptions { Finality = Finality.Finalized })).Succeeded);
        Assert.Equal(2, inner.Calls);

        Assert.False((await resolverA.ResolveAsync("did:key:zNotAKey")).Succeeded);
        Assert.False((await resolverB.ResolveAsync("did:key:zNotAKey")).Succeeded);
        Assert.Equal(4, inner.Calls);

        // An entry that does not read back as a resolution result is ignored and the DID resolved again.
        for (int i = 0; i < 200 && server.Keys(pattern: "*did-sdk:did:*").Count() < 2; i++)
        {
            await Task.Delay(25);
        }

        var keys = server.Keys(pattern: "*did-sdk:did:*").ToList();
        Assert.Equal(2, keys.Count); // the two successful resolutions, nothing for the failures
        foreach (var key in keys)
        {
            await multiplexer.GetDatabase().HashSetAsync(key, "data", "not json");
        }

        await using var c = Instance(multiplexer);
        Assert.True((await new HybridCacheDidResolver(inner, c.GetRequiredService<HybridCache>()).ResolveAsync(DidKey)).Succeeded);
        Assert.Equal(5, inner.Calls); // the unreadable entry was not believed: the DID was resolved again
    }

    private static ServiceProvider Instance(IConnectionMultiplexer multiplexer)
    {
        var services = new ServiceCollection();
        services.AddStackExchangeRedisCache(o => o.ConnectionMultiplexerFactory = () => Task.FromResult(multiplexer));
        services.AddHybridCache();
        return services.BuildServiceProvider();
    }

    private sealed class CountingResolver(IDidResolver inner) : IDidResolver
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public ValueTask<DidResolutionResult> ResolveAsync(string did, DidResolutionOptions? options = null, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _calls);
            return inner.ResolveAsync(did, options, cancellationToken);
        }
    }
}
