// Multibase, draft-multiformats-multibase (multiformats/multibase multibase.csv prefix table).
using System.Diagnostics.CodeAnalysis;
using SimpleBase;

namespace Did.Sdk.Jose;

/// <summary>The multibase encodings the SDK reads and writes, named as in the multibase table.</summary>
public enum MultibaseEncoding
{
    /// <summary>'0' base2.</summary>
    Base2,

    /// <summary>'7' base8.</summary>
    Base8,

    /// <summary>'9' base10.</summary>
    Base10,

    /// <summary>'f' base16 lower case.</summary>
    Base16,

    /// <summary>'F' base16 upper case.</summary>
    Base16Upper,

    /// <summary>'b' base32 (RFC 4648) lower case, no padding.</summary>
    Base32,

    /// <summary>'B' base32 upper case, no padding.</summary>
    Base32Upper,

    /// <summary>'v' base32hex lower case, no padding.</summary>
    Base32Hex,

    /// <summary>'V' base32hex upper case, no padding.</summary>
    Base32HexUpper,

    /// <summary>'c' base32 lower case with padding.</summary>
    Base32Pad,

    /// <summary>'C' base32 upper case with padding.</summary>
    Base32PadUpper,

    /// <summary>'t' base32hex lower case with padding.</summary>
    Base32HexPad,

    /// <summary>'T' base32hex upper case with padding.</summary>
    Base32HexPadUpper,

    /// <summary>'h' z-base-32.</summary>
    Base32Z,

    /// <summary>'k' base36 lower case.</summary>
    Base36,

    /// <summary>'K' base36 upper case.</summary>
    Base36Upper,

    /// <summary>'z' base58btc (the did:key and Multikey encoding).</summary>
    Base58Btc,

    /// <summary>'Z' base58flickr.</summary>
    Base58Flickr,

    /// <summary>'m' base64 (RFC 4648 §4), no padding.</summary>
    Base64,

    /// <summary>'M' base64 with padding.</summary>
    Base64Pad,

    /// <summary>'u' base64url, no padding.</summary>
    Base64Url,

    /// <summary>'U' base64url with padding.</summary>
    Base64UrlPad,

    /// <summary>'🚀' base256emoji.</summary>
    Base256Emoji,
}

/// <summary>
/// Multibase encoding and decoding. Decoding never throws: malformed text or an unknown prefix gives
/// <c>invalidMultibase</c>. Base16, base32 and base36 decode case-insensitively, as the multibase
/// specification requires; all other encodings are case-sensitive. Input length is bounded before
/// decoding (<see cref="DefaultMaxLength"/>, and the much smaller <see cref="DefaultMaxQuadraticLength"/>
/// for base10, base36 and base58, whose decoders take time quadratic in the length).
/// </summary>
public static class Multibase
{
    /// <summary>The default maximum text length, in characters, for the linear-time encodings (64 KiB).</summary>
    public const int DefaultMaxLength = 64 * 1024;

    /// <summary>The default maximum text length, in characters, for base10, base36 and base58 (quadratic-time decoders).</summary>
    public const int DefaultMaxQuadraticLength = 2048;

    private const string Base256EmojiPrefix = "\U0001F680";

    /// <summary>The prefix of an encoding, as a string (one character, or the emoji's surrogate pair).</summary>
    public static string GetPrefix(MultibaseEncoding encoding) => encoding switch
    {
        MultibaseEncoding.Base2 => "0",
        MultibaseEncoding.Base8 => "7",
        MultibaseEncoding.Base10 => "9",
        MultibaseEncoding.Base16 => "f",
        MultibaseEncoding.Base16Upper => "F",
        MultibaseEncoding.Base32 => "b",
        MultibaseEncoding.Base32Upper => "B",
        MultibaseEncoding.Base32Hex => "v",
        MultibaseEncoding.Base32HexUpper => "V",
        MultibaseEncoding.Base32Pad => "c",
        MultibaseEncoding.Base32PadUpper => "C",
        MultibaseEncoding.Base32HexPad => "t",
        MultibaseEncoding.Base32HexPadUpper => "T",
        MultibaseEncoding.Base32Z => "h",
        MultibaseEncoding.Base36 => "k",
        MultibaseEncoding.Base36Upper => "K",
        MultibaseEncoding.Base58Btc => "z",
        MultibaseEncoding.Base58Flickr => "Z",
        MultibaseEncoding.Base64 => "m",
        MultibaseEncoding.Base64Pad => "M",
        MultibaseEncoding.Base64Url => "u",
        MultibaseEncoding.Base64UrlPad => "U",
        MultibaseEncoding.Base256Emoji => Base256EmojiPrefix,
        _ => throw new ArgumentOutOfRangeException(nameof(encoding)),
    };

    /// <summary>Encodes <paramref name="data"/> with the prefix of <paramref name="encoding"/>.</summary>
    public static string Encode(ReadOnlySpan<byte> data, MultibaseEncoding encoding = MultibaseEncoding.Base58Btc)
    {
        string body = encoding switch
        {
            MultibaseEncoding.Base2 => Base2.Default.Encode(data),
            MultibaseEncoding.Base8 => Base8.Default.Encode(data),
            MultibaseEncoding.Base10 => Base10.Default.Encode(data),
            MultibaseEncoding.Base16 => Base16.LowerCase.Encode(data),
            MultibaseEncoding.Base16Upper => Base16.UpperCase.Encode(data),
            MultibaseEncoding.Base32 => Base32.Rfc4648.Encode(data, false).ToLowerInvariant(),
            MultibaseEncoding.Base32Upper => Base32.Rfc4648.Encode(data, false),
            MultibaseEncoding.Base32Hex => Base32.ExtendedHex.Encode(data, false).ToLowerInvariant(),
            MultibaseEncoding.Base32HexUpper => Base32.ExtendedHex.Encode(data, false),
            MultibaseEncoding.Base32Pad => Base32.Rfc4648.Encode(data, true).ToLowerInvariant(),
            MultibaseEncoding.Base32PadUpper => Base32.Rfc4648.Encode(data, true),
            MultibaseEncoding.Base32HexPad => Base32.ExtendedHex.Encode(data, true).ToLowerInvariant(),
            MultibaseEncoding.Base32HexPadUpper => Base32.ExtendedHex.Encode(data, true),
            MultibaseEncoding.Base32Z => Base32.ZBase32.Encode(data, false),
            MultibaseEncoding.Base36 => Base36.LowerCase.Encode(data),
            MultibaseEncoding.Base36Upper => Base36.UpperCase.Encode(data),
            MultibaseEncoding.Base58Btc => Base58.Bitcoin.Encode(data),
            MultibaseEncoding.Base58Flickr => Base58.Flickr.Encode(data),
            MultibaseEncoding.Base64 => Convert.ToBase64String(data).TrimEnd('='),
            MultibaseEncoding.Base64Pad => Convert.ToBase64String(data),
            MultibaseEncoding.Base64Url => Jose.Base64Url.Encode(data),
            MultibaseEncoding.Base64UrlPad => Pad(Jose.Base64Url.Encode(data)),
            MultibaseEncoding.Base256Emoji => Base256Emoji.Default.Encode(data),
            _ => throw new ArgumentOutOfRangeException(nameof(encoding)),
        };
        return GetPrefix(encoding) + body;
    }

    /// <summary>
    /// Decodes multibase text under the default length bounds; fails with <c>inputTooLarge</c> beyond
    /// them and <c>invalidMultibase</c> for malformed text.
    /// </summary>
    public static Result<byte[]> Decode(string text) => Decode(text, null);

    /// <summary>
    /// Decodes multibase text of at most <paramref name="maxLength"/> characters (prefix included), or
    /// under the default bounds per encoding when null. Fails with <c>inputTooLarge</c> beyond the bound
    /// and <c>invalidMultibase</c> for malformed text. A caller-supplied bound applies to every encoding:
    /// keep it small when base10/36/58 input is accepted.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxLength"/> is negative.</exception>
    public static Result<byte[]> Decode(string text, int? maxLength)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > 0 && IsTooLong(text, maxLength))
        {
            return Result<byte[]>.Failure(ErrorCodes.InputTooLarge, "The multibase text is longer than the decoding bound.");
        }

        return TryDecode(text, maxLength, out _, out byte[]? data)
            ? Result<byte[]>.Success(data)
            : Result<byte[]>.Failure(JoseErrorCodes.InvalidMultibase, "The text is not valid multibase.");
    }

    /// <summary>
    /// Decodes multibase text under the default length bounds and reports its encoding; false (never
    /// throws) on any error, including text over the bound.
    /// </summary>
    public static bool TryDecode(string? text, out MultibaseEncoding encoding, [NotNullWhen(true)] out byte[]? data)
        => TryDecode(text, null, out encoding, out data);

    /// <summary>
    /// Decodes multibase text of at most <paramref name="maxLength"/> characters (or under the default
    /// bounds per encoding when null); false (never throws) on any error.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxLength"/> is negative.</exception>
    public static bool TryDecode(string? text, int? maxLength, out MultibaseEncoding encoding, [NotNullWhen(true)] out byte[]? data)
    {
        if (maxLength is int bound)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(bound, nameof(maxLength));
        }

        encoding = default;
        data = null;
        if (string.IsNullOrEmpty(text) || IsTooLong(text, maxLength))
        {
            return false;
        }

        if (text.StartsWith(Base256EmojiPrefix, StringComparison.Ordinal))
        {
            encoding = MultibaseEncoding.Base256Emoji;
            return TryRun(() => Base256Emoji.Default.Decode(text.AsSpan(Base256EmojiPrefix.Length)), out data);
        }

        string body = text[1..];
        switch (text[0])
        {
            case '0':
                encoding = MultibaseEncoding.Base2;
                return body.All(c => c is '0' or '1') && body.Length % 8 == 0 && TryRun(() => Base2.Default.Decode(body), out data);
            case '7':
                encoding = MultibaseEncoding.Base8;
                return body.All(c => c is >= '0' and <= '7') && TryRun(() => Base8.Default.Decode(body), out data);
            case '9':
                encoding = MultibaseEncoding.Base10;
                return body.All(char.IsAsciiDigit) && TryRun(() => Base10.Default.Decode(body), out data);
            case 'f' or 'F':
                encoding = text[0] == 'f' ? MultibaseEncoding.Base16 : MultibaseEncoding.Base16Upper;
                return body.Length % 2 == 0 && body.All(char.IsAsciiHexDigit) && TryRun(() => Convert.FromHexString(body), out data);
            case 'b' or 'B' or 'c' or 'C':
                encoding = text[0] switch { 'b' => MultibaseEncoding.Base32, 'B' => MultibaseEncoding.Base32Upper, 'c' => MultibaseEncoding.Base32Pad, _ => MultibaseEncoding.Base32PadUpper };
                return TryBase32(Base32.Rfc4648, body, padded: text[0] is 'c' or 'C', out data);
            case 'v' or 'V' or 't' or 'T':
                encoding = text[0] switch { 'v' => MultibaseEncoding.Base32Hex, 'V' => MultibaseEncoding.Base32HexUpper, 't' => MultibaseEncoding.Base32HexPad, _ => MultibaseEncoding.Base32HexPadUpper };
                return TryBase32(Base32.ExtendedHex, body, padded: text[0] is 't' or 'T', out data);
            case 'h':
                encoding = MultibaseEncoding.Base32Z;
                return body.All(c => "ybndrfg8ejkmcpqxot1uwisza345h769".Contains(c, StringComparison.Ordinal)) && TryRun(() => Base32.ZBase32.Decode(body), out data);
            case 'k' or 'K':
                encoding = text[0] == 'k' ? MultibaseEncoding.Base36 : MultibaseEncoding.Base36Upper;
                string lower = body.ToLowerInvariant();
                return lower.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'z') && TryRun(() => Base36.LowerCase.Decode(lower), out data);
            case 'z':
                encoding = MultibaseEncoding.Base58Btc;
                return TryRun(() => Base58.Bitcoin.Decode(body), out data);
            case 'Z':
                encoding = MultibaseEncoding.Base58Flickr;
                return TryRun(() => Base58.Flickr.Decode(body), out data);
            case 'm':
                encoding = MultibaseEncoding.Base64;
                return !body.Contains('-', StringComparison.Ordinal) && !body.Contains('_', StringComparison.Ordinal)
                    && Jose.Base64Url.TryDecode(body.Replace('+', '-').Replace('/', '_'), out data);
            case 'M':
                encoding = MultibaseEncoding.Base64Pad;
                return TryUnpad(body, out string? unpadded) && !unpadded.Contains('-', StringComparison.Ordinal) && !unpadded.Contains('_', StringComparison.Ordinal)
                    && Jose.Base64Url.TryDecode(unpadded.Replace('+', '-').Replace('/', '_'), out data);
            case 'u':
                encoding = MultibaseEncoding.Base64Url;
                return Jose.Base64Url.TryDecode(body, out data);
            case 'U':
                encoding = MultibaseEncoding.Base64UrlPad;
                return TryUnpad(body, out unpadded) && Jose.Base64Url.TryDecode(unpadded, out data);
            default:
                return false;
        }
    }

    private static bool IsTooLong(string text, int? maxLength)
    {
        int bound = maxLength ?? (text[0] is '9' or 'k' or 'K' or 'z' or 'Z' ? DefaultMaxQuadraticLength : DefaultMaxLength);
        return text.Length > bound;
    }

    private static bool TryBase32(Base32 codec, string body, bool padded, [NotNullWhen(true)] out byte[]? data)
    {
        data = null;
        string upper = body.ToUpperInvariant();
        string alphabet = ReferenceEquals(codec, Base32.Rfc4648) ? "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567" : "0123456789ABCDEFGHIJKLMNOPQRSTUV";
        string core = upper;
        if (padded)
        {
            if (upper.Length % 8 != 0)
            {
                return false;
            }

            core = upper.TrimEnd('=');
            if (upper.Length - core.Length > 6)
            {
                return false;
            }
        }

        if (!core.All(c => alphabet.Contains(c, StringComparison.Ordinal)) || (core.Length % 8) is 1 or 3 or 6)
        {
            return false;
        }

        return TryRun(() => codec.Decode(core), out data);
    }

    private static bool TryUnpad(string body, [NotNullWhen(true)] out string? unpadded)
    {
        unpadded = null;
        if (body.Length % 4 != 0)
        {
            return false;
        }

        string core = body.TrimEnd('=');
        if (body.Length - core.Length > 2)
        {
            return false;
        }

        unpadded = core;
        return true;
    }

    private static string Pad(string unpadded) => (unpadded.Length % 4) switch
    {
        2 => unpadded + "==",
        3 => unpadded + "=",
        _ => unpadded,
    };

    private static bool TryRun(Func<byte[]> decode, [NotNullWhen(true)] out byte[]? data)
    {
        try
        {
            data = decode();
            return true;
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidOperationException or IndexOutOfRangeException or OverflowException)
        {
            data = null;
            return false;
        }
    }

}
