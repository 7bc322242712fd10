using System.Text;
using Did.Sdk.Jose;

namespace Did.Sdk.Methods.Tests;

public class DidJwkResolverTests
{
    private static readonly DidResolver Resolver = new(new DidJwkResolver());

    private static string DidOf(string json) => "did:jwk:" + Base64Url.Encode(Encoding.UTF8.GetBytes(json));

    public static TheoryData<string, string> InvalidJwks() => new()
    {
        { "private d", """{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo","d":"nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A"}""" },
        { "duplicate member", """{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}""" },
        { "not an object", """["kty"]""" },
        { "not JSON", """{"kty":"OKP",""" },
        { "unsupported kty", """{"kty":"RSA","n":"AQAB","e":"AQAB"}""" },
        { "unsupported curve", """{"kty":"EC","crv":"P-192","x":"AA","y":"AA"}""" },
        { "point not on curve", """{"kty":"EC","crv":"P-256","x":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA","y":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAE"}""" },
        { "unknown use", """{"kty":"OKP","crv":"X25519","use":"wrap","x":"3p7bfXt9wbTTW2HC7OQ1Nz-DQ8hbeGdNrfx-FG-IK08"}""" },
        { "X25519 for signatures", """{"kty":"OKP","crv":"X25519","use":"sig","x":"3p7bfXt9wbTTW2HC7OQ1Nz-DQ8hbeGdNrfx-FG-IK08"}""" },
        { "trailing comma", """{"kty":"OKP","crv":"X25519","x":"3p7bfXt9wbTTW2HC7OQ1Nz-DQ8hbeGdNrfx-FG-IK08",}""" },
    };

    [Theory]
    [MemberData(nameof(InvalidJwks))]
    public async Task ResolveAsync_InvalidJwk_ReturnsInvalidDid(string name, string json)
    {
        var result = await Resolver.ResolveAsync(DidOf(json));
        Assert.True(result.Error?.Code == DidResolutionErrors.InvalidDid, name + ": " + result.Error);
    }

    [Theory]
    [InlineData("did:jwk:eyJrdHkiOiJPS1AifQ==")] // '=' padding: not even DID syntax
    [InlineData("did:jwk:eyJrdHkiOiJPS1AifQ%3D%3D")] // percent-encoded padding
    [InlineData("did:jwk:e")] // length 1 mod 4
    [InlineData("did:jwk:eyJrdHkiOiJPS1AifR")] // non-zero trailing bits
    public async Task ResolveAsync_NotStrictBase64Url_ReturnsInvalidDid(string did)
    {
        var result = await Resolver.ResolveAsync(did);
        Assert.Equal(DidResolutionErrors.InvalidDid, result.Error?.Code);
    }

    public static TheoryData<string> SpecExamples()
    {
        var data = new TheoryData<string>();
        foreach (var example in TestVectors.Load("DidJwk", "spec_examples.json").GetProperty("examples").EnumerateArray())
        {
            data.Add(example.GetProperty("name").GetString()!);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SpecExamples))]
    public async Task ResolveAsync_SpecExample_MatchesDocument(string name)
    {
        var example = TestVectors.Load("DidJwk", "spec_examples.json").GetProperty("examples").EnumerateArray()
            .Single(e => e.GetProperty("name").GetString() == name);

        // The P-256 example's verbatim document has a stray '$' (upstream erratum); the corrected one is compared.
        var expected = example.TryGetProperty("did_document_corrected", out var corrected) ? corrected : example.GetProperty("did_document_verbatim");
        var result = await Resolver.ResolveAsync(example.GetProperty("did").GetString()!);

        Assert.True(result.Succeeded, result.Error?.ToString());
        JsonAssert.Equivalent(expected, result.DidDocument);
    }

    [Fact]
    public async Task ResolveAsync_SigKey_HasNoKeyAgreement()
    {
        var result = await Resolver.ResolveAsync(DidOf("""{"kty":"OKP","crv":"Ed25519","use":"sig","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}"""));

        Assert.True(result.Succeeded, result.Error?.ToString());
        Assert.Null(result.DidDocument.KeyAgreement);
        Assert.Single(result.DidDocument.AssertionMethod!);
        Assert.Single(result.DidDocument.Authentication!);
    }

    [Fact]
    public async Task ResolveAsync_EncKey_HasOnlyKeyAgreement()
    {
        var result = await Resolver.ResolveAsync(DidOf("""{"kty":"EC","crv":"P-256","use":"enc","x":"acbIQiuMs3i8_uszEjJ2tpTtRM4EU3yz91PH6CdH2V0","y":"_KcyLj9vWMptnmKtm46GqDz8wf74I5LKgrl2GzH3nSE"}"""));

        Assert.True(result.Succeeded, result.Error?.ToString());
        Assert.Single(result.DidDocument.KeyAgreement!);
        Assert.Null(result.DidDocument.AssertionMethod);
        Assert.Null(result.DidDocument.Authentication);
        Assert.Null(result.DidDocument.CapabilityInvocation);
        Assert.Null(result.DidDocument.CapabilityDelegation);
    }

    [Fact]
    public async Task ResolveAsync_X25519WithoutUse_HasOnlyKeyAgreement()
    {
        var result = await Resolver.ResolveAsync(DidOf("""{"kty":"OKP","crv":"X25519","x":"3p7bfXt9wbTTW2HC7OQ1Nz-DQ8hbeGdNrfx-FG-IK08"}"""));

        Assert.True(result.Succeeded, result.Error?.ToString());
        Assert.Single(result.DidDocument.KeyAgreement!);
        Assert.Null(result.DidDocument.AssertionMethod);
    }

    [Fact]
    public void Create_PrivateJwk_Throws()
    {
        var jwk = Jwk.Parse("""{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo","d":"nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A"}""").ThrowIfFailed();
        Assert.Throws<ArgumentException>(() => DidJwk.Create(jwk));
    }

    [Fact]
    public async Task Create_PublicJwk_ResolvesToSameKey()
    {
        var jwk = Jwk.Parse("""{"kty":"EC","crv":"P-256","x":"acbIQiuMs3i8_uszEjJ2tpTtRM4EU3yz91PH6CdH2V0","y":"_KcyLj9vWMptnmKtm46GqDz8wf74I5LKgrl2GzH3nSE"}""").ThrowIfFailed();

        var did = DidJwk.Create(jwk);
        var result = await Resolver.ResolveAsync(did.ToString());

        Assert.True(result.Succeeded, result.Error?.ToString());
        Assert.Equal(jwk, DidJwk.GetJwk(did).ThrowIfFailed());
        Assert.Equal(did + "#0", result.DidDocument.VerificationMethod![0].Id);
    }

    [Fact]
    public async Task DereferenceAsync_Fragment0_ReturnsJsonWebKey2020Method()
    {
        var example = TestVectors.Load("DidJwk", "spec_examples.json").GetProperty("examples")[0];
        var url = example.GetProperty("did_url").GetString()!;

        var result = await new DidUrlDereferencer(Resolver).DereferenceAsync(url);

        Assert.True(result.Succeeded, result.Error?.ToString());
        Assert.Equal("JsonWebKey2020", result.VerificationMethod!.Type);
        JsonAssert.Equivalent(example.GetProperty("decoded_jwk"), result.VerificationMethod.PublicKeyJwk!.Value);
    }
}
