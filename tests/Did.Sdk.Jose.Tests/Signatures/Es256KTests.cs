using System.Numerics;

namespace Did.Sdk.Jose.Tests.Signatures;

public class Es256KTests
{
    private static byte[] ToHighS(byte[] signature)
    {
        var n = new BigInteger(Curves.EcParameters(KeyType.Secp256k1).N.ToByteArrayUnsigned(), isUnsigned: true, isBigEndian: true);
        var s = new BigInteger(signature.AsSpan(32), isUnsigned: true, isBigEndian: true);
        var high = (byte[])signature.Clone();
        var highS = (n - s).ToByteArray(isUnsigned: true, isBigEndian: true);
        Array.Clear(high, 32, 32);
        highS.CopyTo(high, 64 - highS.Length);
        return high;
    }

    [Fact]
    public void Verify_HighSSignature_AcceptedByDefaultRefusedWhenLowSRequired()
    {
        using var key = SigningKey.Generate(JwsAlgorithm.ES256K);
        var high = ToHighS(key.Sign("data"u8));

        Assert.True(key.VerificationKey.Verify("data"u8, high));
        Assert.False(key.VerificationKey.Verify("data"u8, high, requireLowS: true));
        Assert.False(key.VerificationKey.Verify("other"u8, high));
    }

    [Fact]
    public void JwsVerify_HighSSignature_AcceptedUnlessRequireLowS()
    {
        using var key = SigningKey.Generate(JwsAlgorithm.ES256K);
        var parts = Jose.Jws.Sign("{}"u8, key).Split('.');
        string highToken = parts[0] + "." + parts[1] + "." + Base64Url.Encode(ToHighS(Base64Url.Decode(parts[2]).ThrowIfFailed()));

        var lenient = new JwsVerifier().Verify(highToken, key.VerificationKey);
        var strict = new JwsVerifier(new JwsVerificationOptions { RequireLowS = true }).Verify(highToken, key.VerificationKey);

        Assert.True(lenient.Succeeded, lenient.Error?.ToString());
        Assert.Equal(JoseErrorCodes.InvalidSignature, strict.Error!.Code);
    }

    [Fact]
    public void Sign_ManySignatures_AreAllLowS()
    {
        using var key = SigningKey.Generate(JwsAlgorithm.ES256K);
        var halfN = new BigInteger(Curves.EcParameters(KeyType.Secp256k1).N.ToByteArrayUnsigned(), isUnsigned: true, isBigEndian: true) / 2;
        for (int i = 0; i < 32; i++)
        {
            var signature = key.Sign([(byte)i]);
            Assert.True(new BigInteger(signature.AsSpan(32), isUnsigned: true, isBigEndian: true) <= halfN);
        }
    }
}
