using System.Text;
using System.Text.Json;

namespace Did.Sdk.Jose.Tests.Keys;

/// <summary>Every key form DID methods produce, checked by method type through the handler registry.</summary>
public sealed class PublicKeyMethodHandlerTests
{
    private const string Did = "did:example:123";

    private static VerificationMethod Method(string type, string member, object value) => member switch
    {
        "publicKeyJwk" => new VerificationMethod { Id = Did + "#k", Type = type, Controller = Did, PublicKeyJwk = JsonSerializer.SerializeToElement(value) },
        "publicKeyMultibase" => new VerificationMethod { Id = Did + "#k", Type = type, Controller = Did, PublicKeyMultibase = (string)value },
        _ => new VerificationMethod
        {
            Id = Did + "#k",
            Type = type,
            Controller = Did,
            AdditionalProperties = new() { [member] = JsonSerializer.SerializeToElement(value) },
        },
    };

    private static DecodedJws SignedBy(SigningKey key) => Jws.Decode(Jws.Sign("{\"a\":1}"u8, key)).ThrowIfFailed();

    public static TheoryData<string, string, string> Forms() => new()
    {
        { "EcdsaSecp256k1VerificationKey2019", "ES256K", "publicKeyHex-compressed" },
        { "EcdsaSecp256k1VerificationKey2019", "ES256K", "publicKeyHex-uncompressed" },
        { "EcdsaSecp256k1VerificationKey2019", "ES256K", "publicKeyHex-0x" },
        { "EcdsaSecp256k1VerificationKey2019", "ES256K", "publicKeyBase58" },
        { "EcdsaSecp256k1VerificationKey2019", "ES256K", "publicKeyBase64" },
        { "EcdsaSecp256k1VerificationKey2019", "ES256K", "publicKeyJwk" },
        { "EcdsaSecp256k1VerificationKey2019", "ES256K", "publicKeyMultibase" },
        { "Ed25519VerificationKey2018", "EdDSA", "publicKeyBase58" },
        { "Ed25519VerificationKey2018", "EdDSA", "publicKeyHex-compressed" },
        { "Ed25519VerificationKey2018", "EdDSA", "publicKeyBase64" },
        { "Ed25519VerificationKey2018", "EdDSA", "publicKeyJwk" },
        { "Ed25519VerificationKey2020", "EdDSA", "publicKeyMultibase" },
        { "JsonWebKey2020", "ES256", "publicKeyJwk" },
        { "JsonWebKey2020", "EdDSA", "publicKeyJwk" },
        { "Multikey", "ES256K", "publicKeyMultibase" },
        { "Multikey", "ES256", "publicKeyMultibase" },
        { "P256Key2021", "ES256", "publicKeyBase58" },
        { "EcdsaSecp256r1VerificationKey2019", "ES256", "publicKeyJwk" },
    };

    private static (string Member, object Value) Encode(VerificationKey key, string form) => form switch
    {
        "publicKeyHex-compressed" => ("publicKeyHex", Convert.ToHexStringLower(key.Export(compressed: true))),
        "publicKeyHex-uncompressed" => ("publicKeyHex", Convert.ToHexStringLower(key.Export(compressed: false))),
        "publicKeyHex-0x" => ("publicKeyHex", "0x" + Convert.ToHexStringLower(key.Export(compressed: true))),
        "publicKeyBase58" => ("publicKeyBase58", Multibase.Encode(key.Export(compressed: true))[1..]),
        "publicKeyBase64" => ("publicKeyBase64", Convert.ToBase64String(key.Export(compressed: true))),
        "publicKeyJwk" => ("publicKeyJwk", JsonSerializer.Deserialize<JsonElement>(key.ToJwk().ToJson())),
        _ => ("publicKeyMultibase", Multikey.Encode(key)),
    };

    [Theory]
    [MemberData(nameof(Forms))]
    public void Verify_EachKeyForm_VerifiesTheKeysSignatureOnly(string type, string alg, string form)
    {
        Assert.True(JwsAlgorithm.TryGetByName(alg, out var algorithm));
        using var key = SigningKey.Generate(algorithm);
        using var other = SigningKey.Generate(algorithm);
        var (member, value) = Encode(key.VerificationKey, form);
        var method = Method(type, member, value);
        var handlers = VerificationMethodHandlers.Default;

        var good = handlers.Verify(SignedBy(key), method, VerificationMethodContext.Default);
        var bad = handlers.Verify(SignedBy(other), method, VerificationMethodContext.Default);

        Assert.True(good.Succeeded, good.Error?.ToString());
        Assert.Equal(JoseErrorCodes.InvalidSignature, bad.Error?.Code);
        Assert.True(handlers.IsSignedBy(method, key.VerificationKey, VerificationMethodContext.Default));
        Assert.False(handlers.IsSignedBy(method, other.VerificationKey, VerificationMethodContext.Default));
    }

    [Theory]
    [InlineData("X25519KeyAgreementKey2019")]
    [InlineData("X25519KeyAgreementKey2020")]
    public void Verify_KeyAgreementType_FailsWithInvalidKeyUse(string type)
    {
        using var key = SigningKey.Generate(JwsAlgorithm.EdDSA);
        var method = Method(type, "publicKeyBase58", Multibase.Encode(key.VerificationKey.Export())[1..]);

        Assert.Equal(JoseErrorCodes.InvalidKeyUse, VerificationMethodHandlers.Default.Verify(SignedBy(key), method, VerificationMethodContext.Default).Error?.Code);
    }

    [Fact]
    public void Verify_KeyOnAnotherCurveThanTheTypeSays_FailsWithInvalidVerificationMethod()
    {
        using var key = SigningKey.Generate(JwsAlgorithm.ES256K);
        var method = Method("Ed25519VerificationKey2018", "publicKeyJwk", JsonSerializer.Deserialize<JsonElement>(key.VerificationKey.ToJwk().ToJson()));

        Assert.Equal(JoseErrorCodes.InvalidVerificationMethod, VerificationMethodHandlers.Default.Verify(SignedBy(key), method, VerificationMethodContext.Default).Error?.Code);
    }

    [Fact]
    public void Verify_TwoKeyForms_FailsAsAmbiguous()
    {
        using var key = SigningKey.Generate(JwsAlgorithm.ES256K);
        using var other = SigningKey.Generate(JwsAlgorithm.ES256K);
        var method = new VerificationMethod
        {
            Id = Did + "#k",
            Type = "EcdsaSecp256k1VerificationKey2019",
            Controller = Did,
            PublicKeyJwk = JsonSerializer.Deserialize<JsonElement>(other.VerificationKey.ToJwk().ToJson()),
            AdditionalProperties = new() { ["publicKeyHex"] = JsonSerializer.SerializeToElement(Convert.ToHexStringLower(key.VerificationKey.Export(true))) },
        };

        Assert.Equal(JoseErrorCodes.InvalidVerificationMethod, VerificationMethodHandlers.Default.Verify(SignedBy(key), method, VerificationMethodContext.Default).Error?.Code);
    }

    [Theory]
    [InlineData("publicKeyHex", "02zz")]
    [InlineData("publicKeyHex", "0")]
    [InlineData("publicKeyHex", "")]
    [InlineData("publicKeyBase58", "0OIl")]
    [InlineData("publicKeyBase64", "AQID")]            // decodes, but not a key
    [InlineData("publicKeyBase64", "AQ")]              // not canonical (no padding)
    [InlineData("publicKeyBase64", "AQI=\n")]
    public void Verify_MalformedKeyText_FailsWithTypedCode(string member, string text)
    {
        using var key = SigningKey.Generate(JwsAlgorithm.ES256K);
        var method = Method("EcdsaSecp256k1VerificationKey2019", member, text);

        var result = VerificationMethodHandlers.Default.Verify(SignedBy(key), method, VerificationMethodContext.Default);

        Assert.False(result.Succeeded);
        Assert.Contains(result.Error.Code, new[] { JoseErrorCodes.InvalidVerificationMethod, JoseErrorCodes.InvalidPublicKeyLength, JoseErrorCodes.InvalidPublicKey });
    }

    [Fact]
    public void Verify_OversizedKeyText_FailsWithoutDecoding()
    {
        using var key = SigningKey.Generate(JwsAlgorithm.ES256K);
        var method = Method("EcdsaSecp256k1VerificationKey2019", "publicKeyBase58", new string('z', 100_000));

        Assert.Equal(JoseErrorCodes.InvalidVerificationMethod, VerificationMethodHandlers.Default.Verify(SignedBy(key), method, VerificationMethodContext.Default).Error?.Code);
    }

    [Fact]
    public void Verify_UnknownType_FailsWithUnsupportedVerificationMethod()
    {
        using var key = SigningKey.Generate(JwsAlgorithm.EdDSA);
        var method = Method("RsaVerificationKey2018", "publicKeyJwk", JsonSerializer.Deserialize<JsonElement>(key.VerificationKey.ToJwk().ToJson()));

        Assert.Equal(JoseErrorCodes.UnsupportedVerificationMethod, VerificationMethodHandlers.Default.Verify(SignedBy(key), method, VerificationMethodContext.Default).Error?.Code);
    }

    [Fact]
    public void Verify_PrivateJwk_Refused()
    {
        using var key = SigningKey.Generate(JwsAlgorithm.EdDSA, exportable: true);
        var method = Method("JsonWebKey2020", "publicKeyJwk", JsonSerializer.Deserialize<JsonElement>(key.ExportPrivateJwk().ToJson()));

        Assert.Equal(JoseErrorCodes.InvalidJwk, VerificationMethodHandlers.Default.Verify(SignedBy(key), method, VerificationMethodContext.Default).Error?.Code);
    }

    [Fact]
    public void Verify_AlgorithmOutsideAllowList_FailsBeforeTheKey()
    {
        using var key = SigningKey.Generate(JwsAlgorithm.ES256K);
        var method = Method("EcdsaSecp256k1VerificationKey2019", "publicKeyHex", Convert.ToHexStringLower(key.VerificationKey.Export(true)));
        var context = new VerificationMethodContext(new JwsVerifier(new JwsVerificationOptions { AllowedAlgorithms = new HashSet<JwsAlgorithm>([JwsAlgorithm.EdDSA]) }));

        Assert.Equal(JoseErrorCodes.UnsupportedAlgorithm, VerificationMethodHandlers.Default.Verify(SignedBy(key), method, context).Error?.Code);
        _ = Encoding.UTF8;
    }
}
