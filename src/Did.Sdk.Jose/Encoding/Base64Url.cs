// Base64url without padding, RFC 4648 §5 as profiled by RFC 7515 §2 and Appendix C.
using System.Diagnostics.CodeAnalysis;

namespace Did.Sdk.Jose;

/// <summary>
/// Strict base64url (RFC 4648 §5, no padding) as JOSE requires. Decoding rejects padding,
/// '+' and '/', whitespace, a length of 1 modulo 4 and non-zero unused trailing bits, so every
/// byte string has exactly one accepted encoding.
/// </summary>
public static class Base64Url
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    private static readonly sbyte[] DecodeMap = BuildDecodeMap();

    private static sbyte[] BuildDecodeMap()
    {
        var map = new sbyte[128];
        Array.Fill(map, (sbyte)-1);
        for (int i = 0; i < Alphabet.Length; i++)
        {
            map[Alphabet[i]] = (sbyte)i;
        }

        return map;
    }

    /// <summary>The number of characters <paramref name="byteCount"/> bytes encode to.</summary>
    public static int GetEncodedLength(int byteCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(byteCount);
        return checked((byteCount / 3 * 4) + (byteCount % 3 == 0 ? 0 : (byteCount % 3) + 1));
    }

    /// <summary>The number of bytes a valid encoding of <paramref name="charCount"/> characters decodes to.</summary>
    public static int GetMaxDecodedLength(int charCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(charCount);
        return (charCount / 4 * 3) + (charCount % 4 == 0 ? 0 : Math.Max(0, (charCount % 4) - 1));
    }

    /// <summary>Encodes bytes as unpadded base64url.</summary>
    public static string Encode(ReadOnlySpan<byte> data)
    {
        int length = GetEncodedLength(data.Length);
        if (length <= 512)
        {
            Span<char> buffer = stackalloc char[length];
            Encode(data, buffer);
            return new string(buffer);
        }

        var chars = new char[length];
        Encode(data, chars);
        return new string(chars);
    }

    /// <summary>Encodes bytes into <paramref name="destination"/>, which must hold <see cref="GetEncodedLength"/> characters.</summary>
    /// <returns>The number of characters written.</returns>
    public static int Encode(ReadOnlySpan<byte> data, Span<char> destination)
    {
        int length = GetEncodedLength(data.Length);
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, length, nameof(destination));
        int i = 0, o = 0;
        for (; i + 3 <= data.Length; i += 3)
        {
            int v = (data[i] << 16) | (data[i + 1] << 8) | data[i + 2];
            destination[o++] = Alphabet[(v >> 18) & 63];
            destination[o++] = Alphabet[(v >> 12) & 63];
            destination[o++] = Alphabet[(v >> 6) & 63];
            destination[o++] = Alphabet[v & 63];
        }

        int rest = data.Length - i;
        if (rest == 1)
        {
            int v = data[i] << 16;
            destination[o++] = Alphabet[(v >> 18) & 63];
            destination[o++] = Alphabet[(v >> 12) & 63];
        }
        else if (rest == 2)
        {
            int v = (data[i] << 16) | (data[i + 1] << 8);
            destination[o++] = Alphabet[(v >> 18) & 63];
            destination[o++] = Alphabet[(v >> 12) & 63];
            destination[o++] = Alphabet[(v >> 6) & 63];
        }

        return o;
    }

    /// <summary>
    /// Decodes strict base64url into <paramref name="destination"/>. Returns false (never throws) when
    /// the text is not canonical unpadded base64url or the destination is too small.
    /// </summary>
    public static bool TryDecode(ReadOnlySpan<char> text, Span<byte> destination, out int bytesWritten)
    {
        bytesWritten = 0;
        if (text.Length % 4 == 1)
        {
            return false;
        }

        int length = GetMaxDecodedLength(text.Length);
        if (destination.Length < length)
        {
            return false;
        }

        int o = 0, i = 0;
        for (; i + 4 <= text.Length; i += 4)
        {
            int a = Map(text[i]), b = Map(text[i + 1]), c = Map(text[i + 2]), d = Map(text[i + 3]);
            if ((a | b | c | d) < 0)
            {
                return false;
            }

            int v = (a << 18) | (b << 12) | (c << 6) | d;
            destination[o++] = (byte)(v >> 16);
            destination[o++] = (byte)(v >> 8);
            destination[o++] = (byte)v;
        }

        int rest = text.Length - i;
        if (rest == 2)
        {
            int a = Map(text[i]), b = Map(text[i + 1]);
            if ((a | b) < 0 || (b & 0x0F) != 0)
            {
                return false;
            }

            destination[o++] = (byte)((a << 2) | (b >> 4));
        }
        else if (rest == 3)
        {
            int a = Map(text[i]), b = Map(text[i + 1]), c = Map(text[i + 2]);
            if ((a | b | c) < 0 || (c & 0x03) != 0)
            {
                return false;
            }

            int v = (a << 18) | (b << 12) | (c << 6);
            destination[o++] = (byte)(v >> 16);
            destination[o++] = (byte)(v >> 8);
        }

        bytesWritten = o;
        return true;
    }

    /// <summary>Decodes strict base64url; false (never throws) on any deviation.</summary>
    public static bool TryDecode(ReadOnlySpan<char> text, [NotNullWhen(true)] out byte[]? data)
    {
        data = null;
        if (text.Length % 4 == 1)
        {
            return false;
        }

        var buffer = new byte[GetMaxDecodedLength(text.Length)];
        if (!TryDecode(text, buffer, out int written))
        {
            return false;
        }

        data = written == buffer.Length ? buffer : buffer[..written];
        return true;
    }

    /// <summary>Decodes strict base64url. Fails with <c>invalidBase64Url</c>.</summary>
    public static Result<byte[]> Decode(ReadOnlySpan<char> text)
    {
        return TryDecode(text, out byte[]? data)
            ? Result<byte[]>.Success(data)
            : Result<byte[]>.Failure(JoseErrorCodes.InvalidBase64Url, "The text is not canonical unpadded base64url.");
    }

    private static int Map(char c) => c < 128 ? DecodeMap[c] : -1;
}
