using System.Text;
using System.Text.Json.Nodes;

namespace Did.Sdk.Jose.Tests.Regressions;

/// <summary>
/// Regression: an escaped lone surrogate ("\ud800") passes UTF-8 validation and the strict parse, but
/// reading the string (or property name) later threw InvalidOperationException out of the public API.
/// </summary>
public sealed class LoneSurrogateTests : IDisposable
{
    private readonly SigningKey _key = SigningKey.Generate(JwsAlgorithm.EdDSA);

    public void Dispose() => _key.Dispose();

    private static string B64(string json) => Base64Url.Encode(Encoding.UTF8.GetBytes(json));

    [Theory]
    [InlineData("eyJhbGciOiJcdWQ4MDAifQ.e30.AAAA")]
    public void Verify_LoneSurrogateInAlg_FailsWithTypedError(string jws)
    {
        var result = new JwsVerifier().Verify(jws, _key.VerificationKey);
        Assert.False(result.Succeeded);
        Assert.Contains(result.Error.Code, new[] { JoseErrorCodes.InvalidJws, ErrorCodes.InvalidJson });
    }

    [Theory]
    [InlineData("{\"alg\":\"EdDSA\",\"kid\":\"\\ud800\"}")]
    [InlineData("{\"alg\":\"EdDSA\",\"typ\":\"\\udfff\"}")]
    [InlineData("{\"alg\":\"EdDSA\",\"\\ud800\":1}")]
    [InlineData("{\"alg\":\"EdDSA\",\"crit\":[\"\\ud800\"],\"\\ud800\":1}")]
    [InlineData("{\"alg\":\"EdDSA\",\"x\":{\"\\ud800\":\"\\ud800\"}}")]
    public void Decode_LoneSurrogateInProtectedHeader_FailsWithInvalidJws(string header)
    {
        string jws = B64(header) + ".e30.AAAA";
        var decoded = Jws.Decode(jws);
        Assert.False(decoded.Succeeded);
        Assert.Equal(JoseErrorCodes.InvalidJws, decoded.Error.Code);
        var verified = new JwsVerifier().Verify(jws, _key.VerificationKey);
        Assert.False(verified.Succeeded);
        Assert.Equal(JoseErrorCodes.InvalidJws, verified.Error.Code);
        var detached = Jws.DecodeDetached(B64(header) + "..AAAA", "{}"u8);
        Assert.False(detached.Succeeded);
        Assert.Equal(JoseErrorCodes.InvalidJws, detached.Error.Code);
    }

    [Theory]
    [InlineData("{\"payload\":\"\\ud800\",\"protected\":\"eyJhbGciOiJFZERTQSJ9\",\"signature\":\"AAAA\"}")]
    [InlineData("{\"payload\":\"e30\",\"protected\":\"\\ud800\",\"signature\":\"AAAA\"}")]
    [InlineData("{\"payload\":\"e30\",\"protected\":\"eyJhbGciOiJFZERTQSJ9\",\"signature\":\"\\ud800\"}")]
    [InlineData("{\"payload\":\"e30\",\"protected\":\"eyJhbGciOiJFZERTQSJ9\",\"header\":{\"kid\":\"\\ud800\"},\"signature\":\"AAAA\"}")]
    [InlineData("{\"payload\":\"e30\",\"protected\":\"eyJhbGciOiJFZERTQSJ9\",\"header\":{\"\\ud800\":1},\"signature\":\"AAAA\"}")]
    [InlineData("{\"payload\":\"e30\",\"\\ud800\":1,\"protected\":\"eyJhbGciOiJFZERTQSJ9\",\"signature\":\"AAAA\"}")]
    [InlineData("{\"payload\":\"e30\",\"signatures\":[{\"protected\":\"eyJhbGciOiJFZERTQSJ9\",\"\\ud800\":1,\"signature\":\"AAAA\"}]}")]
    public void VerifyJson_LoneSurrogate_FailsWithTypedError(string json)
    {
        var decoded = JwsJson.Decode(json);
        Assert.False(decoded.Succeeded);
        Assert.Contains(decoded.Error.Code, new[] { JoseErrorCodes.InvalidJws, ErrorCodes.InvalidJson });
        var verified = new JwsVerifier().VerifyJson(json, _key.VerificationKey);
        Assert.False(verified.Succeeded);
    }

    [Theory]
    [InlineData("{\"kty\":\"OKP\",\"crv\":\"\\ud800\",\"x\":\"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo\"}")]
    [InlineData("{\"kty\":\"\\ud800\",\"crv\":\"Ed25519\",\"x\":\"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo\"}")]
    [InlineData("{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo\",\"kid\":\"\\udc00\"}")]
    [InlineData("{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo\",\"key_ops\":[\"\\ud800\"]}")]
    [InlineData("{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo\",\"\\ud800\":1}")]
    [InlineData("{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo\",\"ext\":{\"\\ud800\":\"\\ud800\"}}")]
    public void JwkParse_LoneSurrogate_FailsWithInvalidJwk(string json)
    {
        var result = Jwk.Parse(json);
        Assert.False(result.Succeeded);
        Assert.Contains(result.Error.Code, new[] { JoseErrorCodes.InvalidJwk, ErrorCodes.InvalidJson });
    }

    [Fact]
    public void JwkFromJsonObject_LoneSurrogateFromAnotherParser_FailsWithInvalidJwk()
    {
        // A JsonObject parsed elsewhere (not through StrictJson) still must not make FromJsonObject throw.
        var obj = (JsonObject)JsonNode.Parse("{\"kty\":\"OKP\",\"crv\":\"\\ud800\",\"x\":\"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo\"}")!;
        var result = Jwk.FromJsonObject(obj);
        Assert.False(result.Succeeded);
        Assert.Equal(JoseErrorCodes.InvalidJwk, result.Error.Code);
    }

    [Fact]
    public void JwkParse_ValidSurrogatePair_Succeeds()
    {
        var result = Jwk.Parse("{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo\",\"kid\":\"\\ud83d\\ude80\"}");
        Assert.True(result.Succeeded);
        Assert.Equal("\U0001F680", result.Value.Kid);
    }
}
