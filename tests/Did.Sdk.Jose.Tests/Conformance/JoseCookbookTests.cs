using System.Text.Json.Nodes;

namespace Did.Sdk.Jose.Tests.Conformance;

/// <summary>
/// RFC 7520 (JOSE cookbook), RFC 8037, RFC 7797 and RFC 7638 vectors from Vectors/Jose.
/// Policy: examples that use algorithms outside {EdDSA, ES256, ES256K} (RS256, PS384, ES512, HS256)
/// must be rejected — by key import (RSA and oct keys are not representable) or by the verifier
/// (<c>unsupportedAlgorithm</c>). Rejection is the correct verdict for this SDK.
/// </summary>
public class JoseCookbookTests
{
    public static TheoryData<string> CookbookJwsFiles() => new(
        Directory.GetFiles(VectorFiles.Path("Jose/ietf-jose-cookbook/jws"), "*.json").Concat(
        Directory.GetFiles(VectorFiles.Path("Jose/ietf-jose-cookbook/rfc7797"), "*.json")).Select(System.IO.Path.GetFileName).Order()!);

    private static JsonObject ReadCookbook(string file)
    {
        string folder = file.StartsWith("4_", StringComparison.Ordinal) ? "jws" : "rfc7797";
        return VectorFiles.ReadJson($"Jose/ietf-jose-cookbook/{folder}/{file}").AsObject();
    }

    [Theory]
    [MemberData(nameof(CookbookJwsFiles))]
    public void Verify_CookbookExampleOutsideClosedSet_IsRejected(string file)
    {
        var vector = ReadCookbook(file);
        var keyNode = vector["input"]!["key"]!;
        var keys = keyNode is JsonArray array ? array.Select(k => k!).ToList() : [keyNode];
        var verifier = new JwsVerifier(new JwsVerificationOptions { SupportedCriticalHeaders = new HashSet<string> { "b64" } });
        var outputs = vector["output"]!.AsObject();
        foreach (var ((kind, output), keyJson) in outputs.SelectMany(o => keys.Select(k => (o, k))))
        {
            var keyResult = Jwk.Parse(keyJson.ToJsonString());
            if (!keyResult.Succeeded)
            {
                Assert.Equal(JoseErrorCodes.UnsupportedKeyType, keyResult.Error.Code);
                continue;
            }

            var key = VerificationKey.Import(keyResult.Value.ToPublic()).ThrowIfFailed();
            var result = kind == "compact"
                ? verifier.Verify(output!.GetValue<string>(), key)
                : verifier.VerifyJson(output!.ToJsonString(), key);
            Assert.False(result.Succeeded, $"{file} {kind}");
            Assert.Contains(result.Error.Code, new[] { JoseErrorCodes.UnsupportedAlgorithm, JoseErrorCodes.InvalidJws });
        }
    }

    [Fact]
    public void Decode_Rfc7797CompactExample_ReproducesSigningInputAndPayload()
    {
        var vector = VectorFiles.ReadJson("Jose/ietf-jose-cookbook/rfc7797/hmac-sha2_b64_false.json");
        string compact = vector["output"]!["compact"]!.GetValue<string>();

        var decoded = Jose.Jws.Decode(compact).ThrowIfFailed();

        Assert.False(decoded.IsPayloadEncoded);
        Assert.Equal(vector["input"]!["payload"]!.GetValue<string>(), System.Text.Encoding.UTF8.GetString(decoded.Payload.Span));
        Assert.Equal(compact[..compact.LastIndexOf('.')], System.Text.Encoding.UTF8.GetString(decoded.SigningInput.Span));
    }

    [Fact]
    public void Sign_Rfc8037Ed25519Example_ReproducesSignatureByteForByte()
    {
        var vector = VectorFiles.ReadJson("Jose/ietf-jose-cookbook/curve25519/jws.json");
        var jwk = Jwk.Parse(vector["input"]!["key"]!.ToJsonString()).ThrowIfFailed();
        using var key = SigningKey.Import(jwk).ThrowIfFailed();
        string payload = vector["input"]!["payload"]!.GetValue<string>();

        string compact = Jose.Jws.Sign(System.Text.Encoding.UTF8.GetBytes(payload), key);
        var signature = key.Sign(System.Text.Encoding.ASCII.GetBytes(vector["signing"]!["sig-input"]!.GetValue<string>()));

        Assert.Equal(vector["signing"]!["sig"]!.GetValue<string>(), Base64Url.Encode(signature));
        Assert.Equal(vector["output"]!["compact"]!.GetValue<string>(), compact);
    }

    [Fact]
    public void Verify_Rfc8037Ed25519ExampleInAllSerializations_Succeeds()
    {
        var vector = VectorFiles.ReadJson("Jose/ietf-jose-cookbook/curve25519/jws.json");
        var key = VerificationKey.Import(Jwk.Parse(vector["input"]!["key"]!.ToJsonString()).ThrowIfFailed().ToPublic()).ThrowIfFailed();
        var verifier = new JwsVerifier();

        Assert.True(verifier.Verify(vector["output"]!["compact"]!.GetValue<string>(), key).Succeeded);
        Assert.True(verifier.VerifyJson(vector["output"]!["json"]!.ToJsonString(), key).Succeeded);
        Assert.True(verifier.VerifyJson(vector["output"]!["json_flat"]!.ToJsonString(), key).Succeeded);
    }

    [Fact]
    public void Parse_CookbookJwks_EcAcceptedOthersUnsupported()
    {
        foreach (var file in Directory.GetFiles(VectorFiles.Path("Jose/ietf-jose-cookbook/jwk"), "*.json"))
        {
            var json = File.ReadAllText(file);
            var result = Jwk.Parse(json);
            if (System.IO.Path.GetFileName(file).StartsWith("3_1", StringComparison.Ordinal) || System.IO.Path.GetFileName(file).StartsWith("3_2", StringComparison.Ordinal))
            {
                Assert.True(result.Succeeded, result.Error?.ToString());
                Assert.Equal(KeyType.P521, result.Value.KeyType);
                Assert.Equal("bilbo.baggins@hobbiton.example", result.Value.Kid);
                // P-521 keys are represented but never sign in this SDK.
                Assert.Null(VerificationKey.Import(result.Value).ThrowIfFailed().Algorithm);
                var original = JsonNode.Parse(json)!.AsObject();
                Assert.True(JsonNode.DeepEquals(original, JsonNode.Parse(result.Value.ToJson())));
            }
            else
            {
                Assert.Equal(JoseErrorCodes.UnsupportedKeyType, result.Error!.Code);
            }
        }
    }

    [Fact]
    public void ComputeThumbprint_Rfc7638Vectors_Match()
    {
        var vectors = VectorFiles.ReadJson("Jose/jwk_thumbprint_rfc7638.json");

        // The RFC 7638 §3.1 example is an RSA key: not representable here, so it must be refused.
        Assert.Equal(JoseErrorCodes.UnsupportedKeyType, Jwk.Parse(vectors["rfc7638_section3_1"]!["jwk"]!.ToJsonString()).Error!.Code);
        foreach (var extra in vectors["computedExtras"]!.AsArray())
        {
            var jwk = Jwk.Parse(extra!["jwk"]!.ToJsonString()).ThrowIfFailed();
            Assert.Equal(extra["canonicalJson"]!.GetValue<string>(), jwk.GetThumbprintInput());
            Assert.Equal(extra["thumbprintSha256"]!.GetValue<string>(), jwk.ComputeThumbprint());
        }
    }
}
