// SD-JWT verification, RFC 9901 §7.1 (issuer-signed JWT and disclosures), §7.3 (Key Binding JWT) and
// §8 (JWS JSON serialization), with the SD-JWT VC checks of draft-ietf-oauth-sd-jwt-vc §3.2 and the
// Token Status List (draft-ietf-oauth-status-list). Written as a chain of small steps, each of which
// either passes or rejects with a stable code.
using System.Text.Json;
using System.Text.Json.Nodes;
using Did.Sdk.Ethereum;
using Did.Sdk.Jose;
using Did.Sdk.Json;
using Did.Sdk.Methods;
using Did.Sdk.SdJwt.StatusList;

namespace Did.Sdk.SdJwt;

/// <summary>
/// Verifies SD-JWT presentations (compact or JWS JSON). Built once with what is fixed (trust,
/// algorithms, bounds, resolver, status checker); called once per presentation with what comes with it
/// (<see cref="SdJwtVerificationRequest"/>: audience, nonce, finality, time). Checks, in order: size and
/// structure, <c>typ</c>, the issuer signature (explicit key, or <c>iss</c> DID + <c>kid</c> DID URL
/// listed under assertionMethod, at the requested finality, valid now or at issuance), disclosures,
/// SD-JWT VC claims and lifetime, the type's schema, the Key Binding JWT (holder key from
/// <c>cnf.jwk</c> or <c>cnf.kid</c>) and the status. Never throws on untrusted input; cancellation
/// propagates. Thread-safe.
/// </summary>
public sealed partial class SdJwtVerifier
{
    private readonly DidSignatureVerifier? _didSignatures;
    private readonly IStatusListChecker? _statusChecker;
    private readonly TimeProvider _time;
    private readonly JwsVerifier _jwsVerifier;
    private readonly VerificationMethodContext _keyContext;

    /// <summary>Creates a verifier. With no arguments it is a valid verifier for issuer keys resolved from nowhere (set <see cref="SdJwtVerificationOptions.IssuerKey"/> or give a resolver).</summary>
    /// <param name="options">What is fixed per verifier (the secure defaults when null).</param>
    /// <param name="resolver">Resolves issuer DIDs and holder <c>cnf.kid</c> DIDs.</param>
    /// <param name="statusChecker">Checks the <c>status</c> claim; without it a credential with status fails closed.</param>
    /// <param name="timeProvider">The clock (system clock by default).</param>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public SdJwtVerifier(SdJwtVerificationOptions? options = null, IDidResolver? resolver = null, IStatusListChecker? statusChecker = null, TimeProvider? timeProvider = null)
    {
        Options = options ?? new SdJwtVerificationOptions();
        Options.Validate();
        _statusChecker = statusChecker;
        _time = timeProvider ?? TimeProvider.System;
        _jwsVerifier = new JwsVerifier(new JwsVerificationOptions { AllowedAlgorithms = Options.AllowedAlgorithms, MaxLength = Options.MaxLength, RequireLowS = Options.RequireLowS });
        var handlers = Options.VerificationMethods ?? EthereumVerificationMethods.Handlers;
        _didSignatures = resolver is null ? null : new DidSignatureVerifier(resolver, handlers);
        _keyContext = new VerificationMethodContext(_jwsVerifier);
    }

    /// <summary>What is fixed for this verifier.</summary>
    public SdJwtVerificationOptions Options { get; }

    /// <summary>
    /// Verifies <paramref name="presentation"/> for <paramref name="request"/>. The result carries the
    /// processed claims and what was validated, or an error code of <see cref="SdJwtErrorCodes"/>,
    /// <see cref="DidSignatureErrorCodes"/>, the JOSE and Ethereum layers, or <c>inputTooLarge</c>/<c>invalidJson</c>.
    /// </summary>
    /// <exception cref="ArgumentException">The request is unusable (key binding required without audience and nonce).</exception>
    public async ValueTask<SdJwtVerificationResult> VerifyAsync(string presentation, SdJwtVerificationRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(presentation);
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        var state = new State(request, request.Time ?? _time.GetUtcNow());
        var error = Parse(state, presentation)
            ?? await VerifyIssuerAsync(state, cancellationToken).ConfigureAwait(false)
            ?? ProcessDisclosures(state)
            ?? CheckClaims(state)
            ?? CheckSchema(state)
            ?? await VerifyKeyBindingAsync(state, cancellationToken).ConfigureAwait(false)
            ?? await CheckStatusAsync(state, cancellationToken).ConfigureAwait(false);
        return error is not null ? SdJwtVerificationResult.Failure(error) : SdJwtVerificationResult.Success(state.Claims!, state.ToValidated());
    }

    // Everything one verification learns, step by step.
    private sealed class State(SdJwtVerificationRequest request, DateTimeOffset now)
    {
        public SdJwtVerificationRequest Request { get; } = request;

        public DateTimeOffset Now { get; } = now;

        public SdJwtToken Token { get; set; } = null!;

        public DecodedJws Issuer { get; set; } = null!;

        public JsonObject Payload { get; set; } = null!;

        public int VerifiedSignatures { get; set; }

        public bool KeyResolved { get; set; }

        public ResolvedBlock? IssuerBlock { get; set; }

        public SdJwtHashAlgorithm HashAlgorithm { get; set; } = null!;

        public JsonNode? Cnf { get; set; }

        public string? StatusJson { get; set; }

        public JsonObject? Claims { get; set; }

        public string? Iss { get; set; }

        public string? Vct { get; set; }

        public DateTimeOffset? Iat { get; set; }

        public DateTimeOffset? Nbf { get; set; }

        public DateTimeOffset? Exp { get; set; }

        public DateTimeOffset? KeyBindingIat { get; set; }

        public DidSignature? Holder { get; set; }

        public TokenStatus? Status { get; set; }

        public StatusListCheck? StatusCheck { get; set; }

        public SdJwtValidated ToValidated() => new()
        {
            Issuer = Iss,
            KeyId = Issuer.KeyId,
            Algorithm = Issuer.Algorithm,
            KeyResolved = KeyResolved,
            IssuerBlock = IssuerBlock,
            IssuerKeyValidity = Request.IssuerKeyValidity,
            IssuerSignatureCount = VerifiedSignatures,
            StatusCheck = StatusCheck,
            Type = Issuer.Type,
            Vct = Vct,
            IssuedAt = Iat,
            NotBefore = Nbf,
            Expires = Exp,
            KeyBound = Token.KeyBindingJwt is not null,
            KeyBindingIssuedAt = KeyBindingIat,
            HolderDid = Holder?.Did,
            HolderKeyId = Holder?.KeyId,
            HolderBlock = Holder?.Block,
            Status = Status,
            DisclosureCount = Token.Disclosures.Count,
            CheckedAt = Now,
        };
    }

    // 1. Size and structure (RFC 9901 §4, §8).
    private SdkError? Parse(State state, string presentation)
    {
        var parsed = SdJwtToken.Parse(presentation, Options.MaxLength, Options.MaxDisclosures);
        if (!parsed.Succeeded)
        {
            return parsed.Error;
        }

        state.Token = parsed.Value;
        return null;
    }

    // 2. The issuer-signed JWT (RFC 9901 §7.1 step 2): typ, key, algorithm, signature; per the signature policy.
    private async ValueTask<SdkError?> VerifyIssuerAsync(State state, CancellationToken cancellationToken)
    {
        int count = Options.SignaturePolicy == SdJwtSignaturePolicy.All ? state.Token.SignatureCount : 1;
        for (int i = 0; i < count; i++)
        {
            var decoded = Jws.Decode(state.Token.CompactJws(i), Options.MaxLength);
            if (!decoded.Succeeded)
            {
                return decoded.Error;
            }

            var typeError = CheckType(decoded.Value);
            if (typeError is not null)
            {
                return typeError;
            }

            if (i == 0)
            {
                var payload = StrictJson.ParseNode(decoded.Value.Payload.Span);
                if (!payload.Succeeded)
                {
                    return payload.Error;
                }

                if (payload.Value is not JsonObject payloadObject)
                {
                    return new SdkError(SdJwtErrorCodes.InvalidSdJwt, "The payload is not a JSON object.");
                }

                state.Payload = payloadObject;
            }

            var error = await VerifyIssuerSignatureAsync(state, decoded.Value, cancellationToken).ConfigureAwait(false);
            if (error is not null)
            {
                return error;
            }

            if (i == 0)
            {
                state.Issuer = decoded.Value;
            }
        }

        state.VerifiedSignatures = count;
        return null;
    }

    private async ValueTask<SdkError?> VerifyIssuerSignatureAsync(State state, DecodedJws jws, CancellationToken cancellationToken)
    {
        if (Options.IssuerKey is not null)
        {
            var verified = _jwsVerifier.Verify(jws, Options.IssuerKey);
            return verified.Succeeded ? null : verified.Error;
        }

        if (_didSignatures is null)
        {
            return new SdkError(SdJwtErrorCodes.IssuerKeyNotFound, "No issuer key is given and no DID resolver is configured.");
        }

        if (!TryGetOptionalString(state.Payload, "iss", out string? iss) || !Did.TryParse(iss, out var issuerDid))
        {
            return new SdkError(SdJwtErrorCodes.InvalidClaim, "iss is not a DID, so the issuer key cannot be resolved.");
        }

        // The kid must be an absolute DID URL of the issuer's DID with a fragment (no relative or foreign keys).
        if (jws.KeyId is not { } kid || !DidUrl.TryParse(kid, out var kidUrl) || kidUrl.Fragment is null || kidUrl.Did != issuerDid)
        {
            return new SdkError(SdJwtErrorCodes.IssuerKeyNotFound, "kid is not a DID URL of the issuer's DID.");
        }

        DateTimeOffset? validAt = null;
        if (state.Request.IssuerKeyValidity == SdJwtKeyValidity.AtIssuance)
        {
            if (!TryGetTime(state.Payload, "iat", out var iat) || iat is null)
            {
                return new SdkError(SdJwtErrorCodes.InvalidClaim, "The issuer key must be valid at issuance, but the credential has no numeric iat.");
            }

            validAt = iat;
        }

        var signature = await _didSignatures.VerifyAsync(jws, kid, new DidSignatureRequest
        {
            Relationship = VerificationRelationship.AssertionMethod,
            JwsVerifier = _jwsVerifier,
            Finality = state.Request.Finality,
            ValidAt = validAt,
        }, cancellationToken).ConfigureAwait(false);
        if (!signature.Succeeded)
        {
            return signature.Error.Code switch
            {
                DidSignatureErrorCodes.DidResolutionFailed => new SdkError(SdJwtErrorCodes.IssuerResolutionFailed, "The issuer's DID could not be resolved: " + signature.Error.Message),
                DidSignatureErrorCodes.VerificationMethodNotFound => new SdkError(SdJwtErrorCodes.IssuerKeyNotFound, signature.Error.Message),
                _ => signature.Error,
            };
        }

        state.KeyResolved = true;
        state.IssuerBlock = signature.Value.Block;
        return null;
    }

    private SdkError? CheckType(DecodedJws jws)
    {
        if (!Options.RequireVerifiableCredential)
        {
            return null;
        }

        string? typ = jws.Type;
        return typ == SdJwtVc.MediaType || (typ == SdJwtVc.LegacyMediaType && Options.AllowLegacyVcType)
            ? null
            : new SdkError(SdJwtErrorCodes.InvalidType, "The typ header is not dc+sd-jwt.");
    }

    // 3. Disclosures (RFC 9901 §7.1 steps 3–5). Processing rewrites the payload in place, so what key
    // binding and the status check read from the issuer-signed payload itself is taken first.
    private SdkError? ProcessDisclosures(State state)
    {
        var alg = SdJwtHolder.ReadHashAlgorithm(state.Payload);
        if (!alg.Succeeded)
        {
            return alg.Error;
        }

        state.HashAlgorithm = alg.Value;
        state.Cnf = state.Token.KeyBindingJwt is not null && state.Payload.TryGetPropertyValue("cnf", out var cnfNode) ? cnfNode?.DeepClone() : null;
        state.StatusJson = !Options.DisableStatusCheck && state.Payload.TryGetPropertyValue("status", out var statusNode) ? statusNode?.ToJsonString() ?? "null" : null;
        var processed = SdJwtProcessor.Process(state.Payload, state.Token.Disclosures, alg.Value, ownsPayload: true, ownsDisclosures: true);
        if (!processed.Succeeded)
        {
            return processed.Error;
        }

        state.Claims = processed.Value.Claims;
        if (Options.RequireVerifiableCredential && processed.Value.Paths.Values.Any(p => p.Count == 1 && p[0] is string s && SdJwtVc.NeverDisclosable.Contains(s)))
        {
            return new SdkError(SdJwtErrorCodes.NonDisclosableClaim, "A claim that must never be selectively disclosable was disclosed.");
        }

        return null;
    }

    // 4. Registered claims and lifetime (RFC 7519 §4.1, SD-JWT VC §3.2.2).
    private SdkError? CheckClaims(State state)
    {
        var claims = state.Claims!;
        if (!TryGetOptionalString(claims, "iss", out string? iss) || !TryGetOptionalString(claims, "vct", out string? vct))
        {
            return new SdkError(SdJwtErrorCodes.InvalidClaim, "iss or vct is not a string.");
        }

        state.Iss = iss;
        state.Vct = vct;
        if (Options.RequireVerifiableCredential && vct is null)
        {
            return new SdkError(SdJwtErrorCodes.InvalidClaim, "An SD-JWT VC has a vct claim.");
        }

        if (Options.ExpectedIssuer is not null && iss != Options.ExpectedIssuer)
        {
            return new SdkError(SdJwtErrorCodes.InvalidClaim, "iss is not the expected issuer.");
        }

        if (!TryGetTime(claims, "iat", out var iat) || !TryGetTime(claims, "nbf", out var nbf) || !TryGetTime(claims, "exp", out var exp))
        {
            return new SdkError(SdJwtErrorCodes.InvalidClaim, "iat, nbf or exp is not a number of seconds.");
        }

        (state.Iat, state.Nbf, state.Exp) = (iat, nbf, exp);
        if (exp is { } e && state.Now > e + Options.ClockSkew)
        {
            return new SdkError(SdJwtErrorCodes.TokenExpired, "The credential has expired.");
        }

        if ((nbf is { } n && state.Now + Options.ClockSkew < n) || (iat is { } ia && state.Now + Options.ClockSkew < ia))
        {
            return new SdkError(SdJwtErrorCodes.TokenNotYetValid, "The credential is not yet valid.");
        }

        return null;
    }

    // 5. The type's JSON Schema, when one is configured for the vct.
    private SdkError? CheckSchema(State state)
        => state.Vct is not null && Options.TypeSchemas is not null && Options.TypeSchemas.TryGetValue(state.Vct, out var schema)
            ? schema.Validate(state.Claims!)
            : null;

    // 7. Status (draft-ietf-oauth-status-list), failing closed.
    private async ValueTask<SdkError?> CheckStatusAsync(State state, CancellationToken cancellationToken)
    {
        if (state.StatusJson is null)
        {
            return null;
        }

        if (_statusChecker is null)
        {
            return new SdkError(SdJwtErrorCodes.StatusCheckUnavailable, "The credential has a status but no status checker is configured.");
        }

        using var doc = JsonDocument.Parse(state.StatusJson);
        var check = await _statusChecker.CheckAsync(doc.RootElement.Clone(), cancellationToken).ConfigureAwait(false);
        if (!check.Succeeded)
        {
            return new SdkError(SdJwtErrorCodes.StatusCheckFailed, "The status check failed: " + check.Error);
        }

        switch (check.Status.Value)
        {
            case TokenStatus.Valid:
                state.Status = check.Status;
                state.StatusCheck = check.Checked;
                return null;
            case TokenStatus.Invalid:
                return new SdkError(SdJwtErrorCodes.CredentialRevoked, "The credential is revoked.");
            case TokenStatus.Suspended:
                return new SdkError(SdJwtErrorCodes.CredentialSuspended, "The credential is suspended.");
            default:
                return new SdkError(SdJwtErrorCodes.StatusCheckFailed, $"The credential has the application-specific status 0x{(byte)check.Status.Value:X2}, which is not VALID.");
        }
    }

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
}
