// EIP-191 "Signed Data Standard", version 0x45 (personal_sign): keccak256("\x19Ethereum Signed Message:\n"
// ‖ decimal byte length ‖ message).

using System.Globalization;
using System.Text;
using Org.BouncyCastle.Crypto.Digests;

namespace Did.Sdk.Ethereum;

/// <summary>EIP-191 version <c>0x45</c> message hashing (<c>personal_sign</c>, <c>eth_sign</c> in wallets).</summary>
public static class Eip191
{
    private static ReadOnlySpan<byte> Prefix => "\u0019Ethereum Signed Message:\n"u8;

    /// <summary>
    /// Writes keccak256(<c>"\x19Ethereum Signed Message:\n"</c> ‖ decimal length ‖ message) into the first
    /// 32 bytes of <paramref name="destination"/>. The message is bytes; a text message is its UTF-8 bytes
    /// (a string such as <c>"0x4243"</c> is not decoded as hex).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than 32 bytes.</exception>
    public static void HashPersonalMessage(ReadOnlySpan<byte> message, Span<byte> destination)
    {
        if (destination.Length < Keccak256.HashSize)
        {
            throw new ArgumentException("The destination must hold 32 bytes.", nameof(destination));
        }

        Span<byte> length = stackalloc byte[16];
        message.Length.TryFormat(length, out var lengthDigits, provider: CultureInfo.InvariantCulture);
        var digest = new KeccakDigest(256);
        digest.BlockUpdate(Prefix);
        digest.BlockUpdate(length[..lengthDigits]);
        digest.BlockUpdate(message);
        digest.DoFinal(destination);
    }

    /// <summary>Returns the 32-byte EIP-191 personal message hash of <paramref name="message"/>.</summary>
    public static byte[] HashPersonalMessage(ReadOnlySpan<byte> message)
    {
        var hash = new byte[Keccak256.HashSize];
        HashPersonalMessage(message, hash);
        return hash;
    }

    /// <summary>Returns the EIP-191 personal message hash of the UTF-8 bytes of <paramref name="message"/>.</summary>
    public static byte[] HashPersonalMessage(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return HashPersonalMessage(Encoding.UTF8.GetBytes(message));
    }
}
