using System.Numerics;

namespace Did.Sdk.Devnet.Chain;

/// <summary>Canonical keys of the state: lower-case <c>0x</c> addresses and 32-byte storage words.</summary>
internal static class StateKeys
{
    /// <summary>
    /// Nethereum hands addresses over in whatever case its caller used (checksummed for the sender),
    /// sometimes without <c>0x</c> or left-padded to 32 bytes: the state keys them all one way.
    /// </summary>
    public static string Address(string address)
    {
        if (address.Length == 42 && address[0] == '0' && (address[1] == 'x' || address[1] == 'X'))
        {
            return IsLower(address) ? address : string.Concat("0x", address.AsSpan(2).ToString().ToLowerInvariant());
        }

        var digits = address.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? address[2..] : address;
        digits = digits.Length > 40 ? digits[^40..] : digits.PadLeft(40, '0');
        return "0x" + digits.ToLowerInvariant();
    }

    /// <summary>The key of an address.</summary>
    public static string Address(Ethereum.EthereumAddress address) => address.ToLowerCaseString();

    /// <summary>A storage value as a 32-byte big-endian word (Nethereum may hand over shorter arrays).</summary>
    public static byte[] Word(byte[] value)
    {
        if (value.Length == 32)
        {
            return value;
        }

        var word = new byte[32];
        if (value.Length > 32)
        {
            value.AsSpan(value.Length - 32).CopyTo(word);
        }
        else
        {
            value.CopyTo(word.AsSpan(32 - value.Length));
        }

        return word;
    }

    /// <summary>True when every byte is zero (an absent slot).</summary>
    public static bool IsZero(byte[]? value) => value is null || !value.AsSpan().ContainsAnyExcept((byte)0);

    /// <summary>A slot number from its 32-byte big-endian form.</summary>
    public static BigInteger Slot(ReadOnlySpan<byte> word) => new(word, isUnsigned: true, isBigEndian: true);

    /// <summary>The 32-byte big-endian form of a slot number.</summary>
    public static byte[] SlotBytes(BigInteger slot)
    {
        var bytes = new byte[32];
        var count = slot.GetByteCount(isUnsigned: true);
        if (!slot.IsZero)
        {
            slot.TryWriteBytes(bytes.AsSpan(32 - count), out _, isUnsigned: true, isBigEndian: true);
        }

        return bytes;
    }

    private static bool IsLower(string address)
    {
        foreach (var c in address.AsSpan(2))
        {
            if (c is >= 'A' and <= 'F')
            {
                return false;
            }
        }

        return true;
    }
}
