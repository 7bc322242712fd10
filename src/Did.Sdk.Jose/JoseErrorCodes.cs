namespace Did.Sdk.Jose;

/// <summary>
/// Stable error codes of the JOSE layer. Each code has a page <c>docs/errors/&lt;code&gt;.md</c>.
/// The did:key names (<see cref="InvalidPublicKey"/>, <see cref="InvalidPublicKeyLength"/>,
/// <see cref="InvalidPublicKeyType"/>, <see cref="UnsupportedPublicKeyType"/>) follow the did:key
/// specification and the DID Resolution error names.
/// </summary>
public static class JoseErrorCodes
{
    /// <summary>Text is not strict unpadded base64url (RFC 7515 §2).</summary>
    public const string InvalidBase64Url = "invalidBase64Url";

    /// <summary>A JWK is malformed: wrong member types, missing or extra coordinates, bad lengths, point not on the curve.</summary>
    public const string InvalidJwk = "invalidJwk";

    /// <summary>A JWK names a key type or curve outside the supported set (kty other than OKP/EC, unknown crv).</summary>
    public const string UnsupportedKeyType = "unsupportedKeyType";

    /// <summary>A key's <c>use</c> or <c>key_ops</c> forbids the requested operation.</summary>
    public const string InvalidKeyUse = "invalidKeyUse";

    /// <summary>A JWS is malformed: segments, base64url, header JSON, <c>alg</c> missing, size.</summary>
    public const string InvalidJws = "invalidJws";

    /// <summary>The JWS or JWK algorithm is not in the closed set or not in the verifier's allow-list.</summary>
    public const string UnsupportedAlgorithm = "unsupportedAlgorithm";

    /// <summary>The algorithm in the header (or a JWK's <c>alg</c>) does not match the key's algorithm.</summary>
    public const string AlgorithmKeyMismatch = "algorithmKeyMismatch";

    /// <summary>The signature does not verify under the key.</summary>
    public const string InvalidSignature = "invalidSignature";

    /// <summary>The <c>crit</c> header is malformed or names an extension this verifier does not support.</summary>
    public const string UnsupportedCriticalHeader = "unsupportedCriticalHeader";

    /// <summary>A multibase string is malformed or uses an unknown prefix.</summary>
    public const string InvalidMultibase = "invalidMultibase";

    /// <summary>Public key bytes are not a valid key of their type (not on the curve, small order, bad prefix).</summary>
    public const string InvalidPublicKey = "invalidPublicKey";

    /// <summary>Public key bytes have the wrong length for their type.</summary>
    public const string InvalidPublicKeyLength = "invalidPublicKeyLength";

    /// <summary>A public key has a type not allowed in this context (for example a multikey that is not base58btc).</summary>
    public const string InvalidPublicKeyType = "invalidPublicKeyType";

    /// <summary>A multicodec names a public key type this SDK does not support (BLS12-381, RSA, …).</summary>
    public const string UnsupportedPublicKeyType = "unsupportedPublicKeyType";

    /// <summary>Private key material is invalid (zero, not below the group order, does not match the public key).</summary>
    public const string InvalidPrivateKey = "invalidPrivateKey";

    /// <summary>No handler checks signatures for the verification method's type.</summary>
    public const string UnsupportedVerificationMethod = "unsupportedVerificationMethod";

    /// <summary>A verification method's key material is missing, ambiguous, or does not fit its type.</summary>
    public const string InvalidVerificationMethod = "invalidVerificationMethod";
}
