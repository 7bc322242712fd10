using System.Collections.Concurrent;

namespace Did.Sdk.Verification.Requests;

/// <summary>
/// Presentation requests in this process's memory (one verifier instance). A used nonce is remembered until
/// its request expires, so a replay is told apart from an unknown nonce. Bounded: past
/// <see cref="MaxRequests"/> outstanding requests, expired ones are swept and new ones refused.
/// </summary>
public sealed class MemoryPresentationRequestStore : IPresentationRequestStore
{
    /// <summary>The most requests kept.</summary>
    public const int MaxRequests = 100_000;

    private readonly ConcurrentDictionary<string, Entry> _requests = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;

    /// <summary>Creates an empty store.</summary>
    public MemoryPresentationRequestStore(TimeProvider? timeProvider = null) => _time = timeProvider ?? TimeProvider.System;

    /// <inheritdoc/>
    public ValueTask<Result<PresentationRequest>> AddAsync(PresentationRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (_requests.Count >= MaxRequests)
        {
            var now = _time.GetUtcNow();
            foreach (var (nonce, entry) in _requests)
            {
                if (entry.Request.ExpiresAt < now)
                {
                    _requests.TryRemove(nonce, out _);
                }
            }

            if (_requests.Count >= MaxRequests)
            {
                return new(Result<PresentationRequest>.Failure(VerificationErrorCodes.RequestStoreUnavailable, "Too many outstanding presentation requests."));
            }
        }

        return new(_requests.TryAdd(request.Nonce, new Entry(request))
            ? Result<PresentationRequest>.Success(request)
            : Result<PresentationRequest>.Failure(VerificationErrorCodes.RequestStoreUnavailable, "A request with this nonce already exists."));
    }

    /// <inheritdoc/>
    public ValueTask<Result<PresentationRequest>> GetAsync(string nonce, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(nonce);
        if (!_requests.TryGetValue(nonce, out var entry))
        {
            return new(Unknown());
        }

        return new(Volatile.Read(ref entry.Used) != 0 ? Replayed() : Result<PresentationRequest>.Success(entry.Request));
    }

    /// <inheritdoc/>
    public ValueTask<Result<PresentationRequest>> ConsumeAsync(string nonce, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(nonce);
        if (!_requests.TryGetValue(nonce, out var entry))
        {
            return new(Unknown());
        }

        return new(Interlocked.Exchange(ref entry.Used, 1) == 0 ? Result<PresentationRequest>.Success(entry.Request) : Replayed());
    }

    private static Result<PresentationRequest> Unknown() => Result<PresentationRequest>.Failure(VerificationErrorCodes.RequestUnknown, "This verifier issued no open request with that nonce.");

    private static Result<PresentationRequest> Replayed() => Result<PresentationRequest>.Failure(VerificationErrorCodes.NonceReplayed, "The request's nonce was already used by an accepted presentation.");

    private sealed class Entry(PresentationRequest request)
    {
        public readonly PresentationRequest Request = request;
        public int Used;
    }
}
