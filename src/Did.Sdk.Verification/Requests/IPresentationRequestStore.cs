namespace Did.Sdk.Verification.Requests;

/// <summary>
/// Where a verifier keeps its outstanding presentation requests, so that a nonce is accepted once — across
/// every instance that shares the store. Implementations fail closed: when the store cannot answer, the
/// result is <c>requestStoreUnavailable</c>, never a success.
/// </summary>
public interface IPresentationRequestStore
{
    /// <summary>Keeps <paramref name="request"/> until it expires.</summary>
    ValueTask<Result<PresentationRequest>> AddAsync(PresentationRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// The request with <paramref name="nonce"/>, not yet used. Fails with <c>requestUnknown</c>,
    /// <c>nonceReplayed</c> (already used) or <c>requestStoreUnavailable</c>.
    /// </summary>
    ValueTask<Result<PresentationRequest>> GetAsync(string nonce, CancellationToken cancellationToken = default);

    /// <summary>
    /// Marks the nonce used, atomically: exactly one caller succeeds. Fails with <c>nonceReplayed</c> for the
    /// others, <c>requestUnknown</c> or <c>requestStoreUnavailable</c>.
    /// </summary>
    ValueTask<Result<PresentationRequest>> ConsumeAsync(string nonce, CancellationToken cancellationToken = default);
}
