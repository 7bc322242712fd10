// JWS signature algorithms: RFC 7518 §3.4 (ES256), RFC 8037 §3.1 (EdDSA), RFC 8812 §3.2 (ES256K).
using System.Diagnostics.CodeAnalysis;

namespace Did.Sdk.Jose;

/// <summary>
/// A JWS signature algorithm from the SDK's closed set: <see cref="EdDSA"/>, <see cref="ES256"/>,
/// <see cref="ES256K"/>, and <see cref="ES256KR"/> (off by default). The set cannot be extended;
/// <c>none</c>, HMAC and RSA are not representable.
/// </summary>
public abstract class JwsAlgorithm
{
    private protected JwsAlgorithm(string name, KeyType keyType, int signatureSize)
    {
        Name = name;
        KeyType = keyType;
        SignatureSize = signatureSize;
    }

    /// <summary>EdDSA with Ed25519 (RFC 8037). 64-byte signatures.</summary>
    public static JwsAlgorithm EdDSA { get; } = new EdDsaAlgorithm();

    /// <summary>ECDSA on P-256 with SHA-256 (RFC 7518 §3.4). 64-byte r‖s (IEEE P1363) signatures.</summary>
    public static JwsAlgorithm ES256 { get; } = new Es256Algorithm();

    /// <summary>
    /// ECDSA on secp256k1 with SHA-256 (RFC 8812 §3.2). 64-byte r‖s signatures; signing always
    /// produces low-S; verification accepts high-S (RFC 8812 has no low-S rule) unless the verifier
    /// requires low S.
    /// </summary>
    public static JwsAlgorithm ES256K { get; } = new Es256KAlgorithm();

    /// <summary>
    /// <c>ES256K-R</c>: ES256K with the recovery id appended, a 65-byte <c>r‖s‖v</c> signature (v 0 or 1;
    /// 27 or 28 are read as 0 or 1), registered for <c>EcdsaSecp256k1RecoveryMethod2020</c> by the
    /// secp256k1 recovery suite and used by did-jwt. Not in <see cref="All"/>: a verifier accepts it only
    /// when its allow-list names it.
    /// </summary>
    public static JwsAlgorithm ES256KR { get; } = new Es256KRAlgorithm();

    /// <summary>The default algorithms of the closed set: EdDSA, ES256, ES256K.</summary>
    public static IReadOnlyList<JwsAlgorithm> All { get; } = [EdDSA, ES256, ES256K];

    /// <summary>The JOSE <c>alg</c> name, for example <c>ES256</c>.</summary>
    public string Name { get; }

    /// <summary>The key type this algorithm signs with.</summary>
    public KeyType KeyType { get; }

    /// <summary>The signature length in bytes.</summary>
    public int SignatureSize { get; }

    /// <summary>Finds an algorithm by its exact (case-sensitive) JOSE name; false for any other name.</summary>
    public static bool TryGetByName(string? name, [NotNullWhen(true)] out JwsAlgorithm? algorithm)
    {
        algorithm = name switch
        {
            "EdDSA" => EdDSA,
            "ES256" => ES256,
            "ES256K" => ES256K,
            "ES256K-R" => ES256KR,
            _ => null,
        };
        return algorithm is not null;
    }

    /// <summary>The algorithm that signs with keys of <paramref name="keyType"/>, or null when that type does not sign.</summary>
    public static JwsAlgorithm? ForKeyType(KeyType keyType) => keyType switch
    {
        KeyType.Ed25519 => EdDSA,
        KeyType.P256 => ES256,
        KeyType.Secp256k1 => ES256K,
        _ => null,
    };

    /// <inheritdoc />
    public override string ToString() => Name;

    internal abstract bool VerifyCore(VerificationKey key, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature, bool allowHighS);

    internal abstract void SignCore(SigningKey key, ReadOnlySpan<byte> data, Span<byte> signature);
}
