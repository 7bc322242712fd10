// Ethereum account addresses: Yellow Paper §4.1 / Appendix F (address = last 20 bytes of
// Keccak-256 of the 64-byte public key), ERC-55 (mixed-case checksum encoding).

using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using Did.Sdk.Jose;

namespace Did.Sdk.Ethereum;

/// <summary>A 20-byte Ethereum account address. <see cref="ToString"/> gives the EIP-55 checksum form.</summary>
public readonly struct EthereumAddress : IEquatable<EthereumAddress>
{
    /// <summary>The address length in bytes (20).</summary>
    public const int Size = 20;

    // 20 bytes as big-endian 8 + 8 + 4 so that the struct is allocation-free and default is Zero.
    private readonly ulong _high;
    private readonly ulong _middle;
    private readonly uint _low;

    private EthereumAddress(ReadOnlySpan<byte> bytes)
    {
        _high = BinaryPrimitives.ReadUInt64BigEndian(bytes);
        _middle = BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]);
        _low = BinaryPrimitives.ReadUInt32BigEndian(bytes[16..]);
    }

    /// <summary>The zero address <c>0x0000000000000000000000000000000000000000</c>.</summary>
    public static EthereumAddress Zero => default;

    /// <summary>
    /// Parses <c>0x</c> followed by 40 hex digits. All-lower-case and all-upper-case digits are accepted
    /// without a checksum; mixed case must be a valid EIP-55 checksum. Fails with <c>invalidAddress</c> or
    /// <c>invalidAddressChecksum</c>.
    /// </summary>
    public static Result<EthereumAddress> Parse(string? text)
    {
        if (text is null || text.Length != 2 + (2 * Size) || text[0] != '0' || text[1] != 'x')
        {
            return Result<EthereumAddress>.Failure(EthereumErrorCodes.InvalidAddress, "An address is 0x followed by 40 hexadecimal digits.");
        }

        Span<byte> bytes = stackalloc byte[Size];
        if (!Hex.TryDecode(text, bytes, out _))
        {
            return Result<EthereumAddress>.Failure(EthereumErrorCodes.InvalidAddress, "An address is 0x followed by 40 hexadecimal digits.");
        }

        var address = new EthereumAddress(bytes);
        var digits = text.AsSpan(2);
        var hasLower = digits.IndexOfAnyInRange('a', 'f') >= 0;
        var hasUpper = digits.IndexOfAnyInRange('A', 'F') >= 0;
        if (hasLower && hasUpper && !string.Equals(address.ToString(), text, StringComparison.Ordinal))
        {
            return Result<EthereumAddress>.Failure(EthereumErrorCodes.InvalidAddressChecksum, "The mixed-case address does not match its EIP-55 checksum.");
        }

        return address;
    }

    /// <summary>Like <see cref="Parse"/>; false instead of an error.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out EthereumAddress address)
    {
        var result = Parse(text);
        address = result.Succeeded ? result.Value : default;
        return result.Succeeded;
    }

    /// <summary>The address made of exactly 20 bytes.</summary>
    /// <exception cref="ArgumentException"><paramref name="bytes"/> is not 20 bytes.</exception>
    public static EthereumAddress FromBytes(ReadOnlySpan<byte> bytes)
        => bytes.Length == Size ? new EthereumAddress(bytes) : throw new ArgumentException("An address is 20 bytes.", nameof(bytes));

    /// <summary>
    /// The address of a secp256k1 public key given as 33 bytes (compressed SEC 1), 65 bytes (uncompressed
    /// SEC 1) or 64 bytes (<c>x ‖ y</c>, as Ethereum tooling often writes it). False when the key is not a
    /// point on the curve.
    /// </summary>
    public static bool TryFromPublicKey(ReadOnlySpan<byte> publicKey, out EthereumAddress address)
    {
        address = default;
        Span<byte> sec1 = stackalloc byte[Secp256k1.UncompressedPublicKeySize];
        scoped ReadOnlySpan<byte> input = publicKey;
        if (publicKey.Length == Secp256k1.UncompressedPublicKeySize - 1)
        {
            sec1[0] = 0x04;
            publicKey.CopyTo(sec1[1..]);
            input = sec1;
        }

        Span<byte> uncompressed = stackalloc byte[Secp256k1.UncompressedPublicKeySize];
        if (!Secp256k1.Default.TryNormalizePublicKey(input, compressed: false, uncompressed, out _))
        {
            return false;
        }

        Span<byte> hash = stackalloc byte[Keccak256.HashSize];
        Keccak256.Hash(uncompressed[1..], hash);
        address = new EthereumAddress(hash[12..]);
        return true;
    }

    /// <summary>The address of a secp256k1 public key (33, 64 or 65 bytes); see <see cref="TryFromPublicKey"/>.</summary>
    /// <exception cref="ArgumentException">The key is not a valid secp256k1 public key.</exception>
    public static EthereumAddress FromPublicKey(ReadOnlySpan<byte> publicKey)
        => TryFromPublicKey(publicKey, out var address)
            ? address
            : throw new ArgumentException("Not a valid secp256k1 public key (33, 64 or 65 bytes).", nameof(publicKey));

    /// <summary>Writes the 20 address bytes.</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than 20 bytes.</exception>
    public void CopyTo(Span<byte> destination)
    {
        if (destination.Length < Size)
        {
            throw new ArgumentException("The destination must hold 20 bytes.", nameof(destination));
        }

        BinaryPrimitives.WriteUInt64BigEndian(destination, _high);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], _middle);
        BinaryPrimitives.WriteUInt32BigEndian(destination[16..], _low);
    }

    /// <summary>The 20 address bytes.</summary>
    public byte[] ToArray()
    {
        var bytes = new byte[Size];
        CopyTo(bytes);
        return bytes;
    }

    /// <summary>The EIP-55 mixed-case checksum form, for example <c>0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed</c>.</summary>
    public override string ToString()
    {
        Span<byte> bytes = stackalloc byte[Size];
        CopyTo(bytes);
        Span<char> digits = stackalloc char[2 * Size];
        Convert.TryToHexStringLower(bytes, digits, out _);
        Span<byte> ascii = stackalloc byte[2 * Size];
        for (var i = 0; i < digits.Length; i++)
        {
            ascii[i] = (byte)digits[i];
        }

        Span<byte> hash = stackalloc byte[Keccak256.HashSize];
        Keccak256.Hash(ascii, hash);

        // ERC-55: upper-case the i-th letter when the i-th nibble of keccak256(lower-case hex) is ≥ 8.
        for (var i = 0; i < digits.Length; i++)
        {
            var nibble = (i & 1) == 0 ? hash[i / 2] >> 4 : hash[i / 2] & 0x0F;
            if (nibble >= 8 && digits[i] >= 'a')
            {
                digits[i] = (char)(digits[i] - ('a' - 'A'));
            }
        }

        return string.Concat("0x", digits);
    }

    /// <summary>The all-lower-case form, for example <c>0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed</c>.</summary>
    public string ToLowerCaseString() => Hex.Encode(ToArray());

    /// <inheritdoc />
    public bool Equals(EthereumAddress other) => _high == other._high && _middle == other._middle && _low == other._low;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is EthereumAddress other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(_high, _middle, _low);

    /// <summary>True when both addresses have the same 20 bytes.</summary>
    public static bool operator ==(EthereumAddress left, EthereumAddress right) => left.Equals(right);

    /// <summary>True when the addresses differ.</summary>
    public static bool operator !=(EthereumAddress left, EthereumAddress right) => !left.Equals(right);
}
