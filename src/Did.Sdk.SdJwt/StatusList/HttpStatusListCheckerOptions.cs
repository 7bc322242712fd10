namespace Did.Sdk.SdJwt.StatusList;

/// <summary>Options of <see cref="HttpStatusListChecker"/>, validated when the checker is created.</summary>
public sealed class HttpStatusListCheckerOptions
{
    /// <summary>The name of the <see cref="IHttpClientFactory"/> client the checker uses.</summary>
    public const string HttpClientName = "Did.Sdk.StatusList";

    /// <summary>The default response size bound, 1 MiB.</summary>
    public const int DefaultMaxResponseBytes = 1024 * 1024;

    /// <summary>One deadline for a fetch: connect, headers and body. Default 10 s.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The largest response body read, in bytes (default 1 MiB, at most 16 MiB). A larger
    /// <c>Content-Length</c> is refused before reading; otherwise reading stops one byte past it.
    /// Failure: <c>statusListTooLarge</c>.
    /// </summary>
    public int MaxResponseBytes { get; set; } = DefaultMaxResponseBytes;

    /// <summary>The most lists cached (default 1000). When full, the entry that expires first is evicted.</summary>
    public int MaxCacheEntries { get; set; } = 1000;

    /// <summary>How long a list without <c>ttl</c> is cached (default 5 minutes; never past its <c>exp</c>). Zero disables caching of such lists.</summary>
    public TimeSpan DefaultCacheDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The longest any list is cached, whatever its <c>ttl</c> says (default 1 day).</summary>
    public TimeSpan MaxCacheDuration { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// For tests against a local server only: accept <c>http://</c> list URIs. Off by default: a
    /// list fetched over plain HTTP cannot be trusted to be current.
    /// </summary>
    public bool AllowHttpForTesting { get; set; }

    /// <summary>
    /// Lets the handler of <see cref="HttpStatusListChecker.CreateHandler"/> (the one
    /// <c>AddStatusListChecker()</c> installs) connect to loopback, private, link-local and other
    /// non-public addresses. Off by default: a status list URI comes from the credential, so a verifier
    /// that followed it anywhere could be made to probe its own network (server-side request forgery).
    /// </summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>The token validation policy (algorithms, clock skew, maximum age, decompression bound).</summary>
    public StatusListValidationOptions Validation { get; set; } = StatusListValidationOptions.Default;

    internal void Validate()
    {
        if (Timeout <= TimeSpan.Zero || Timeout == System.Threading.Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(Timeout), Timeout, "The status list timeout must be positive and finite.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(MaxResponseBytes, 1, nameof(MaxResponseBytes));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxResponseBytes, 16 * 1024 * 1024, nameof(MaxResponseBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxCacheEntries, 0, nameof(MaxCacheEntries));
        ArgumentOutOfRangeException.ThrowIfLessThan(DefaultCacheDuration, TimeSpan.Zero, nameof(DefaultCacheDuration));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxCacheDuration, TimeSpan.Zero, nameof(MaxCacheDuration));
        ArgumentNullException.ThrowIfNull(Validation, nameof(Validation));
        Validation.Validate();
    }

    internal HttpStatusListCheckerOptions Clone() => (HttpStatusListCheckerOptions)MemberwiseClone();
}
