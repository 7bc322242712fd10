using System.Net;
using System.Text.Json.Nodes;
using System.Threading.RateLimiting;
using Did.Sdk.Ethereum.Rpc;
using Did.Sdk.Ethr;
using Did.Sdk.SdJwt;
using Did.Sdk.Verification;
using Did.Sdk.Verification.Redis;
using Did.Sdk.Verification.Requests;
using Microsoft.AspNetCore.Http.HttpResults;
using StackExchange.Redis;

namespace Did.Sdk.Examples.VerifierApi;

/// <summary>
/// The verifier web API: <c>POST /requests</c>, <c>POST /verify</c>, <c>GET /health</c>, an OpenAPI document at
/// <c>/openapi/v1.json</c>, and a page at <c>/</c> where a person pastes a presentation and sees the decision
/// and each check. Errors are <c>application/problem+json</c> with the SDK's codes.
/// </summary>
public static class VerifierApiApp
{
    /// <summary>Builds the app (not started). Call <c>StartAsync</c>, then read the URL from <c>app.Urls</c>.</summary>
    public static async Task<WebApplication> BuildAsync(VerifierApiOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, options.Port);
            k.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes;
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddOpenApi();
        builder.Services.AddProblemDetails();
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context => RateLimitPartition.GetTokenBucketLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new TokenBucketRateLimiterOptions { TokenLimit = options.RateLimitPerSecond, TokensPerPeriod = options.RateLimitPerSecond, ReplenishmentPeriod = TimeSpan.FromSeconds(1), QueueLimit = 0 }));
            limiter.OnRejected = async (context, token) =>
            {
                context.HttpContext.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                await Problem(StatusCodes.Status429TooManyRequests, "rateLimited", "Too many requests from this address; slow down.").ExecuteAsync(context.HttpContext);
            };
        });

        var demo = options.Demo;
        bool ownsDemo = false;
        Devnet.DevnetServer? devnetServer = null;
        IDidResolver resolver;
        EthereumClient chain;
        if (options.Rpc is null)
        {
            if (demo is null)
            {
                demo = await DemoWorld.StartAsync(cancellationToken);
                ownsDemo = true;

                // The devnet's JSON-RPC on 127.0.0.1 too, so did-sdk verify --rpc can check the same presentations.
                devnetServer = await demo.Devnet.ServeHttpAsync(cancellationToken: cancellationToken);
            }

            resolver = new CachingDidResolver(DemoWorld.Resolver(demo.Devnet));
            chain = new EthereumClient(demo.Devnet.Rpc, new EthereumClientOptions { ChainId = demo.Devnet.ChainId });
        }
        else
        {
            ulong chainId = options.ChainId ?? throw new ArgumentException("--rpc needs --chain-id.");
            var network = new EthrNetworkOptions { ChainId = chainId, RpcUrl = options.Rpc, RegistryAddress = options.Registry };
            resolver = new CachingDidResolver(new DidResolver(new EthrDidResolver(new EthrDidResolverOptions { Networks = { network } }), new Methods.DidKeyResolver(), new Methods.DidJwkResolver(), new Methods.DidPkhResolver()));
            chain = new EthereumClient(new HttpEthereumRpc(new HttpClient(), new HttpEthereumRpcOptions { Endpoint = options.Rpc }), new EthereumClientOptions { ChainId = chainId });
        }

        var policy = options.Policy ?? demo?.GoldMemberPolicy() ?? throw new ArgumentException("A policy is needed (--policy) when not running the demo.");
        IPresentationRequestStore store = new MemoryPresentationRequestStore();
        ConnectionMultiplexer? redis = null;
        ServiceProvider? cacheProvider = null;
        if (options.Redis is { } redisConfiguration)
        {
            var configuration = ConfigurationOptions.Parse(redisConfiguration);
            configuration.AbortOnConnectFail = false;
            configuration.ConnectTimeout = 2000;
            configuration.SyncTimeout = 2000;
            configuration.AsyncTimeout = 2000;
            redis = await ConnectionMultiplexer.ConnectAsync(configuration);
            store = new RedisPresentationRequestStore(redis);

            // DID resolutions shared too: HybridCache keeps a local copy, with Redis as its distributed tier.
            var cacheServices = new ServiceCollection();
            var multiplexer = redis;
            cacheServices.AddStackExchangeRedisCache(o => o.ConnectionMultiplexerFactory = () => Task.FromResult<IConnectionMultiplexer>(multiplexer));
            cacheServices.AddHybridCache();
            cacheProvider = cacheServices.BuildServiceProvider();
            resolver = new HybridCacheDidResolver(resolver, cacheProvider.GetRequiredService<Microsoft.Extensions.Caching.Hybrid.HybridCache>());
        }

        var verifier = new PresentationVerifier(policy, new SdJwtVerifier(new SdJwtVerificationOptions(), resolver), resolver, chain, store);
        var app = builder.Build();
        app.UseRateLimiter();
        app.MapOpenApi();

        app.MapGet("/", () => Results.Content(Page.Value, "text/html; charset=utf-8")).ExcludeFromDescription();
        app.MapGet("/health", async Task<IResult> (CancellationToken ct) =>
        {
            if (redis is not null)
            {
                try
                {
                    await redis.GetDatabase().PingAsync();
                }
                catch (Exception ex) when (ex is RedisException or TimeoutException)
                {
                    return Problem(StatusCodes.Status503ServiceUnavailable, VerificationErrorCodes.RequestStoreUnavailable, "The request store (Redis) cannot be reached.");
                }
            }

            return Results.Ok(new HealthResponse("ok", policy.Chain?.ChainId, redis is null ? "memory" : "redis", demo is not null, devnetServer?.Url.ToString(), demo?.Devnet.RegistryAddress.ToString()));
        }).WithSummary("Liveness and the request store's reachability.");

        app.MapPost("/requests", async Task<IResult> (CancellationToken ct) =>
        {
            var created = await verifier.CreateRequestAsync(options.Audience, ct);
            return created.Succeeded
                ? Results.Json(created.Value.ToJson(), statusCode: StatusCodes.Status201Created)
                : Problem(StatusCodes.Status503ServiceUnavailable, created.Error.Code, created.Error.Message);
        }).WithSummary("Create a presentation request: { nonce, aud, dcql_query, iat, exp }. Answer it once, before exp.");

        app.MapPost("/verify", async Task<IResult> (HttpRequest http, CancellationToken ct) =>
        {
            var body = await ReadBodyAsync(http, ct);
            if (body.Problem is { } problem)
            {
                return problem;
            }

            var decision = await verifier.VerifyAsync(body.Presentation!, body.Nonce!, ct);
            return decision.Error?.Code == VerificationErrorCodes.RequestStoreUnavailable
                ? Problem(StatusCodes.Status503ServiceUnavailable, decision.Error.Code, decision.Error.Message)
                : Results.Json(decision.ToJson());
        }).WithSummary("Verify { nonce, presentation } against the policy: { decision: accepted|rejected|pending, valid, claims, issuer, holder, checks, evidence, error }.");

        if (demo is not null)
        {
            app.MapPost("/demo/presentation", async Task<IResult> (HttpRequest http, CancellationToken ct) =>
            {
                var json = await http.ReadFromJsonAsync<JsonObject>(ct);
                return json?["nonce"] is JsonValue nonce && nonce.TryGetValue<string>(out var n)
                    ? Results.Json(new JsonObject { ["presentation"] = demo.Present(options.Audience, n), ["holder"] = demo.FanDid })
                    : Problem(StatusCodes.Status400BadRequest, VerificationErrorCodes.InvalidPresentation, "Send { \"nonce\": \"…\" }.");
            }).WithSummary("Demo only: the demo holder's presentation (tier disclosed) answering a nonce.");
        }

        app.Lifetime.ApplicationStopped.Register(() =>
        {
            cacheProvider?.Dispose();
            redis?.Dispose();
            devnetServer?.DisposeAsync().AsTask().GetAwaiter().GetResult();
            if (ownsDemo)
            {
                demo!.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
        });
        return app;
    }

    private static async Task<(string? Nonce, string? Presentation, IResult? Problem)> ReadBodyAsync(HttpRequest http, CancellationToken ct)
    {
        JsonObject? json;
        try
        {
            json = await http.ReadFromJsonAsync<JsonObject>(ct);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, null, Problem(StatusCodes.Status413PayloadTooLarge, VerificationErrorCodes.InvalidPresentation, "The request body is too large."));
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or InvalidOperationException or BadHttpRequestException)
        {
            return (null, null, Problem(StatusCodes.Status400BadRequest, VerificationErrorCodes.InvalidPresentation, "The body is not JSON { \"nonce\": \"…\", \"presentation\": \"…\" }."));
        }

        return json?["nonce"] is JsonValue n && n.TryGetValue<string>(out var nonce) && json["presentation"] is JsonValue p && p.TryGetValue<string>(out var presentation)
            ? (nonce, presentation, null)
            : (null, null, Problem(StatusCodes.Status400BadRequest, VerificationErrorCodes.InvalidPresentation, "The body is not JSON { \"nonce\": \"…\", \"presentation\": \"…\" }."));
    }

    private static ProblemHttpResult Problem(int status, string code, string detail)
        => TypedResults.Problem(detail: detail, statusCode: status, title: code, type: "docs/errors/" + code + ".md", extensions: new Dictionary<string, object?> { ["code"] = code });

    private static readonly Lazy<string> Page = new(() =>
    {
        using var stream = typeof(VerifierApiApp).Assembly.GetManifestResourceStream("Page.html")!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    /// <summary>The answer of <c>GET /health</c>.</summary>
    public sealed record HealthResponse(string Status, ulong? ChainId, string Store, bool Demo, string? DevnetRpc, string? DevnetRegistry);
}
