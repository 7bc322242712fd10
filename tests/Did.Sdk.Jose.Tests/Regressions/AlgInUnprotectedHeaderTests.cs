using System.Text;

namespace Did.Sdk.Jose.Tests.Regressions;

/// <summary>Regression: alg was taken from the unprotected header when the protected header lacked it.</summary>
public sealed class AlgInUnprotectedHeaderTests : IDisposable
{
    private readonly SigningKey _key = SigningKey.Generate(JwsAlgorithm.EdDSA);

    public void Dispose() => _key.Dispose();

    [Fact]
    public void VerifyJson_AlgOnlyInUnprotectedHeader_FailsWithInvalidJws()
    {
        string header = Base64Url.Encode("{\"kid\":\"k\"}"u8);
        string payload = Base64Url.Encode("{}"u8);
        string signature = Base64Url.Encode(_key.Sign(Encoding.ASCII.GetBytes(header + "." + payload)));
        string json = $"{{\"payload\":\"{payload}\",\"protected\":\"{header}\",\"header\":{{\"alg\":\"EdDSA\"}},\"signature\":\"{signature}\"}}";

        var decoded = JwsJson.Decode(json);
        Assert.False(decoded.Succeeded);
        Assert.Equal(JoseErrorCodes.InvalidJws, decoded.Error.Code);
        var verified = new JwsVerifier().VerifyJson(json, _key.VerificationKey);
        Assert.False(verified.Succeeded);
        Assert.Equal(JoseErrorCodes.InvalidJws, verified.Error.Code);
    }

    [Fact]
    public void VerifyJson_AlgInProtectedHeader_Succeeds()
    {
        string header = Base64Url.Encode("{\"alg\":\"EdDSA\"}"u8);
        string payload = Base64Url.Encode("{}"u8);
        string signature = Base64Url.Encode(_key.Sign(Encoding.ASCII.GetBytes(header + "." + payload)));
        string json = $"{{\"payload\":\"{payload}\",\"protected\":\"{header}\",\"header\":{{\"kid\":\"k\"}},\"signature\":\"{signature}\"}}";

        Assert.True(new JwsVerifier().VerifyJson(json, _key.VerificationKey).Succeeded);
    }
}
