using NSec.Cryptography;

namespace Did.Sdk.Jose.Tests.Regressions;

/// <summary>Regression: VerificationKey.Import(X25519) accepted low-order u-coordinates such as all zeros.</summary>
public class X25519SmallOrderTests
{
    public static TheoryData<string> SmallOrder => new()
    {
        "0000000000000000000000000000000000000000000000000000000000000000",
        "0100000000000000000000000000000000000000000000000000000000000000",
        "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800",
        "5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157",
        "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
        "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
        "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
        "0000000000000000000000000000000000000000000000000000000000000080",
        "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b880",
    };

    [Theory]
    [MemberData(nameof(SmallOrder))]
    public void Import_SmallOrderX25519_FailsWithInvalidPublicKey(string hex)
    {
        byte[] u = Convert.FromHexString(hex);

        // Independent check that the point really is of small order: libsodium refuses the agreement.
        using var ours = Key.Create(KeyAgreementAlgorithm.X25519);
        bool agreed = PublicKey.TryImport(KeyAgreementAlgorithm.X25519, u, KeyBlobFormat.RawPublicKey, out var theirs)
            && KeyAgreementAlgorithm.X25519.Agree(ours, theirs!) is { } secret && secret is not null;
        Assert.False(agreed);

        var result = VerificationKey.Import(KeyType.X25519, u);
        Assert.False(result.Succeeded);
        Assert.Equal(JoseErrorCodes.InvalidPublicKey, result.Error.Code);

        var jwk = Jwk.Parse($"{{\"kty\":\"OKP\",\"crv\":\"X25519\",\"x\":\"{Base64Url.Encode(u)}\"}}");
        Assert.False(jwk.Succeeded);
        Assert.Equal(JoseErrorCodes.InvalidJwk, jwk.Error.Code);

        var multikey = Multikey.Decode(Multibase.Encode([.. Multicodec.EncodeVarint(Multicodec.X25519Public), .. u]));
        Assert.Equal(JoseErrorCodes.InvalidPublicKey, multikey.Error?.Code);
    }

    [Fact]
    public void Import_X25519FromEd25519Key_Succeeds()
    {
        using var key = SigningKey.Generate(JwsAlgorithm.EdDSA);
        var x25519 = key.VerificationKey.ToX25519();
        Assert.True(VerificationKey.Import(KeyType.X25519, x25519.Export()).Succeeded);
    }
}
