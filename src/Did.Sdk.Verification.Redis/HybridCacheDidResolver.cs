// DID resolution results shared by verifier instances through HybridCache: each instance keeps a local
// copy, and the distributed tier (Redis) lets one instance's resolution serve the others. Only successful
// results are cached. The distributed tier is trusted like the verifier's own memory (a document written
// there is believed): protect it (ACL, TLS, a private network). An entry that does not read back as a
// resolution result is ignored and the DID resolved again.
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Did.Sdk.Json;
using Microsoft.Extensions.Caching.Hybrid;

namespace Did.Sdk.Verification.Redis;

/// <summary>An <see cref="IDidResolver"/> that caches successful results of <c>inner</c> in a <see cref="HybridCache"/>.</summary>
public sealed class HybridCacheDidResolver : IDidResolver
{
    /// <summary>The largest cached entry read back.</summary>
    public const int MaxEntryLength = 512 * 1024;

    private readonly IDidResolver _inner;
    private readonly HybridCache _cache;
    private readonly HybridCacheEntryOptions _entry;

    /// <summary>Creates the resolver; entries live <paramref name="timeToLive"/> (five minutes by default).</summary>
    public HybridCacheDidResolver(IDidResolver inner, HybridCache cache, TimeSpan? timeToLive = null)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(cache);
        var ttl = timeToLive ?? TimeSpan.FromMinutes(5);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ttl, TimeSpan.Zero, nameof(timeToLive));
        _inner = inner;
        _cache = cache;
        _entry = new HybridCacheEntryOptions { Expiration = ttl, LocalCacheExpiration = ttl };
    }

    /// <inheritdoc />
    public async ValueTask<DidResolutionResult> ResolveAsync(string did, DidResolutionOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(did);
        options ??= DidResolutionOptions.Default;
        string key = Key(did, options);
        string json;
        try
        {
            json = await _cache.GetOrCreateAsync(
                key,
                (Inner: _inner, Did: did, Options: options),
                static async (state, ct) =>
                {
                    var result = await state.Inner.ResolveAsync(state.Did, state.Options, ct).ConfigureAwait(false);
                    return result.Succeeded ? JsonSerializer.Serialize(result, CoreJsonContext.Default.DidResolutionResult) : throw new NotCachedException(result);
                },
                _entry,
                cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (NotCachedException failed)
        {
            return failed.Result;
        }

        if (json.Length <= MaxEntryLength)
        {
            try
            {
                if (JsonSerializer.Deserialize(json, CoreJsonContext.Default.DidResolutionResult) is { Succeeded: true } cached)
                {
                    return cached;
                }
            }
            catch (JsonException)
            {
            }
        }

        await _cache.RemoveAsync(key, cancellationToken).ConfigureAwait(false);
        return await _inner.ResolveAsync(did, options, cancellationToken).ConfigureAwait(false);
    }

    // The DID and every option that changes the answer, hashed (keys stay short whatever the DID).
    private static string Key(string did, DidResolutionOptions options)
    {
        var text = new StringBuilder(did).Append('\n').Append(options.Accept).Append('\n').Append(options.VersionId).Append('\n')
            .Append(options.VersionTime?.ToUnixTimeSeconds()).Append('\n').Append(options.Finality);
        foreach (var (name, value) in (options.Extensions ?? new Dictionary<string, string>()).OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            text.Append('\n').Append(name).Append('=').Append(value);
        }

        return "did-sdk:did:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    private sealed class NotCachedException(DidResolutionResult result) : Exception("A failed resolution is not cached.")
    {
        public DidResolutionResult Result { get; } = result;
    }
}
