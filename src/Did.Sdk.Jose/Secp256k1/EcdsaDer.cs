// ECDSA signatures in ASN.1 DER: SEC 1 v2.0 §C.8 (ECDSA-Sig-Value), X.690 §10 (DER), with the strictness
// of BIP-66 (minimal lengths and integers, no negative values, no trailing bytes).

namespace Did.Sdk.Jose;

/// <summary>
/// Strict conversion between DER <c>ECDSA-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER }</c> and the
/// 64-byte <c>r ‖ s</c> form used by <see cref="Secp256k1"/>.
/// </summary>
/// <remarks>
/// Decoding refuses anything that is not the unique DER encoding: long-form or indefinite lengths, lengths
/// that disagree with the content, integers with superfluous leading zero bytes, negative or empty
/// integers, integers wider than 32 bytes, wrong tags and trailing bytes. The values of <c>r</c> and
/// <c>s</c> are not range-checked against the group order; <see cref="Secp256k1.Verify"/> does that.
/// </remarks>
public static class EcdsaDer
{
    /// <summary>The largest DER encoding of a secp256k1 signature (two 33-byte integers): 72 bytes.</summary>
    public const int MaxEncodedSize = 72;

    private const byte SequenceTag = 0x30;
    private const byte IntegerTag = 0x02;

    /// <summary>
    /// Decodes a DER signature into 64 bytes <c>r ‖ s</c>. Returns false for any encoding that is not
    /// strict DER or whose integers do not fit 32 bytes.
    /// </summary>
    public static bool TryDecode(ReadOnlySpan<byte> der, Span<byte> signature)
    {
        if (signature.Length < Secp256k1.SignatureSize || der.Length < 8 || der.Length > MaxEncodedSize)
        {
            return false;
        }

        // Content lengths are below 128, so only the short length form is DER.
        if (der[0] != SequenceTag || der[1] >= 0x80 || der[1] != der.Length - 2)
        {
            return false;
        }

        var rest = der[2..];
        if (!TryReadInteger(ref rest, signature[..Secp256k1.ScalarSize])
            || !TryReadInteger(ref rest, signature[Secp256k1.ScalarSize..Secp256k1.SignatureSize]))
        {
            signature[..Secp256k1.SignatureSize].Clear();
            return false;
        }

        if (!rest.IsEmpty)
        {
            signature[..Secp256k1.SignatureSize].Clear();
            return false;
        }

        return true;
    }

    /// <summary>Encodes 64 bytes <c>r ‖ s</c> as DER; returns false when the destination is too small.</summary>
    /// <exception cref="ArgumentException"><paramref name="signature"/> is not 64 bytes.</exception>
    public static bool TryEncode(ReadOnlySpan<byte> signature, Span<byte> destination, out int bytesWritten)
    {
        if (signature.Length != Secp256k1.SignatureSize)
        {
            throw new ArgumentException("The signature must be 64 bytes r || s.", nameof(signature));
        }

        var r = Minimal(signature[..Secp256k1.ScalarSize]);
        var s = Minimal(signature[Secp256k1.ScalarSize..]);
        var rLength = r.Length + (r[0] >= 0x80 ? 1 : 0);
        var sLength = s.Length + (s[0] >= 0x80 ? 1 : 0);
        var total = 2 + 2 + rLength + 2 + sLength;
        bytesWritten = 0;
        if (destination.Length < total)
        {
            return false;
        }

        destination[0] = SequenceTag;
        destination[1] = (byte)(total - 2);
        var offset = 2;
        WriteInteger(destination, ref offset, r, rLength);
        WriteInteger(destination, ref offset, s, sLength);
        bytesWritten = offset;
        return true;
    }

    /// <summary>Encodes 64 bytes <c>r ‖ s</c> as DER.</summary>
    /// <exception cref="ArgumentException"><paramref name="signature"/> is not 64 bytes.</exception>
    public static byte[] Encode(ReadOnlySpan<byte> signature)
    {
        Span<byte> buffer = stackalloc byte[MaxEncodedSize];
        _ = TryEncode(signature, buffer, out var written);
        return buffer[..written].ToArray();
    }

    private static bool TryReadInteger(ref ReadOnlySpan<byte> input, Span<byte> value)
    {
        if (input.Length < 2 || input[0] != IntegerTag)
        {
            return false;
        }

        int length = input[1];
        if (length == 0 || length >= 0x80 || input.Length < 2 + length)
        {
            return false;
        }

        var content = input.Slice(2, length);
        if ((content[0] & 0x80) != 0)
        {
            return false; // negative
        }

        if (content.Length > 1 && content[0] == 0 && (content[1] & 0x80) == 0)
        {
            return false; // superfluous leading zero
        }

        if (content[0] == 0 && content.Length > 1)
        {
            content = content[1..];
        }

        if (content.Length > Secp256k1.ScalarSize)
        {
            return false;
        }

        value.Clear();
        content.CopyTo(value[(Secp256k1.ScalarSize - content.Length)..]);
        input = input[(2 + length)..];
        return true;
    }

    private static ReadOnlySpan<byte> Minimal(ReadOnlySpan<byte> scalar)
    {
        var first = scalar.IndexOfAnyExcept((byte)0);
        return first < 0 ? scalar[^1..] : scalar[first..];
    }

    private static void WriteInteger(Span<byte> destination, ref int offset, ReadOnlySpan<byte> magnitude, int length)
    {
        destination[offset++] = IntegerTag;
        destination[offset++] = (byte)length;
        if (length > magnitude.Length)
        {
            destination[offset++] = 0;
        }

        magnitude.CopyTo(destination[offset..]);
        offset += magnitude.Length;
    }
}
