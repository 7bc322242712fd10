namespace Did.Sdk.Methods;

/// <summary>Options of <see cref="DidWebResolver"/>, validated when the resolver is created.</summary>
public sealed class DidWebResolverOptions
{
    /// <summary>The name of the <see cref="IHttpClientFactory"/> client the resolver uses.</summary>
    public const string HttpClientName = "Did.Sdk.DidWeb";

    /// <summary>The default response size limit, 256 KiB.</summary>
    public const int DefaultMaxResponseBytes = 256 * 1024;

    /// <summary>The most same-host redirects followed.</summary>
    public const int MaxRedirectsLimit = 3;

    /// <summary>
    /// One deadline for the whole resolution: DNS, connect, TLS, headers, body and redirects.
    /// Default 10 seconds. When it passes the result is <c>internalError</c>.
    /// </summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The largest response body read, in bytes (default 256 KiB). A larger <c>Content-Length</c> is
    /// refused before reading; a body without one is read only up to this size plus one byte.
    /// </summary>
    public int MaxResponseBytes { get; set; } = DefaultMaxResponseBytes;

    /// <summary>
    /// Same-host redirects (same scheme, host and port) followed, 0 to 3 (default 3). A redirect to
    /// another host, scheme or port is always refused.
    /// </summary>
    public int MaxRedirects { get; set; } = MaxRedirectsLimit;

    /// <summary>
    /// Allows connections to loopback, private (RFC 1918), CGNAT, link-local (including cloud metadata
    /// 169.254.169.254), unique-local, multicast, reserved and unspecified addresses. Off by default:
    /// with it off such addresses are refused when the connection is made, after DNS resolution, so
    /// DNS rebinding cannot reach them. Turn on only for intranets you trust or for tests.
    /// </summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>
    /// For tests against a local server only: fetch <c>http://</c> instead of <c>https://</c>. Never
    /// enable in production; did:web requires HTTPS and plain HTTP loses server authentication.
    /// </summary>
    public bool UseInsecureHttpForTesting { get; set; }

    internal void Validate()
    {
        if (Timeout <= TimeSpan.Zero && Timeout != System.Threading.Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(Timeout), Timeout, "The did:web timeout must be positive.");
        }

        if (Timeout == System.Threading.Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(Timeout), Timeout, "The did:web timeout must be finite.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(MaxResponseBytes, 1, nameof(MaxResponseBytes));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxResponseBytes, 16 * 1024 * 1024, nameof(MaxResponseBytes));
        ArgumentOutOfRangeException.ThrowIfNegative(MaxRedirects, nameof(MaxRedirects));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxRedirects, MaxRedirectsLimit, nameof(MaxRedirects));
    }

    internal DidWebResolverOptions Clone() => new()
    {
        Timeout = Timeout,
        MaxResponseBytes = MaxResponseBytes,
        MaxRedirects = MaxRedirects,
        AllowPrivateNetworks = AllowPrivateNetworks,
        UseInsecureHttpForTesting = UseInsecureHttpForTesting,
    };
}
