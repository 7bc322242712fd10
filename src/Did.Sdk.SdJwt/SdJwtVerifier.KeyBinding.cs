// Step 6 of the verification: the Key Binding JWT (RFC 9901 §7.3) — its form, audience, nonce, times and
// sd_hash, and the holder's signature by the key or DID URL that cnf names.
using System.Text.Json;
using System.Text.Json.Nodes;
using Did.Sdk.Jose;
using Did.Sdk.Json;
using Did.Sdk.Methods;

namespace Did.Sdk.SdJwt;

/// <content>The key-binding step of the verification.</content>
public sealed partial class SdJwtVerifier
{
    // 6. Key binding (RFC 9901 §7.3).
    private async ValueTask<SdkError?> VerifyKeyBindingAsync(State state, CancellationToken cancellationToken)
    {
        if (state.Token.KeyBindingJwt is null)
        {
            return state.Request.RequireKeyBinding
                ? new SdkError(SdJwtErrorCodes.KeyBindingMissing, "The presentation has no Key Binding JWT.")
                : null;
        }

        var decoded = Jws.Decode(state.Token.KeyBindingJwt, Options.MaxLength);
        if (!decoded.Succeeded)
        {
            return KbInvalid("The Key Binding JWT is not a valid JWS: " + decoded.Error.Message);
        }

        if (decoded.Value.Type != SdJwtVc.KeyBindingType)
        {
            return KbInvalid("The Key Binding JWT's typ is not kb+jwt.");
        }

        var signatureError = await VerifyHolderSignatureAsync(state, decoded.Value, cancellationToken).ConfigureAwait(false);
        if (signatureError is not null)
        {
            return signatureError;
        }

        var kbNode = StrictJson.ParseNode(decoded.Value.Payload.Span);
        if (!kbNode.Succeeded || kbNode.Value is not JsonObject kb)
        {
            return KbInvalid("The Key Binding JWT payload is not a JSON object.");
        }

        if (!TryGetOptionalString(kb, "aud", out string? aud) || aud is null
            || !TryGetOptionalString(kb, "nonce", out string? nonce) || nonce is null
            || !TryGetOptionalString(kb, "sd_hash", out string? sdHash) || sdHash is null
            || !TryGetTime(kb, "iat", out var iat) || iat is null)
        {
            return KbInvalid("The Key Binding JWT lacks a string aud, nonce, sd_hash or a numeric iat.");
        }

        if (!TryGetTime(kb, "exp", out var exp) || !TryGetTime(kb, "nbf", out var nbf))
        {
            return KbInvalid("The Key Binding JWT's exp or nbf is not a number of seconds.");
        }

        var request = state.Request;
        if (request.Audience is not null && aud != request.Audience)
        {
            return new SdkError(SdJwtErrorCodes.KeyBindingAudienceMismatch, "The Key Binding JWT's aud is not the expected audience.");
        }

        if (request.Nonce is not null && nonce != request.Nonce)
        {
            return new SdkError(SdJwtErrorCodes.KeyBindingNonceMismatch, "The Key Binding JWT's nonce is not the expected nonce.");
        }

        var now = state.Now;
        if (iat.Value > now + Options.ClockSkew || iat.Value < now - Options.MaxKeyBindingAge - Options.ClockSkew)
        {
            return new SdkError(SdJwtErrorCodes.KeyBindingStale, "The Key Binding JWT's iat is outside the accepted window.");
        }

        // Any JWT that carries exp or nbf is refused outside them (RFC 7519 §4.1.4, §4.1.5).
        if (exp is { } e && now > e + Options.ClockSkew)
        {
            return new SdkError(SdJwtErrorCodes.KeyBindingExpired, "The Key Binding JWT has expired (exp).");
        }

        if (nbf is { } n && now + Options.ClockSkew < n)
        {
            return new SdkError(SdJwtErrorCodes.KeyBindingNotYetValid, "The Key Binding JWT is not yet valid (nbf).");
        }

        // sd_hash covers the first issuer signature (RFC 9901 §8.1), the one whose header carries the disclosures.
        if (!string.Equals(state.Token.ComputeSdHash(state.HashAlgorithm, 0), sdHash, StringComparison.Ordinal))
        {
            return new SdkError(SdJwtErrorCodes.KeyBindingHashMismatch, "sd_hash does not match the presented SD-JWT.");
        }

        state.KeyBindingIat = iat;
        return null;
    }

    private async ValueTask<SdkError?> VerifyHolderSignatureAsync(State state, DecodedJws kbJwt, CancellationToken cancellationToken)
    {
        if (state.Cnf is not JsonObject cnf)
        {
            return new SdkError(SdJwtErrorCodes.HolderKeyNotFound, "The credential has no cnf claim.");
        }

        if (cnf["jwk"] is JsonObject jwkObject)
        {
            var jwk = Jwk.FromJsonObject(jwkObject);
            if (!jwk.Succeeded || jwk.Value.HasPrivateKey)
            {
                return new SdkError(SdJwtErrorCodes.HolderKeyNotFound, "cnf.jwk is not a usable public key.");
            }

            var key = VerificationKey.Import(jwk.Value);
            if (!key.Succeeded)
            {
                return new SdkError(SdJwtErrorCodes.HolderKeyNotFound, "cnf.jwk is not a usable public key: " + key.Error.Code);
            }

            var verified = _jwsVerifier.Verify(kbJwt, key.Value);
            return verified.Succeeded ? null : HolderSignatureError(verified.Error);
        }

        // RFC 7800 §3.4: kid names the holder's key; here it must be a DID URL, resolved now.
        if (cnf["kid"] is JsonValue kidValue && kidValue.GetValueKind() == JsonValueKind.String && DidUrl.TryParse(kidValue.GetValue<string>(), out var kidUrl) && kidUrl.Fragment is not null)
        {
            if (_didSignatures is null)
            {
                return new SdkError(SdJwtErrorCodes.HolderKeyNotFound, "cnf.kid names a DID but no DID resolver is configured.");
            }

            var signature = await _didSignatures.VerifyAsync(kbJwt, kidValue.GetValue<string>(), new DidSignatureRequest
            {
                Relationship = VerificationRelationship.Authentication,
                JwsVerifier = _jwsVerifier,
                Finality = state.Request.Finality,
            }, cancellationToken).ConfigureAwait(false);
            if (!signature.Succeeded)
            {
                return signature.Error.Code is DidSignatureErrorCodes.DidResolutionFailed or DidSignatureErrorCodes.VerificationMethodNotFound
                    ? new SdkError(SdJwtErrorCodes.HolderKeyNotFound, signature.Error.Message)
                    : HolderSignatureError(signature.Error);
            }

            state.Holder = signature.Value;
            return null;
        }

        return new SdkError(SdJwtErrorCodes.HolderKeyNotFound, "cnf has neither a jwk nor a DID URL kid.");
    }

    private static SdkError HolderSignatureError(SdkError error)
        => error.Code == JoseErrorCodes.InvalidSignature
            ? new SdkError(SdJwtErrorCodes.KeyBindingSignatureInvalid, "The Key Binding JWT is not signed by the holder key in cnf.")
            : error;

    private static SdkError KbInvalid(string message) => new(SdJwtErrorCodes.InvalidKeyBinding, message);
}
