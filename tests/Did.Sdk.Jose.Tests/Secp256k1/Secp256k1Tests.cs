using System.Security.Cryptography;
using System.Text;

namespace Did.Sdk.Jose.Tests.Secp256k1;

using Secp = global::Did.Sdk.Jose.Secp256k1;

public sealed class Secp256k1Tests
{
    private const string OrderHex = "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141";
    private const string FieldPrimeHex = "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEFFFFFC2F";

    // Generator point G (SEC 2 §2.4.1): the public key of d = 1.
    private const string GeneratorUncompressed = "0479BE667EF9DCBBAC55A06295CE870B07029BFCDB2DCE28D959F2815B16F81798"
        + "483ADA7726A3C4655DA4FBFC0E1108A8FD17B448A68554199C47D08FFB10D4B8";

    private static readonly byte[] One = Hex("0000000000000000000000000000000000000000000000000000000000000001");
    private static readonly byte[] Key = SHA256.HashData("did.sdk test key"u8);
    private static readonly byte[] Hash = SHA256.HashData("hello"u8);

    public static TheoryData<string> Backends => Secp256k1.Backends.All;

    public static TheoryData<string, string> InvalidPrivateKeys
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var backend in new[] { Secp256k1.Backends.Managed, Secp256k1.Backends.Native })
            {
                data.Add(backend, "");
                data.Add(backend, "00");
                data.Add(backend, new string('0', 64));
                data.Add(backend, OrderHex);
                data.Add(backend, "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364142");
                data.Add(backend, new string('F', 64));
                data.Add(backend, "01" + new string('0', 64));
            }

            return data;
        }
    }

    [Fact]
    public void Native_OnTestMachine_IsLoadable()
    {
        Assert.True(Secp.Native is not null, "libsecp256k1 could not be loaded. Install it: apt-get install libsecp256k1-1");
        Assert.True(Secp.Native!.IsNative);
        Assert.StartsWith("native libsecp256k1 (", Secp.Native.Description, StringComparison.Ordinal);
        Assert.False(Secp.Managed.IsNative);
        Assert.Equal("managed (BouncyCastle)", Secp.Managed.Description);
    }

    [Fact]
    public void Default_WithoutOverride_IsNative()
    {
        if (string.Equals(Environment.GetEnvironmentVariable(Secp.BackendEnvironmentVariable), "managed", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Same(Secp.Managed, Secp.Default);
        }
        else
        {
            Assert.Same(Secp.Native, Secp.Default);
        }
    }

    [Theory]
    [MemberData(nameof(InvalidPrivateKeys))]
    public void IsValidPrivateKey_OutOfRange_ReturnsFalse(string backend, string keyHex)
    {
        var engine = Secp256k1.Backends.Get(backend);
        var key = Hex(keyHex);
        Assert.False(engine.IsValidPrivateKey(key));
        Assert.False(engine.TryGetPublicKey(key, true, new byte[65], out var written));
        Assert.Equal(0, written);
        Assert.Throws<ArgumentException>(() => engine.Sign(Hash, key, new byte[64]));
        Assert.Throws<ArgumentException>(() => engine.SignRecoverable(Hash, key, new byte[64]));
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void IsValidPrivateKey_OneAndOrderMinusOne_ReturnsTrue(string backend)
    {
        var engine = Secp256k1.Backends.Get(backend);
        Assert.True(engine.IsValidPrivateKey(One));
        Assert.True(engine.IsValidPrivateKey(Hex("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364140")));
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void Sign_WrongHashLengthOrShortDestination_Throws(string backend)
    {
        var engine = Secp256k1.Backends.Get(backend);
        Assert.Throws<ArgumentException>(() => engine.Sign(new byte[31], Key, new byte[64]));
        Assert.Throws<ArgumentException>(() => engine.Sign(new byte[33], Key, new byte[64]));
        Assert.Throws<ArgumentException>(() => engine.Sign(Hash, Key, new byte[63]));
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void Verify_ZeroRorS_ReturnsFalse(string backend)
    {
        var engine = Secp256k1.Backends.Get(backend);
        var publicKey = PublicKey(engine, Key, false);
        var signature = new byte[64];
        engine.Sign(Hash, Key, signature);

        var zeroR = (byte[])signature.Clone();
        Array.Clear(zeroR, 0, 32);
        var zeroS = (byte[])signature.Clone();
        Array.Clear(zeroS, 32, 32);
        Assert.False(engine.Verify(Hash, zeroR, publicKey, allowHighS: true));
        Assert.False(engine.Verify(Hash, zeroS, publicKey, allowHighS: true));
        Assert.False(engine.Verify(Hash, new byte[64], publicKey, allowHighS: true));
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void Verify_RorSNotBelowOrder_ReturnsFalse(string backend)
    {
        var engine = Secp256k1.Backends.Get(backend);
        var publicKey = PublicKey(engine, Key, true);
        var signature = new byte[64];
        engine.Sign(Hash, Key, signature);
        foreach (var bad in new[] { OrderHex, new string('F', 64) })
        {
            var badR = (byte[])signature.Clone();
            Hex(bad).CopyTo(badR, 0);
            var badS = (byte[])signature.Clone();
            Hex(bad).CopyTo(badS, 32);
            Assert.False(engine.Verify(Hash, badR, publicKey, allowHighS: true));
            Assert.False(engine.Verify(Hash, badS, publicKey, allowHighS: true));
        }
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void Verify_HighS_ReturnsFalseUnlessAllowed(string backend)
    {
        var engine = Secp256k1.Backends.Get(backend);
        var publicKey = PublicKey(engine, Key, true);
        var signature = new byte[64];
        engine.Sign(Hash, Key, signature);
        var high = Negate(signature);

        Assert.False(Secp.IsLowS(high));
        Assert.False(engine.Verify(Hash, high, publicKey));
        Assert.True(engine.Verify(Hash, high, publicKey, allowHighS: true));
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void Verify_MalformedInputs_ReturnsFalse(string backend)
    {
        var engine = Secp256k1.Backends.Get(backend);
        var compressed = PublicKey(engine, Key, true);
        var uncompressed = PublicKey(engine, Key, false);
        var signature = new byte[64];
        engine.Sign(Hash, Key, signature);

        Assert.False(engine.Verify(Hash, signature.AsSpan(0, 63), compressed));
        Assert.False(engine.Verify(Hash, [.. signature, 0], compressed));
        Assert.False(engine.Verify([], signature, compressed));
        Assert.False(engine.Verify(Hash.AsSpan(0, 31), signature, compressed));
        Assert.False(engine.Verify(Hash, signature, []));
        Assert.False(engine.Verify(Hash, signature, compressed.AsSpan(0, 32)));
        Assert.False(engine.Verify(Hash, signature, uncompressed.AsSpan(1)));           // 64 raw bytes
        Assert.False(engine.Verify(Hash, signature, [.. uncompressed, 0]));
        Assert.False(engine.Verify(SHA256.HashData("other"u8), signature, compressed));

        var hybrid = (byte[])uncompressed.Clone();
        hybrid[0] = (byte)(0x06 | (uncompressed[64] & 1));
        Assert.False(engine.Verify(Hash, signature, hybrid));

        var wrongPrefix = (byte[])compressed.Clone();
        wrongPrefix[0] = 0x04;
        Assert.False(engine.Verify(Hash, signature, wrongPrefix));
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void Verify_OffCurvePublicKey_ReturnsFalse(string backend)
    {
        var engine = Secp256k1.Backends.Get(backend);
        var publicKey = PublicKey(engine, Key, false);
        var signature = new byte[64];
        engine.Sign(Hash, Key, signature);

        var offCurve = (byte[])publicKey.Clone();
        offCurve[64] ^= 1;
        Assert.False(engine.Verify(Hash, signature, offCurve));
        Assert.False(engine.TryNormalizePublicKey(offCurve, true, new byte[65], out _));

        // x = p is not a field element; x = 5 has no square root of x³ + 7 (not on the curve).
        var xEqualsP = Hex("02" + FieldPrimeHex);
        Assert.False(engine.TryNormalizePublicKey(xEqualsP, false, new byte[65], out _));
        var noRoot = Hex("02" + "0000000000000000000000000000000000000000000000000000000000000005");
        Assert.False(engine.TryNormalizePublicKey(noRoot, false, new byte[65], out _));
        Assert.False(engine.TryNormalizePublicKey(Hex("04" + new string('0', 128)), false, new byte[65], out _));
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void TryRecover_InvalidInputs_ReturnsFalse(string backend)
    {
        var engine = Secp256k1.Backends.Get(backend);
        var signature = new byte[64];
        var id = engine.SignRecoverable(Hash, Key, signature);
        var output = new byte[65];

        Assert.False(engine.TryRecover(Hash, signature, -1, true, output, out _));
        Assert.False(engine.TryRecover(Hash, signature, 4, true, output, out _));
        Assert.False(engine.TryRecover(Hash, signature.AsSpan(0, 63), id, true, output, out _));
        Assert.False(engine.TryRecover(Hash.AsSpan(1), signature, id, true, output, out _));
        Assert.False(engine.TryRecover(Hash, new byte[64], id, true, output, out _));
        Assert.False(engine.TryRecover(Hash, signature, id, false, new byte[64], out _));

        // r + n ≥ p for almost every r, so recovery ids 2 and 3 fail for this signature.
        Assert.False(engine.TryRecover(Hash, signature, id | 2, true, output, out var written));
        Assert.Equal(0, written);
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void TryGetPublicKey_One_IsGenerator(string backend)
    {
        var engine = Secp256k1.Backends.Get(backend);
        Assert.Equal(GeneratorUncompressed, Convert.ToHexString(PublicKey(engine, One, false)));
        Assert.Equal("02" + GeneratorUncompressed[2..66], Convert.ToHexString(PublicKey(engine, One, true)));
        Assert.False(engine.TryGetPublicKey(One, true, new byte[32], out _));
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void Sign_SatoshiNakamotoKnownAnswer_MatchesRfc6979(string backend)
    {
        // Widely published RFC 6979 secp256k1 vector: d = 1, message "Satoshi Nakamoto".
        var engine = Secp256k1.Backends.Get(backend);
        var signature = new byte[64];
        engine.Sign(SHA256.HashData(Encoding.ASCII.GetBytes("Satoshi Nakamoto")), One, signature);
        Assert.Equal(
            "934B1EA10A4B3C1757E2B0C017D0B6143CE3C9A7E6A4A49860D7A6AB210EE3D8"
            + "2442CE9D2B916064108014783E923EC36B49743E2FFA1C4496F01A512AAFD9E5",
            Convert.ToHexString(signature));
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void Sign_RoundTrip_VerifiesAndIsLowS(string backend)
    {
        var engine = Secp256k1.Backends.Get(backend);
        var signature = new byte[64];
        engine.Sign(Hash, Key, signature);

        Assert.True(Secp.IsLowS(signature));
        Assert.True(engine.Verify(Hash, signature, PublicKey(engine, Key, true)));
        Assert.True(engine.Verify(Hash, signature, PublicKey(engine, Key, false)));
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void SignRecoverable_RoundTrip_RecoversPublicKey(string backend)
    {
        var engine = Secp256k1.Backends.Get(backend);
        var signature = new byte[64];
        var id = engine.SignRecoverable(Hash, Key, signature);
        var plain = new byte[64];
        engine.Sign(Hash, Key, plain);

        Assert.InRange(id, 0, 3);
        Assert.Equal(plain, signature);
        var recovered = new byte[65];
        Assert.True(engine.TryRecover(Hash, signature, id, false, recovered, out var written));
        Assert.Equal(65, written);
        Assert.Equal(PublicKey(engine, Key, false), recovered);
        Assert.True(engine.TryRecover(Hash, signature, id ^ 1, true, recovered, out written));
        Assert.Equal(33, written);
        Assert.NotEqual(PublicKey(engine, Key, true), recovered.AsSpan(0, 33).ToArray());
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void TryNormalizePublicKey_BothForms_RoundTrips(string backend)
    {
        var engine = Secp256k1.Backends.Get(backend);
        var compressed = PublicKey(engine, Key, true);
        var uncompressed = PublicKey(engine, Key, false);
        var output = new byte[65];

        Assert.True(engine.TryNormalizePublicKey(compressed, false, output, out var written));
        Assert.Equal(uncompressed, output.AsSpan(0, written).ToArray());
        Assert.True(engine.TryNormalizePublicKey(uncompressed, true, output, out written));
        Assert.Equal(compressed, output.AsSpan(0, written).ToArray());
        Assert.False(engine.TryNormalizePublicKey(uncompressed, false, new byte[64], out _));
    }

    [Fact]
    public void Backends_SameKeyAndHash_ProduceIdenticalSignatures()
    {
        var native = Secp256k1.Backends.Get(Secp256k1.Backends.Native);
        var managed = Secp.Managed;
        for (var i = 0; i < 64; i++)
        {
            var key = SHA256.HashData(BitConverter.GetBytes(i));
            var hash = SHA256.HashData(key);
            var a = new byte[64];
            var b = new byte[64];
            var idA = native.SignRecoverable(hash, key, a);
            var idB = managed.SignRecoverable(hash, key, b);
            Assert.Equal(Convert.ToHexString(a), Convert.ToHexString(b));
            Assert.Equal(idA, idB);
        }
    }

    [Fact]
    public void Verify_Native_DoesNotAllocate()
    {
        var native = Secp256k1.Backends.Get(Secp256k1.Backends.Native);
        var publicKey = PublicKey(native, Key, true);
        var signature = new byte[64];
        native.Sign(Hash, Key, signature);
        Assert.True(native.Verify(Hash, signature, publicKey));

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            _ = native.Verify(Hash, signature, publicKey);
            _ = native.Verify(Hash, signature, publicKey, allowHighS: true);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    internal static byte[] PublicKey(Secp engine, byte[] privateKey, bool compressed)
    {
        var output = new byte[65];
        Assert.True(engine.TryGetPublicKey(privateKey, compressed, output, out var written));
        return output.AsSpan(0, written).ToArray();
    }

    internal static byte[] Negate(byte[] signature)
    {
        var n = new System.Numerics.BigInteger(Hex(OrderHex), isUnsigned: true, isBigEndian: true);
        var s = new System.Numerics.BigInteger(signature.AsSpan(32), isUnsigned: true, isBigEndian: true);
        var negated = (n - s).ToByteArray(isUnsigned: true, isBigEndian: true);
        var result = (byte[])signature.Clone();
        Array.Clear(result, 32, 32);
        negated.CopyTo(result, 64 - negated.Length);
        return result;
    }

    internal static byte[] Hex(string hex) => Convert.FromHexString(hex);
}
