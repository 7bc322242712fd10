using Did.Sdk.Jose;

namespace Did.Sdk.SdJwt;

/// <summary>Policy of an <see cref="SdJwtVerifier"/>. The defaults are the secure ones; use <c>with</c> per request.</summary>
public sealed record SdJwtVerificationOptions
{
    /// <summary>The default maximum presentation length in characters (256 KiB).</summary>
    public const int DefaultMaxLength = 256 * 1024;

    /// <summary>The default maximum number of disclosures.</summary>
    public const int DefaultMaxDisclosures = 256;

    /// <summary>The issuer key. When null the key is resolved from <c>iss</c> (a DID) and <c>kid</c> through the resolver.</summary>
    public VerificationKey? IssuerKey { get; init; }

    /// <summary>
    /// Accept ES256K signatures with a high S value (<c>s &gt; n/2</c>). False by default: signers built on
    /// libsecp256k1 or noble always produce low S, and a high-S signature is a malleated copy of a
    /// low-S one. Issuers signing with OpenSSL (node:crypto, for example) produce high S half the time;
    /// set this to accept their credentials. The signature is still checked.
    /// </summary>
    public bool AllowHighS { get; init; }

    /// <summary>The expected <c>iss</c>, or null to accept any (with a resolved key the DID document decides).</summary>
    public string? ExpectedIssuer { get; init; }

    /// <summary>Algorithms accepted for the issuer-signed JWT and the KB-JWT; must not be empty.</summary>
    public IReadOnlySet<JwsAlgorithm> AllowedAlgorithms { get; init; } = new HashSet<JwsAlgorithm>(JwsAlgorithm.All);

    /// <summary>Maximum presentation length in characters (<c>inputTooLarge</c>).</summary>
    public int MaxLength { get; init; } = DefaultMaxLength;

    /// <summary>Maximum number of disclosures (<c>tooManyDisclosures</c>).</summary>
    public int MaxDisclosures { get; init; } = DefaultMaxDisclosures;

    /// <summary>Require the SD-JWT VC rules: <c>typ</c> dc+sd-jwt, string <c>vct</c>, never-disclosable claims. True by default.</summary>
    public bool RequireVerifiableCredential { get; init; } = true;

    /// <summary>Accept the legacy <c>typ</c> vc+sd-jwt. False by default.</summary>
    public bool AllowLegacyVcType { get; init; }

    /// <summary>Require a Key Binding JWT. True by default.</summary>
    public bool RequireKeyBinding { get; init; } = true;

    /// <summary>
    /// The expected KB-JWT <c>aud</c>. Required when <see cref="RequireKeyBinding"/> is true; when key
    /// binding is optional and this is null, a presented KB-JWT's <c>aud</c> is not compared.
    /// </summary>
    public string? ExpectedAudience { get; init; }

    /// <summary>The expected KB-JWT <c>nonce</c>; required and compared as <see cref="ExpectedAudience"/> is.</summary>
    public string? ExpectedNonce { get; init; }

    /// <summary>Clock skew tolerated for <c>exp</c>, <c>nbf</c>, <c>iat</c> and the KB-JWT <c>iat</c>. 60 s by default.</summary>
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
}
