// JSON-RPC 2.0 over HTTP POST (JSON-RPC 2.0 specification §4 request, §5 response, §5.1 error object,
// §6 batch), as Ethereum nodes serve it.
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Did.Sdk.Json;
using Polly;
using Polly.Retry;

namespace Did.Sdk.Ethereum.Rpc;

/// <summary>
/// <see cref="IEthereumRpc"/> over an <see cref="HttpClient"/>: JSON-RPC 2.0 with batching, a per-call
/// timeout, a bound on the response size, strict response checks (version, matching ids, result XOR
/// error) and bounded retries of idempotent calls after transient failures.
/// </summary>
public sealed class HttpEthereumRpc : IEthereumRpc
{
    private static readonly HashSet<string> NotIdempotent = new(StringComparer.Ordinal) { "eth_sendRawTransaction", "eth_sendTransaction" };
    private readonly Func<HttpClient> _client;
    private readonly HttpEthereumRpcOptions _options;
    private readonly TimeProvider _time;
    private readonly ResiliencePipeline<PostOutcome> _readPipeline;
    private long _nextId;

    /// <summary>Creates the transport over clients from <paramref name="httpClientFactory"/> (named <see cref="HttpEthereumRpcOptions.HttpClientName"/>).</summary>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public HttpEthereumRpc(IHttpClientFactory httpClientFactory, HttpEthereumRpcOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(httpClientFactory);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _time = timeProvider ?? TimeProvider.System;
        _readPipeline = BuildReadPipeline(options, _time);
        var name = options.HttpClientName;
        _client = () => httpClientFactory.CreateClient(name);
    }

    /// <summary>Creates the transport over one <see cref="HttpClient"/> (without a DI container).</summary>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public HttpEthereumRpc(HttpClient httpClient, HttpEthereumRpcOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _time = timeProvider ?? TimeProvider.System;
        _readPipeline = BuildReadPipeline(options, _time);
        _client = () => httpClient;
    }

    /// <summary>The endpoint this transport talks to.</summary>
    public Uri Endpoint => _options.Endpoint!;

    /// <inheritdoc />
    public async ValueTask<Result<JsonElement>> SendAsync(string method, JsonArray parameters, CancellationToken cancellationToken = default)
    {
        var results = await SendBatchCoreAsync([new RpcRequest(method, parameters)], single: true, cancellationToken).ConfigureAwait(false);
        return results[0];
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<Result<JsonElement>>> SendBatchAsync(IReadOnlyList<RpcRequest> requests, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requests);
        if (requests.Count == 0)
        {
            return [];
        }

        var all = new List<Result<JsonElement>>(requests.Count);
        for (var start = 0; start < requests.Count; start += _options.MaxBatchSize)
        {
            var chunk = requests.Skip(start).Take(_options.MaxBatchSize).ToArray();
            all.AddRange(await SendBatchCoreAsync(chunk, single: false, cancellationToken).ConfigureAwait(false));
        }

        return all;
    }

    private async ValueTask<Result<JsonElement>[]> SendBatchCoreAsync(RpcRequest[] requests, bool single, CancellationToken cancellationToken)
    {
        foreach (var request in requests)
        {
            ArgumentNullException.ThrowIfNull(request);
            ArgumentException.ThrowIfNullOrEmpty(request.Method);
            ArgumentNullException.ThrowIfNull(request.Parameters);
        }

        var ids = new long[requests.Length];
        var body = new JsonArray();
        for (var i = 0; i < requests.Length; i++)
        {
            ids[i] = Interlocked.Increment(ref _nextId);
            body.Add(new JsonObject
            {
                ["jsonrpc"] = "2.0",
                ["id"] = ids[i],
                ["method"] = requests[i].Method,
                ["params"] = requests[i].Parameters.DeepClone(),
            });
        }

        var payload = single ? body[0]!.ToJsonString() : body.ToJsonString();

        // Reads are retried after transient failures (timeouts, 5xx, 429, connection errors) by the
        // resilience pipeline; a batch holding a write (eth_sendRawTransaction) is sent exactly once.
        var retryable = requests.All(r => !NotIdempotent.Contains(r.Method));
        var pipeline = retryable ? _readPipeline : ResiliencePipeline<PostOutcome>.Empty;
        var outcome = await pipeline.ExecuteAsync(static async (state, token) => await state.Self.PostAsync(state.Payload, token).ConfigureAwait(false), (Self: this, Payload: payload), cancellationToken).ConfigureAwait(false);
        return outcome.Body is not null
            ? ParseResponse(outcome.Body, ids, single)
            : Enumerable.Repeat(Result<JsonElement>.Failure(outcome.Error!), requests.Length).ToArray();
    }

    private static ResiliencePipeline<PostOutcome> BuildReadPipeline(HttpEthereumRpcOptions options, TimeProvider time)
    {
        if (options.MaxRetries == 0)
        {
            return ResiliencePipeline<PostOutcome>.Empty;
        }

        return new ResiliencePipelineBuilder<PostOutcome> { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions<PostOutcome>
            {
                MaxRetryAttempts = options.MaxRetries,
                Delay = options.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = false,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Result is { Body: null, Transient: true }),
            })
            .Build();
    }

    private readonly record struct PostOutcome(byte[]? Body, SdkError? Error, bool Transient);

    private async ValueTask<PostOutcome> PostAsync(string payload, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_options.Timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            using var content = new StringContent(payload, System.Text.Encoding.UTF8, "application/json");
            using var request = new HttpRequestMessage(HttpMethod.Post, _options.Endpoint) { Content = content };
            using var response = await _client().SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                var status = (int)response.StatusCode;
                return new PostOutcome(null, new SdkError(EthereumErrorCodes.RpcUnavailable, $"The JSON-RPC endpoint answered HTTP {status}."),
                    response.StatusCode == HttpStatusCode.TooManyRequests || status >= 500);
            }

            if (response.Content.Headers.ContentLength > _options.MaxResponseBytes)
            {
                return new PostOutcome(null, TooLarge(), false);
            }

            var stream = await response.Content.ReadAsStreamAsync(linked.Token).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                var buffer = new MemoryStream();
                var chunk = new byte[16 * 1024];
                int read;
                while ((read = await stream.ReadAsync(chunk, linked.Token).ConfigureAwait(false)) > 0)
                {
                    if (buffer.Length + read > _options.MaxResponseBytes)
                    {
                        return new PostOutcome(null, TooLarge(), false);
                    }

                    buffer.Write(chunk, 0, read);
                }

                return new PostOutcome(buffer.ToArray(), null, false);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new PostOutcome(null, new SdkError(EthereumErrorCodes.RpcTimeout, $"The JSON-RPC call did not complete within {_options.Timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s."), true);
        }
        catch (HttpRequestException ex)
        {
            return new PostOutcome(null, new SdkError(EthereumErrorCodes.RpcUnavailable, "The JSON-RPC endpoint could not be reached: " + ex.Message), true);
        }
    }

    private SdkError TooLarge() => new(EthereumErrorCodes.RpcResponseTooLarge, $"The JSON-RPC response exceeds {_options.MaxResponseBytes} bytes.");

    private static Result<JsonElement>[] ParseResponse(byte[] body, long[] ids, bool single)
    {
        var results = new Result<JsonElement>[ids.Length];
        var parsed = StrictJson.ParseDocument(body);
        if (!parsed.Succeeded)
        {
            Array.Fill(results, Malformed("The JSON-RPC response is not valid JSON."));
            return results;
        }

        using var document = parsed.Value;
        var root = document.RootElement;
        if (single)
        {
            // A node may answer a single call with a batch-style error object without id (parse errors); treat uniformly.
            results[0] = root.ValueKind == JsonValueKind.Object
                ? ParseOne(root, ids[0])
                : Malformed("A JSON-RPC response must be an object.");
            return results;
        }

        if (root.ValueKind != JsonValueKind.Array)
        {
            var whole = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("error", out var e)
                ? Result<JsonElement>.Failure(RpcErrorFrom(e))
                : Malformed("A JSON-RPC batch response must be an array.");
            Array.Fill(results, whole);
            return results;
        }

        var byId = new Dictionary<long, JsonElement>();
        foreach (var item in root.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty("id", out var id) || !TryGetInteger(id, out var n) || !byId.TryAdd(n, item))
            {
                Array.Fill(results, Malformed("A JSON-RPC batch response entry has no usable or a duplicate id."));
                return results;
            }
        }

        for (var i = 0; i < ids.Length; i++)
        {
            results[i] = byId.TryGetValue(ids[i], out var item)
                ? ParseOne(item, ids[i])
                : Malformed("The JSON-RPC batch response lacks an answer to a request.");
        }

        return results;
    }

    private static Result<JsonElement> ParseOne(JsonElement response, long expectedId)
    {
        if (!response.TryGetProperty("jsonrpc", out var version) || version.ValueKind != JsonValueKind.String || version.GetString() != "2.0")
        {
            return Malformed("The JSON-RPC response lacks \"jsonrpc\": \"2.0\".");
        }

        var hasResult = response.TryGetProperty("result", out var result);
        var hasError = response.TryGetProperty("error", out var error);
        if (hasResult == hasError)
        {
            return Malformed("A JSON-RPC response has exactly one of result and error.");
        }

        if (!response.TryGetProperty("id", out var id))
        {
            return Malformed("The JSON-RPC response has no id.");
        }

        if (hasError)
        {
            return Result<JsonElement>.Failure(RpcErrorFrom(error));
        }

        if (!TryGetInteger(id, out var n) || n != expectedId)
        {
            return Malformed("The JSON-RPC response id does not match the request.");
        }

        return result.Clone();
    }

    private static SdkError RpcErrorFrom(JsonElement error)
    {
        if (error.ValueKind != JsonValueKind.Object
            || !error.TryGetProperty("code", out var code) || !TryGetInteger(code, out var c)
            || !error.TryGetProperty("message", out var message) || message.ValueKind != JsonValueKind.String)
        {
            return new SdkError(EthereumErrorCodes.RpcMalformedResponse, "A JSON-RPC error object lacks an integer code or a message.");
        }

        var text = message.GetString()!;
        if (text.Length > 512)
        {
            text = text[..512];
        }

        return RpcErrors.Create(c, text);
    }

    // JsonElement.TryGetInt64 throws InvalidOperationException on a string, object, array, bool or null:
    // an id or error code of the wrong JSON type must be a malformed response, not an exception.
    private static bool TryGetInteger(JsonElement element, out long value)
    {
        value = 0;
        return element.ValueKind == JsonValueKind.Number && element.TryGetInt64(out value);
    }

    private static Result<JsonElement> Malformed(string message) => Result<JsonElement>.Failure(EthereumErrorCodes.RpcMalformedResponse, message);
}

/// <summary>Builds and reads <c>rpcError</c> errors, which carry the node's JSON-RPC error code.</summary>
public static class RpcErrors
{
    private const string Prefix = "JSON-RPC error ";

    /// <summary>An <c>rpcError</c> for a JSON-RPC error object with <paramref name="code"/> and <paramref name="message"/>.</summary>
    public static SdkError Create(long code, string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return new SdkError(EthereumErrorCodes.RpcError, Prefix + code.ToString(CultureInfo.InvariantCulture) + ": " + message);
    }

    /// <summary>The node's JSON-RPC error code of an <c>rpcError</c>, or null for other errors.</summary>
    public static long? GetRpcCode(SdkError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        if (error.Code != EthereumErrorCodes.RpcError || !error.Message.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var rest = error.Message.AsSpan(Prefix.Length);
        var colon = rest.IndexOf(':');
        return colon > 0 && long.TryParse(rest[..colon], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var code) ? code : null;
    }
}
