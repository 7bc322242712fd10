namespace Did.Sdk.Jose.Tests.Regressions;

/// <summary>Regression: Jwk.Parse, Multikey.Decode and VerificationKey.Import(Jwk) had no Try twins.</summary>
public class TryTwinTests
{
    private const string Ed25519Jwk = "{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo\"}";

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("{\"kty\":\"RSA\"}")]
    [InlineData("{\"kty\":\"OKP\",\"crv\":\"\\ud800\",\"x\":\"AA\"}")]
    public void JwkTryParse_Invalid_ReturnsFalse(string? json)
    {
        Assert.False(Jwk.TryParse(json, out var jwk));
        Assert.Null(jwk);
        Assert.False(Jwk.TryParse(System.Text.Encoding.UTF8.GetBytes(json ?? ""), out _));
    }

    [Fact]
    public void JwkTryParse_Valid_ReturnsJwk()
    {
        Assert.True(Jwk.TryParse(Ed25519Jwk, out var jwk));
        Assert.Equal(KeyType.Ed25519, jwk.KeyType);
        Assert.True(Jwk.TryParse(System.Text.Encoding.UTF8.GetBytes(Ed25519Jwk), out _));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("u7QE")]
    [InlineData("z0")]
    [InlineData("z6Mk")]
    public void MultikeyTryDecode_Invalid_ReturnsFalse(string? multikey)
    {
        Assert.False(Multikey.TryDecode(multikey, out var key));
        Assert.Null(key);
    }

    [Fact]
    public void MultikeyTryDecode_Valid_ReturnsKey()
    {
        using var signing = SigningKey.Generate(JwsAlgorithm.ES256K);
        Assert.True(Multikey.TryDecode(Multikey.Encode(signing.VerificationKey), out var key));
        Assert.Equal(signing.VerificationKey, key);
    }

    [Fact]
    public void VerificationKeyTryImport_JwkWithWrongUse_ReturnsFalse()
    {
        var jwk = Jwk.Parse(Ed25519Jwk).ThrowIfFailed().WithUse("enc");
        Assert.False(VerificationKey.TryImport(jwk, out var key));
        Assert.Null(key);
    }

    [Fact]
    public void VerificationKeyTryImport_ValidJwk_ReturnsKey()
    {
        Assert.True(VerificationKey.TryImport(Jwk.Parse(Ed25519Jwk).ThrowIfFailed(), out var key));
        Assert.Equal(KeyType.Ed25519, key.KeyType);
    }
}
