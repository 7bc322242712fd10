// Curve parameters and point checks for the key types (SEC 1 §2.3.3–2.3.4, RFC 7748 §4.1, RFC 8032 §5.1.3).
using System.Numerics;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Math.EC.Rfc8032;
using BcBigInteger = Org.BouncyCastle.Math.BigInteger;

namespace Did.Sdk.Jose;

/// <summary>Curve facts and point validation shared by JWK, raw-key and multikey import.</summary>
internal static class Curves
{
    private static readonly Lazy<X9ECParameters> P256Params = new(() => ECNamedCurveTable.GetByName("secp256r1"));
    private static readonly Lazy<X9ECParameters> P384Params = new(() => ECNamedCurveTable.GetByName("secp384r1"));
    private static readonly Lazy<X9ECParameters> P521Params = new(() => ECNamedCurveTable.GetByName("secp521r1"));
    private static readonly Lazy<X9ECParameters> K256Params = new(() => ECNamedCurveTable.GetByName("secp256k1"));

    /// <summary>The JWK <c>crv</c> name of a key type.</summary>
    public static string CurveName(KeyType type) => type switch
    {
        KeyType.Ed25519 => "Ed25519",
        KeyType.X25519 => "X25519",
        KeyType.P256 => "P-256",
        KeyType.P384 => "P-384",
        KeyType.P521 => "P-521",
        KeyType.Secp256k1 => "secp256k1",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    public static bool TryParseCurveName(string crv, out KeyType type)
    {
        switch (crv)
        {
            case "Ed25519": type = KeyType.Ed25519; return true;
            case "X25519": type = KeyType.X25519; return true;
            case "P-256": type = KeyType.P256; return true;
            case "P-384": type = KeyType.P384; return true;
            case "P-521": type = KeyType.P521; return true;
            case "secp256k1": type = KeyType.Secp256k1; return true;
            default: type = default; return false;
        }
    }

    public static bool IsOkp(KeyType type) => type is KeyType.Ed25519 or KeyType.X25519;

    /// <summary>Byte length of an OKP public key or of one EC coordinate (and of the private scalar).</summary>
    public static int FieldLength(KeyType type) => type switch
    {
        KeyType.Ed25519 or KeyType.X25519 or KeyType.P256 or KeyType.Secp256k1 => 32,
        KeyType.P384 => 48,
        KeyType.P521 => 66,
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    public static X9ECParameters EcParameters(KeyType type) => type switch
    {
        KeyType.P256 => P256Params.Value,
        KeyType.P384 => P384Params.Value,
        KeyType.P521 => P521Params.Value,
        KeyType.Secp256k1 => K256Params.Value,
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    /// <summary>True when (x, y) is a finite point on the curve (coordinates below p).</summary>
    public static bool IsOnCurve(KeyType type, ReadOnlySpan<byte> x, ReadOnlySpan<byte> y)
    {
        var p = EcParameters(type);
        var bx = new BcBigInteger(1, x.ToArray());
        var by = new BcBigInteger(1, y.ToArray());
        var field = p.Curve.Field.Characteristic;
        if (bx.CompareTo(field) >= 0 || by.CompareTo(field) >= 0)
        {
            return false;
        }

        try
        {
            // The NIST curves and secp256k1 have cofactor 1, so on-curve implies the prime-order group.
            return p.Curve.ValidatePoint(bx, by).IsValid();
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>Decodes a SEC 1 point (compressed 0x02/0x03 or uncompressed 0x04) into fixed-length x and y.</summary>
    public static bool TryDecodeSec1(KeyType type, ReadOnlySpan<byte> encoded, out byte[] x, out byte[] y)
    {
        x = y = [];
        int n = FieldLength(type);
        if (!((encoded.Length == n + 1 && (encoded[0] == 2 || encoded[0] == 3))
            || (encoded.Length == (2 * n) + 1 && encoded[0] == 4)))
        {
            return false;
        }

        try
        {
            var point = EcParameters(type).Curve.DecodePoint(encoded.ToArray()).Normalize();
            if (point.IsInfinity || !point.IsValid())
            {
                return false;
            }

            x = point.AffineXCoord.ToBigInteger().ToByteArrayUnsigned();
            y = point.AffineYCoord.ToBigInteger().ToByteArrayUnsigned();
            x = LeftPad(x, n);
            y = LeftPad(y, n);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>SEC 1 compressed form of (x, y).</summary>
    public static byte[] Compress(ReadOnlySpan<byte> x, ReadOnlySpan<byte> y)
    {
        var result = new byte[x.Length + 1];
        result[0] = (byte)((y[^1] & 1) == 0 ? 2 : 3);
        x.CopyTo(result.AsSpan(1));
        return result;
    }

    /// <summary>SEC 1 uncompressed form of (x, y).</summary>
    public static byte[] Uncompressed(ReadOnlySpan<byte> x, ReadOnlySpan<byte> y)
    {
        var result = new byte[x.Length + y.Length + 1];
        result[0] = 4;
        x.CopyTo(result.AsSpan(1));
        y.CopyTo(result.AsSpan(1 + x.Length));
        return result;
    }

    /// <summary>True when the private scalar is in [1, n-1].</summary>
    public static bool IsValidScalar(KeyType type, ReadOnlySpan<byte> d)
    {
        var k = new BcBigInteger(1, d.ToArray());
        return k.SignValue > 0 && k.CompareTo(EcParameters(type).N) < 0;
    }

    /// <summary>The public point d·G as fixed-length coordinates.</summary>
    public static (byte[] X, byte[] Y) PublicFromScalar(KeyType type, ReadOnlySpan<byte> d)
    {
        var p = EcParameters(type);
        var q = p.G.Multiply(new BcBigInteger(1, d.ToArray())).Normalize();
        int n = FieldLength(type);
        return (LeftPad(q.AffineXCoord.ToBigInteger().ToByteArrayUnsigned(), n), LeftPad(q.AffineYCoord.ToBigInteger().ToByteArrayUnsigned(), n));
    }

    /// <summary>
    /// True when the 32 bytes are a canonical Ed25519 point encoding that is not of small order
    /// (RFC 8032 §5.1.3 decoding plus a torsion check), as did:key and verification require.
    /// </summary>
    public static bool IsValidEd25519PublicKey(ReadOnlySpan<byte> publicKey)
    {
        if (publicKey.Length != 32)
        {
            return false;
        }

        // The answer depends only on the 32 bytes, and the full check costs a scalar multiplication
        // (about as much as a signature verification), so answers are remembered for a bounded set of
        // keys: a verifier sees the same issuer and holder keys again and again.
        var cacheKey = new Key32(publicKey);
        if (ValidatedEd25519Keys.TryGetValue(cacheKey, out var known))
        {
            return known;
        }

        // ValidatePublicKeyFull decodes strictly and rejects points outside the prime-order subgroup.
        var valid = Ed25519.ValidatePublicKeyFull(publicKey.ToArray(), 0);
        if (ValidatedEd25519Keys.Count >= MaxValidatedEd25519Keys)
        {
            ValidatedEd25519Keys.Clear();
        }

        ValidatedEd25519Keys[cacheKey] = valid;
        return valid;
    }

    private const int MaxValidatedEd25519Keys = 4096;
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Key32, bool> ValidatedEd25519Keys = new();

    /// <summary>32 bytes as a value (all of them compared: no collisions).</summary>
    private readonly record struct Key32(ulong A, ulong B, ulong C, ulong D)
    {
        public Key32(ReadOnlySpan<byte> bytes)
            : this(
                System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(bytes),
                System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(bytes[8..]),
                System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(bytes[16..]),
                System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(bytes[24..]))
        {
        }
    }

    private static readonly BigInteger Curve25519P = (BigInteger.One << 255) - 19;

    /// <summary>
    /// Maps an Ed25519 public key to the X25519 public key of the same secret (RFC 7748 §4.1:
    /// u = (1 + y) / (1 − y) mod p). Returns false for invalid or small-order keys.
    /// </summary>
    public static bool TryEd25519ToX25519(ReadOnlySpan<byte> ed25519, Span<byte> x25519)
    {
        if (x25519.Length < 32 || !IsValidEd25519PublicKey(ed25519))
        {
            return false;
        }

        return TryEd25519ToX25519Unchecked(ed25519, x25519);
    }

    /// <summary>
    /// <see cref="TryEd25519ToX25519"/> for a key already validated (every Ed25519
    /// <see cref="VerificationKey"/> is): skips the subgroup check, which costs more than the map.
    /// </summary>
    public static bool TryEd25519ToX25519Unchecked(ReadOnlySpan<byte> ed25519, Span<byte> x25519)
    {
        if (ed25519.Length != 32 || x25519.Length < 32)
        {
            return false;
        }

        Span<byte> yBytes = stackalloc byte[32];
        ed25519.CopyTo(yBytes);
        yBytes[31] &= 0x7F; // drop the sign bit of x
        var y = new BigInteger(yBytes, isUnsigned: true, isBigEndian: false);
        var p = Curve25519P;
        var denominator = (BigInteger.One - y + p) % p;
        if (denominator.IsZero)
        {
            return false;
        }

        var u = (BigInteger.One + y) * BigInteger.ModPow(denominator, p - 2, p) % p;
        x25519[..32].Clear();
        u.TryWriteBytes(x25519, out _, isUnsigned: true, isBigEndian: false);
        return true;
    }

    public static byte[] LeftPad(byte[] value, int length)
    {
        if (value.Length == length)
        {
            return value;
        }

        if (value.Length > length)
        {
            throw new ArgumentException("Value longer than the field.", nameof(value));
        }

        var result = new byte[length];
        value.CopyTo(result, length - value.Length);
        return result;
    }

    // The u-coordinates of points of small order on Curve25519 (and their non-canonical encodings
    // p-1, p, p+1), as blocklisted by libsodium: 0, 1, two points of order 8, and p-1, p, p+1.
    private static readonly byte[][] X25519SmallOrder =
    [
        Convert.FromHexString("0000000000000000000000000000000000000000000000000000000000000000"),
        Convert.FromHexString("0100000000000000000000000000000000000000000000000000000000000000"),
        Convert.FromHexString("e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800"),
        Convert.FromHexString("5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157"),
        Convert.FromHexString("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"),
        Convert.FromHexString("edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"),
        Convert.FromHexString("eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"),
    ];

    /// <summary>
    /// False for the u-coordinates of small-order points (RFC 7748 §6.1 all-zero shared secrets),
    /// ignoring the unused top bit as X25519 does (RFC 7748 §5).
    /// </summary>
    public static bool IsValidX25519PublicKey(ReadOnlySpan<byte> u)
    {
        if (u.Length != 32)
        {
            return false;
        }

        foreach (var blocked in X25519SmallOrder)
        {
            if (u[..31].SequenceEqual(blocked.AsSpan(0, 31)) && (u[31] & 0x7F) == blocked[31])
            {
                return false;
            }
        }

        return true;
    }
}
