using Microsoft.IdentityModel.Tokens;

namespace Did.Sdk.Jose.Tests.Keys;

public class JwkTests
{
    private const string P256X = "igrFmi0whuihKnj9R3Om1SoMph72wUGeFaBbzG2vzns";
    private const string P256Y = "efsX5b10x8yjyrj4ny3pGfLcY7Xby1KzgqOdqnsrJIM";
    private const string P256D = "gPh-VvVS8MbvKQ9LSVVmfnxnKjHn4Tqj0bmbpehRlpc";
    private const string EdX = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo";
    private const string EdD = "nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A";

    [Theory]
    [InlineData("{\"kty\":\"RSA\",\"n\":\"AQAB\",\"e\":\"AQAB\"}")]
    [InlineData("{\"kty\":\"oct\",\"k\":\"AAAA\"}")]
    [InlineData("{\"kty\":\"EC\",\"crv\":\"P-224\",\"x\":\"AA\",\"y\":\"AA\"}")]
    [InlineData("{\"kty\":\"OKP\",\"crv\":\"Ed448\",\"x\":\"AA\"}")]
    public void Parse_UnsupportedKeyTypeOrCurve_FailsWithUnsupportedKeyType(string json)
    {
        Assert.Equal(JoseErrorCodes.UnsupportedKeyType, Jwk.Parse(json).Error!.Code);
    }

    [Theory]
    [InlineData("{\"crv\":\"Ed25519\",\"x\":\"" + EdX + "\"}")]                                        // no kty
    [InlineData("{\"kty\":\"OKP\",\"x\":\"" + EdX + "\"}")]                                            // no crv
    [InlineData("{\"kty\":\"OKP\",\"crv\":\"Ed25519\"}")]                                              // no x
    [InlineData("{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"" + EdX + "A\"}")]                       // 33 bytes? bad length
    [InlineData("{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"" + EdX + "=\"}")]                       // padding
    [InlineData("{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"" + EdX + "\",\"y\":\"" + EdX + "\"}")]  // y on OKP
    [InlineData("{\"kty\":\"OKP\",\"crv\":\"P-256\",\"x\":\"" + P256X + "\"}")]                        // crv of EC
    [InlineData("{\"kty\":\"EC\",\"crv\":\"Ed25519\",\"x\":\"" + EdX + "\"}")]                         // crv of OKP
    [InlineData("{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"" + P256X + "\"}")]                         // no y
    [InlineData("{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"" + P256X + "\",\"y\":\"" + P256X + "\"}")] // off curve
    [InlineData("{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"" + P256X + "\",\"y\":\"" + P256Y + "\",\"d\":\"AAAA\"}")] // short d
    [InlineData("{\"kty\":\"EC\",\"crv\":\"secp256k1\",\"x\":\"" + P256X + "\",\"y\":\"" + P256Y + "\"}")] // P-256 point on k1
    [InlineData("{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":1,\"y\":\"" + P256Y + "\"}")]                 // non-string
    [InlineData("{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"" + EdX + "\",\"key_ops\":\"verify\"}")]
    [InlineData("{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"" + EdX + "\",\"key_ops\":[\"verify\",\"verify\"]}")]
    [InlineData("{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"AQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\"}")] // small order (identity)
    [InlineData("[]")]
    public void Parse_MalformedOrInvalidKey_FailsWithInvalidJwk(string json)
    {
        Assert.Equal(JoseErrorCodes.InvalidJwk, Jwk.Parse(json).Error!.Code);
    }

    [Theory]
    [InlineData("{\"kty\":\"OKP\",\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"" + EdX + "\"}")]
    [InlineData("{\"kty\":\"OKP\",")]
    public void Parse_InvalidJson_FailsWithInvalidJson(string json)
    {
        Assert.Equal(ErrorCodes.InvalidJson, Jwk.Parse(json).Error!.Code);
    }

    [Theory]
    [InlineData("\"use\":\"enc\"", "invalidKeyUse")]
    [InlineData("\"key_ops\":[\"sign\"]", "invalidKeyUse")]
    [InlineData("\"alg\":\"ES256\"", "algorithmKeyMismatch")]
    [InlineData("\"alg\":\"HS256\"", "unsupportedAlgorithm")]
    public void VerificationKeyImport_MetadataForbidsVerification_Fails(string member, string code)
    {
        var jwk = Jwk.Parse("{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"" + EdX + "\"," + member + "}").ThrowIfFailed();

        Assert.Equal(code, VerificationKey.Import(jwk).Error!.Code);
    }

    [Fact]
    public void SigningKeyImport_PublicOnlyOrMismatchedD_Fails()
    {
        var publicOnly = Jwk.Parse($"{{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"{P256X}\",\"y\":\"{P256Y}\"}}").ThrowIfFailed();
        var wrongD = Jwk.Parse($"{{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"{EdX}\",\"d\":\"{P256D}\"}}").ThrowIfFailed();
        var zeroD = Jwk.Parse($"{{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"{P256X}\",\"y\":\"{P256Y}\",\"d\":\"{Base64Url.Encode(new byte[32])}\"}}").ThrowIfFailed();
        var verifyOnly = Jwk.Parse($"{{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"{P256X}\",\"y\":\"{P256Y}\",\"d\":\"{P256D}\",\"key_ops\":[\"verify\"]}}").ThrowIfFailed();

        Assert.Equal(JoseErrorCodes.InvalidJwk, SigningKey.Import(publicOnly).Error!.Code);
        Assert.Equal(JoseErrorCodes.InvalidPrivateKey, SigningKey.Import(wrongD).Error!.Code);
        Assert.Equal(JoseErrorCodes.InvalidPrivateKey, SigningKey.Import(zeroD).Error!.Code);
        Assert.Equal(JoseErrorCodes.InvalidKeyUse, SigningKey.Import(verifyOnly).Error!.Code);
    }

    [Fact]
    public void SigningKeyImport_X25519_FailsWithUnsupportedAlgorithm()
    {
        var jwk = Jwk.Parse($"{{\"kty\":\"OKP\",\"crv\":\"X25519\",\"x\":\"{EdX}\",\"d\":\"{EdD}\"}}").ThrowIfFailed();

        Assert.Equal(JoseErrorCodes.UnsupportedAlgorithm, SigningKey.Import(jwk).Error!.Code);
    }

    [Fact]
    public void SigningKeyImport_MatchingPrivateJwk_Signs()
    {
        var jwk = Jwk.Parse($"{{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"{P256X}\",\"y\":\"{P256Y}\",\"d\":\"{P256D}\"}}").ThrowIfFailed();

        using var key = SigningKey.Import(jwk, exportable: true).ThrowIfFailed();

        Assert.True(key.VerificationKey.Verify("x"u8, key.Sign("x"u8)));
        Assert.Equal(jwk, key.ExportPrivateJwk());
    }

    [Fact]
    public void ToJson_UnknownMembersAndMetadata_RoundTripInDeterministicOrder()
    {
        string json = $"{{\"zeta\":{{\"a\":[1,2]}},\"use\":\"sig\",\"x\":\"{EdX}\",\"kid\":\"k-1\",\"crv\":\"Ed25519\",\"kty\":\"OKP\",\"key_ops\":[\"verify\"],\"alg\":\"EdDSA\",\"ext\":true}}";

        var jwk = Jwk.Parse(json).ThrowIfFailed();

        Assert.Equal($"{{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"{EdX}\",\"kid\":\"k-1\",\"alg\":\"EdDSA\",\"use\":\"sig\",\"key_ops\":[\"verify\"],\"zeta\":{{\"a\":[1,2]}},\"ext\":true}}", jwk.ToJson());
        Assert.Equal(jwk.ToJson(), Jwk.Parse(jwk.ToJson()).ThrowIfFailed().ToJson());
        Assert.Equal(["zeta", "ext"], jwk.AdditionalMemberNames);
        Assert.True(VerificationKey.Import(jwk).Succeeded);
    }

    [Fact]
    public void ToPublic_PrivateJwk_DropsOnlyD()
    {
        var jwk = Jwk.Parse($"{{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"{EdX}\",\"d\":\"{EdD}\",\"kid\":\"a\",\"foo\":1}}").ThrowIfFailed();

        var pub = jwk.ToPublic();

        Assert.True(jwk.HasPrivateKey);
        Assert.False(pub.HasPrivateKey);
        Assert.Equal($"{{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"{EdX}\",\"kid\":\"a\",\"foo\":1}}", pub.ToJson());
        Assert.DoesNotContain(EdD, jwk.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ComputeThumbprintUri_Rfc8037Key_MatchesRfc9278Form()
    {
        var jwk = Jwk.Parse($"{{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"{EdX}\"}}").ThrowIfFailed();

        Assert.Equal("urn:ietf:params:oauth:jwk-thumbprint:sha-256:kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k", jwk.ComputeThumbprintUri());
    }

    [Fact]
    public void JsonWebKey_RoundTrip_KeepsMembers()
    {
        var jwk = Jwk.Parse($"{{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"{P256X}\",\"y\":\"{P256Y}\",\"d\":\"{P256D}\",\"kid\":\"k\",\"alg\":\"ES256\",\"use\":\"sig\",\"key_ops\":[\"sign\"]}}").ThrowIfFailed();

        JsonWebKey publicWebKey = jwk.ToJsonWebKey();
        JsonWebKey privateWebKey = jwk.ToJsonWebKey(includePrivateKey: true);
        var back = privateWebKey.ToJwk().ThrowIfFailed();

        Assert.Null(publicWebKey.D);
        Assert.Equal(P256D, privateWebKey.D);
        Assert.Equal("k", publicWebKey.Kid);
        Assert.Equal(jwk, back);
        Assert.Equal(jwk.ToJson(), back.ToJson());
        Assert.Equal(jwk.ComputeThumbprint(), Base64UrlEncoder.Encode(publicWebKey.ComputeJwkThumbprint()));
    }

    [Fact]
    public void JsonWebKey_RsaKey_FailsWithUnsupportedKeyType()
    {
        var rsa = new JsonWebKey { Kty = "RSA", N = "AQAB", E = "AQAB" };

        Assert.Equal(JoseErrorCodes.UnsupportedKeyType, rsa.ToJwk().Error!.Code);
    }
}
