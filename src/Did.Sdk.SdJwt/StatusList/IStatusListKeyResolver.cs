using Did.Sdk.Jose;

namespace Did.Sdk.SdJwt.StatusList;

/// <summary>What is known about a Status List Token before its signature is checked.</summary>
/// <param name="ListUri">The status list URI the credential referenced.</param>
/// <param name="KeyId">The token's <c>kid</c> header, if any (untrusted).</param>
/// <param name="Algorithm">The token's <c>alg</c> header (untrusted).</param>
/// <param name="Issuer">The token's <c>iss</c> claim, if a string (untrusted).</param>
public sealed record StatusListKeyRequest(string ListUri, string? KeyId, string Algorithm, string? Issuer);

/// <summary>
/// Supplies the key a Status List Token must be signed with — normally the credential issuer's key.
/// Return a key only when it is trusted for <see cref="StatusListKeyRequest.ListUri"/>; a failure
/// (any code) makes the check fail with <c>statusListKeyNotFound</c>.
/// </summary>
public interface IStatusListKeyResolver
{
    /// <summary>Finds the trusted key for the token described by <paramref name="request"/>.</summary>
    ValueTask<Result<VerificationKey>> ResolveKeyAsync(StatusListKeyRequest request, CancellationToken cancellationToken = default);
}

/// <summary>Ready-made <see cref="IStatusListKeyResolver"/>s.</summary>
public static class StatusListKeyResolver
{
    /// <summary>A resolver that trusts exactly <paramref name="key"/> for every list.</summary>
    public static IStatusListKeyResolver FromKey(VerificationKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return new DelegateResolver((_, _) => ValueTask.FromResult(Result<VerificationKey>.Success(key)));
    }

    /// <summary>A resolver that calls <paramref name="resolve"/>.</summary>
    public static IStatusListKeyResolver FromDelegate(Func<StatusListKeyRequest, CancellationToken, ValueTask<Result<VerificationKey>>> resolve)
    {
        ArgumentNullException.ThrowIfNull(resolve);
        return new DelegateResolver(resolve);
    }

    private sealed class DelegateResolver(Func<StatusListKeyRequest, CancellationToken, ValueTask<Result<VerificationKey>>> resolve) : IStatusListKeyResolver
    {
        public ValueTask<Result<VerificationKey>> ResolveKeyAsync(StatusListKeyRequest request, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(request);
            return resolve(request, cancellationToken);
        }
    }
}
