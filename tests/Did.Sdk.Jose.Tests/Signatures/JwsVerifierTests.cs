using System.Text.Json.Nodes;

namespace Did.Sdk.Jose.Tests.Signatures;

public sealed class JwsVerifierTests : IDisposable
{
    private readonly SigningKey _key = SigningKey.Generate(JwsAlgorithm.EdDSA);
    private readonly JwsVerifier _verifier = new();

    public void Dispose() => _key.Dispose();

    private string SignWithRawHeader(string headerJson, string payloadSegment = "e30")
    {
        string header = Base64Url.Encode(System.Text.Encoding.UTF8.GetBytes(headerJson));
        string input = header + "." + payloadSegment;
        return input + "." + Base64Url.Encode(_key.Sign(System.Text.Encoding.ASCII.GetBytes(input)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("a.b")]
    [InlineData("a.b.c.d")]
    [InlineData("eyJhbGciOiJFZERTQSJ9..")]
    [InlineData(".e30.AAAA")]
    [InlineData("eyJhbGciOiJFZERTQSJ9=.e30.AAAA")]
    [InlineData("eyJhbGciOiJFZERTQSJ9.e30=.AAAA")]
    [InlineData("eyJhbGciOiJFZERTQSJ9.e30.AA+A")]
    public void Verify_MalformedCompact_FailsWithInvalidJws(string jws)
    {
        var result = _verifier.Verify(jws, _key.VerificationKey);

        Assert.False(result.Succeeded);
        Assert.Contains(result.Error.Code, new[] { JoseErrorCodes.InvalidJws, JoseErrorCodes.InvalidSignature });
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("\"x\"")]
    [InlineData("{}")]
    [InlineData("{\"alg\":1}")]
    [InlineData("{\"alg\":null}")]
    [InlineData("{\"alg\":\"EdDSA\",\"alg\":\"EdDSA\"}")]
    [InlineData("{\"alg\":\"EdDSA\",}")]
    [InlineData("{\"alg\":\"EdDSA\",\"b64\":\"false\"}")]
    public void Verify_BadProtectedHeader_FailsWithInvalidJws(string header)
    {
        var result = _verifier.Verify(SignWithRawHeader(header), _key.VerificationKey);

        Assert.Equal(JoseErrorCodes.InvalidJws, result.Error!.Code);
    }

    [Theory]
    [InlineData("none")]
    [InlineData("HS256")]
    [InlineData("RS256")]
    [InlineData("PS256")]
    [InlineData("ES384")]
    [InlineData("eddsa")]
    [InlineData("Ed25519")]
    [InlineData("")]
    public void Verify_AlgorithmOutsideClosedSet_FailsWithUnsupportedAlgorithm(string alg)
    {
        var result = _verifier.Verify(SignWithRawHeader($"{{\"alg\":\"{alg}\"}}"), _key.VerificationKey);

        Assert.Equal(JoseErrorCodes.UnsupportedAlgorithm, result.Error!.Code);
    }

    [Fact]
    public void Verify_AlgorithmNotInAllowList_FailsWithUnsupportedAlgorithm()
    {
        var verifier = new JwsVerifier(new JwsVerificationOptions { AllowedAlgorithms = new HashSet<JwsAlgorithm> { JwsAlgorithm.ES256 } });

        var result = verifier.Verify(Jws.Sign("x"u8, _key), _key.VerificationKey);

        Assert.Equal(JoseErrorCodes.UnsupportedAlgorithm, result.Error!.Code);
    }

    [Fact]
    public void Verify_HeaderAlgorithmDiffersFromKey_FailsWithAlgorithmKeyMismatch()
    {
        var result = _verifier.Verify(SignWithRawHeader("{\"alg\":\"ES256\"}"), _key.VerificationKey);

        Assert.Equal(JoseErrorCodes.AlgorithmKeyMismatch, result.Error!.Code);
    }

    [Fact]
    public void Verify_KeyThatDoesNotSign_FailsWithAlgorithmKeyMismatch()
    {
        var x25519 = _key.VerificationKey.ToX25519();

        var result = _verifier.Verify(Jws.Sign("x"u8, _key), x25519);

        Assert.Equal(JoseErrorCodes.AlgorithmKeyMismatch, result.Error!.Code);
    }

    [Theory]
    [InlineData("{\"alg\":\"EdDSA\",\"crit\":[\"exp\"],\"exp\":1}")]          // not understood
    [InlineData("{\"alg\":\"EdDSA\",\"crit\":[]}")]                             // empty
    [InlineData("{\"alg\":\"EdDSA\",\"crit\":[\"alg\"]}")]                      // registered name
    [InlineData("{\"alg\":\"EdDSA\",\"crit\":[\"ext\"]}")]                      // absent from header
    [InlineData("{\"alg\":\"EdDSA\",\"crit\":[\"ext\",\"ext\"],\"ext\":1}")]    // duplicate
    [InlineData("{\"alg\":\"EdDSA\",\"b64\":true}")]                            // b64 not supported by default
    [InlineData("{\"alg\":\"EdDSA\",\"b64\":false,\"crit\":[\"b64\"]}")]
    public void Verify_CriticalHeaderNotAcceptable_FailsWithUnsupportedCriticalHeader(string header)
    {
        var result = _verifier.Verify(SignWithRawHeader(header), _key.VerificationKey);

        Assert.Equal(JoseErrorCodes.UnsupportedCriticalHeader, result.Error!.Code);
    }

    [Fact]
    public void Verify_SupportedCriticalExtension_Succeeds()
    {
        var verifier = new JwsVerifier(new JwsVerificationOptions { SupportedCriticalHeaders = new HashSet<string> { "ext" } });

        var result = verifier.Verify(SignWithRawHeader("{\"alg\":\"EdDSA\",\"crit\":[\"ext\"],\"ext\":1}"), _key.VerificationKey);

        Assert.True(result.Succeeded, result.Error?.ToString());
    }

    [Fact]
    public void Verify_B64FalseNotListedInCrit_FailsWithUnsupportedCriticalHeader()
    {
        var verifier = new JwsVerifier(new JwsVerificationOptions { SupportedCriticalHeaders = new HashSet<string> { "b64" } });

        var result = verifier.Verify(SignWithRawHeader("{\"alg\":\"EdDSA\",\"b64\":false}", "abc"), _key.VerificationKey);

        Assert.Equal(JoseErrorCodes.UnsupportedCriticalHeader, result.Error!.Code);
    }

    [Fact]
    public void Sign_B64False_ProducesUnencodedPayloadThatVerifiesWhenSupported()
    {
        var verifier = new JwsVerifier(new JwsVerificationOptions { SupportedCriticalHeaders = new HashSet<string> { "b64" } });
        string token = Jws.Sign(new JsonObject { ["b64"] = false }, "$.02"u8.ToArray().AsSpan(0, 1), _key);

        var result = verifier.Verify(token, _key.VerificationKey);

        Assert.True(result.Succeeded, result.Error?.ToString());
        Assert.False(result.Value.IsPayloadEncoded);
        Assert.Equal("$"u8.ToArray(), result.Value.Payload.ToArray());
        Assert.Equal(JoseErrorCodes.UnsupportedCriticalHeader, _verifier.Verify(token, _key.VerificationKey).Error!.Code);
    }

    [Fact]
    public void Verify_LongerThanMaxLength_FailsWithInputTooLarge()
    {
        var verifier = new JwsVerifier(new JwsVerificationOptions { MaxLength = 100 });
        string token = Jws.Sign(new byte[200], _key);

        var result = verifier.Verify(token, _key.VerificationKey);

        Assert.Equal(ErrorCodes.InputTooLarge, result.Error!.Code);
    }

    [Fact]
    public void Verify_DeeplyNestedHeader_FailsWithInvalidJws()
    {
        string header = "{\"alg\":\"EdDSA\",\"x\":" + new string('[', 100) + new string(']', 100) + "}";

        var result = _verifier.Verify(SignWithRawHeader(header), _key.VerificationKey);

        Assert.Equal(JoseErrorCodes.InvalidJws, result.Error!.Code);
    }

    [Fact]
    public void Constructor_EmptyAllowList_Throws()
    {
        Assert.Throws<ArgumentException>(() => new JwsVerifier(new JwsVerificationOptions { AllowedAlgorithms = new HashSet<JwsAlgorithm>() }));
        Assert.Throws<ArgumentException>(() => new JwsVerifier(new JwsVerificationOptions { MaxLength = 0 }));
        Assert.Throws<ArgumentException>(() => new JwsVerifier(new JwsVerificationOptions { SupportedCriticalHeaders = new HashSet<string> { "alg" } }));
    }

    [Fact]
    public void Sign_HeaderWithOtherAlg_Throws()
    {
        Assert.Throws<ArgumentException>(() => Jose.Jws.Sign(new JsonObject { ["alg"] = "none" }, "x"u8, _key));
    }

    [Fact]
    public void Decode_ValidToken_ExposesSigningInputAndSignature()
    {
        string token = Jose.Jws.Sign("payload"u8, _key, type: "JWT");

        var decoded = Jose.Jws.Decode(token).ThrowIfFailed();

        Assert.Equal(token[..token.LastIndexOf('.')], System.Text.Encoding.ASCII.GetString(decoded.SigningInput.Span));
        Assert.Equal(64, decoded.Signature.Length);
        Assert.Equal("JWT", decoded.Type);
        Assert.Null(decoded.KeyId);
        Assert.True(decoded.IsPayloadEncoded);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("{}")]
    [InlineData("{\"payload\":\"e30\"}")]
    [InlineData("{\"payload\":\"e30\",\"signature\":\"AAAA\"}")]                                   // no protected header
    [InlineData("{\"payload\":\"e30\",\"signatures\":[]}")]
    [InlineData("{\"payload\":\"e30\",\"signatures\":[1]}")]
    [InlineData("{\"payload\":1,\"protected\":\"eyJhbGciOiJFZERTQSJ9\",\"signature\":\"AAAA\"}")]
    [InlineData("{\"payload\":\"e30\",\"protected\":\"eyJhbGciOiJFZERTQSJ9\",\"signature\":\"AAAA\",\"extra\":1}")]
    [InlineData("{\"payload\":\"e30\",\"protected\":\"eyJhbGciOiJFZERTQSJ9\",\"header\":{\"alg\":\"EdDSA\"},\"signature\":\"AAAA\"}")]
    [InlineData("{\"payload\":\"e30\",\"protected\":\"eyJhbGciOiJFZERTQSJ9\",\"header\":{\"crit\":[\"x\"]},\"signature\":\"AAAA\"}")]
    public void VerifyJson_Malformed_Fails(string json)
    {
        var result = _verifier.VerifyJson(json, _key.VerificationKey);

        Assert.False(result.Succeeded);
        Assert.Contains(result.Error.Code, new[] { JoseErrorCodes.InvalidJws, ErrorCodes.InvalidJson });
    }

    [Fact]
    public void VerifyJson_FlattenedAndGeneralOfCompactToken_Succeed()
    {
        var parts = Jose.Jws.Sign("{\"x\":1}"u8, _key, keyId: "k").Split('.');
        string flattened = $"{{\"payload\":\"{parts[1]}\",\"protected\":\"{parts[0]}\",\"header\":{{\"note\":1}},\"signature\":\"{parts[2]}\"}}";
        string general = $"{{\"payload\":\"{parts[1]}\",\"signatures\":[{{\"protected\":\"{parts[0]}\",\"signature\":\"{Base64Url.Encode(new byte[64])}\"}},{{\"protected\":\"{parts[0]}\",\"signature\":\"{parts[2]}\"}}]}}";

        var flat = _verifier.VerifyJson(flattened, _key.VerificationKey);
        var gen = _verifier.VerifyJson(general, _key.VerificationKey);

        Assert.True(flat.Succeeded, flat.Error?.ToString());
        Assert.Equal("k", flat.Value.KeyId);
        Assert.NotNull(flat.Value.GetHeaderParameter("note"));
        Assert.True(gen.Succeeded, gen.Error?.ToString());
    }

    [Fact]
    public void Verify_HeaderWithInvalidUtf8InString_FailsWithInvalidJws()
    {
        // Regression: StrictJson accepts invalid UTF-8 inside strings and throws when the value is read.
        byte[] header = [.. "{\"alg\":\"E"u8, 0xFB, .. "dDSA\"}"u8];
        string input = Base64Url.Encode(header) + ".e30";
        string token = input + "." + Base64Url.Encode(_key.Sign(System.Text.Encoding.ASCII.GetBytes(input)));

        var result = _verifier.Verify(token, _key.VerificationKey);

        Assert.Equal(JoseErrorCodes.InvalidJws, result.Error!.Code);
    }

    [Fact]
    public void JwkParse_InvalidUtf8InString_FailsWithInvalidJson()
    {
        byte[] json = [.. "{\"kty\":\"O"u8, 0xC3, .. "KP\"}"u8];

        Assert.Equal(ErrorCodes.InvalidJson, Jwk.Parse(json).Error!.Code);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("a.b.c")]
    [InlineData("eyJhbGciOiJFZERTQSJ9.e30.AAAA")]
    public void VerifyDetached_PayloadSegmentNotEmpty_FailsWithInvalidJws(string jws)
    {
        Assert.Equal(JoseErrorCodes.InvalidJws, _verifier.VerifyDetached(jws, "x"u8, _key.VerificationKey).Error!.Code);
    }

    [Fact]
    public void VerifyDetached_OtherPayload_FailsWithInvalidSignature()
    {
        string jws = Jose.Jws.SignDetached(new JsonObject(), "content"u8, _key);

        Assert.Equal(JoseErrorCodes.InvalidSignature, _verifier.VerifyDetached(jws, "Content"u8, _key.VerificationKey).Error!.Code);
    }

    [Fact]
    public void VerifyDetached_SamePayload_Succeeds()
    {
        string jws = Jose.Jws.SignDetached(new JsonObject { ["typ"] = "x" }, "content"u8, _key);

        var result = _verifier.VerifyDetached(jws, "content"u8, _key.VerificationKey);

        Assert.Contains("..", jws, StringComparison.Ordinal);
        Assert.True(result.Succeeded, result.Error?.ToString());
        Assert.Equal("content"u8.ToArray(), result.Value.Payload.ToArray());
    }
}
