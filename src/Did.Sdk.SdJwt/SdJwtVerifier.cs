using Did.Sdk.SdJwt.StatusList;
// SD-JWT verification, RFC 9901 §7.1 (issuer-signed JWT and disclosures) and §7.3 (Key Binding JWT),
// with the SD-JWT VC checks of draft-ietf-oauth-sd-jwt-vc §3.2 and a status-list seam.
using System.Text.Json;
using System.Text.Json.Nodes;
using Did.Sdk.Jose;
using Did.Sdk.Json;

namespace Did.Sdk.SdJwt;

/// <summary>
/// Verifies SD-JWT presentations (compact or JWS JSON). Checks, in order: size and structure,
/// <c>typ</c>, the issuer key (explicit, or <c>iss</c> DID + <c>kid</c> DID URL in the DID document's
/// assertionMethod), the signature under the closed algorithm allow-list, <c>_sd_alg</c>, disclosures
/// (RFC 9901 §7.1), SD-JWT VC claims, lifetime, the Key Binding JWT (RFC 9901 §7.3) and the status.
/// Never throws on untrusted input; cancellation propagates.
/// </summary>
public sealed class SdJwtVerifier
{
    private readonly IDidResolver? _resolver;
    private readonly IStatusListChecker? _statusChecker;
    private readonly TimeProvider _time;
    private readonly JwsVerifier _jwsVerifier;

    /// <summary>Creates a verifier.</summary>
    /// <param name="options">Default policy (the secure defaults when null).</param>
    /// <param name="resolver">Resolves issuer DIDs and <c>cnf.kid</c>; needed when no issuer key is given.</param>
    /// <param name="statusChecker">Checks the <c>status</c> claim; without it a credential with status fails closed.</param>
    /// <param name="timeProvider">The clock (system clock by default).</param>
    public SdJwtVerifier(SdJwtVerificationOptions? options = null, IDidResolver? resolver = null, IStatusListChecker? statusChecker = null, TimeProvider? timeProvider = null)
    {
        Options = options ?? new SdJwtVerificationOptions();
        Validate(Options);
        _resolver = resolver;
        _statusChecker = statusChecker;
        _time = timeProvider ?? TimeProvider.System;
        _jwsVerifier = CreateJwsVerifier(Options);
    }

    /// <summary>The default policy.</summary>
    public SdJwtVerificationOptions Options { get; }

    /// <summary>
    /// Verifies <paramref name="presentation"/> under <paramref name="options"/> (or the verifier's
    /// defaults). The result carries the processed claims and what was validated, or an error code of
    /// <see cref="SdJwtErrorCodes"/>, the JOSE layer or <c>inputTooLarge</c>/<c>invalidJson</c>.
    /// </summary>
    /// <exception cref="ArgumentException">The options are invalid, or key binding is required without an expected audience and nonce.</exception>
    public async ValueTask<SdJwtVerificationResult> VerifyAsync(string presentation, SdJwtVerificationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(presentation);
        var o = options ?? Options;
        if (!ReferenceEquals(o, Options))
        {
            Validate(o);
        }

        var parsed = SdJwtToken.Parse(presentation, o.MaxLength, o.MaxDisclosures);
        if (!parsed.Succeeded)
        {
            return Fail(parsed.Error);
        }

        var token = parsed.Value;
        var jwsVerifier = ReferenceEquals(o, Options) ? _jwsVerifier : CreateJwsVerifier(o);

        // 1. Issuer-signed JWT: the first signature that verifies (general JSON may carry several).
        DecodedJws? verified = null;
        int signatureIndex = -1;
        bool keyResolved = false;
        SdkError? firstError = null;
        for (int i = 0; i < token.SignatureCount && verified is null; i++)
        {
            var decoded = Jws.Decode(token.CompactJws(i), o.MaxLength);
            if (!decoded.Succeeded)
            {
                firstError ??= decoded.Error;
                continue;
            }

            var typeError = CheckType(decoded.Value, o);
            if (typeError is not null)
            {
                firstError ??= typeError;
                continue;
            }

            var key = await GetIssuerKeyAsync(decoded.Value, o, cancellationToken).ConfigureAwait(false);
            if (!key.Succeeded)
            {
                firstError ??= key.Error;
                continue;
            }

            var result = jwsVerifier.Verify(decoded.Value, key.Value);
            if (!result.Succeeded)
            {
                firstError ??= result.Error;
                continue;
            }

            verified = result.Value;
            signatureIndex = i;
            keyResolved = o.IssuerKey is null;
        }

        if (verified is null)
        {
            return Fail(firstError!);
        }

        var payloadNode = StrictJson.ParseNode(verified.Payload.Span);
        if (!payloadNode.Succeeded)
        {
            return Fail(payloadNode.Error);
        }

        if (payloadNode.Value is not JsonObject payload)
        {
            return Fail(SdJwtErrorCodes.InvalidSdJwt, "The payload is not a JSON object.");
        }

        // 2. Disclosures (RFC 9901 §7.1 step 3–5).
        var alg = SdJwtHolder.ReadHashAlgorithm(payload);
        if (!alg.Succeeded)
        {
            return Fail(alg.Error);
        }

        // Processing rewrites the payload in place; what key binding and the status check read from the
        // issuer-signed payload itself is taken first.
        JsonNode? cnf = token.KeyBindingJwt is not null && payload.TryGetPropertyValue("cnf", out var cnfNode) ? cnfNode?.DeepClone() : null;
        string? statusJson = !o.DisableStatusCheck && payload.TryGetPropertyValue("status", out var statusNode) ? statusNode?.ToJsonString() ?? "null" : null;
        var processed = SdJwtProcessor.Process(payload, token.Disclosures, alg.Value, ownsPayload: true, ownsDisclosures: true);
        if (!processed.Succeeded)
        {
            return Fail(processed.Error);
        }

        var claims = processed.Value.Claims;
        if (o.RequireVerifiableCredential && processed.Value.Paths.Values.Any(p => p.Count == 1 && p[0] is string s && SdJwtVc.NeverDisclosable.Contains(s)))
        {
            return Fail(SdJwtErrorCodes.NonDisclosableClaim, "A claim that must never be selectively disclosable was disclosed.");
        }

        // 3. Claims and lifetime (RFC 7519 §4.1, SD-JWT VC §3.2.2).
        if (!TryGetOptionalString(claims, "iss", out string? iss) || !TryGetOptionalString(claims, "vct", out string? vct))
        {
            return Fail(SdJwtErrorCodes.InvalidClaim, "iss or vct is not a string.");
        }

        if (o.RequireVerifiableCredential && vct is null)
        {
            return Fail(SdJwtErrorCodes.InvalidClaim, "An SD-JWT VC has a vct claim.");
        }

        if (o.ExpectedIssuer is not null && iss != o.ExpectedIssuer)
        {
            return Fail(SdJwtErrorCodes.InvalidClaim, "iss is not the expected issuer.");
        }

        if (!TryGetTime(claims, "iat", out var iat) || !TryGetTime(claims, "nbf", out var nbf) || !TryGetTime(claims, "exp", out var exp))
        {
            return Fail(SdJwtErrorCodes.InvalidClaim, "iat, nbf or exp is not a number of seconds.");
        }

        var now = _time.GetUtcNow();
        if (exp is { } e && now > e + o.ClockSkew)
        {
            return Fail(SdJwtErrorCodes.TokenExpired, "The credential has expired.");
        }

        if ((nbf is { } n && now + o.ClockSkew < n) || (iat is { } ia && now + o.ClockSkew < ia))
        {
            return Fail(SdJwtErrorCodes.TokenNotYetValid, "The credential is not yet valid.");
        }

        if (vct is not null && o.TypeSchemas is not null && o.TypeSchemas.TryGetValue(vct, out var schema))
        {
            var schemaError = schema.Validate(claims);
            if (schemaError is not null)
            {
                return Fail(schemaError);
            }
        }

        // 4. Key binding (RFC 9901 §7.3).
        DateTimeOffset? kbIat = null;
        if (token.KeyBindingJwt is null)
        {
            if (o.RequireKeyBinding)
            {
                return Fail(SdJwtErrorCodes.KeyBindingMissing, "The presentation has no Key Binding JWT.");
            }
        }
        else
        {
            var kb = await VerifyKeyBindingAsync(token, signatureIndex, cnf, alg.Value, o, jwsVerifier, cancellationToken).ConfigureAwait(false);
            if (!kb.Succeeded)
            {
                return Fail(kb.Error);
            }

            kbIat = kb.Value;
        }

        // 5. Status (draft-ietf-oauth-status-list), failing closed.
        TokenStatus? status = null;
        StatusListCheck? statusCheck = null;
        if (statusJson is not null)
        {
            if (_statusChecker is null)
            {
                return Fail(SdJwtErrorCodes.StatusCheckUnavailable, "The credential has a status but no status checker is configured.");
            }

            using var doc = JsonDocument.Parse(statusJson);
            var check = await _statusChecker.CheckAsync(doc.RootElement.Clone(), cancellationToken).ConfigureAwait(false);
            if (!check.Succeeded)
            {
                return Fail(SdJwtErrorCodes.StatusCheckFailed, "The status check failed: " + check.Error);
            }

            switch (check.Status.Value)
            {
                case TokenStatus.Valid:
                    break;
                case TokenStatus.Invalid:
                    return Fail(SdJwtErrorCodes.CredentialRevoked, "The credential is revoked.");
                case TokenStatus.Suspended:
                    return Fail(SdJwtErrorCodes.CredentialSuspended, "The credential is suspended.");
                default:
                    return Fail(SdJwtErrorCodes.StatusCheckFailed, $"The credential has the application-specific status 0x{(byte)check.Status.Value:X2}, which is not VALID.");
            }

            status = check.Status;
            statusCheck = check.Checked;
        }

        return SdJwtVerificationResult.Success(claims, new SdJwtValidated
        {
            Issuer = iss,
            KeyId = verified.KeyId,
            Algorithm = verified.Algorithm,
            KeyResolved = keyResolved,
            StatusCheck = statusCheck,
            Type = verified.Type,
            Vct = vct,
            IssuedAt = iat,
            NotBefore = nbf,
            Expires = exp,
            KeyBound = token.KeyBindingJwt is not null,
            KeyBindingIssuedAt = kbIat,
            Status = status,
            DisclosureCount = token.Disclosures.Count,
        });
    }

    private static void Validate(SdJwtVerificationOptions o)
    {
        ArgumentNullException.ThrowIfNull(o.AllowedAlgorithms, "options.AllowedAlgorithms");
        if (o.AllowedAlgorithms.Count == 0 || o.MaxLength <= 0 || o.MaxDisclosures < 0 || o.ClockSkew < TimeSpan.Zero || o.MaxKeyBindingAge <= TimeSpan.Zero)
        {
            throw new ArgumentException("Invalid SdJwtVerificationOptions: empty algorithm list or a non-positive bound.", nameof(o));
        }

        if (o.RequireKeyBinding && (string.IsNullOrEmpty(o.ExpectedAudience) || string.IsNullOrEmpty(o.ExpectedNonce)))
        {
            throw new ArgumentException("Key binding is required: set ExpectedAudience and ExpectedNonce (or RequireKeyBinding = false).", nameof(o));
        }
    }

    private static JwsVerifier CreateJwsVerifier(SdJwtVerificationOptions o)
        => new(new JwsVerificationOptions { AllowedAlgorithms = o.AllowedAlgorithms, MaxLength = o.MaxLength, AllowHighS = o.AllowHighS });

    private static SdkError? CheckType(DecodedJws jws, SdJwtVerificationOptions o)
    {
        if (!o.RequireVerifiableCredential)
        {
            return null;
        }

        string? typ = jws.Type;
        return typ == SdJwtVc.MediaType || (typ == SdJwtVc.LegacyMediaType && o.AllowLegacyVcType)
            ? null
            : new SdkError(SdJwtErrorCodes.InvalidType, "The typ header is not dc+sd-jwt.");
    }

    private async ValueTask<Result<VerificationKey>> GetIssuerKeyAsync(DecodedJws jws, SdJwtVerificationOptions o, CancellationToken cancellationToken)
    {
        if (o.IssuerKey is not null)
        {
            return o.IssuerKey;
        }

        if (_resolver is null)
        {
            return Result<VerificationKey>.Failure(SdJwtErrorCodes.IssuerKeyNotFound, "No issuer key is given and no DID resolver is configured.");
        }

        var payloadNode = StrictJson.ParseNode(jws.Payload.Span);
        if (!payloadNode.Succeeded)
        {
            return payloadNode.Error;
        }

        if (payloadNode.Value is not JsonObject payload || !TryGetOptionalString(payload, "iss", out string? iss) || !Did.TryParse(iss, out var issuerDid))
        {
            return Result<VerificationKey>.Failure(SdJwtErrorCodes.InvalidClaim, "iss is not a DID, so the issuer key cannot be resolved.");
        }

        // The kid must be an absolute DID URL of the issuer's DID with a fragment (no relative or foreign keys).
        if (jws.KeyId is not { } kid || !DidUrl.TryParse(kid, out var kidUrl) || kidUrl.Fragment is null || kidUrl.Did != issuerDid)
        {
            return Result<VerificationKey>.Failure(SdJwtErrorCodes.IssuerKeyNotFound, "kid is not a DID URL of the issuer's DID.");
        }

        return await ResolveKeyAsync(issuerDid.ToString(), kid, VerificationRelationship.AssertionMethod, SdJwtErrorCodes.IssuerKeyNotFound, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<Result<VerificationKey>> ResolveKeyAsync(string did, string methodId, VerificationRelationship relationship, string notFoundCode, CancellationToken cancellationToken)
    {
        if (_resolver is null)
        {
            return Result<VerificationKey>.Failure(notFoundCode, "No DID resolver is configured.");
        }

        var resolution = await _resolver.ResolveAsync(did, null, cancellationToken).ConfigureAwait(false);
        if (!resolution.Succeeded)
        {
            return Result<VerificationKey>.Failure(SdJwtErrorCodes.IssuerResolutionFailed, "The DID could not be resolved: " + resolution.Error?.Code);
        }

        if (resolution.DidDocumentMetadata.Deactivated == true)
        {
            return Result<VerificationKey>.Failure(SdJwtErrorCodes.IssuerResolutionFailed, "The DID is deactivated.");
        }

        var method = resolution.DidDocument.FindVerificationMethod(methodId, relationship);
        if (method is null)
        {
            return Result<VerificationKey>.Failure(notFoundCode, $"The DID document has no {relationship} method {methodId}.");
        }

        var key = VerificationMethodKeys.ToVerificationKey(method);
        return key.Succeeded ? key : Result<VerificationKey>.Failure(notFoundCode, "The verification method's key is unusable: " + key.Error.Code);
    }

    private async ValueTask<Result<DateTimeOffset>> VerifyKeyBindingAsync(SdJwtToken token, int signatureIndex, JsonNode? cnfClaim, SdJwtHashAlgorithm alg, SdJwtVerificationOptions o, JwsVerifier jwsVerifier, CancellationToken cancellationToken)
    {
        var holderKey = await GetHolderKeyAsync(cnfClaim, cancellationToken).ConfigureAwait(false);
        if (!holderKey.Succeeded)
        {
            return holderKey.Error;
        }

        var decoded = Jws.Decode(token.KeyBindingJwt!, o.MaxLength);
        if (!decoded.Succeeded)
        {
            return KbInvalid("The Key Binding JWT is not a valid JWS: " + decoded.Error.Message);
        }

        if (decoded.Value.Type != SdJwtVc.KeyBindingType)
        {
            return KbInvalid("The Key Binding JWT's typ is not kb+jwt.");
        }

        var verified = jwsVerifier.Verify(decoded.Value, holderKey.Value);
        if (!verified.Succeeded)
        {
            return verified.Error.Code == JoseErrorCodes.InvalidSignature
                ? Result<DateTimeOffset>.Failure(SdJwtErrorCodes.KeyBindingSignatureInvalid, "The Key Binding JWT is not signed by the holder key in cnf.")
                : verified.Error;
        }

        var kbNode = StrictJson.ParseNode(verified.Value.Payload.Span);
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

        if (o.ExpectedAudience is not null && aud != o.ExpectedAudience)
        {
            return Result<DateTimeOffset>.Failure(SdJwtErrorCodes.KeyBindingAudienceMismatch, "The Key Binding JWT's aud is not the expected audience.");
        }

        if (o.ExpectedNonce is not null && nonce != o.ExpectedNonce)
        {
            return Result<DateTimeOffset>.Failure(SdJwtErrorCodes.KeyBindingNonceMismatch, "The Key Binding JWT's nonce is not the expected nonce.");
        }

        var now = _time.GetUtcNow();
        if (iat.Value > now + o.ClockSkew || iat.Value < now - o.MaxKeyBindingAge - o.ClockSkew)
        {
            return Result<DateTimeOffset>.Failure(SdJwtErrorCodes.KeyBindingStale, "The Key Binding JWT's iat is outside the accepted window.");
        }

        if (!string.Equals(token.ComputeSdHash(alg, signatureIndex), sdHash, StringComparison.Ordinal))
        {
            return Result<DateTimeOffset>.Failure(SdJwtErrorCodes.KeyBindingHashMismatch, "sd_hash does not match the presented SD-JWT.");
        }

        return iat.Value;
    }

    private async ValueTask<Result<VerificationKey>> GetHolderKeyAsync(JsonNode? cnfClaim, CancellationToken cancellationToken)
    {
        if (cnfClaim is not JsonObject cnf)
        {
            return Result<VerificationKey>.Failure(SdJwtErrorCodes.HolderKeyNotFound, "The credential has no cnf claim.");
        }

        if (cnf["jwk"] is JsonObject jwkObject)
        {
            var jwk = Jwk.FromJsonObject(jwkObject);
            if (!jwk.Succeeded || jwk.Value.HasPrivateKey)
            {
                return Result<VerificationKey>.Failure(SdJwtErrorCodes.HolderKeyNotFound, "cnf.jwk is not a usable public key.");
            }

            var key = VerificationKey.Import(jwk.Value);
            return key.Succeeded ? key : Result<VerificationKey>.Failure(SdJwtErrorCodes.HolderKeyNotFound, "cnf.jwk is not a usable public key: " + key.Error.Code);
        }

        if (cnf["kid"] is JsonValue kidValue && kidValue.GetValueKind() == JsonValueKind.String && DidUrl.TryParse(kidValue.GetValue<string>(), out var kidUrl) && kidUrl.Fragment is not null)
        {
            return await ResolveKeyAsync(kidUrl.Did.ToString(), kidValue.GetValue<string>(), VerificationRelationship.Authentication, SdJwtErrorCodes.HolderKeyNotFound, cancellationToken).ConfigureAwait(false);
        }

        return Result<VerificationKey>.Failure(SdJwtErrorCodes.HolderKeyNotFound, "cnf has neither a jwk nor a DID URL kid.");
    }

    private static Result<DateTimeOffset> KbInvalid(string message) => Result<DateTimeOffset>.Failure(SdJwtErrorCodes.InvalidKeyBinding, message);

    private static bool TryGetOptionalString(JsonObject obj, string name, out string? value)
    {
        value = null;
        if (!obj.TryGetPropertyValue(name, out var node))
        {
            return true;
        }

        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.String)
        {
            value = v.GetValue<string>();
            return true;
        }

        return false;
    }

    private static bool TryGetTime(JsonObject obj, string name, out DateTimeOffset? value)
    {
        value = null;
        if (!obj.TryGetPropertyValue(name, out var node))
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

    private static SdJwtVerificationResult Fail(SdkError error) => SdJwtVerificationResult.Failure(error);

    private static SdJwtVerificationResult Fail(string code, string message) => SdJwtVerificationResult.Failure(code, message);
}
