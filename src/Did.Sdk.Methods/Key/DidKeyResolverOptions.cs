namespace Did.Sdk.Methods;

/// <summary>
/// Defaults of <see cref="DidKeyResolver"/>. Each can be overridden per resolution through
/// <see cref="DidResolutionOptions.Extensions"/> with the names in <see cref="DidKeyOptionNames"/>.
/// </summary>
public sealed class DidKeyResolverOptions
{
    /// <summary>
    /// The verification method type to produce (the did:key <c>publicKeyFormat</c> option); one of
    /// <see cref="DidKeyPublicKeyFormats"/>. Default <c>Multikey</c>.
    /// </summary>
    public string PublicKeyFormat { get; set; } = DidKeyPublicKeyFormats.Multikey;

    /// <summary>
    /// When true (the default) an Ed25519 key also gets the X25519 key derived from it as its
    /// <c>keyAgreement</c> method, and an ECDSA key (secp256k1, P-256, P-384, P-521) is listed under
    /// <c>keyAgreement</c> too (ECDH), as the did:key test vectors show.
    /// </summary>
    public bool EnableEncryptionKeyDerivation { get; set; } = true;

    /// <summary>
    /// When false (the default) only the formats <c>Multikey</c>, <c>JsonWebKey2020</c> and
    /// <c>Ed25519VerificationKey2020</c> are allowed; any other known format gives
    /// <c>invalidPublicKeyType</c>, as the did:key specification requires.
    /// </summary>
    public bool EnableExperimentalPublicKeyTypes { get; set; }

    internal void Validate()
    {
        if (!DidKeyPublicKeyFormats.IsKnown(PublicKeyFormat))
        {
            throw new ArgumentException($"Unknown did:key public key format '{PublicKeyFormat}'.", nameof(PublicKeyFormat));
        }
    }
}

/// <summary>The names of the did:key resolution options in <see cref="DidResolutionOptions.Extensions"/>.</summary>
public static class DidKeyOptionNames
{
    /// <summary><c>publicKeyFormat</c>: a value of <see cref="DidKeyPublicKeyFormats"/>.</summary>
    public const string PublicKeyFormat = "publicKeyFormat";

    /// <summary><c>enableEncryptionKeyDerivation</c>: <c>true</c> or <c>false</c>.</summary>
    public const string EnableEncryptionKeyDerivation = "enableEncryptionKeyDerivation";

    /// <summary><c>enableExperimentalPublicKeyTypes</c>: <c>true</c> or <c>false</c>.</summary>
    public const string EnableExperimentalPublicKeyTypes = "enableExperimentalPublicKeyTypes";
}

/// <summary>The verification method types a did:key document can be expressed in.</summary>
public static class DidKeyPublicKeyFormats
{
    /// <summary><c>Multikey</c> with <c>publicKeyMultibase</c> (the default; any key type).</summary>
    public const string Multikey = "Multikey";

    /// <summary><c>JsonWebKey2020</c> with <c>publicKeyJwk</c> (any key type).</summary>
    public const string JsonWebKey2020 = "JsonWebKey2020";

    /// <summary><c>Ed25519VerificationKey2020</c> (derived keys <c>X25519KeyAgreementKey2020</c>); Ed25519 and X25519 keys.</summary>
    public const string Ed25519VerificationKey2020 = "Ed25519VerificationKey2020";

    /// <summary>Experimental: <c>X25519KeyAgreementKey2020</c> with <c>publicKeyMultibase</c>; X25519 keys.</summary>
    public const string X25519KeyAgreementKey2020 = "X25519KeyAgreementKey2020";

    /// <summary>Experimental (legacy): <c>Ed25519VerificationKey2018</c> with <c>publicKeyBase58</c> (derived keys <c>X25519KeyAgreementKey2019</c>).</summary>
    public const string Ed25519VerificationKey2018 = "Ed25519VerificationKey2018";

    /// <summary>Experimental (legacy): <c>X25519KeyAgreementKey2019</c> with <c>publicKeyBase58</c>; X25519 keys.</summary>
    public const string X25519KeyAgreementKey2019 = "X25519KeyAgreementKey2019";

    /// <summary>Experimental (legacy): <c>EcdsaSecp256k1VerificationKey2019</c> with <c>publicKeyBase58</c>; secp256k1 keys.</summary>
    public const string EcdsaSecp256k1VerificationKey2019 = "EcdsaSecp256k1VerificationKey2019";

    /// <summary>Experimental (legacy): <c>P256Key2021</c> with <c>publicKeyBase58</c>; P-256 keys.</summary>
    public const string P256Key2021 = "P256Key2021";

    /// <summary>True for the formats this SDK can produce.</summary>
    public static bool IsKnown(string? format) => format is Multikey or JsonWebKey2020 or Ed25519VerificationKey2020
        or X25519KeyAgreementKey2020 or Ed25519VerificationKey2018 or X25519KeyAgreementKey2019
        or EcdsaSecp256k1VerificationKey2019 or P256Key2021;

    /// <summary>True for the formats the did:key specification allows without <c>enableExperimentalPublicKeyTypes</c>.</summary>
    public static bool IsStandard(string? format) => format is Multikey or JsonWebKey2020 or Ed25519VerificationKey2020;
}
