namespace Did.Sdk.Ethereum.Rpc;

/// <summary>Options of <see cref="HttpEthereumRpc"/>.</summary>
public sealed class HttpEthereumRpcOptions
{
    /// <summary>The default name of the <see cref="HttpClient"/> taken from <see cref="IHttpClientFactory"/>.</summary>
    public const string DefaultHttpClientName = "Did.Sdk.Ethereum.Rpc";

    /// <summary>The JSON-RPC endpoint (http or https). Required.</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>The name of the client taken from <see cref="IHttpClientFactory"/>.</summary>
    public string HttpClientName { get; set; } = DefaultHttpClientName;

    /// <summary>Time allowed for one round trip (request and whole response body). Default 10 seconds.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The largest response body accepted, in bytes. Default 16 MiB.</summary>
    public int MaxResponseBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>The most calls sent in one batch; longer batches are split. Default 100.</summary>
    public int MaxBatchSize { get; set; } = 100;

    /// <summary>
    /// Retries after a timeout, a connection failure or an HTTP 429/5xx, for idempotent methods only
    /// (never <c>eth_sendRawTransaction</c>/<c>eth_sendTransaction</c>). Default 2.
    /// </summary>
    public int MaxRetries { get; set; } = 2;

    /// <summary>The delay before the first retry; doubled on each further retry. Default 200 ms.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Validates the options.</summary>
    /// <exception cref="ArgumentException">An option is missing or out of range.</exception>
    public void Validate()
    {
        if (Endpoint is null || !Endpoint.IsAbsoluteUri || (Endpoint.Scheme != Uri.UriSchemeHttp && Endpoint.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException("Endpoint must be an absolute http or https URI.", nameof(Endpoint));
        }

        ArgumentException.ThrowIfNullOrEmpty(HttpClientName, nameof(HttpClientName));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(Timeout, TimeSpan.Zero, nameof(Timeout));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxResponseBytes, 1024, nameof(MaxResponseBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBatchSize, 1, nameof(MaxBatchSize));
        ArgumentOutOfRangeException.ThrowIfNegative(MaxRetries, nameof(MaxRetries));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxRetries, 10, nameof(MaxRetries));
        ArgumentOutOfRangeException.ThrowIfLessThan(RetryDelay, TimeSpan.Zero, nameof(RetryDelay));
    }
}
