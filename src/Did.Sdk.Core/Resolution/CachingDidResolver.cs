using System.Collections.Concurrent;

namespace Did.Sdk;

/// <summary>Options of <see cref="CachingDidResolver"/>.</summary>
public sealed class CachingDidResolverOptions
{
    /// <summary>How long a successful result is served from the cache. Default 5 minutes.</summary>
    public TimeSpan TimeToLive { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The most entries kept; beyond it expired entries are dropped, then the oldest. Default 10,000.</summary>
    public int MaxEntries { get; set; } = 10_000;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(TimeToLive, TimeSpan.Zero, nameof(TimeToLive));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxEntries, 1, nameof(MaxEntries));
    }
}

/// <summary>
/// A decorator that caches successful resolutions for a time to live. Failures are never cached, so a
/// transient error (<c>internalError</c>, a node or web server that is down) is retried on the next
/// call. Concurrent resolutions of the same DID and options share one call to the inner resolver.
/// </summary>
public sealed class CachingDidResolver : IDidResolver
{
    private readonly IDidResolver _inner;
    private readonly TimeProvider _time;
    private readonly TimeSpan _ttl;
    private readonly int _maxEntries;
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<Task<DidResolutionResult>>> _inFlight = new(StringComparer.Ordinal);

    /// <summary>Creates the decorator.</summary>
    public CachingDidResolver(IDidResolver inner, CachingDidResolverOptions? options = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(inner);
        options ??= new CachingDidResolverOptions();
        options.Validate();
        _inner = inner;
        _ttl = options.TimeToLive;
        _maxEntries = options.MaxEntries;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The number of cached entries (including expired ones not yet dropped).</summary>
    public int Count => _entries.Count;

    /// <inheritdoc />
    public async ValueTask<DidResolutionResult> ResolveAsync(string did, DidResolutionOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(did);
        options ??= DidResolutionOptions.Default;
        var key = did + "\n" + options.CacheKey;
        var now = _time.GetUtcNow();
        if (_entries.TryGetValue(key, out var entry))
        {
            if (entry.Expires > now)
            {
                return entry.Result;
            }

            _entries.TryRemove(KeyValuePair.Create(key, entry));
        }

        // One shared resolution per key. It is not tied to any caller's token (each caller stops
        // waiting on its own), and it leaves the in-flight table when it completes rather than when its
        // first caller gives up, so later callers join it instead of starting a duplicate.
        var shared = _inFlight.GetOrAdd(
            key,
            static (k, state) => new Lazy<Task<DidResolutionResult>>(() => state.Self.ResolveAndStoreAsync(k, state.Did, state.Options)),
            (Self: this, Did: did, Options: options));
        return await shared.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Drops every cached entry.</summary>
    public void Clear() => _entries.Clear();

    private async Task<DidResolutionResult> ResolveAndStoreAsync(string key, string did, DidResolutionOptions options)
    {
        try
        {
            // Yield so that the caller publishes the in-flight entry before the inner resolver runs.
            await Task.Yield();
            var result = await _inner.ResolveAsync(did, options, CancellationToken.None).ConfigureAwait(false);
            if (result.Succeeded)
            {
                if (_entries.Count >= _maxEntries)
                {
                    Evict();
                }

                _entries[key] = new Entry(result, _time.GetUtcNow() + _ttl);
            }

            return result;
        }
        finally
        {
            // While this entry is in the table nobody can replace it, so removing by key removes ours.
            _inFlight.TryRemove(key, out _);
        }
    }

    private void Evict()
    {
        var now = _time.GetUtcNow();
        foreach (var pair in _entries)
        {
            if (pair.Value.Expires <= now)
            {
                _entries.TryRemove(pair);
            }
        }

        // Still full: drop the entries closest to expiry (the oldest), a quarter at a time.
        var excess = _entries.Count - (_maxEntries * 3 / 4);
        if (excess > 0)
        {
            foreach (var pair in _entries.OrderBy(p => p.Value.Expires).Take(excess).ToList())
            {
                _entries.TryRemove(pair);
            }
        }
    }

    private sealed record Entry(DidResolutionResult Result, DateTimeOffset Expires);
}
