// Issuer side of Token Status List (draft-ietf-oauth-status-list-20): §4 lists, §6 references,
// §13.2/§12.5 privacy (indexes allocated at random so they do not reveal issuance order).
using System.Collections;
using System.Security.Cryptography;
using Did.Sdk.Jose;

namespace Did.Sdk.SdJwt.StatusList;

/// <summary>
/// An in-memory issuer registry of status lists: creates lists, allocates a random unused index to
/// each new credential, updates statuses and signs the Status List Tokens to publish. Thread-safe.
/// </summary>
public sealed class StatusListRegistry
{
    private readonly Dictionary<string, Entry> _lists = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private readonly TimeProvider _time;

    /// <summary>Creates an empty registry; <paramref name="timeProvider"/> dates the tokens it signs.</summary>
    public StatusListRegistry(TimeProvider? timeProvider = null) => _time = timeProvider ?? TimeProvider.System;

    /// <summary>Creates a list of <paramref name="size"/> entries of <paramref name="bits"/> bits, served at <paramref name="uri"/>.</summary>
    /// <exception cref="ArgumentException">The uri is not absolute or already has a list.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Bad bits or size.</exception>
    public void CreateList(string uri, int bits, int size)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (!StatusReference.IsHttpUri(uri))
        {
            throw new ArgumentException("The status list uri must be an absolute http(s) URI.", nameof(uri));
        }

        var list = StatusList.Create(bits, size);
        lock (_lock)
        {
            if (!_lists.TryAdd(uri, new Entry(list, new BitArray(size))))
            {
                throw new ArgumentException($"A list already exists at {uri}.", nameof(uri));
            }
        }
    }

    /// <summary>The number of indexes of the list at <paramref name="uri"/> not yet allocated.</summary>
    /// <exception cref="KeyNotFoundException">No list at <paramref name="uri"/>.</exception>
    public int GetFreeCount(string uri)
    {
        lock (_lock)
        {
            var entry = Get(uri);
            return entry.List.Count - entry.Allocated;
        }
    }

    /// <summary>
    /// Allocates an unused index of the list at <paramref name="uri"/>, chosen at random, with
    /// status VALID. Put <see cref="StatusReference.ToStatusClaim"/> in the credential's <c>status</c>.
    /// </summary>
    /// <exception cref="KeyNotFoundException">No list at <paramref name="uri"/>.</exception>
    /// <exception cref="InvalidOperationException">The list is full.</exception>
    public StatusReference Allocate(string uri)
    {
        lock (_lock)
        {
            var entry = Get(uri);
            int count = entry.List.Count;
            if (entry.Allocated >= count)
            {
                throw new InvalidOperationException($"The status list {uri} is full.");
            }

            int index = RandomNumberGenerator.GetInt32(count);
            while (entry.Used[index])
            {
                index = (index + 1) % count;
            }

            entry.Used[index] = true;
            entry.Allocated++;
            return new StatusReference(uri, index);
        }
    }

    /// <summary>
    /// Allocates the given index (status unchanged, VALID in a new list): for rebuilding a registry whose
    /// allocations were stored elsewhere. <see cref="Allocate"/> picks indexes at random; this one is chosen.
    /// </summary>
    /// <exception cref="KeyNotFoundException">No list at the reference's uri.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The index is outside the list.</exception>
    /// <exception cref="InvalidOperationException">The index is already allocated.</exception>
    public void AllocateAt(StatusReference reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        lock (_lock)
        {
            var entry = Get(reference.Uri);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(reference.Index, entry.List.Count, nameof(reference));
            if (entry.Used[reference.Index])
            {
                throw new InvalidOperationException($"Index {reference.Index} of {reference.Uri} is already allocated.");
            }

            entry.Used[reference.Index] = true;
            entry.Allocated++;
        }
    }

    /// <summary>Sets the status of an allocated entry (revoke with INVALID, suspend with SUSPENDED, reinstate with VALID).</summary>
    /// <exception cref="KeyNotFoundException">No list at the reference's uri.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The index is outside the list, not allocated, or the status does not fit the list's bits.</exception>
    public void SetStatus(StatusReference reference, TokenStatus status)
    {
        ArgumentNullException.ThrowIfNull(reference);
        lock (_lock)
        {
            var entry = Get(reference.Uri);
            ThrowIfNotAllocated(entry, reference);
            entry.List.Set(reference.Index, status);
        }
    }

    /// <summary>The current status of an entry.</summary>
    /// <exception cref="KeyNotFoundException">No list at the reference's uri.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The index is outside the list.</exception>
    public TokenStatus GetStatus(StatusReference reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        lock (_lock)
        {
            return Get(reference.Uri).List.Get(reference.Index);
        }
    }

    /// <summary>
    /// Signs the current state of the list at <paramref name="uri"/> as a Status List Token:
    /// <c>sub</c> = uri, <c>iat</c> = now, <c>exp</c> = now + <paramref name="validity"/>, optional
    /// <c>ttl</c>, <c>iss</c> and <c>kid</c>.
    /// </summary>
    /// <exception cref="KeyNotFoundException">No list at <paramref name="uri"/>.</exception>
    public string IssueToken(string uri, SigningKey key, TimeSpan validity, TimeSpan? timeToLive = null, string? issuer = null, string? keyId = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentOutOfRangeException.ThrowIfLessThan(validity, TimeSpan.FromSeconds(1));
        StatusList snapshot;
        lock (_lock)
        {
            var list = Get(uri).List;
            snapshot = StatusList.FromBytes(list.Bits, list.Bytes).ThrowIfFailed();
        }

        var now = _time.GetUtcNow();
        return StatusListToken.Sign(
            new StatusListTokenRequest
            {
                Subject = uri,
                StatusList = snapshot,
                IssuedAt = now,
                ExpiresAt = now + validity,
                TimeToLive = timeToLive,
                Issuer = issuer,
                KeyId = keyId,
            },
            key);
    }

    private Entry Get(string uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        return _lists.TryGetValue(uri, out var entry) ? entry : throw new KeyNotFoundException($"No status list at {uri}.");
    }

    private static void ThrowIfNotAllocated(Entry entry, StatusReference reference)
    {
        if (reference.Index >= entry.List.Count || !entry.Used[reference.Index])
        {
            throw new ArgumentOutOfRangeException(nameof(reference), reference.Index, "The index was not allocated by this registry.");
        }
    }

    private sealed class Entry(StatusList list, BitArray used)
    {
        public StatusList List { get; } = list;

        public BitArray Used { get; } = used;

        public int Allocated { get; set; }
    }
}
