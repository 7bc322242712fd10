using System.Text.Json;
using Microsoft.Extensions.Time.Testing;

namespace Did.Sdk.Tests;

public class DidResolverTests
{
    private static (DidResolver Resolver, FakeMethodResolver Example) Create()
    {
        var example = new FakeMethodResolver("example").Add(DidDocumentTests.Sample);
        return (new DidResolver(example), example);
    }

    [Theory]
    [InlineData("not-a-did")]
    [InlineData("did:example:123#key-1")]
    [InlineData("")]
    public async Task ResolveAsync_InvalidDid_ReturnsInvalidDid(string did)
    {
        var (resolver, example) = Create();

        var result = await resolver.ResolveAsync(did);

        Assert.False(result.Succeeded);
        Assert.Equal(DidResolutionErrors.InvalidDid, result.DidResolutionMetadata.Error);
        Assert.Null(result.DidDocument);
        Assert.Equal(0, example.Calls);
    }

    [Fact]
    public async Task ResolveAsync_UnknownMethod_ReturnsMethodNotSupported()
    {
        var (resolver, _) = Create();

        var result = await resolver.ResolveAsync("did:other:123");

        Assert.Equal(DidResolutionErrors.MethodNotSupported, result.Error!.Code);
    }

    [Fact]
    public async Task ResolveAsync_UnsupportedAccept_ReturnsRepresentationNotSupported()
    {
        var (resolver, _) = Create();

        var result = await resolver.ResolveAsync("did:example:123", new DidResolutionOptions { Accept = "application/did+cbor" });

        Assert.Equal(DidResolutionErrors.RepresentationNotSupported, result.Error!.Code);
    }

    [Fact]
    public async Task ResolveAsync_MethodResolverThrows_ReturnsInternalError()
    {
        var (resolver, example) = Create();
        example.Override = _ => throw new InvalidOperationException("boom");

        var result = await resolver.ResolveAsync("did:example:123");

        Assert.Equal(DidResolutionErrors.InternalError, result.Error!.Code);
        Assert.DoesNotContain("boom", result.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResolveAsync_Cancelled_PropagatesCancellation()
    {
        var (resolver, example) = Create();
        example.Gate = new TaskCompletionSource();
        using var cts = new CancellationTokenSource();

        var pending = resolver.ResolveAsync("did:example:123", null, cts.Token).AsTask();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);
    }

    [Fact]
    public async Task ResolveAsync_Known_ReturnsDocumentAndContentType()
    {
        var (resolver, _) = Create();

        var result = await resolver.ResolveAsync("did:example:123");

        Assert.True(result.Succeeded);
        Assert.Equal("did:example:123", result.DidDocument.Id);
        Assert.Equal(MediaTypes.DidJson, result.DidResolutionMetadata.ContentType);
        Assert.Null(result.Error);
    }

    [Fact]
    public void Serialize_Failure_HasErrorCodeAndNullDocument()
    {
        var result = DidResolutionResult.Failure(DidResolutionErrors.NotFound, "gone");

        var json = JsonSerializer.Serialize(result, Json.CoreJsonContext.Default.DidResolutionResult);

        Assert.Equal("""{"didResolutionMetadata":{"error":"notFound","errorMessage":"gone"},"didDocument":null,"didDocumentMetadata":{}}""", json);
    }

    [Fact]
    public void Constructor_DocumentAndError_Throws()
    {
        var doc = new DidDocument { Id = "did:example:1" };

        Assert.Throws<ArgumentException>(() => new DidResolutionResult(new DidResolutionMetadata { Error = "notFound" }, doc, DidDocumentMetadata.Empty));
        Assert.Throws<ArgumentException>(() => new DidResolutionResult(new DidResolutionMetadata(), null, DidDocumentMetadata.Empty));
    }

    [Fact]
    public void Serialize_DocumentMetadata_UsesDidCoreDatetimes()
    {
        var metadata = new DidDocumentMetadata { Updated = new DateTimeOffset(2021, 3, 18, 9, 30, 10, 500, TimeSpan.Zero), VersionId = "7", Deactivated = true };

        var json = JsonSerializer.Serialize(metadata, Json.CoreJsonContext.Default.DidDocumentMetadata);

        Assert.Equal("""{"updated":"2021-03-18T09:30:10Z","deactivated":true,"versionId":"7"}""", json);
    }
}

public class CachingDidResolverTests
{
    private static (CachingDidResolver Cache, FakeMethodResolver Example, FakeTimeProvider Time) Create(int maxEntries = 100)
    {
        var example = new FakeMethodResolver("example").Add(DidDocumentTests.Sample);
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var cache = new CachingDidResolver(new DidResolver(example), new CachingDidResolverOptions { TimeToLive = TimeSpan.FromMinutes(1), MaxEntries = maxEntries }, time);
        return (cache, example, time);
    }

    [Fact]
    public async Task ResolveAsync_Failure_IsNeverCached()
    {
        var (cache, example, _) = Create();
        example.Override = _ => DidResolutionResult.Failure(DidResolutionErrors.InternalError, "node down");

        await cache.ResolveAsync("did:example:123");
        example.Override = null;
        var second = await cache.ResolveAsync("did:example:123");

        Assert.True(second.Succeeded);
        Assert.Equal(2, example.Calls);
    }

    [Fact]
    public async Task ResolveAsync_WithinTtl_ServesFromCache()
    {
        var (cache, example, time) = Create();

        var first = await cache.ResolveAsync("did:example:123");
        time.Advance(TimeSpan.FromSeconds(59));
        var second = await cache.ResolveAsync("did:example:123");

        Assert.Same(first, second);
        Assert.Equal(1, example.Calls);
    }

    [Fact]
    public async Task ResolveAsync_AfterTtl_ResolvesAgain()
    {
        var (cache, example, time) = Create();

        await cache.ResolveAsync("did:example:123");
        time.Advance(TimeSpan.FromMinutes(1));
        await cache.ResolveAsync("did:example:123");

        Assert.Equal(2, example.Calls);
    }

    [Fact]
    public async Task ResolveAsync_DifferentOptions_CachedSeparately()
    {
        var (cache, example, _) = Create();

        var latest = await cache.ResolveAsync("did:example:123");
        var v1 = await cache.ResolveAsync("did:example:123", new DidResolutionOptions { VersionId = "1" });
        var v1Again = await cache.ResolveAsync("did:example:123", new DidResolutionOptions { VersionId = "1" });

        Assert.Null(latest.DidDocumentMetadata.VersionId);
        Assert.Equal("1", v1.DidDocumentMetadata.VersionId);
        Assert.Same(v1, v1Again);
        Assert.Equal(2, example.Calls);
    }

    [Fact]
    public async Task ResolveAsync_ExtensionValuesThatCollideWhenJoined_CachedSeparately()
    {
        var (cache, example, _) = Create();
        var a = new DidResolutionOptions { Extensions = new Dictionary<string, string> { ["a"] = "1|b=2" } };
        var b = new DidResolutionOptions { Extensions = new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" } };

        await cache.ResolveAsync("did:example:123", a);
        await cache.ResolveAsync("did:example:123", b);

        Assert.Equal(2, example.Calls);
    }

    [Fact]
    public async Task ResolveAsync_FirstWaiterCancelled_LaterCallerJoinsSameInnerCall()
    {
        var (cache, example, _) = Create();
        example.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var cts = new CancellationTokenSource();

        var first = cache.ResolveAsync("did:example:123", null, cts.Token).AsTask();
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        var later = cache.ResolveAsync("did:example:123").AsTask();
        example.Gate.SetResult();

        Assert.True((await later).Succeeded);
        Assert.Equal(1, example.Calls);
    }

    [Fact]
    public async Task ResolveAsync_ConcurrentMisses_ShareOneInnerCall()
    {
        var (cache, example, _) = Create();
        example.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var tasks = Enumerable.Range(0, 8).Select(_ => cache.ResolveAsync("did:example:123").AsTask()).ToArray();
        example.Gate.SetResult();
        var results = await Task.WhenAll(tasks);

        Assert.All(results, r => Assert.True(r.Succeeded));
        Assert.Equal(1, example.Calls);
    }

    [Fact]
    public async Task ResolveAsync_OneWaiterCancelled_OthersStillGetResult()
    {
        var (cache, example, _) = Create();
        example.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var cts = new CancellationTokenSource();

        var cancelled = cache.ResolveAsync("did:example:123", null, cts.Token).AsTask();
        var other = cache.ResolveAsync("did:example:123").AsTask();
        await cts.CancelAsync();
        example.Gate.SetResult();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        Assert.True((await other).Succeeded);
    }

    [Fact]
    public async Task ResolveAsync_BeyondMaxEntries_StaysBounded()
    {
        var example = new FakeMethodResolver("example");
        example.Override = did => DidResolutionResult.Success(new DidDocument { Id = did.ToString() });
        var cache = new CachingDidResolver(new DidResolver(example), new CachingDidResolverOptions { MaxEntries = 10 });

        for (var i = 0; i < 100; i++)
        {
            Assert.True((await cache.ResolveAsync("did:example:" + i)).Succeeded);
        }

        Assert.InRange(cache.Count, 1, 10);
    }

    [Fact]
    public void Constructor_InvalidOptions_Throws()
    {
        var inner = new DidResolver();

        Assert.Throws<ArgumentOutOfRangeException>(() => new CachingDidResolver(inner, new CachingDidResolverOptions { TimeToLive = TimeSpan.Zero }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CachingDidResolver(inner, new CachingDidResolverOptions { MaxEntries = 0 }));
    }
}
