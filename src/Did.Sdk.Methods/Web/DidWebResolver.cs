// did:web: W3C CCG "did:web Method Specification" §3.2 "Read (Resolve)": transform the DID to an
// HTTPS URL, GET it, and check that the document's id is the DID. Security considerations applied:
// HTTPS only, a connect-time SSRF guard, no cross-host redirects, bounded size and time.
using System.Net.Http.Headers;
using Did.Sdk.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Did.Sdk.Methods;

/// <summary>
/// Resolves <c>did:web</c> DIDs over HTTPS. Failures: <c>invalidDid</c> (bad host, IP address, port
/// or path), <c>notFound</c> (HTTP 404 or 410), <c>invalidDidDocument</c> (not JSON, not DID Core,
/// <c>id</c> differs from the DID, too large, wrong content type) and <c>internalError</c> (network
/// errors, refused addresses, refused redirects, other HTTP statuses, the deadline). Failures are
/// never cached by <see cref="CachingDidResolver"/>.
/// </summary>
/// <remarks>
/// Redirects: the resolver follows at most <see cref="DidWebResolverOptions.MaxRedirects"/> redirects
/// to the same scheme, host and port, and refuses any other. The SSRF guard lives in the handler of
/// <see cref="CreateHandler"/>; it is in place when the resolver builds its own client or is created
/// through <c>AddDidWeb()</c>. A caller who passes an <see cref="HttpClient"/> or handler of their own
/// is responsible for its network policy and must disable automatic redirects on it.
/// </remarks>
public sealed partial class DidWebResolver : IDidMethodResolver
{
    private static readonly string[] MethodNames = ["web"];
    private static readonly MediaTypeWithQualityHeaderValue[] AcceptHeaders =
    [
        new(MediaTypes.DidJson),
        new(MediaTypes.DidLdJson),
        new("application/json", 0.9),
    ];

    private readonly Func<HttpClient> _client;
    private readonly DidWebResolverOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <summary>Creates a resolver with its own guarded client (<see cref="CreateHandler"/>).</summary>
    public DidWebResolver(DidWebResolverOptions? options = null, TimeProvider? timeProvider = null, ILogger<DidWebResolver>? logger = null)
        : this(CreateOptions(options), timeProvider, null, logger)
    {
    }

    /// <summary>Creates a resolver that sends through <paramref name="handler"/> (not disposed by the resolver).</summary>
    public DidWebResolver(HttpMessageHandler handler, DidWebResolverOptions? options = null, TimeProvider? timeProvider = null, ILogger<DidWebResolver>? logger = null)
        : this(CreateOptions(options), timeProvider, NewClient(handler ?? throw new ArgumentNullException(nameof(handler)), disposeHandler: false), logger)
    {
    }

    /// <summary>Creates a resolver that sends through <paramref name="client"/> (not disposed by the resolver).</summary>
    public DidWebResolver(HttpClient client, DidWebResolverOptions? options = null, TimeProvider? timeProvider = null, ILogger<DidWebResolver>? logger = null)
        : this(CreateOptions(options), timeProvider, client ?? throw new ArgumentNullException(nameof(client)), logger)
    {
    }

    /// <summary>
    /// Creates a resolver over the named client <see cref="DidWebResolverOptions.HttpClientName"/> of
    /// <paramref name="clientFactory"/> (configured by <c>AddDidWeb()</c> with <see cref="CreateHandler"/>).
    /// </summary>
    public DidWebResolver(IHttpClientFactory clientFactory, IOptions<DidWebResolverOptions>? options = null, TimeProvider? timeProvider = null, ILogger<DidWebResolver>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(clientFactory);
        _options = CreateOptions(options?.Value);
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _client = () => clientFactory.CreateClient(DidWebResolverOptions.HttpClientName);
    }

    private DidWebResolver(DidWebResolverOptions options, TimeProvider? timeProvider, HttpClient? client, ILogger? logger)
    {
        _options = options;
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        client ??= NewClient(CreateHandler(options), disposeHandler: true);
        _client = () => client;
    }

    /// <inheritdoc />
    public IReadOnlyCollection<string> Methods => MethodNames;

    /// <summary>
    /// The guarded handler did:web uses: no automatic redirects, no proxy (a proxy would connect on
    /// the resolver's behalf and bypass the guard), no cookies, no decompression, and a
    /// <see cref="SocketsHttpHandler.ConnectCallback"/> that resolves the host itself and connects only
    /// to public addresses unless <see cref="DidWebResolverOptions.AllowPrivateNetworks"/> is set.
    /// </summary>
    public static SocketsHttpHandler CreateHandler(DidWebResolverOptions? options = null)
        => NetworkGuard.CreateHandler(options?.AllowPrivateNetworks ?? false);

    /// <inheritdoc />
    public async ValueTask<DidResolutionResult> ResolveAsync(Did did, DidResolutionOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(did);
        var result = await ResolveCoreAsync(did, options, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            // The DID and our own message only, never response bodies; control characters are
            // stripped because messages can quote short server-chosen strings (a document id).
            if (_logger.IsEnabled(LogLevel.Debug))
            {
                var message = StripControlCharacters(result.Error.Message);
                LogFailed(_logger, did, result.Error.Code, message);
            }
        }

        return result;
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "did:web resolution of {Did} failed: {Code}: {Message}")]
    private static partial void LogFailed(ILogger logger, Did did, string code, string message);

    private static string StripControlCharacters(string value)
        => string.Create(value.Length, value, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = char.IsControl(source[i]) ? ' ' : source[i];
            }
        });

    private async ValueTask<DidResolutionResult> ResolveCoreAsync(Did did, DidResolutionOptions options, CancellationToken cancellationToken)
    {
        if (did.Method != "web")
        {
            return DidResolutionResult.Failure(DidResolutionErrors.MethodNotSupported, $"{did.Method} is not the web method.");
        }

        if (options.VersionId is not null || options.VersionTime is not null)
        {
            // did:web has no history: serving today's document for a historical request would be a lie.
            return DidResolutionResult.Failure(DidResolutionErrors.InvalidOptions, "did:web does not support versionId or versionTime.");
        }

        var url = DidWebUrl.GetDocumentUrl(did, _options.UseInsecureHttpForTesting ? "http" : "https");
        if (!url.Succeeded)
        {
            return DidResolutionResult.Failure(url.Error);
        }

        using var deadline = new CancellationTokenSource(_options.Timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            var body = await FetchAsync(url.Value, linked.Token).ConfigureAwait(false);
            if (!body.Succeeded)
            {
                return DidResolutionResult.Failure(body.Error);
            }

            var document = DidDocumentSerializer.Parse(body.Value, did, _options.MaxResponseBytes);
            return document.Succeeded
                ? DidResolutionResult.Success(document.Value, contentType: options.Accept == MediaTypes.DidLdJson && document.Value.Context is not null ? MediaTypes.DidLdJson : MediaTypes.DidJson)
                : DidResolutionResult.Failure(document.Error);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException)
        {
            // Our deadline, or a client-level timeout of a caller-supplied HttpClient.
            return DidResolutionResult.Failure(DidResolutionErrors.InternalError, $"Fetching {url.Value} did not finish within {_options.Timeout.TotalMilliseconds:0} ms.");
        }
        catch (HttpRequestException ex)
        {
            return DidResolutionResult.Failure(DidResolutionErrors.InternalError, $"Fetching {url.Value} failed: {Describe(ex)}");
        }
        catch (IOException ex)
        {
            return DidResolutionResult.Failure(DidResolutionErrors.InternalError, $"Reading {url.Value} failed: {Describe(ex)}");
        }
    }

    private async Task<Result<byte[]>> FetchAsync(Uri url, CancellationToken cancellationToken)
    {
        var client = _client();
        var current = url;
        for (var redirects = 0; ; redirects++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, current);
            foreach (var accept in AcceptHeaders)
            {
                request.Headers.Accept.Add(accept);
            }

            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            if (status is 301 or 302 or 303 or 307 or 308)
            {
                var location = response.Headers.Location;
                if (location is null || !Uri.TryCreate(current, location, out var next))
                {
                    return Internal($"{current} answered {status} without a usable Location.");
                }

                if (!string.Equals(next.Scheme, current.Scheme, StringComparison.Ordinal)
                    || !string.Equals(next.IdnHost, current.IdnHost, StringComparison.OrdinalIgnoreCase)
                    || next.Port != current.Port)
                {
                    return Internal($"{current} redirects to another origin ({next.GetLeftPart(UriPartial.Authority)}); did:web follows redirects only within the same scheme, host and port.");
                }

                if (redirects >= _options.MaxRedirects)
                {
                    return Internal($"{url} redirected more than {_options.MaxRedirects} times.");
                }

                current = next;
                continue;
            }

            if (status is 404 or 410)
            {
                return Result<byte[]>.Failure(DidResolutionErrors.NotFound, $"{current} answered {status}: the DID document does not exist.");
            }

            if (status != 200)
            {
                return Internal($"{current} answered HTTP {status}.");
            }

            var mediaType = response.Content.Headers.ContentType?.MediaType;
            if (mediaType is not null && !IsAcceptableMediaType(mediaType))
            {
                return Result<byte[]>.Failure(DidResolutionErrors.InvalidDidDocument, $"{current} answered with content type '{Truncate(mediaType)}', not JSON.");
            }

            if (response.Content.Headers.ContentLength is { } length && length > _options.MaxResponseBytes)
            {
                return TooLarge(current, $"announces {length} bytes");
            }

            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                return await ReadBoundedAsync(stream, current, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<Result<byte[]>> ReadBoundedAsync(Stream stream, Uri url, CancellationToken cancellationToken)
    {
        var limit = _options.MaxResponseBytes;
        var buffer = new byte[Math.Min(limit + 1, 16 * 1024)];
        var total = 0;
        while (true)
        {
            if (total == buffer.Length)
            {
                if (total > limit)
                {
                    return TooLarge(url, "sends more bytes than allowed");
                }

                Array.Resize(ref buffer, Math.Min(limit + 1, buffer.Length * 2));
            }

            var read = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total > limit ? TooLarge(url, "sends more bytes than allowed") : buffer[..total];
    }

    private Result<byte[]> TooLarge(Uri url, string what)
        => Result<byte[]>.Failure(DidResolutionErrors.InvalidDidDocument, $"{url} {what}; the did:web limit is {_options.MaxResponseBytes} bytes.");

    private static bool IsAcceptableMediaType(string mediaType)
    {
        // Lenient: servers commonly send application/json or text/plain; the body is parsed strictly anyway.
        return mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase)
            || mediaType.Equals("text/plain", StringComparison.OrdinalIgnoreCase)
            || mediaType.Equals("text/json", StringComparison.OrdinalIgnoreCase)
            || mediaType.Equals("application/octet-stream", StringComparison.OrdinalIgnoreCase);
    }

    private static string Describe(Exception ex)
    {
        var messages = new List<string>();
        for (var e = ex; e is not null && messages.Count < 4; e = e.InnerException)
        {
            messages.Add(e.Message);
        }

        return string.Join(" ", messages.Distinct(StringComparer.Ordinal));
    }

    private static Result<byte[]> Internal(string message) => Result<byte[]>.Failure(DidResolutionErrors.InternalError, message);

    private static DidWebResolverOptions CreateOptions(DidWebResolverOptions? options)
    {
        var copy = (options ?? new DidWebResolverOptions()).Clone();
        copy.Validate();
        return copy;
    }

    private static HttpClient NewClient(HttpMessageHandler handler, bool disposeHandler)
        => new(handler, disposeHandler) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };

    private static string Truncate(string s) => s.Length <= 64 ? s : s[..64] + "…";
}
