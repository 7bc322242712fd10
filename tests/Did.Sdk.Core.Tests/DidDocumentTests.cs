using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Did.Sdk.Tests;

public class DidDocumentTests
{
    internal const string Sample = """
        {
          "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
          "id": "did:example:123",
          "alsoKnownAs": ["https://example.com/alice"],
          "controller": "did:example:123",
          "verificationMethod": [
            { "id": "#key-1", "type": "Multikey", "controller": "did:example:123",
              "publicKeyMultibase": "z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK" },
            { "id": "did:example:123#key-2", "type": "JsonWebKey2020", "controller": "did:example:123",
              "publicKeyJwk": { "kty": "OKP", "crv": "Ed25519", "x": "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo" },
              "publicKeyHex": "00ff" }
          ],
          "authentication": ["#key-1", { "id": "#key-3", "type": "Multikey", "controller": "did:example:123", "publicKeyMultibase": "z6Mk" }],
          "assertionMethod": ["did:example:123#key-2"],
          "service": [{ "id": "#hub", "type": "LinkedDomains", "serviceEndpoint": "https://hub.example.com/" },
                      { "id": "#files", "type": "Files", "serviceEndpoint": "/srv/files" }],
          "x-custom": { "nested": [1, 2, 3] }
        }
        """;

    private static DidDocument ParseSample() => DidDocumentSerializer.Parse(Sample).ThrowIfFailed();

    [Theory]
    [InlineData("""{"id":"did:example:1","id":"did:example:2"}""", "duplicate")]
    [InlineData("""{"id":"not a did"}""", "not a DID")]
    [InlineData("""{"controller":"did:example:1"}""", "")]
    [InlineData("""{"id":"did:example:1","controller":"nope"}""", "controller")]
    [InlineData("""{"id":"did:example:1","verificationMethod":[{"id":"#k","type":"Multikey","controller":"did:example:1"},{"id":"did:example:1#k","type":"Multikey","controller":"did:example:1"}]}""", "repeated")]
    [InlineData("""{"id":"did:example:1","verificationMethod":[{"id":"k","type":"Multikey","controller":"did:example:1"}]}""", "not a DID URL")]
    [InlineData("""{"id":"did:example:1","verificationMethod":[{"id":"#k","type":"","controller":"did:example:1"}]}""", "no type")]
    [InlineData("""{"id":"did:example:1","verificationMethod":[{"id":"#k","type":"Multikey","controller":"did:example:1","publicKeyJwk":"x"}]}""", "not an object")]
    [InlineData("""{"id":"did:example:1","authentication":[42]}""", "")]
    [InlineData("""{"id":"did:example:1","authentication":["bad ref"]}""", "not a DID URL")]
    [InlineData("""{"id":"did:example:1","service":[{"id":"#s","type":"X","serviceEndpoint":3}]}""", "serviceEndpoint")]
    [InlineData("""{"id":"did:example:1","service":[{"id":"#s","type":[],"serviceEndpoint":"https://a"}]}""", "no type")]
    [InlineData("""{"id":"did:example:1","service":[{"id":"#s","type":"X","serviceEndpoint":"https://a"},{"id":"#s","type":"X","serviceEndpoint":"https://b"}]}""", "repeated")]
    [InlineData("""{"id":"did:example:1",}""", "")]
    [InlineData("""{"id":"did:example:1","authentication":[null]}""", "null")]
    [InlineData("""{"id":"did:example:1","verificationMethod":[null]}""", "null")]
    [InlineData("""{"id":"did:example:1","service":[null]}""", "null")]
    [InlineData("""{"id":"did:example:1","service":[{"id":"#s","type":null,"serviceEndpoint":"https://a"}]}""", "")]
    [InlineData("""{"id":"did:example:1","controller":[null]}""", "")]
    [InlineData("""{"id":"did:example:1","alsoKnownAs":[null]}""", "")]
    [InlineData("""{"id":null}""", "")]
    [InlineData("""{"id":"did:example:1","verificationMethod":[{"id":null,"type":"Multikey","controller":"did:example:1"}]}""", "")]
    [InlineData("""{"id":"did:example:1","x\ud800":1}""", "surrogate")]
    [InlineData("""{"id":"did:example:1","service":[{"id":"#s","type":"\udc00","serviceEndpoint":"https://a"}]}""", "surrogate")]
    [InlineData("""null""", "null")]
    [InlineData("""[]""", "")]
    public void Parse_InvalidDocument_ReturnsInvalidDidDocument(string json, string messagePart)
    {
        var result = DidDocumentSerializer.Parse(json);

        Assert.False(result.Succeeded);
        Assert.Equal(DidResolutionErrors.InvalidDidDocument, result.Error.Code);
        Assert.Contains(messagePart, result.Error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Parse_DeeplyNested_ReturnsInvalidDidDocument()
    {
        var json = "{\"id\":\"did:example:1\",\"x\":" + new string('[', 1000) + new string(']', 1000) + "}";

        Assert.Equal(DidResolutionErrors.InvalidDidDocument, DidDocumentSerializer.Parse(json).Error!.Code);
    }

    [Fact]
    public void Parse_Oversized_ReturnsInvalidDidDocument()
    {
        var json = "{\"id\":\"did:example:1\",\"x\":\"" + new string('a', DidDocumentSerializer.DefaultMaxSize) + "\"}";

        var result = DidDocumentSerializer.Parse(json);

        Assert.Equal(DidResolutionErrors.InvalidDidDocument, result.Error!.Code);
        Assert.Contains("limit", result.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ExpectedIdDiffers_ReturnsInvalidDidDocument()
    {
        var other = Did.Parse("did:example:456").ThrowIfFailed();

        var result = DidDocumentSerializer.Parse(Sample, other);

        Assert.Equal(DidResolutionErrors.InvalidDidDocument, result.Error!.Code);
        Assert.Contains("did:example:456", result.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_Sample_ReadsEveryMember()
    {
        var doc = ParseSample();

        Assert.Equal("did:example:123", doc.Id);
        Assert.Equal(["did:example:123"], doc.Controller);
        Assert.Equal(2, doc.VerificationMethod!.Count);
        Assert.Equal("z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK", doc.VerificationMethod[0].PublicKeyMultibase);
        Assert.Equal("OKP", doc.VerificationMethod[1].PublicKeyJwk!.Value.GetProperty("kty").GetString());
        Assert.Equal("00ff", doc.VerificationMethod[1].AdditionalProperties!["publicKeyHex"].GetString());
        Assert.Equal("#key-1", doc.Authentication![0].Reference);
        Assert.Equal("#key-3", doc.Authentication[1].Embedded!.Id);
        Assert.Equal(["LinkedDomains"], doc.Service![0].Type);
        Assert.True(doc.AdditionalProperties!.ContainsKey("x-custom"));
    }

    [Fact]
    public void Serialize_Parsed_RoundTripsUnknownMembers()
    {
        var doc = ParseSample();

        var written = JsonNode.Parse(DidDocumentSerializer.Serialize(doc))!;

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(Sample), written), written.ToJsonString());
    }

    [Fact]
    public void FindVerificationMethod_RelativeOrAbsolute_FindsSameMethod()
    {
        var doc = ParseSample();

        Assert.Same(doc.VerificationMethod![0], doc.FindVerificationMethod("#key-1"));
        Assert.Same(doc.VerificationMethod[0], doc.FindVerificationMethod("did:example:123#key-1"));
        Assert.Same(doc.Authentication![1].Embedded, doc.FindVerificationMethod("#key-3"));
        Assert.Null(doc.FindVerificationMethod("#key-9"));
        Assert.Null(doc.FindVerificationMethod("did:example:999#key-1"));
    }

    [Fact]
    public void FindVerificationMethod_ByRelationship_OnlyAuthorizedMethods()
    {
        var doc = ParseSample();

        Assert.NotNull(doc.FindVerificationMethod("#key-2", VerificationRelationship.AssertionMethod));
        Assert.Null(doc.FindVerificationMethod("#key-1", VerificationRelationship.AssertionMethod));
        Assert.NotNull(doc.FindVerificationMethod("#key-1", VerificationRelationship.Authentication));
        Assert.NotNull(doc.FindVerificationMethod("#key-3", VerificationRelationship.Authentication));
        Assert.Null(doc.FindVerificationMethod("#key-3", VerificationRelationship.KeyAgreement));
    }

    [Fact]
    public void FindVerificationMethod_MethodIdOfAnotherDid_ReturnsNull()
    {
        // An attacker's document may define a method with a victim's id; it must never be found
        // as the victim's key.
        var doc = DidDocumentSerializer.Parse("""
            {"id":"did:example:attacker",
             "verificationMethod":[{"id":"did:example:victim#k","type":"Multikey","controller":"did:example:attacker","publicKeyMultibase":"z6Mk"}],
             "assertionMethod":["did:example:victim#k", {"id":"did:example:victim#e","type":"Multikey","controller":"did:example:attacker"}]}
            """).ThrowIfFailed();

        Assert.Null(doc.FindVerificationMethod("did:example:victim#k"));
        Assert.Null(doc.FindVerificationMethod("did:example:victim#k", VerificationRelationship.AssertionMethod));
        Assert.Null(doc.FindVerificationMethod("did:example:victim#e", VerificationRelationship.AssertionMethod));
        Assert.Null(doc.FindVerificationMethod("did:example:attacker", VerificationRelationship.AssertionMethod));
    }

    [Fact]
    public void FindVerificationMethod_ReferenceToUndefinedMethod_ReturnsNull()
    {
        var doc = DidDocumentSerializer.Parse("""{"id":"did:example:1","assertionMethod":["#ghost"]}""").ThrowIfFailed();

        Assert.Null(doc.FindVerificationMethod("#ghost", VerificationRelationship.AssertionMethod));
    }

    [Fact]
    public void Parse_InvalidUtf8InString_ReturnsInvalidDidDocument()
    {
        byte[] json = [.. "{\"id\":\"did:example:1\",\"x\":\""u8, 0xC3, 0x28, .. "\"}"u8];

        Assert.Equal(DidResolutionErrors.InvalidDidDocument, DidDocumentSerializer.Parse(json).Error!.Code);
    }

    [Fact]
    public void Parse_RandomBytes_NeverThrows()
    {
        Gen.Byte.Array[0, 200].Sample(bytes =>
        {
            var result = DidDocumentSerializer.Parse(bytes);
            return result.Succeeded || result.Error.Code == DidResolutionErrors.InvalidDidDocument;
        }, iter: 3000);
    }

    [Fact]
    public void Serialize_ControllerList_WritesArrayOnlyWhenMoreThanOne()
    {
        var one = new DidDocument { Id = "did:example:1", Controller = ["did:example:2"] };
        var two = new DidDocument { Id = "did:example:1", Controller = ["did:example:2", "did:example:3"] };

        Assert.Equal("""{"id":"did:example:1","controller":"did:example:2"}""", DidDocumentSerializer.Serialize(one));
        Assert.Equal("""{"id":"did:example:1","controller":["did:example:2","did:example:3"]}""", Encoding.UTF8.GetString(DidDocumentSerializer.SerializeToUtf8Bytes(two)));
    }
}
