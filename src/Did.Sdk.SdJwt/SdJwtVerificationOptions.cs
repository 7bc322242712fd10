using Did.Sdk.Jose;

namespace Did.Sdk.SdJwt;

/// <summary>
/// What an <see cref="SdJwtVerifier"/> fixes once for every verification: trust, algorithms, bounds,
/// clock skew. What changes per presentation (audience, nonce, finality, time of check) is an
/// <see cref="SdJwtVerificationRequest"/>. The defaults are the secure ones and make a valid verifier.
/// </summary>
public sealed record SdJwtVerificationOptions
{
    /// <summary>The default maximum presentation length in characters (256 KiB).</summary>
    public const int DefaultMaxLength = 256 * 1024;

    /// <summary>The default maximum number of disclosures.</summary>
    public const int DefaultMaxDisclosures = 256;

    /// <summary>
    /// The issuer key, trusted out of band. When null the key is resolved from <c>iss</c> (a DID) and
    /// <c>kid</c> (a DID URL of that DID, listed under assertionMethod) through the resolver.
    /// </summary>
    public VerificationKey? IssuerKey { get; init; }

    /// <summary>The expected <c>iss</c>, or null to accept any (with a resolved key the DID document decides).</summary>
    public string? ExpectedIssuer { get; init; }

    /// <summary>
    /// Algorithms accepted for the issuer-signed JWT and the KB-JWT; must not be empty. EdDSA, ES256 and
    /// ES256K by default; add <see cref="JwsAlgorithm.ES256KR"/> to accept recoverable signatures.
    /// </summary>
    public IReadOnlySet<JwsAlgorithm> AllowedAlgorithms { get; init; } = new HashSet<JwsAlgorithm>(JwsAlgorithm.All);

    /// <summary>
    /// Refuse ES256K signatures with a high S value. False by default: RFC 8812 has no low-S rule and
    /// OpenSSL-based issuers (node:crypto, @sd-jwt) produce high S half the time; the signature is
    /// still checked after normalisation.
    /// </summary>
    public bool RequireLowS { get; init; }

    /// <summary>Which issuer signatures of a general JWS JSON serialization must verify (<see cref="SdJwtSignaturePolicy.First"/> by default).</summary>
    public SdJwtSignaturePolicy SignaturePolicy { get; init; } = SdJwtSignaturePolicy.First;

    /// <summary>Maximum presentation length in characters (<c>inputTooLarge</c>).</summary>
    public int MaxLength { get; init; } = DefaultMaxLength;

    /// <summary>Maximum number of disclosures (<c>tooManyDisclosures</c>).</summary>
    public int MaxDisclosures { get; init; } = DefaultMaxDisclosures;

    /// <summary>Require the SD-JWT VC rules: <c>typ</c> dc+sd-jwt, string <c>vct</c>, never-disclosable claims. True by default.</summary>
    public bool RequireVerifiableCredential { get; init; } = true;

    /// <summary>Accept the legacy <c>typ</c> vc+sd-jwt. False by default.</summary>
    public bool AllowLegacyVcType { get; init; }

    /// <summary>
    /// Clock skew tolerated for <c>exp</c>, <c>nbf</c>, <c>iat</c> of the credential and of the KB-JWT. 60 s by
    /// default; at most 10 minutes.
    /// </summary>
    public TimeSpan ClockSkew { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Maximum age of the KB-JWT <c>iat</c>. 5 minutes by default.</summary>
    public TimeSpan MaxKeyBindingAge { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// JSON Schemas by <c>vct</c>. When the credential's <c>vct</c> has one, the processed claims must
    /// satisfy it (<c>schemaValidationFailed</c>); types without a schema are not validated. Null by default.
    /// </summary>
    public IReadOnlyDictionary<string, SdJwtTypeSchema>? TypeSchemas { get; init; }

    /// <summary>Skip status checks. False by default: a credential with <c>status</c> and no checker fails closed.</summary>
    public bool DisableStatusCheck { get; init; }

    /// <summary>
    /// The verification method handlers issuer and holder DIDs are checked with; every form of did:key,
    /// did:jwk, did:pkh, did:web and did:ethr (including <c>blockchainAccountId</c> by recovery) when null.
    /// </summary>
    public VerificationMethodHandlers? VerificationMethods { get; init; }

    /// <summary>Throws when the options cannot make a verifier (a programming error, caught at construction).</summary>
    /// <exception cref="ArgumentException">An empty allow-list, a non-positive bound, a negative or excessive skew.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(AllowedAlgorithms, nameof(AllowedAlgorithms));
        if (AllowedAlgorithms.Count == 0)
        {
            throw new ArgumentException("AllowedAlgorithms must not be empty.", nameof(AllowedAlgorithms));
        }

        if (MaxLength <= 0 || MaxDisclosures < 0 || MaxKeyBindingAge <= TimeSpan.Zero)
        {
            throw new ArgumentException("MaxLength and MaxKeyBindingAge must be positive and MaxDisclosures not negative.");
        }

        if (ClockSkew < TimeSpan.Zero || ClockSkew > TimeSpan.FromMinutes(10))
        {
            throw new ArgumentException("ClockSkew must be between 0 and 10 minutes.", nameof(ClockSkew));
        }

        if (!Enum.IsDefined(SignaturePolicy))
        {
            throw new ArgumentException("SignaturePolicy is not a defined value.", nameof(SignaturePolicy));
        }
    }
}
