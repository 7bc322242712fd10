// Multicodec codes and unsigned varints (multiformats/unsigned-varint: LEB128, minimal, at most 9 bytes).
namespace Did.Sdk.Jose;

/// <summary>Multicodec unsigned-varint reading and writing, and the public key codes used by did:key.</summary>
public static class Multicodec
{
    /// <summary>ed25519-pub.</summary>
    public const ulong Ed25519Public = 0xed;

    /// <summary>x25519-pub.</summary>
    public const ulong X25519Public = 0xec;

    /// <summary>secp256k1-pub (compressed point).</summary>
    public const ulong Secp256k1Public = 0xe7;

    /// <summary>p256-pub (compressed point).</summary>
    public const ulong P256Public = 0x1200;

    /// <summary>p384-pub (compressed point).</summary>
    public const ulong P384Public = 0x1201;

    /// <summary>p521-pub (compressed point).</summary>
    public const ulong P521Public = 0x1202;

    /// <summary>The longest varint the multiformats specification allows, in bytes.</summary>
    public const int MaxVarintLength = 9;

    /// <summary>The multicodec of a public key type.</summary>
    public static ulong GetPublicKeyCode(KeyType keyType) => keyType switch
    {
        KeyType.Ed25519 => Ed25519Public,
        KeyType.X25519 => X25519Public,
        KeyType.Secp256k1 => Secp256k1Public,
        KeyType.P256 => P256Public,
        KeyType.P384 => P384Public,
        KeyType.P521 => P521Public,
        _ => throw new ArgumentOutOfRangeException(nameof(keyType)),
    };

    /// <summary>The key type of a public key multicodec; false for any other code.</summary>
    public static bool TryGetKeyType(ulong code, out KeyType keyType)
    {
        switch (code)
        {
            case Ed25519Public: keyType = KeyType.Ed25519; return true;
            case X25519Public: keyType = KeyType.X25519; return true;
            case Secp256k1Public: keyType = KeyType.Secp256k1; return true;
            case P256Public: keyType = KeyType.P256; return true;
            case P384Public: keyType = KeyType.P384; return true;
            case P521Public: keyType = KeyType.P521; return true;
            default: keyType = default; return false;
        }
    }

    /// <summary>The number of bytes <paramref name="value"/> takes as a varint.</summary>
    public static int GetVarintLength(ulong value)
    {
        int length = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            length++;
        }

        return length;
    }

    /// <summary>Writes <paramref name="value"/> as a varint; returns the number of bytes written.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value needs more than 9 bytes or the destination is too small.</exception>
    public static int WriteVarint(ulong value, Span<byte> destination)
    {
        int length = GetVarintLength(value);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, MaxVarintLength, nameof(value));
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, length, nameof(destination));
        for (int i = 0; i < length - 1; i++)
        {
            destination[i] = (byte)((value & 0x7F) | 0x80);
            value >>= 7;
        }

        destination[length - 1] = (byte)value;
        return length;
    }

    /// <summary>The varint encoding of <paramref name="value"/>.</summary>
    public static byte[] EncodeVarint(ulong value)
    {
        var buffer = new byte[GetVarintLength(value)];
        WriteVarint(value, buffer);
        return buffer;
    }

    /// <summary>
    /// Reads a varint. False (never throws) when it is truncated, longer than 9 bytes, or not
    /// minimal (a trailing zero continuation group).
    /// </summary>
    public static bool TryReadVarint(ReadOnlySpan<byte> source, out ulong value, out int bytesRead)
    {
        value = 0;
        bytesRead = 0;
        for (int i = 0; i < source.Length && i < MaxVarintLength; i++)
        {
            byte b = source[i];
            value |= (ulong)(b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0)
            {
                if (b == 0 && i > 0)
                {
                    value = 0;
                    return false;
                }

                bytesRead = i + 1;
                return true;
            }
        }

        value = 0;
        return false;
    }
}
