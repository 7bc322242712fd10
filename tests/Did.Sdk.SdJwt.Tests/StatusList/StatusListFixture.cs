using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Did.Sdk.Jose;
using Did.Sdk.SdJwt.StatusList;
using Microsoft.Extensions.Time.Testing;
using StatusListType = Did.Sdk.SdJwt.StatusList.StatusList;

namespace Did.Sdk.SdJwt.Tests.StatusLists;

/// <summary>An issuer key, a fake clock and an in-process HTTP server for status list tests.</summary>
internal sealed class StatusListFixture : IDisposable
{
    public const string ListUri = "https://issuer.example/statuslists/1";

    public StatusListFixture()
    {
        Time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        Key = SigningKey.Generate(JwsAlgorithm.ES256);
        Handler = new StubHandler();
        Client = new HttpClient(Handler);
    }

    public FakeTimeProvider Time { get; }

    public SigningKey Key { get; }

    public StubHandler Handler { get; }

    public HttpClient Client { get; }

    public static JsonElement StatusClaim(int index, string uri = ListUri)
        => JsonDocument.Parse(new StatusReference(uri, index).ToStatusClaim().ToJsonString()).RootElement.Clone();

    public HttpStatusListChecker CreateChecker(HttpStatusListCheckerOptions? options = null, IStatusListKeyResolver? keys = null)
        => new(Client, keys ?? StatusListKeyResolver.FromKey(Key.VerificationKey), options, Time);

    /// <summary>A list of 16 one-bit... entries: index 1 INVALID, index 2 SUSPENDED (2-bit list).</summary>
    public static StatusListType SampleList()
    {
        var list = StatusListType.Create(2, 16);
        list.Set(1, TokenStatus.Invalid);
        list.Set(2, TokenStatus.Suspended);
        list.Set(3, (TokenStatus)3);
        return list;
    }

    public string SignToken(StatusListType? list = null, string subject = ListUri, TimeSpan? ttl = null, TimeSpan? validity = null, SigningKey? key = null)
    {
        var now = Time.GetUtcNow();
        return StatusListToken.Sign(
            new StatusListTokenRequest
            {
                Subject = subject,
                StatusList = list ?? SampleList(),
                IssuedAt = now,
                ExpiresAt = now + (validity ?? TimeSpan.FromDays(1)),
                TimeToLive = ttl,
                KeyId = "key-1",
            },
            key ?? Key);
    }

    /// <summary>Signs arbitrary claims with an arbitrary header (for malformed tokens).</summary>
    public string SignRaw(JsonObject claims, string? typ = StatusListToken.JwtType, SigningKey? key = null)
    {
        var header = new JsonObject();
        if (typ is not null)
        {
            header["typ"] = typ;
        }

        return Jws.Sign(header, Encoding.UTF8.GetBytes(claims.ToJsonString()), key ?? Key);
    }

    public JsonObject Claims(string lst, int bits = 2, string subject = ListUri)
    {
        var now = Time.GetUtcNow().ToUnixTimeSeconds();
        return new JsonObject
        {
            ["sub"] = subject,
            ["iat"] = now,
            ["exp"] = now + 3600,
            ["status_list"] = new JsonObject { ["bits"] = bits, ["lst"] = lst },
        };
    }

    public void Serve(string token) => Handler.Respond = _ => TokenResponse(token);

    public static HttpResponseMessage TokenResponse(string token)
    {
        var content = new StringContent(token, Encoding.ASCII);
        content.Headers.ContentType = new MediaTypeHeaderValue(StatusListToken.MediaType);
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
    }

    public void Dispose()
    {
        Client.Dispose();
        Handler.Dispose();
        Key.Dispose();
    }

    /// <summary>An in-process HttpMessageHandler: no sockets.</summary>
    internal sealed class StubHandler : HttpMessageHandler
    {
        public Func<HttpRequestMessage, HttpResponseMessage>? Respond { get; set; }

        public Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>>? RespondAsync { get; set; }

        public int Requests { get; private set; }

        public HttpRequestMessage? LastRequest { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests++;
            LastRequest = request;
            if (RespondAsync is not null)
            {
                return RespondAsync(request, cancellationToken);
            }

            return Task.FromResult(Respond?.Invoke(request) ?? new HttpResponseMessage(HttpStatusCode.NotFound));
        }
    }

    /// <summary>Content that streams <paramref name="length"/> bytes without announcing a length.</summary>
    internal sealed class UnknownLengthContent(int length) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            var chunk = new byte[4096];
            chunk.AsSpan().Fill((byte)'a');
            for (int sent = 0; sent < length; sent += chunk.Length)
            {
                await stream.WriteAsync(chunk.AsMemory(0, Math.Min(chunk.Length, length - sent)));
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
