// Token Status List (draft-ietf-oauth-status-list-20) §8.1 (fetch with Accept
// application/statuslist+jwt), §8.3 (validation) and §13.7/§11 (caching per ttl/exp; fail closed).
using System.Net.Http.Headers;
using System.Text.Json;
using Did.Sdk.Jose;
using Did.Sdk.Json;
using Did.Sdk.Net;

namespace Did.Sdk.SdJwt.StatusList;

/// <summary>
/// Checks credential status by fetching Status List Tokens over HTTPS. Fails closed: the list must
/// be reachable, no larger than the bounds, signed by the key <see cref="IStatusListKeyResolver"/>
/// trusts, have <c>sub</c> equal to the referenced uri, be current, and contain the index.
/// Verified lists are cached per <c>ttl</c> (bounded by <c>exp</c> and
/// <see cref="HttpStatusListCheckerOptions.MaxCacheDuration"/>); failures are never cached.
/// </summary>
public sealed class HttpStatusListChecker : IStatusListChecker
{
    private readonly Func<HttpClient> _client;
    private readonly IStatusListKeyResolver _keys;
    private readonly HttpStatusListCheckerOptions _options;
    private readonly StatusListTokenValidator _validator;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, CacheEntry> _cache = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Task<Result<StatusListToken>>> _inflight = new(StringComparer.Ordinal);
    private readonly Lock _cacheLock = new();

    /// <summary>Creates a checker over the named client <see cref="HttpStatusListCheckerOptions.HttpClientName"/> of <paramref name="clientFactory"/>.</summary>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public HttpStatusListChecker(IHttpClientFactory clientFactory, IStatusListKeyResolver keyResolver, HttpStatusListCheckerOptions? options = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(clientFactory);
        ArgumentNullException.ThrowIfNull(keyResolver);
        _client = () => clientFactory.CreateClient(HttpStatusListCheckerOptions.HttpClientName);
        _keys = keyResolver;
        _options = (options ?? new HttpStatusListCheckerOptions()).Clone();
        _options.Validate();
        _time = timeProvider ?? TimeProvider.System;
        _validator = new StatusListTokenValidator(_options.Validation, _time);
    }

    /// <summary>Creates a checker that sends through <paramref name="client"/> (not disposed by the checker).</summary>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public HttpStatusListChecker(HttpClient client, IStatusListKeyResolver keyResolver, HttpStatusListCheckerOptions? options = null, TimeProvider? timeProvider = null)
        : this(new SingleClientFactory(client ?? throw new ArgumentNullException(nameof(client))), keyResolver, options, timeProvider)
    {
    }

    /// <summary>
    /// The handler the checker's named client should use (<see cref="NetworkGuard.CreateHandler"/>): it
    /// connects only to public addresses unless <see cref="HttpStatusListCheckerOptions.AllowPrivateNetworks"/>,
    /// follows no redirects (a list is served at its own URI), sends no cookies and does no transparent
    /// decompression (the body size bound applies to the bytes received). <c>AddStatusListChecker()</c> installs it.
    /// </summary>
    public static SocketsHttpHandler CreateHandler(HttpStatusListCheckerOptions? options = null)
        => NetworkGuard.CreateHandler(options?.AllowPrivateNetworks ?? false);

    /// <summary>The number of lists in the cache.</summary>
    public int CachedListCount
    {
        get
        {
            lock (_cacheLock)
            {
                return _cache.Count;
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask<StatusCheckResult> CheckAsync(JsonElement statusClaim, CancellationToken cancellationToken = default)
    {
        var reference = StatusReference.Parse(statusClaim);
        if (!reference.Succeeded)
        {
            return StatusCheckResult.Failure(reference.Error);
        }

        return await CheckAsync(reference.Value, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Checks the entry <paramref name="reference"/> points to. Same contract as <see cref="CheckAsync(JsonElement, CancellationToken)"/>.</summary>
    public async ValueTask<StatusCheckResult> CheckAsync(StatusReference reference, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var uri = new Uri(reference.Uri, UriKind.Absolute);
        if (uri.Scheme != Uri.UriSchemeHttps && !(_options.AllowHttpForTesting && uri.Scheme == Uri.UriSchemeHttp))
        {
            return StatusCheckResult.Failure(StatusListErrorCodes.InvalidStatusReference, "The status list uri must use https.");
        }

        bool fromCache = true;
        var token = GetCached(reference.Uri);
        if (token is null)
        {
            fromCache = false;
            var fetched = await GetOrStartFetch(reference.Uri, uri).WaitAsync(cancellationToken).ConfigureAwait(false);
            if (!fetched.Succeeded)
            {
                return StatusCheckResult.Failure(fetched.Error);
            }

            token = fetched.Value;
        }

        if (!token.StatusList.TryGet(reference.Index, out var status))
        {
            return StatusCheckResult.Failure(StatusListErrorCodes.StatusIndexOutOfRange, $"Index {reference.Index} is beyond the {token.StatusList.Count} entries of {reference.Uri}.");
        }

        var check = new StatusListCheck(reference.Uri, reference.Index, token.IssuedAt, token.ExpiresAt, token.TimeToLive, token.KeyId, token.Algorithm, token.StatusList.Bits, fromCache);
        return StatusCheckResult.Success(status, check);
    }

    /// <summary>Removes every cached list.</summary>
    public void ClearCache()
    {
        lock (_cacheLock)
        {
            _cache.Clear();
        }
    }

    // Concurrent checks of the same uncached list share one fetch. The fetch is bounded by its own
    // deadline only, so one caller's cancellation does not fail the others (each stops waiting).
    private Task<Result<StatusListToken>> GetOrStartFetch(string listUri, Uri uri)
    {
        TaskCompletionSource<Result<StatusListToken>> completion;
        lock (_cacheLock)
        {
            if (_inflight.TryGetValue(listUri, out var running))
            {
                return running;
            }

            completion = new TaskCompletionSource<Result<StatusListToken>>(TaskCreationOptions.RunContinuationsAsynchronously);
            _inflight[listUri] = completion.Task;
        }

        _ = RunFetchAsync(listUri, uri, completion);
        return completion.Task;
    }

    private async Task RunFetchAsync(string listUri, Uri uri, TaskCompletionSource<Result<StatusListToken>> completion)
    {
        Result<StatusListToken> result;
        try
        {
            result = await FetchAndValidateAsync(listUri, uri).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            lock (_cacheLock)
            {
                _inflight.Remove(listUri);
            }

            completion.SetException(ex);
            return;
        }

        lock (_cacheLock)
        {
            _inflight.Remove(listUri);
            if (result.Succeeded)
            {
                AddToCacheLocked(listUri, result.Value);
            }
        }

        completion.SetResult(result);
    }

    private async Task<Result<StatusListToken>> FetchAndValidateAsync(string listUri, Uri uri)
    {
        using var deadline = new CancellationTokenSource(_options.Timeout, _time);
        var cancellationToken = deadline.Token;
        Result<string> body;
        try
        {
            body = await FetchAsync(uri, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return Unreachable($"Fetching {listUri} did not finish within {_options.Timeout.TotalMilliseconds:0} ms.");
        }
        catch (HttpRequestException ex) when (ex.InnerException is NetworkAddressRefusedException refused)
        {
            return Unreachable($"Fetching {listUri} was refused: {refused.Message}");
        }
        catch (HttpRequestException ex)
        {
            return Unreachable($"Fetching {listUri} failed: {ex.HttpRequestError}.");
        }
        catch (IOException)
        {
            return Unreachable($"Reading {listUri} failed.");
        }

        if (!body.Succeeded)
        {
            return body.Error;
        }

        var decoded = _validator.Decode(body.Value);
        if (!decoded.Succeeded)
        {
            return decoded.Error;
        }

        // iss helps the key resolver; it is untrusted until the signature is checked. A payload that
        // does not parse is reported with its proper code by the validator after the signature check.
        string? issuer = null;
        var payload = StrictJson.ParseDocument(decoded.Value.Payload);
        if (payload.Succeeded)
        {
            using var document = payload.Value;
            if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("iss", out var iss) && iss.ValueKind == JsonValueKind.String)
            {
                issuer = iss.GetString();
            }
        }

        Result<VerificationKey> key;
        try
        {
            key = await _keys.ResolveKeyAsync(new StatusListKeyRequest(listUri, decoded.Value.KeyId, decoded.Value.Algorithm, issuer), cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return Unreachable($"Finding the key for {listUri} did not finish within {_options.Timeout.TotalMilliseconds:0} ms.");
        }

        if (!key.Succeeded)
        {
            return Result<StatusListToken>.Failure(StatusListErrorCodes.StatusListKeyNotFound, $"No trusted key for the list {listUri}: {key.Error.Code}.");
        }

        return _validator.Validate(decoded.Value, listUri, key.Value);
    }

    private async Task<Result<string>> FetchAsync(Uri uri, CancellationToken cancellationToken)
    {
        var client = _client();
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(StatusListToken.MediaType));
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        int status = (int)response.StatusCode;
        if (status is 404 or 410)
        {
            return Result<string>.Failure(StatusListErrorCodes.StatusListNotFound, $"{uri} answered {status}: the status list does not exist.");
        }

        if (status != 200)
        {
            return Result<string>.Failure(StatusListErrorCodes.StatusListUnreachable, $"{uri} answered HTTP {status}.");
        }

        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (mediaType is not null && !string.Equals(mediaType, StatusListToken.MediaType, StringComparison.OrdinalIgnoreCase))
        {
            return Result<string>.Failure(StatusListErrorCodes.StatusListUnreachable, $"{uri} answered with content type '{(mediaType.Length > 64 ? mediaType[..64] : mediaType)}', not {StatusListToken.MediaType}.");
        }

        int limit = _options.MaxResponseBytes;
        if (response.Content.Headers.ContentLength is { } length && length > limit)
        {
            return TooLarge(uri, $"announces {length} bytes");
        }

        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var buffer = new byte[Math.Min(limit + 1, 16 * 1024)];
            int total = 0;
            while (true)
            {
                if (total == buffer.Length)
                {
                    if (total > limit)
                    {
                        return TooLarge(uri, "sends more bytes than allowed");
                    }

                    Array.Resize(ref buffer, (int)Math.Min(limit + 1L, buffer.Length * 2L));
                }

                int read = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                total += read;
            }

            if (total > limit)
            {
                return TooLarge(uri, "sends more bytes than allowed");
            }

            if (!System.Text.Unicode.Utf8.IsValid(buffer.AsSpan(0, total)))
            {
                return Result<string>.Failure(StatusListErrorCodes.InvalidStatusListToken, $"{uri} answered with a body that is not UTF-8.");
            }

            // A compact JWT is ASCII; surrounding whitespace from servers is tolerated.
            return System.Text.Encoding.UTF8.GetString(buffer, 0, total).Trim();
        }
    }

    private Result<string> TooLarge(Uri uri, string what)
        => Result<string>.Failure(StatusListErrorCodes.StatusListTooLarge, $"{uri} {what}; the limit is {_options.MaxResponseBytes} bytes.");

    private static Result<StatusListToken> Unreachable(string message) => Result<StatusListToken>.Failure(StatusListErrorCodes.StatusListUnreachable, message);

    private StatusListToken? GetCached(string uri)
    {
        var now = _time.GetUtcNow();
        lock (_cacheLock)
        {
            if (_cache.TryGetValue(uri, out var entry))
            {
                if (entry.Until > now)
                {
                    return entry.Token;
                }

                _cache.Remove(uri);
            }
        }

        return null;
    }

    private void AddToCacheLocked(string uri, StatusListToken token)
    {
        if (_options.MaxCacheEntries == 0)
        {
            return;
        }

        var now = _time.GetUtcNow();
        var duration = token.TimeToLive ?? _options.DefaultCacheDuration;
        if (duration > _options.MaxCacheDuration)
        {
            duration = _options.MaxCacheDuration;
        }

        var until = now + duration;
        if (token.ExpiresAt is { } exp && exp < until)
        {
            until = exp;
        }

        if (_options.Validation.MaxAge is { } maxAge && token.IssuedAt + maxAge < until)
        {
            until = token.IssuedAt + maxAge;
        }

        if (until <= now)
        {
            return;
        }

        if (!_cache.ContainsKey(uri) && _cache.Count >= _options.MaxCacheEntries)
        {
            // Evict the entry that expires first (an expired one, if any). O(MaxCacheEntries).
            string? victim = null;
            var earliest = DateTimeOffset.MaxValue;
            foreach (var (key, entry) in _cache)
            {
                if (entry.Until < earliest)
                {
                    earliest = entry.Until;
                    victim = key;
                }
            }

            _cache.Remove(victim!);
        }

        _cache[uri] = new CacheEntry(token, until);
    }

    private sealed record CacheEntry(StatusListToken Token, DateTimeOffset Until);

    private sealed class SingleClientFactory(HttpClient client) : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => client;
    }
}
