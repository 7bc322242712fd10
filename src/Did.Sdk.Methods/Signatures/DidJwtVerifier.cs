// JWTs issued by DIDs (RFC 7519 over RFC 7515, as did-jwt writes them): iss is a DID, kid a DID URL of
// it, the signature checked against that verification method; exp/nbf/iat and aud per RFC 7519 §4.1.
using System.Text.Json;
using System.Text.Json.Nodes;
using Did.Sdk.Ethereum;
using Did.Sdk.Jose;
using Did.Sdk.Json;

namespace Did.Sdk.Methods;

/// <summary>
/// Verifies compact JWTs whose issuer is a DID (did:ethr, did:pkh, did:key, did:jwk, did:web): the
/// method named by <c>kid</c> must be the issuer's and listed under the requested relationship;
/// signatures by Ethereum accounts are checked by recovery (ES256K, and ES256K-R when allowed).
/// Never throws on untrusted input.
/// </summary>
public sealed class DidJwtVerifier
{
    private readonly DidSignatureVerifier _signatures;
    private readonly JwsVerifier _jwsVerifier;
    private readonly TimeProvider _time;
    private readonly TimeSpan _clockSkew;

    /// <summary>Creates a verifier.</summary>
    /// <param name="resolver">Resolves issuer DIDs.</param>
    /// <param name="jwsOptions">The JWS policy; the defaults plus <c>ES256K-R</c> when null (did-jwt's recoverable form).</param>
    /// <param name="clockSkew">Tolerance for exp, nbf and iat; 60 s when null, at most 10 minutes.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="handlers">Verification method handlers; every supported form when null.</param>
    public DidJwtVerifier(IDidResolver resolver, JwsVerificationOptions? jwsOptions = null, TimeSpan? clockSkew = null, TimeProvider? timeProvider = null, VerificationMethodHandlers? handlers = null)
    {
        ArgumentNullException.ThrowIfNull(resolver);
        _clockSkew = clockSkew ?? TimeSpan.FromSeconds(60);
        ArgumentOutOfRangeException.ThrowIfLessThan(_clockSkew, TimeSpan.Zero, nameof(clockSkew));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(_clockSkew, TimeSpan.FromMinutes(10), nameof(clockSkew));
        _signatures = new DidSignatureVerifier(resolver, handlers ?? EthereumVerificationMethods.Handlers);
        _jwsVerifier = new JwsVerifier(jwsOptions ?? new JwsVerificationOptions { AllowedAlgorithms = new HashSet<JwsAlgorithm>([.. JwsAlgorithm.All, JwsAlgorithm.ES256KR]) });
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>
    /// Verifies <paramref name="jwt"/>. Fails with <c>invalidJws</c>, <c>invalidJwt</c> (payload not an object,
    /// no DID <c>iss</c>, malformed registered claims), <c>invalidDidUrl</c> (kid), <c>jwtExpired</c>,
    /// <c>jwtNotYetValid</c>, <c>jwtAudienceMismatch</c>, the <see cref="DidSignatureErrorCodes"/> or the handler codes.
    /// </summary>
    public async ValueTask<Result<DidJwt>> VerifyAsync(string jwt, DidJwtVerificationRequest? request = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(jwt);
        request ??= new DidJwtVerificationRequest();
        var decoded = Jws.Decode(jwt, _jwsVerifier.Options.MaxLength);
        if (!decoded.Succeeded)
        {
            return decoded.Error;
        }

        var payloadNode = StrictJson.ParseNode(decoded.Value.Payload.Span);
        if (!payloadNode.Succeeded)
        {
            return payloadNode.Error;
        }

        if (payloadNode.Value is not JsonObject payload || payload["iss"] is not JsonValue issValue || issValue.GetValueKind() != JsonValueKind.String
            || !Did.TryParse(issValue.GetValue<string>(), out var issuer))
        {
            return Invalid("The JWT payload is not an object with a DID iss.");
        }

        if (decoded.Value.KeyId is not { } kid || !DidUrl.TryParse(kid, out var kidUrl) || kidUrl.Did != issuer || kidUrl.Fragment is null)
        {
            return Result<DidJwt>.Failure(DidResolutionErrors.InvalidDidUrl, "kid is not a DID URL of the issuer's DID (the method is chosen by kid only).");
        }

        var claims = CheckClaims(payload, request);
        if (claims is not null)
        {
            return claims;
        }

        var signature = await _signatures.VerifyAsync(decoded.Value, kid, new DidSignatureRequest
        {
            Relationship = request.Relationship,
            JwsVerifier = _jwsVerifier,
            Finality = request.Finality,
        }, cancellationToken).ConfigureAwait(false);
        if (!signature.Succeeded)
        {
            return signature.Error;
        }

        return new DidJwt { Payload = (JsonObject)payload.DeepClone(), Header = (JsonObject)decoded.Value.ProtectedHeader.DeepClone(), Signature = signature.Value };
    }

    private SdkError? CheckClaims(JsonObject payload, DidJwtVerificationRequest request)
    {
        if (!TryTime(payload, "exp", out var exp) || !TryTime(payload, "nbf", out var nbf) || !TryTime(payload, "iat", out var iat))
        {
            return new SdkError(DidSignatureErrorCodes.InvalidJwt, "exp, nbf or iat is not a number of seconds.");
        }

        var now = request.Time ?? _time.GetUtcNow();
        if (exp is { } e && now > e + _clockSkew)
        {
            return new SdkError(DidSignatureErrorCodes.JwtExpired, "The JWT has expired.");
        }

        if ((nbf is { } n && now + _clockSkew < n) || (iat is { } i && now + _clockSkew < i))
        {
            return new SdkError(DidSignatureErrorCodes.JwtNotYetValid, "The JWT is not yet valid (nbf or iat in the future).");
        }

        if (payload.TryGetPropertyValue("aud", out var aud))
        {
            // RFC 7519 §4.1.3: a string or an array of strings; the verifier must find itself in it.
            var audiences = aud is JsonArray array ? array.ToList() : [aud];
            if (audiences.Count == 0 || audiences.Any(a => a is not JsonValue v || v.GetValueKind() != JsonValueKind.String))
            {
                return new SdkError(DidSignatureErrorCodes.InvalidJwt, "aud is not a string or an array of strings.");
            }

            if (request.Audience is null || !audiences.Any(a => a!.GetValue<string>() == request.Audience))
            {
                return new SdkError(DidSignatureErrorCodes.JwtAudienceMismatch, "The JWT is addressed to another audience.");
            }
        }

        return null;
    }

    private static bool TryTime(JsonObject payload, string name, out DateTimeOffset? value)
    {
        value = null;
        if (!payload.TryGetPropertyValue(name, out var node))
        {
            return true;
        }

        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue(out double seconds) && seconds is >= 0 and < 253402300800)
        {
            value = DateTimeOffset.FromUnixTimeMilliseconds((long)(seconds * 1000));
            return true;
        }

        return false;
    }

    private static Result<DidJwt> Invalid(string message) => Result<DidJwt>.Failure(DidSignatureErrorCodes.InvalidJwt, message);
}
