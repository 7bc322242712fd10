// Hash algorithms for disclosure digests, RFC 9901 §4.1.1 (IANA "Named Information Hash Algorithm" names).
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using Did.Sdk.Jose;

namespace Did.Sdk.SdJwt;

/// <summary>A digest algorithm for <c>_sd_alg</c>: sha-256 (the default), sha-384 or sha-512.</summary>
public sealed class SdJwtHashAlgorithm
{
    private SdJwtHashAlgorithm(string name, HashAlgorithmName hash)
    {
        Name = name;
        Hash = hash;
    }

    /// <summary>SHA-256, the default.</summary>
    public static SdJwtHashAlgorithm Sha256 { get; } = new("sha-256", HashAlgorithmName.SHA256);

    /// <summary>SHA-384.</summary>
    public static SdJwtHashAlgorithm Sha384 { get; } = new("sha-384", HashAlgorithmName.SHA384);

    /// <summary>SHA-512.</summary>
    public static SdJwtHashAlgorithm Sha512 { get; } = new("sha-512", HashAlgorithmName.SHA512);

    /// <summary>The IANA name used in <c>_sd_alg</c>.</summary>
    public string Name { get; }

    internal HashAlgorithmName Hash { get; }

    /// <summary>Finds an algorithm by its exact IANA name; false for any other name.</summary>
    public static bool TryGetByName(string? name, [NotNullWhen(true)] out SdJwtHashAlgorithm? algorithm)
    {
        algorithm = name switch
        {
            "sha-256" => Sha256,
            "sha-384" => Sha384,
            "sha-512" => Sha512,
            _ => null,
        };
        return algorithm is not null;
    }

    /// <summary>The base64url digest of the ASCII bytes of <paramref name="text"/>.</summary>
    public string Digest(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        byte[] digest = Hash.Name switch
        {
            "SHA384" => SHA384.HashData(bytes),
            "SHA512" => SHA512.HashData(bytes),
            _ => SHA256.HashData(bytes),
        };
        return Base64Url.Encode(digest);
    }

    /// <inheritdoc />
    public override string ToString() => Name;
}
