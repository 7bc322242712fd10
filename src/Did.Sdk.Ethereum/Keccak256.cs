// Keccak-256 as used by Ethereum: the original Keccak submission padding (0x01 … 0x80), rate 1088 bits
// (Keccak reference 3.0; Ethereum Yellow Paper Appendix B "KEC"). Not FIPS 202 SHA3-256.

using Org.BouncyCastle.Crypto.Digests;

namespace Did.Sdk.Ethereum;

/// <summary>Keccak-256, Ethereum's hash function (original Keccak padding, not SHA3-256).</summary>
public static class Keccak256
{
    /// <summary>The hash length in bytes (32).</summary>
    public const int HashSize = 32;

    /// <summary>Hashes <paramref name="data"/> into the first 32 bytes of <paramref name="destination"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than 32 bytes.</exception>
    public static void Hash(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        if (destination.Length < HashSize)
        {
            throw new ArgumentException("The destination must hold 32 bytes.", nameof(destination));
        }

        var digest = new KeccakDigest(256);
        digest.BlockUpdate(data);
        digest.DoFinal(destination);
    }

    /// <summary>Returns the 32-byte Keccak-256 hash of <paramref name="data"/>.</summary>
    public static byte[] Hash(ReadOnlySpan<byte> data)
    {
        var hash = new byte[HashSize];
        Hash(data, hash);
        return hash;
    }
}
