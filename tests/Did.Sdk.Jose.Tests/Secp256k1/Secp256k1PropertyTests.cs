using CsCheck;

namespace Did.Sdk.Jose.Tests.Secp256k1;

using Secp = global::Did.Sdk.Jose.Secp256k1;

public sealed class Secp256k1PropertyTests
{
    private static readonly Gen<(byte[] Key, byte[] Hash)> KeyAndHash =
        Gen.Select(Gen.Byte.Array[32], Gen.Byte.Array[32]).Where(t => Secp.Managed.IsValidPrivateKey(t.Item1));

    public static TheoryData<string> Backends => Secp256k1.Backends.All;

    [Theory]
    [MemberData(nameof(Backends))]
    public void Verify_TamperedHash_ReturnsFalse(string backend)
    {
        var engine = Secp256k1.Backends.Get(backend);
        Gen.Select(KeyAndHash, Gen.Int[0, 255]).Sample(t =>
        {
            var ((key, hash), bit) = t;
            var signature = new byte[64];
            engine.Sign(hash, key, signature);
            var tampered = (byte[])hash.Clone();
            tampered[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.False(engine.Verify(tampered, signature, Secp256k1Tests.PublicKey(engine, key, true)));
        }, iter: 100);
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void Sign_AnyKeyAndHash_VerifiesRecoversAndIsLowS(string backend)
    {
        var engine = Secp256k1.Backends.Get(backend);
        KeyAndHash.Sample(t =>
        {
            var (key, hash) = t;
            var signature = new byte[64];
            var id = engine.SignRecoverable(hash, key, signature);
            var publicKey = Secp256k1Tests.PublicKey(engine, key, false);
            var recovered = new byte[65];

            Assert.True(Secp.IsLowS(signature));
            Assert.True(engine.Verify(hash, signature, publicKey));
            Assert.True(engine.TryRecover(hash, signature, id, false, recovered, out _));
            Assert.Equal(publicKey, recovered);
        }, iter: 200);
    }

    [Fact]
    public void Backends_AnyKeyAndHash_AgreeOnEveryOperation()
    {
        var native = Secp256k1.Backends.Get(Secp256k1.Backends.Native);
        var managed = Secp.Managed;
        KeyAndHash.Sample(t =>
        {
            var (key, hash) = t;
            var a = new byte[64];
            var b = new byte[64];
            Assert.Equal(native.SignRecoverable(hash, key, a), managed.SignRecoverable(hash, key, b));
            Assert.Equal(a, b);
            var publicKey = Secp256k1Tests.PublicKey(native, key, true);
            Assert.Equal(publicKey, Secp256k1Tests.PublicKey(managed, key, true));

            // Cross-verify, including the high-S twin.
            var high = Secp256k1Tests.Negate(a);
            Assert.True(managed.Verify(hash, a, publicKey));
            Assert.True(native.Verify(hash, b, publicKey));
            Assert.Equal(native.Verify(hash, high, publicKey), managed.Verify(hash, high, publicKey));
            Assert.Equal(native.Verify(hash, high, publicKey, true), managed.Verify(hash, high, publicKey, true));
        }, iter: 200);
    }

    [Fact]
    public void Backends_RandomBytes_AgreeOnPublicKeyValidity()
    {
        var native = Secp256k1.Backends.Get(Secp256k1.Backends.Native);
        Gen.Select(Gen.OneOf<byte>(2, 3, 4), Gen.Byte.Array[64]).Sample(t =>
        {
            var (prefix, body) = t;
            byte[] key = prefix == 4 ? [prefix, .. body] : [prefix, .. body.AsSpan(0, 32)];
            var a = new byte[65];
            var b = new byte[65];
            var okNative = native.TryNormalizePublicKey(key, false, a, out _);
            var okManaged = Secp.Managed.TryNormalizePublicKey(key, false, b, out _);
            Assert.Equal(okNative, okManaged);
            Assert.Equal(a, b);
        }, iter: 300);
    }
}
