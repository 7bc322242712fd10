using System.Diagnostics.CodeAnalysis;

namespace Did.Sdk.Ethereum;

/// <summary>
/// <c>0x</c>-prefixed hexadecimal as used by Ethereum JSON-RPC and wallets. Decoding is strict: the
/// lower-case <c>0x</c> prefix is required, the digit count must be even, and any other character fails.
/// Digits may be upper or lower case. Encoding produces lower-case digits.
/// </summary>
public static class Hex
{
    /// <summary>Encodes bytes as <c>0x</c> followed by lower-case digits (<c>0x</c> for no bytes).</summary>
    public static string Encode(ReadOnlySpan<byte> bytes) => "0x" + Convert.ToHexStringLower(bytes);

    /// <summary>Decodes <c>0x</c>-prefixed hex; fails with <c>invalidHex</c>.</summary>
    public static Result<byte[]> Decode(string? text)
        => TryDecode(text, out var bytes)
            ? bytes
            : Result<byte[]>.Failure(EthereumErrorCodes.InvalidHex, "Expected 0x-prefixed hexadecimal with an even number of digits.");

    /// <summary>Decodes <c>0x</c>-prefixed hex; false for anything else.</summary>
    public static bool TryDecode([NotNullWhen(true)] string? text, [NotNullWhen(true)] out byte[]? bytes)
    {
        bytes = null;
        if (text is null || !TryGetDigits(text, out var digits))
        {
            return false;
        }

        var result = new byte[digits.Length / 2];
        if (!TryDecodeDigits(digits, result))
        {
            return false;
        }

        bytes = result;
        return true;
    }

    /// <summary>
    /// Decodes <c>0x</c>-prefixed hex into <paramref name="destination"/>; false when the text is invalid or
    /// the destination is too small.
    /// </summary>
    public static bool TryDecode(ReadOnlySpan<char> text, Span<byte> destination, out int bytesWritten)
    {
        bytesWritten = 0;
        if (!TryGetDigits(text, out var digits) || destination.Length < digits.Length / 2
            || !TryDecodeDigits(digits, destination[..(digits.Length / 2)]))
        {
            return false;
        }

        bytesWritten = digits.Length / 2;
        return true;
    }

    private static bool TryGetDigits(ReadOnlySpan<char> text, out ReadOnlySpan<char> digits)
    {
        digits = default;
        if (text.Length < 2 || text[0] != '0' || text[1] != 'x' || (text.Length & 1) != 0)
        {
            return false;
        }

        digits = text[2..];
        return true;
    }

    private static bool TryDecodeDigits(ReadOnlySpan<char> digits, Span<byte> destination)
    {
        for (var i = 0; i < destination.Length; i++)
        {
            var high = Nibble(digits[2 * i]);
            var low = Nibble(digits[(2 * i) + 1]);
            if ((high | low) < 0)
            {
                destination.Clear();
                return false;
            }

            destination[i] = (byte)((high << 4) | low);
        }

        return true;
    }

    private static int Nibble(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };
}
