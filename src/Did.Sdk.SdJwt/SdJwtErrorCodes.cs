namespace Did.Sdk.SdJwt;

/// <summary>
/// Stable error codes of the SD-JWT layer. Each code has a page <c>docs/errors/&lt;code&gt;.md</c>.
/// Size and JSON failures use the shared <c>inputTooLarge</c> and <c>invalidJson</c>; JWS failures of
/// the issuer-signed JWT use the JOSE codes (<c>invalidJws</c>, <c>unsupportedAlgorithm</c>,
/// <c>algorithmKeyMismatch</c>, <c>invalidSignature</c>).
/// </summary>
public static class SdJwtErrorCodes
{
    /// <summary>The SD-JWT is not a valid compact or JWS JSON serialization (separators, empty parts, wrong members).</summary>
    public const string InvalidSdJwt = "invalidSdJwt";

    /// <summary>More disclosures than <c>SdJwtVerificationOptions.MaxDisclosures</c>.</summary>
    public const string TooManyDisclosures = "tooManyDisclosures";

    /// <summary>A disclosure is not base64url of a JSON array of 2 or 3 elements with a string salt and claim name.</summary>
    public const string InvalidDisclosure = "invalidDisclosure";

    /// <summary>A disclosure's digest is not referenced by the payload or by another disclosure (RFC 9901 §7.1 step 5).</summary>
    public const string UnreferencedDisclosure = "unreferencedDisclosure";

    /// <summary>The same disclosure appears more than once (RFC 9901 §7.1 step 2).</summary>
    public const string DuplicateDisclosure = "duplicateDisclosure";

    /// <summary>A digest appears more than once in the payload and disclosures (RFC 9901 §7.1 step 4).</summary>
    public const string DuplicateDigest = "duplicateDigest";

    /// <summary>A disclosed claim name already exists at its level, or is <c>_sd</c> or <c>...</c>.</summary>
    public const string ClaimNameCollision = "claimNameCollision";

    /// <summary><c>_sd</c>, <c>...</c> or <c>_sd_alg</c> appears in a place or form RFC 9901 does not allow.</summary>
    public const string InvalidSdStructure = "invalidSdStructure";

    /// <summary>The <c>_sd_alg</c> names a hash algorithm outside sha-256, sha-384, sha-512.</summary>
    public const string UnsupportedSdAlgorithm = "unsupportedSdAlgorithm";

    /// <summary>The <c>typ</c> header is not the one expected (<c>dc+sd-jwt</c>, or <c>vc+sd-jwt</c> when allowed).</summary>
    public const string InvalidType = "invalidType";

    /// <summary>A required claim is missing or has the wrong type (<c>iss</c>, <c>vct</c>, <c>iat</c>, …).</summary>
    public const string InvalidClaim = "invalidClaim";

    /// <summary>A claim that must never be selectively disclosable arrived in a disclosure (SD-JWT VC).</summary>
    public const string NonDisclosableClaim = "nonDisclosableClaim";

    /// <summary>The issuer's DID could not be resolved.</summary>
    public const string IssuerResolutionFailed = "issuerResolutionFailed";

    /// <summary>No usable issuer key: <c>kid</c> missing or absent from the DID document's assertionMethod, or an unusable key.</summary>
    public const string IssuerKeyNotFound = "issuerKeyNotFound";

    /// <summary>The credential's <c>exp</c> has passed (with the allowed skew).</summary>
    public const string TokenExpired = "tokenExpired";

    /// <summary>The credential's <c>nbf</c> (or <c>iat</c>) is in the future (with the allowed skew).</summary>
    public const string TokenNotYetValid = "tokenNotYetValid";

    /// <summary>A Key Binding JWT is required but the presentation has none.</summary>
    public const string KeyBindingMissing = "keyBindingMissing";

    /// <summary>The Key Binding JWT is malformed: structure, <c>typ</c>, algorithm, required claims.</summary>
    public const string InvalidKeyBinding = "invalidKeyBinding";

    /// <summary>The Key Binding JWT's signature does not verify with the holder key from <c>cnf</c>.</summary>
    public const string KeyBindingSignatureInvalid = "keyBindingSignatureInvalid";

    /// <summary>The holder key cannot be determined: no <c>cnf</c>, an unusable <c>cnf.jwk</c>, or a <c>cnf.kid</c> that does not resolve.</summary>
    public const string HolderKeyNotFound = "holderKeyNotFound";

    /// <summary>The Key Binding JWT's <c>aud</c> is not the expected audience.</summary>
    public const string KeyBindingAudienceMismatch = "keyBindingAudienceMismatch";

    /// <summary>The Key Binding JWT's <c>nonce</c> is not the expected nonce.</summary>
    public const string KeyBindingNonceMismatch = "keyBindingNonceMismatch";

    /// <summary>The Key Binding JWT's <c>sd_hash</c> does not match the presented SD-JWT.</summary>
    public const string KeyBindingHashMismatch = "keyBindingHashMismatch";

    /// <summary>The Key Binding JWT's <c>iat</c> is older than the allowed age or in the future.</summary>
    public const string KeyBindingStale = "keyBindingStale";

    /// <summary>The credential carries <c>status</c> but no status checker is configured and checking is not disabled.</summary>
    public const string StatusCheckUnavailable = "statusCheckUnavailable";

    /// <summary>The status check could not be completed (list unreachable, invalid, stale); fails closed.</summary>
    public const string StatusCheckFailed = "statusCheckFailed";

    /// <summary>The credential's status is INVALID (revoked).</summary>
    public const string CredentialRevoked = "credentialRevoked";

    /// <summary>The credential's status is SUSPENDED.</summary>
    public const string CredentialSuspended = "credentialSuspended";

    /// <summary>The disclosed payload does not satisfy the credential type's JSON Schema.</summary>
    public const string SchemaValidationFailed = "schemaValidationFailed";

    /// <summary>The Key Binding JWT carries an <c>exp</c> in the past (beyond the clock skew).</summary>
    public const string KeyBindingExpired = "keyBindingExpired";

    /// <summary>The Key Binding JWT carries an <c>nbf</c> in the future (beyond the clock skew).</summary>
    public const string KeyBindingNotYetValid = "keyBindingNotYetValid";
}
