namespace Did.Sdk.Tests;

public class DidUrlDereferencerTests
{
    private static (DidUrlDereferencer Dereferencer, FakeMethodResolver Example) Create()
    {
        var example = new FakeMethodResolver("example").Add(DidDocumentTests.Sample);
        return (new DidUrlDereferencer(new DidResolver(example)), example);
    }

    [Theory]
    [InlineData("did:example:123#nope", DidResolutionErrors.NotFound)]
    [InlineData("did:example:123?service=nope", DidResolutionErrors.NotFound)]
    [InlineData("did:example:123/some/path", DidResolutionErrors.NotFound)]
    [InlineData("did:example:999#key-1", DidResolutionErrors.NotFound)]
    [InlineData("did:example:123?versionTime=2021-01-01", DidResolutionErrors.InvalidOptions)]
    [InlineData("did:other:123#key-1", DidResolutionErrors.MethodNotSupported)]
    [InlineData("not a url", DidResolutionErrors.InvalidDidUrl)]
    [InlineData("did:example:123?service=hub&relativeRef=https%3A%2F%2Fevil.example%2Fx", DidResolutionErrors.InvalidDidUrl)]
    [InlineData("did:example:123?service=hub&relativeRef=%2F%2Fevil.example%2Fx", DidResolutionErrors.InvalidDidUrl)]
    [InlineData("did:example:123?service=files&relativeRef=%2Fetc%2Fpasswd", DidResolutionErrors.NotFound)]
    public async Task DereferenceAsync_Unresolvable_ReturnsError(string url, string code)
    {
        var (dereferencer, _) = Create();

        var result = await dereferencer.DereferenceAsync(url);

        Assert.False(result.Succeeded);
        Assert.Equal(code, result.Error.Code);
        Assert.Equal(DereferencedResourceKind.None, result.Kind);
    }

    [Fact]
    public async Task DereferenceAsync_Fragment_ReturnsVerificationMethod()
    {
        var (dereferencer, _) = Create();

        var result = await dereferencer.DereferenceAsync("did:example:123#key-2");

        Assert.True(result.Succeeded);
        Assert.Equal(DereferencedResourceKind.VerificationMethod, result.Kind);
        Assert.Equal("did:example:123#key-2", result.VerificationMethod!.Id);
        Assert.Equal("JsonWebKey2020", result.ContentStream.Value.GetProperty("type").GetString());
    }

    [Fact]
    public async Task DereferenceAsync_ServiceFragment_ReturnsService()
    {
        var (dereferencer, _) = Create();

        var result = await dereferencer.DereferenceAsync("did:example:123#hub");

        Assert.Equal(DereferencedResourceKind.Service, result.Kind);
        Assert.Equal("#hub", result.Service!.Id);
    }

    [Fact]
    public async Task DereferenceAsync_ServiceWithRelativeRef_ReturnsUrl()
    {
        var (dereferencer, _) = Create();

        var result = await dereferencer.DereferenceAsync("did:example:123?service=hub&relativeRef=%2Fcredentials%3Fid%3D1");

        Assert.Equal(DereferencedResourceKind.Url, result.Kind);
        Assert.Equal("https://hub.example.com/credentials?id=1", result.Url);
    }

    [Fact]
    public async Task DereferenceAsync_BareDid_ReturnsDocument()
    {
        var (dereferencer, _) = Create();

        var result = await dereferencer.DereferenceAsync("did:example:123");

        Assert.Equal(DereferencedResourceKind.DidDocument, result.Kind);
        Assert.Equal("did:example:123", result.DidDocument!.Id);
    }

    [Fact]
    public async Task DereferenceAsync_VersionIdParameter_PassedToResolver()
    {
        var (dereferencer, _) = Create();

        var result = await dereferencer.DereferenceAsync("did:example:123?versionId=42#key-1");

        Assert.Equal("42", result.ContentMetadata.VersionId);
    }
}
