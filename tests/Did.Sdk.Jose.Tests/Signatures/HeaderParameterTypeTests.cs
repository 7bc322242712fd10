using System.Text;
using System.Text.Json.Nodes;

namespace Did.Sdk.Jose.Tests.Signatures;

/// <summary>
/// RFC 7515 §4.1: registered header parameters have fixed JSON types. A mistyped one makes the JWS
/// malformed whatever supplies the key (here the key is always given out of band, so nothing reads kid).
/// </summary>
public sealed class HeaderParameterTypeTests : IDisposable
{
    private readonly SigningKey _key = SigningKey.Generate(JwsAlgorithm.EdDSA);
    private readonly JwsVerifier _verifier = new();

    public void Dispose() => _key.Dispose();

    public static TheoryData<string, string> Mistyped() => new()
    {
        { "kid", "{\"a\":1}" },
        { "kid", "7" },
        { "kid", "null" },
        { "typ", "[\"JWT\"]" },
        { "typ", "true" },
        { "cty", "1" },
        { "jku", "{}" },
        { "x5u", "[]" },
        { "x5t", "0" },
        { "x5t#S256", "false" },
        { "jwk", "\"not-an-object\"" },
        { "jwk", "[]" },
        { "x5c", "\"MIIB\"" },
        { "x5c", "[1]" },
        { "crit", "\"exp\"" },
        { "crit", "[1]" },
        { "enc", "{}" },
        { "zip", "[]" },
        { "b64", "\"false\"" },
        { "b64", "0" },
    };

    private string Compact(string headerJson, string payloadSegment = "e30")
    {
        string header = Base64Url.Encode(Encoding.UTF8.GetBytes(headerJson));
        string input = header + "." + payloadSegment;
        return input + "." + Base64Url.Encode(_key.Sign(Encoding.ASCII.GetBytes(input)));
    }

    [Theory]
    [MemberData(nameof(Mistyped))]
    public void Verify_MistypedRegisteredParameterWithKeyOutOfBand_FailsWithInvalidJws(string name, string valueJson)
    {
        var result = _verifier.Verify(Compact($"{{\"alg\":\"EdDSA\",\"{name}\":{valueJson}}}"), _key.VerificationKey);

        Assert.Equal(JoseErrorCodes.InvalidJws, result.Error?.Code);
    }

    [Theory]
    [MemberData(nameof(Mistyped))]
    public void VerifyJson_MistypedParameterInUnprotectedHeader_FailsWithInvalidJws(string name, string valueJson)
    {
        string compact = Compact("{\"alg\":\"EdDSA\"}");
        var parts = compact.Split('.');
        var json = new JsonObject
        {
            ["payload"] = parts[1],
            ["protected"] = parts[0],
            ["header"] = JsonNode.Parse($"{{\"{name}\":{valueJson}}}"),
            ["signature"] = parts[2],
        };

        var result = _verifier.VerifyJson(json.ToJsonString(), _key.VerificationKey);

        Assert.Equal(JoseErrorCodes.InvalidJws, result.Error?.Code);
    }

    [Theory]
    [InlineData("kid", "\"k1\"")]
    [InlineData("typ", "\"JWT\"")]
    [InlineData("x5c", "[\"MIIB\"]")]
    [InlineData("jwk", "{\"kty\":\"OKP\"}")]
    [InlineData("private-name", "{\"any\":[1,2]}")]
    public void Verify_WellTypedParameters_Succeeds(string name, string valueJson)
    {
        var result = _verifier.Verify(Compact($"{{\"alg\":\"EdDSA\",\"{name}\":{valueJson}}}"), _key.VerificationKey);

        Assert.True(result.Succeeded, result.Error?.ToString());
    }

    [Fact]
    public void VerifyJson_NameInBothHeaders_FailsWithInvalidJws()
    {
        var parts = Compact("{\"alg\":\"EdDSA\",\"kid\":\"a\"}").Split('.');
        var json = new JsonObject
        {
            ["payload"] = parts[1],
            ["protected"] = parts[0],
            ["header"] = new JsonObject { ["kid"] = "a" },
            ["signature"] = parts[2],
        };

        Assert.Equal(JoseErrorCodes.InvalidJws, _verifier.VerifyJson(json.ToJsonString(), _key.VerificationKey).Error?.Code);
    }
}
