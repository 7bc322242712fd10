// Presentation requests in Redis, shared by every verifier instance. A request lives under its nonce until
// it expires; consumption is one SET NX of a "used" marker: of all the instances racing for a nonce, exactly
// one sets it, and every later look-up sees it (so a replay is never mistaken for an unknown nonce). HybridCache is not used here on purpose:
// it has no atomic read-and-remove, and a nonce store that is only eventually consistent accepts replays.
// Every Redis failure (down, timeout, not reachable) is requestStoreUnavailable: the verifier refuses.
using System.Text;
using Did.Sdk.Json;
using Did.Sdk.Verification.Requests;
using StackExchange.Redis;

namespace Did.Sdk.Verification.Redis;

/// <summary>An <see cref="IPresentationRequestStore"/> on Redis (6.2 or later, for GETDEL).</summary>
public sealed class RedisPresentationRequestStore : IPresentationRequestStore
{
    private readonly IConnectionMultiplexer _redis;
    private readonly string _prefix;
    private readonly TimeProvider _time;

    /// <summary>Creates the store over <paramref name="redis"/>, with keys under <paramref name="keyPrefix"/>.</summary>
    public RedisPresentationRequestStore(IConnectionMultiplexer redis, string keyPrefix = "did-sdk:requests:", TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentException.ThrowIfNullOrEmpty(keyPrefix);
        _redis = redis;
        _prefix = keyPrefix;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc/>
    public async ValueTask<Result<PresentationRequest>> AddAsync(PresentationRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var ttl = Ttl(request);
        try
        {
            bool added = await _redis.GetDatabase().StringSetAsync(Key(request.Nonce), request.ToJson().ToJsonString(), ttl, When.NotExists).ConfigureAwait(false);
            return added ? request : Result<PresentationRequest>.Failure(VerificationErrorCodes.RequestStoreUnavailable, "A request with this nonce already exists.");
        }
        catch (Exception ex) when (IsRedisFailure(ex))
        {
            return Unavailable();
        }
    }

    /// <inheritdoc/>
    public async ValueTask<Result<PresentationRequest>> GetAsync(string nonce, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(nonce);
        try
        {
            var db = _redis.GetDatabase();
            var value = db.StringGetAsync(Key(nonce));
            var used = db.KeyExistsAsync(UsedKey(nonce));
            await Task.WhenAll(value, used).ConfigureAwait(false);
            return used.Result ? Replayed() : value.Result.HasValue ? Read(value.Result!) : Unknown();
        }
        catch (Exception ex) when (IsRedisFailure(ex))
        {
            return Unavailable();
        }
    }

    /// <inheritdoc/>
    public async ValueTask<Result<PresentationRequest>> ConsumeAsync(string nonce, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(nonce);
        try
        {
            var db = _redis.GetDatabase();
            var value = await db.StringGetAsync(Key(nonce)).ConfigureAwait(false);
            if (!value.HasValue)
            {
                return await db.KeyExistsAsync(UsedKey(nonce)).ConfigureAwait(false) ? Replayed() : Unknown();
            }

            var request = Read(value!);
            if (!request.Succeeded)
            {
                return request;
            }

            // The one atomic step: exactly one caller sets the marker, for as long as the request would live.
            return await db.StringSetAsync(UsedKey(nonce), "1", Ttl(request.Value), When.NotExists).ConfigureAwait(false) ? request : Replayed();
        }
        catch (Exception ex) when (IsRedisFailure(ex))
        {
            return Unavailable();
        }
    }

    private static Result<PresentationRequest> Replayed() => Result<PresentationRequest>.Failure(VerificationErrorCodes.NonceReplayed, "The request's nonce was already used by an accepted presentation.");

    private static Result<PresentationRequest> Unknown() => Result<PresentationRequest>.Failure(VerificationErrorCodes.RequestUnknown, "This verifier issued no open request with that nonce.");

    private static Result<PresentationRequest> Read(string json)
    {
        var node = StrictJson.ParseNode(Encoding.UTF8.GetBytes(json));
        return node.Succeeded ? PresentationRequest.FromJson(node.Value) : Result<PresentationRequest>.Failure(VerificationErrorCodes.RequestStoreUnavailable, "The stored request is unreadable.");
    }

    private TimeSpan Ttl(PresentationRequest request)
    {
        var ttl = request.ExpiresAt - _time.GetUtcNow();
        return ttl > TimeSpan.FromSeconds(1) ? ttl : TimeSpan.FromSeconds(1);
    }

    private RedisKey Key(string nonce) => _prefix + nonce;

    private RedisKey UsedKey(string nonce) => _prefix + "used:" + nonce;

    private static bool IsRedisFailure(Exception ex) => ex is RedisException or RedisTimeoutException or RedisConnectionException or TimeoutException or ObjectDisposedException;

    private static Result<PresentationRequest> Unavailable()
        => Result<PresentationRequest>.Failure(VerificationErrorCodes.RequestStoreUnavailable, "The request store (Redis) cannot be reached; refusing rather than risking a replay.");
}
