// Hash algorithms for disclosure digests, RFC 9901 §4.1.1 (IANA "Named Information Hash Algorithm" names).
using System.Buffers;
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

    /// <summary>The base64url digest of the UTF-8 bytes of <paramref name="text"/>.</summary>
    public string Digest(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Digest(text.AsSpan());
    }

    /// <summary>The base64url digest of the UTF-8 bytes of <paramref name="text"/>.</summary>
    public string Digest(ReadOnlySpan<char> text)
    {
        int max = Encoding.UTF8.GetMaxByteCount(text.Length);
        byte[]? rented = max > 1024 ? ArrayPool<byte>.Shared.Rent(max) : null;
        Span<byte> buffer = rented ?? stackalloc byte[1024];
        try
        {
            int length = Encoding.UTF8.GetBytes(text, buffer);
            Span<byte> digest = stackalloc byte[64];
            int digestLength = Hash.Name switch
            {
                "SHA384" => SHA384.HashData(buffer[..length], digest),
                "SHA512" => SHA512.HashData(buffer[..length], digest),
                _ => SHA256.HashData(buffer[..length], digest),
            };
            return Base64Url.Encode(digest[..digestLength]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <inheritdoc />
    public override string ToString() => Name;
}
