using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Did.Sdk.SocialToken;

/// <summary>
/// The nonces a relying party hands out for SIWE messages: random, remembered until used or expired, and
/// accepted once. In memory and bounded; a deployment with several instances shares them elsewhere.
/// </summary>
public sealed class SiweNonces
{
    private const string Alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    private readonly ConcurrentDictionary<string, DateTimeOffset> _issued = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly TimeSpan _lifetime;
    private readonly int _capacity;

    /// <summary>Creates the store.</summary>
    /// <param name="lifetime">How long a nonce may wait to be used; 10 minutes by default.</param>
    /// <param name="capacity">The most outstanding nonces; 100,000 by default (beyond it the oldest expire first).</param>
    /// <param name="timeProvider">The clock.</param>
    public SiweNonces(TimeSpan? lifetime = null, int capacity = 100_000, TimeProvider? timeProvider = null)
    {
        _lifetime = lifetime ?? TimeSpan.FromMinutes(10);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(_lifetime, TimeSpan.Zero, nameof(lifetime));
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>A new nonce: 17 characters from <see cref="RandomNumberGenerator"/> (about 100 bits).</summary>
    public string Issue()
    {
        var now = _time.GetUtcNow();
        if (_issued.Count >= _capacity)
        {
            foreach (var old in _issued.Where(p => p.Value <= now).Select(p => p.Key).ToList())
            {
                _issued.TryRemove(old, out _);
            }

            foreach (var oldest in _issued.OrderBy(p => p.Value).Take(Math.Max(1, _issued.Count - _capacity + 1)).Select(p => p.Key).ToList())
            {
                _issued.TryRemove(oldest, out _);
            }
        }

        string nonce = RandomNumberGenerator.GetString(Alphabet, 17);
        _issued[nonce] = now + _lifetime;
        return nonce;
    }

    /// <summary>
    /// The outstanding (issued, unused, unexpired) nonces and when each expires: what a relying party that
    /// runs as separate processes (a command line) keeps between them and gives back with <see cref="Restore"/>.
    /// </summary>
    public IReadOnlyDictionary<string, DateTimeOffset> Outstanding()
    {
        var now = _time.GetUtcNow();
        return _issued.Where(p => p.Value > now).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
    }

    /// <summary>
    /// Remembers a nonce that <see cref="Issue"/> handed out earlier (listed by <see cref="Outstanding"/>), until
    /// <paramref name="expires"/> but no longer than this store's lifetime from now. An expired one is ignored.
    /// </summary>
    /// <exception cref="ArgumentException">The nonce is not 8 to 64 ASCII letters or digits.</exception>
    public void Restore(string nonce, DateTimeOffset expires)
    {
        ArgumentNullException.ThrowIfNull(nonce);
        if (nonce.Length is < 8 or > 64 || !nonce.All(char.IsAsciiLetterOrDigit))
        {
            throw new ArgumentException("A nonce is 8 to 64 ASCII letters or digits.", nameof(nonce));
        }

        var now = _time.GetUtcNow();
        if (expires > now)
        {
            _issued[nonce] = expires < now + _lifetime ? expires : now + _lifetime;
        }
    }

    /// <summary>True exactly once per issued, unexpired nonce; false for anything else (unknown, used, expired).</summary>
    public bool TryConsume(string nonce)
    {
        ArgumentNullException.ThrowIfNull(nonce);
        return _issued.TryRemove(nonce, out var expires) && expires > _time.GetUtcNow();
    }
}
