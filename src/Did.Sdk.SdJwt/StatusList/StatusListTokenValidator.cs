// Token Status List (draft-ietf-oauth-status-list-20) §8.3 "Validation Rules" for the JWT form:
// typ, signature, sub equal to the referenced uri, iat/exp, then the list itself.
using Did.Sdk.Jose;

namespace Did.Sdk.SdJwt.StatusList;

/// <summary>
/// Verifies Status List Tokens. Checks, in order: structure and size (<c>invalidStatusListToken</c>,
/// <c>statusListTooLarge</c>), <c>typ</c> (<c>invalidStatusListTokenType</c>), the signature under
/// the closed algorithm allow-list (<c>invalidStatusListSignature</c>), the claims
/// (<c>invalidStatusListToken</c>, <c>invalidStatusList</c>), <c>sub</c>
/// (<c>statusListSubjectMismatch</c>), time (<c>statusListNotYetValid</c>, <c>statusListExpired</c>,
/// <c>statusListStale</c>), and last the list (<c>invalidStatusList</c>,
/// <c>statusListDecompressedTooLarge</c>). Never throws on untrusted input.
/// </summary>
public sealed class StatusListTokenValidator
{
    private readonly JwsVerifier _jws;
    private readonly TimeProvider _time;

    /// <summary>Creates a validator.</summary>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public StatusListTokenValidator(StatusListValidationOptions? options = null, TimeProvider? timeProvider = null)
    {
        Options = options ?? StatusListValidationOptions.Default;
        Options.Validate();
        _jws = new JwsVerifier(Options.Jws);
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The validator's policy.</summary>
    public StatusListValidationOptions Options { get; }

    /// <summary>
    /// Decodes a compact Status List Token without verifying it, to find the key that should have
    /// signed it (<c>kid</c>, <c>iss</c>). Fails with <c>invalidStatusListToken</c> or <c>statusListTooLarge</c>.
    /// </summary>
    public Result<DecodedJws> Decode(string jwt)
    {
        ArgumentNullException.ThrowIfNull(jwt);
        var decoded = Jws.Decode(jwt, Options.Jws.MaxLength);
        if (decoded.Succeeded)
        {
            return decoded;
        }

        return decoded.Error.Code == ErrorCodes.InputTooLarge
            ? Result<DecodedJws>.Failure(StatusListErrorCodes.StatusListTooLarge, decoded.Error.Message)
            : Result<DecodedJws>.Failure(StatusListErrorCodes.InvalidStatusListToken, decoded.Error.Message);
    }

    /// <summary>Verifies <paramref name="jwt"/> as the list at <paramref name="expectedUri"/>, signed by <paramref name="key"/>.</summary>
    public Result<StatusListToken> Validate(string jwt, string expectedUri, VerificationKey key)
    {
        var decoded = Decode(jwt);
        return decoded.Succeeded ? Validate(decoded.Value, expectedUri, key) : decoded.Error;
    }

    /// <summary>Verifies an already decoded token as the list at <paramref name="expectedUri"/>, signed by <paramref name="key"/>.</summary>
    public Result<StatusListToken> Validate(DecodedJws jws, string expectedUri, VerificationKey key)
    {
        ArgumentNullException.ThrowIfNull(jws);
        ArgumentNullException.ThrowIfNull(expectedUri);
        ArgumentNullException.ThrowIfNull(key);
        if (!string.Equals(jws.Type, StatusListToken.JwtType, StringComparison.Ordinal))
        {
            return Result<StatusListToken>.Failure(StatusListErrorCodes.InvalidStatusListTokenType, $"The token typ is '{Truncate(jws.Type ?? "(none)")}', not '{StatusListToken.JwtType}'.");
        }

        var verified = _jws.Verify(jws, key);
        if (!verified.Succeeded)
        {
            return Result<StatusListToken>.Failure(StatusListErrorCodes.InvalidStatusListSignature, $"{verified.Error.Code}: {verified.Error.Message}");
        }

        var claims = StatusListClaims.Parse(jws.Payload);
        if (!claims.Succeeded)
        {
            return claims.Error;
        }

        var c = claims.Value;
        if (!string.Equals(c.Subject, expectedUri, StringComparison.Ordinal))
        {
            return Result<StatusListToken>.Failure(StatusListErrorCodes.StatusListSubjectMismatch, $"The list's sub '{Truncate(c.Subject)}' is not the referenced uri '{Truncate(expectedUri)}'.");
        }

        var now = _time.GetUtcNow();
        if (c.IssuedAt > now + Options.ClockSkew)
        {
            return Result<StatusListToken>.Failure(StatusListErrorCodes.StatusListNotYetValid, $"The list was issued at {c.IssuedAt:O}, in the future.");
        }

        if (c.ExpiresAt is { } exp && exp + Options.ClockSkew <= now)
        {
            return Result<StatusListToken>.Failure(StatusListErrorCodes.StatusListExpired, $"The list expired at {exp:O}.");
        }

        if (Options.MaxAge is { } maxAge && c.IssuedAt + maxAge + Options.ClockSkew < now)
        {
            return Result<StatusListToken>.Failure(StatusListErrorCodes.StatusListStale, $"The list was issued at {c.IssuedAt:O}, more than {maxAge} ago.");
        }

        return StatusListToken.FromClaims(jws, c, Options.MaxDecompressedBytes);
    }

    private static string Truncate(string s) => s.Length <= 64 ? s : s[..64] + "…";
}
