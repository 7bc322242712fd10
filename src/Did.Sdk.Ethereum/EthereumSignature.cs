// Recoverable secp256k1 signatures as Ethereum encodes them: 65 bytes r ‖ s ‖ v (v = 27 + yParity, Yellow
// Paper Appendix F; 0/1 also seen), EIP-2098 compact 64 bytes r ‖ yParityAndS, EIP-2 low-S rule.

using Did.Sdk.Jose;

namespace Did.Sdk.Ethereum;

/// <summary>
/// A recoverable ECDSA signature (<c>r</c>, <c>s</c>, <c>yParity</c>). Only low-S signatures exist as
/// values of this type: EIP-2 forbids <c>s &gt; n/2</c>, and EIP-2098 cannot carry it.
/// </summary>
public sealed class EthereumSignature : IEquatable<EthereumSignature>
{
    /// <summary>The length of the <c>r ‖ s ‖ v</c> encoding (65).</summary>
    public const int Size = 65;

    /// <summary>The length of the EIP-2098 compact encoding <c>r ‖ yParityAndS</c> (64).</summary>
    public const int CompactSize = 64;

    private readonly byte[] _rs;

    private EthereumSignature(byte[] rs, int yParity)
    {
        _rs = rs;
        YParity = yParity;
    }

    /// <summary>The 32-byte big-endian <c>r</c>.</summary>
    public ReadOnlySpan<byte> R => _rs.AsSpan(0, 32);

    /// <summary>The 32-byte big-endian <c>s</c> (always ≤ n/2).</summary>
    public ReadOnlySpan<byte> S => _rs.AsSpan(32, 32);

    /// <summary>The parity of the y coordinate of the nonce point R: 0 or 1 (the recovery id).</summary>
    public int YParity { get; }

    /// <summary>The legacy <c>v</c> value: 27 + <see cref="YParity"/>.</summary>
    public byte V => (byte)(27 + YParity);

    /// <summary>
    /// Parses 65 bytes <c>r ‖ s ‖ v</c> (v = 27, 28, 0 or 1) or 64 bytes EIP-2098 <c>r ‖ yParityAndS</c>.
    /// Fails with <c>invalidSignature</c> (length, <c>v</c>, <c>r</c> or <c>s</c> zero or ≥ n) or
    /// <c>nonCanonicalSignature</c> (<c>s &gt; n/2</c>). EIP-155 <c>v</c> values (chain id encoded) are
    /// transaction-only and refused.
    /// </summary>
    public static Result<EthereumSignature> Parse(ReadOnlySpan<byte> signature)
    {
        var rs = new byte[Secp256k1.SignatureSize];
        int yParity;
        switch (signature.Length)
        {
            case Size:
                yParity = signature[64] switch
                {
                    27 or 0 => 0,
                    28 or 1 => 1,
                    _ => -1,
                };
                if (yParity < 0)
                {
                    return Result<EthereumSignature>.Failure(EthereumErrorCodes.InvalidSignature, "The v byte must be 27, 28, 0 or 1.");
                }

                signature[..64].CopyTo(rs);
                break;
            case CompactSize:
                signature.CopyTo(rs);
                yParity = rs[32] >> 7;
                rs[32] &= 0x7F;
                break;
            default:
                return Result<EthereumSignature>.Failure(EthereumErrorCodes.InvalidSignature, "A signature is 65 bytes r||s||v or 64 bytes (EIP-2098).");
        }

        return Create(rs, yParity);
    }

    /// <summary>Parses <c>0x</c>-hex of 65 or 64 bytes; see <see cref="Parse(ReadOnlySpan{byte})"/>.</summary>
    public static Result<EthereumSignature> Parse(string? hex)
        => Hex.TryDecode(hex, out var bytes)
            ? Parse(bytes)
            : Result<EthereumSignature>.Failure(EthereumErrorCodes.InvalidSignature, "The signature is not 0x-prefixed hexadecimal.");

    /// <summary>
    /// Builds a signature from 32-byte <paramref name="r"/>, 32-byte <paramref name="s"/> and
    /// <paramref name="yParity"/> (0 or 1); fails as <see cref="Parse(ReadOnlySpan{byte})"/>.
    /// </summary>
    public static Result<EthereumSignature> FromParts(ReadOnlySpan<byte> r, ReadOnlySpan<byte> s, int yParity)
    {
        if (r.Length != 32 || s.Length != 32 || yParity is not (0 or 1))
        {
            return Result<EthereumSignature>.Failure(EthereumErrorCodes.InvalidSignature, "r and s are 32 bytes each and yParity is 0 or 1.");
        }

        return Create([.. r, .. s], yParity);
    }

    /// <summary>The 65-byte encoding <c>r ‖ s ‖ v</c> with v = 27 or 28.</summary>
    public byte[] ToBytes() => [.. _rs, V];

    /// <summary>The 64-byte EIP-2098 encoding <c>r ‖ (yParity &lt;&lt; 255 | s)</c>.</summary>
    public byte[] ToCompactBytes()
    {
        var compact = (byte[])_rs.Clone();
        compact[32] |= (byte)(YParity << 7);
        return compact;
    }

    /// <summary>Writes the 64 bytes <c>r ‖ s</c>.</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than 64 bytes.</exception>
    public void CopyRsTo(Span<byte> destination)
    {
        if (destination.Length < Secp256k1.SignatureSize)
        {
            throw new ArgumentException("The destination must hold 64 bytes.", nameof(destination));
        }

        _rs.CopyTo(destination);
    }

    /// <summary>The <c>0x</c>-hex of the 65-byte encoding.</summary>
    public override string ToString() => Hex.Encode(ToBytes());

    /// <inheritdoc />
    public bool Equals(EthereumSignature? other)
        => other is not null && YParity == other.YParity && _rs.AsSpan().SequenceEqual(other._rs);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as EthereumSignature);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(YParity, BitConverter.ToInt64(_rs, 0), BitConverter.ToInt64(_rs, 32));

    internal static EthereumSignature FromTrusted(byte[] rs, int yParity) => new(rs, yParity);

    private static Result<EthereumSignature> Create(byte[] rs, int yParity)
    {
        var r = rs.AsSpan(0, 32);
        var s = rs.AsSpan(32, 32);
        if (!IsScalar(r) || !IsScalar(s))
        {
            return Result<EthereumSignature>.Failure(EthereumErrorCodes.InvalidSignature, "r and s must be in 1..n-1.");
        }

        if (!Secp256k1.IsLowS(rs))
        {
            return Result<EthereumSignature>.Failure(EthereumErrorCodes.NonCanonicalSignature, "s is greater than n/2 (EIP-2).");
        }

        return new EthereumSignature(rs, yParity);
    }

    private static bool IsScalar(ReadOnlySpan<byte> value)
    {
        // A scalar is valid exactly when it is a valid private key (0 < value < n).
        return Secp256k1.Managed.IsValidPrivateKey(value);
    }
}
