using Did.Sdk.Net;
using System.Net;
using System.Text;

namespace Did.Sdk.Methods.Tests;

public class DidWebResolverTests
{
    private const string ExampleDid = "did:web:example.com";

    private static DidResolver Over(StubHandler handler, DidWebResolverOptions? options = null)
        => new(new DidWebResolver(handler, options));

    [Theory]
    [InlineData(HttpStatusCode.NotFound)]
    [InlineData(HttpStatusCode.Gone)]
    public async Task ResolveAsync_NotFoundOrGone_ReturnsNotFound(HttpStatusCode status)
    {
        var result = await Over(new StubHandler(_ => StubHandler.Status(status))).ResolveAsync(ExampleDid);
        Assert.Equal(DidResolutionErrors.NotFound, result.Error?.Code);
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.Forbidden)]
    [InlineData(HttpStatusCode.NoContent)]
    [InlineData(HttpStatusCode.NotModified)]
    public async Task ResolveAsync_OtherStatus_ReturnsInternalError(HttpStatusCode status)
    {
        var result = await Over(new StubHandler(_ => StubHandler.Status(status))).ResolveAsync(ExampleDid);
        Assert.Equal(DidResolutionErrors.InternalError, result.Error?.Code);
    }

    [Fact]
    public async Task ResolveAsync_VersionIdOrTime_ReturnsInvalidOptionsWithoutFetching()
    {
        var fetched = false;
        var handler = new StubHandler(_ => { fetched = true; return StubHandler.Json(StubHandler.Document(ExampleDid)); });

        var byId = await Over(handler).ResolveAsync(ExampleDid, new DidResolutionOptions { VersionId = "1" });
        var byTime = await Over(handler).ResolveAsync(ExampleDid, new DidResolutionOptions { VersionTime = DateTimeOffset.UnixEpoch });

        Assert.Equal(DidResolutionErrors.InvalidOptions, byId.Error?.Code);
        Assert.Equal(DidResolutionErrors.InvalidOptions, byTime.Error?.Code);
        Assert.False(fetched);
    }

    [Fact]
    public async Task ResolveAsync_NullEntriesInDocument_ReturnsInvalidDidDocument()
    {
        var handler = new StubHandler(_ => StubHandler.Json($$"""{"id":"{{ExampleDid}}","authentication":[null]}"""));

        var result = await Over(handler).ResolveAsync(ExampleDid);

        Assert.Equal(DidResolutionErrors.InvalidDidDocument, result.Error?.Code);
    }

    [Fact]
    public async Task ResolveAsync_DocumentIdIsAnotherDid_ReturnsInvalidDidDocument()
    {
        var handler = new StubHandler(_ => StubHandler.Json(StubHandler.Document("did:web:evil.example")));
        var result = await Over(handler).ResolveAsync(ExampleDid);
        Assert.Equal(DidResolutionErrors.InvalidDidDocument, result.Error?.Code);
    }

    [Theory]
    [InlineData("{\"id\":\"did:web:example.com\",\"id\":\"did:web:example.com\"}")] // duplicate member
    [InlineData("{\"id\":\"did:web:example.com\",}")] // trailing comma
    [InlineData("<html></html>")]
    [InlineData("null")]
    public async Task ResolveAsync_MalformedJson_ReturnsInvalidDidDocument(string body)
    {
        var result = await Over(new StubHandler(_ => StubHandler.Json(body))).ResolveAsync(ExampleDid);
        Assert.Equal(DidResolutionErrors.InvalidDidDocument, result.Error?.Code);
    }

    [Fact]
    public async Task ResolveAsync_HtmlContentType_ReturnsInvalidDidDocument()
    {
        var handler = new StubHandler(_ => StubHandler.Json(StubHandler.Document(ExampleDid), "text/html"));
        var result = await Over(handler).ResolveAsync(ExampleDid);
        Assert.Equal(DidResolutionErrors.InvalidDidDocument, result.Error?.Code);
    }

    [Fact]
    public async Task ResolveAsync_ContentLengthOverLimit_RefusedBeforeReadingBody()
    {
        var handler = new StubHandler(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new UnreadableContent(10_000_000) });
        var result = await Over(handler).ResolveAsync(ExampleDid);

        Assert.Equal(DidResolutionErrors.InvalidDidDocument, result.Error?.Code);
        Assert.Contains("10000000", result.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResolveAsync_BodyOverLimitWithoutContentLength_ReturnsInvalidDidDocument()
    {
        var handler = new StubHandler(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new MemoryStream(new byte[5000])) });
        var result = await Over(handler, new DidWebResolverOptions { MaxResponseBytes = 1000 }).ResolveAsync(ExampleDid);
        Assert.Equal(DidResolutionErrors.InvalidDidDocument, result.Error?.Code);
    }

    [Fact]
    public async Task ResolveAsync_RedirectToOtherHost_RefusedWithoutFollowing()
    {
        var handler = new StubHandler(_ => StubHandler.Redirect("https://attacker.example/.well-known/did.json"));
        var result = await Over(handler).ResolveAsync(ExampleDid);

        Assert.Equal(DidResolutionErrors.InternalError, result.Error?.Code);
        Assert.Single(handler.Requests);
    }

    [Theory]
    [InlineData("http://example.com/.well-known/did.json")] // scheme downgrade
    [InlineData("https://example.com:8443/.well-known/did.json")] // other port
    [InlineData("https://sub.example.com/.well-known/did.json")] // other host
    public async Task ResolveAsync_RedirectToOtherOrigin_ReturnsInternalError(string location)
    {
        var handler = new StubHandler(_ => StubHandler.Redirect(location, HttpStatusCode.MovedPermanently));
        var result = await Over(handler).ResolveAsync(ExampleDid);

        Assert.Equal(DidResolutionErrors.InternalError, result.Error?.Code);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task ResolveAsync_EndlessSameHostRedirects_StopsAfterThree()
    {
        var handler = new StubHandler(r => StubHandler.Redirect(r.RequestUri!.AbsolutePath + "x", HttpStatusCode.TemporaryRedirect));
        var result = await Over(handler).ResolveAsync(ExampleDid);

        Assert.Equal(DidResolutionErrors.InternalError, result.Error?.Code);
        Assert.Equal(4, handler.Requests.Count);
    }

    [Fact]
    public async Task ResolveAsync_SameHostRedirect_Followed()
    {
        var handler = new StubHandler(r => r.RequestUri!.AbsolutePath == "/.well-known/did.json"
            ? StubHandler.Redirect("/current/did.json", HttpStatusCode.PermanentRedirect)
            : StubHandler.Json(StubHandler.Document(ExampleDid)));
        var result = await Over(handler).ResolveAsync(ExampleDid);

        Assert.True(result.Succeeded, result.Error?.ToString());
        Assert.Equal(["https://example.com/.well-known/did.json", "https://example.com/current/did.json"], handler.Requests.Select(u => u.AbsoluteUri));
    }

    [Fact]
    public async Task ResolveAsync_RedirectsDisabled_RefusesSameHostRedirect()
    {
        var handler = new StubHandler(_ => StubHandler.Redirect("/current/did.json"));
        var result = await Over(handler, new DidWebResolverOptions { MaxRedirects = 0 }).ResolveAsync(ExampleDid);
        Assert.Equal(DidResolutionErrors.InternalError, result.Error?.Code);
    }

    [Fact]
    public async Task ResolveAsync_CallerCancels_Throws()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        var resolver = Over(new StubHandler(_ => StubHandler.Json(StubHandler.Document(ExampleDid))));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await resolver.ResolveAsync(ExampleDid, cancellationToken: cts.Token));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Constructor_NonPositiveTimeout_Throws(int milliseconds)
        => Assert.Throws<ArgumentOutOfRangeException>(() => new DidWebResolver(new DidWebResolverOptions { Timeout = TimeSpan.FromMilliseconds(milliseconds) }));

    [Fact]
    public void Constructor_TooManyRedirects_Throws()
        => Assert.Throws<ArgumentOutOfRangeException>(() => new DidWebResolver(new DidWebResolverOptions { MaxRedirects = 4 }));

    [Theory]
    [InlineData("application/did+json")]
    [InlineData("application/did+ld+json")]
    [InlineData("application/json")]
    [InlineData("text/plain")]
    public async Task ResolveAsync_JsonLikeContentType_Accepted(string mediaType)
    {
        var handler = new StubHandler(_ => StubHandler.Json(StubHandler.Document(ExampleDid), mediaType));
        var result = await Over(handler).ResolveAsync(ExampleDid);
        Assert.True(result.Succeeded, result.Error?.ToString());
    }

    [Fact]
    public async Task ResolveAsync_ValidDocument_FetchesHttpsWellKnownUrl()
    {
        var handler = new StubHandler(_ => StubHandler.Json(StubHandler.Document("did:web:example.com%3A3000:user:alice")));
        var result = await Over(handler).ResolveAsync("did:web:example.com%3A3000:user:alice");

        Assert.True(result.Succeeded, result.Error?.ToString());
        Assert.Equal("https://example.com:3000/user/alice/did.json", Assert.Single(handler.Requests).AbsoluteUri);
    }

    public static TheoryData<int> SpecDocuments() => [0, 1];

    [Theory]
    [MemberData(nameof(SpecDocuments))]
    public async Task ResolveAsync_SpecExampleDocument_ReturnedUnchanged(int index)
    {
        var expected = TestVectors.Load("DidWeb", "spec_examples.json").GetProperty("exampleDidDocuments")[index].GetProperty("didDocument");
        var handler = new StubHandler(_ => StubHandler.Json(expected.GetRawText()));

        var result = await Over(handler).ResolveAsync(ExampleDid);

        Assert.True(result.Succeeded, result.Error?.ToString());
        JsonAssert.Equivalent(expected, result.DidDocument);
    }

    [Fact]
    public async Task ResolveAsync_ThroughCache_FailureIsNotCached()
    {
        var calls = 0;
        var handler = new StubHandler(_ => Interlocked.Increment(ref calls) == 1
            ? StubHandler.Status(HttpStatusCode.ServiceUnavailable)
            : StubHandler.Json(StubHandler.Document(ExampleDid)));
        var cached = new CachingDidResolver(Over(handler));

        var first = await cached.ResolveAsync(ExampleDid);
        var second = await cached.ResolveAsync(ExampleDid);
        var third = await cached.ResolveAsync(ExampleDid);

        Assert.Equal(DidResolutionErrors.InternalError, first.Error?.Code);
        Assert.True(second.Succeeded);
        Assert.True(third.Succeeded);
        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public async Task DereferenceAsync_Fragment_ReturnsVerificationMethod()
    {
        var handler = new StubHandler(_ => StubHandler.Json(StubHandler.Document(ExampleDid)));
        var result = await new DidUrlDereferencer(Over(handler)).DereferenceAsync(ExampleDid + "#key-0");

        Assert.True(result.Succeeded, result.Error?.ToString());
        Assert.Equal(ExampleDid + "#key-0", result.VerificationMethod!.Id);
    }

    /// <summary>Announces a length but fails if anyone reads it.</summary>
    private sealed class UnreadableContent(long length) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context)
            => throw new InvalidOperationException("The body must not be read.");

        protected override bool TryComputeLength(out long length1)
        {
            length1 = length;
            return true;
        }
    }
}

public sealed class DidWebLoopbackTests
{
    private static DidWebResolverOptions LocalOptions(TimeSpan? timeout = null) => new()
    {
        AllowPrivateNetworks = true,
        UseInsecureHttpForTesting = true,
        Timeout = timeout ?? TimeSpan.FromSeconds(10),
    };

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("169.254.169.254")]
    [InlineData("10.0.0.1")]
    [InlineData("0.0.0.0")]
    public async Task ConnectAsync_NonPublicLiteralAddress_RefusedWithoutConnecting(string address)
    {
        var error = await Assert.ThrowsAsync<NetworkAddressRefusedException>(async () =>
            await NetworkGuard.ConnectAsync(new System.Net.DnsEndPoint(address, 443), allowPrivateNetworks: false, CancellationToken.None));
        Assert.Contains("non-public", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConnectAsync_LoopbackAllowed_Connects()
    {
        await using var server = new LoopbackServer((_, _, ct) => Task.Delay(Timeout.Infinite, ct));
        await using var stream = await NetworkGuard.ConnectAsync(new System.Net.DnsEndPoint("127.0.0.1", server.Port), allowPrivateNetworks: true, CancellationToken.None);
        Assert.True(stream.CanWrite);
    }

    [Fact]
    public async Task ResolveAsync_NameResolvingToLoopbackWhenNotAllowed_RefusedAtConnect()
    {
        await using var server = new LoopbackServer((_, stream, ct) => LoopbackServer.WriteJsonAsync(stream, "{}", ct));
        var resolver = new DidResolver(new DidWebResolver(new DidWebResolverOptions { UseInsecureHttpForTesting = true }));

        var result = await resolver.ResolveAsync(server.Did);

        Assert.Equal(DidResolutionErrors.InternalError, result.Error?.Code);
        Assert.Contains("non-public", result.Error!.Message, StringComparison.Ordinal);
        Assert.Equal(0, server.Connections);
    }

    [Fact]
    public async Task ResolveAsync_HugeBodyWithoutLength_StopsAtLimit()
    {
        await using var server = new LoopbackServer(async (_, stream, ct) =>
        {
            await LoopbackServer.WriteAsync(stream, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n", ct);
            var chunk = Encoding.ASCII.GetBytes(new string(' ', 64 * 1024));
            for (var i = 0; i < 1024 && !ct.IsCancellationRequested; i++)
            {
                await stream.WriteAsync(chunk, ct); // 64 MiB if nobody stops reading
            }
        });
        var resolver = new DidResolver(new DidWebResolver(LocalOptions()));

        var result = await resolver.ResolveAsync(server.Did);

        Assert.Equal(DidResolutionErrors.InvalidDidDocument, result.Error?.Code);
        Assert.Contains("limit", result.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResolveAsync_HugeContentLength_RefusedFromHeaders()
    {
        await using var server = new LoopbackServer((_, stream, ct) =>
            LoopbackServer.WriteAsync(stream, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1073741824\r\n\r\n{", ct));
        var resolver = new DidResolver(new DidWebResolver(LocalOptions()));

        var result = await resolver.ResolveAsync(server.Did);

        Assert.Equal(DidResolutionErrors.InvalidDidDocument, result.Error?.Code);
        Assert.Contains("1073741824", result.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResolveAsync_SlowBody_DeadlineReturnsInternalError()
    {
        await using var server = new LoopbackServer(async (_, stream, ct) =>
        {
            await LoopbackServer.WriteAsync(stream, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"id\":", ct);
            await Task.Delay(Timeout.Infinite, ct);
        });
        var resolver = new DidResolver(new DidWebResolver(LocalOptions(TimeSpan.FromMilliseconds(500))));

        var result = await resolver.ResolveAsync(server.Did);

        Assert.Equal(DidResolutionErrors.InternalError, result.Error?.Code);
        Assert.Contains("did not finish", result.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResolveAsync_NoResponseHeaders_DeadlineReturnsInternalError()
    {
        await using var server = new LoopbackServer((_, _, ct) => Task.Delay(Timeout.Infinite, ct));
        var resolver = new DidResolver(new DidWebResolver(LocalOptions(TimeSpan.FromMilliseconds(500))));

        var result = await resolver.ResolveAsync(server.Did);

        Assert.Equal(DidResolutionErrors.InternalError, result.Error?.Code);
    }

    [Fact]
    public async Task ResolveAsync_RedirectToAnotherHost_Refused()
    {
        await using var server = new LoopbackServer((_, stream, ct) =>
            LoopbackServer.WriteAsync(stream, "HTTP/1.1 302 Found\r\nLocation: http://169.254.169.254/latest/meta-data/\r\nContent-Length: 0\r\n\r\n", ct));
        var resolver = new DidResolver(new DidWebResolver(LocalOptions()));

        var result = await resolver.ResolveAsync(server.Did);

        Assert.Equal(DidResolutionErrors.InternalError, result.Error?.Code);
        Assert.Contains("another origin", result.Error!.Message, StringComparison.Ordinal);
        Assert.Equal(1, server.Connections);
    }

    [Fact]
    public async Task ResolveAsync_LocalServerAllowed_ResolvesThroughSameHostRedirect()
    {
        LoopbackServer? self = null;
        await using var server = new LoopbackServer((path, stream, ct) => path == "/.well-known/did.json"
            ? LoopbackServer.WriteAsync(stream, "HTTP/1.1 301 Moved Permanently\r\nLocation: /v2/did.json\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", ct)
            : LoopbackServer.WriteJsonAsync(stream, StubHandler.Document(self!.Did), ct));
        self = server;
        var resolver = new DidResolver(new DidWebResolver(LocalOptions()));

        var result = await resolver.ResolveAsync(server.Did);

        Assert.True(result.Succeeded, result.Error?.ToString());
        Assert.Equal(server.Did, result.DidDocument.Id);
    }
}
