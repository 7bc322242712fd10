namespace Did.Sdk.Methods.Tests;

public class DidWebUrlTests
{
    [Theory]
    [InlineData("did:web:127.0.0.1")] // IPv4 address
    [InlineData("did:web:10.0.0.1%3A8443")] // IPv4 address with port
    [InlineData("did:web:123")] // read as IPv4 0.0.0.123 by URL parsers
    [InlineData("did:web:0x7f000001")] // hexadecimal IPv4
    [InlineData("did:web:example.com%3A0")] // port 0
    [InlineData("did:web:example.com%3A65536")] // port too large
    [InlineData("did:web:example.com%3Aabc")] // port not numeric
    [InlineData("did:web:example.com%2F..")] // encoded character other than the port colon
    [InlineData("did:web:-example.com")] // label starts with '-'
    [InlineData("did:web:example..com")] // empty label
    [InlineData("did:web:example.com:user::alice")] // empty path segment
    [InlineData("did:web:example.com:..:alice")] // dot-dot segment
    [InlineData("did:web:example.com:a%2Fb")] // encoded slash in a segment
    [InlineData("did:web:example.com:a%3Fb")] // encoded '?' in a segment
    [InlineData("did:web:exa_mple.com")] // '_' is not a host character
    public void GetDocumentUrl_InvalidDid_ReturnsInvalidDid(string did)
    {
        var result = DidWebUrl.GetDocumentUrl(Did.Parse(did).ThrowIfFailed());
        Assert.Equal(DidResolutionErrors.InvalidDid, result.Error?.Code);
    }

    public static TheoryData<string, string> SpecCases()
    {
        var data = new TheoryData<string, string>();
        foreach (var c in TestVectors.Load("DidWeb", "spec_examples.json").GetProperty("didToUrl").EnumerateArray())
        {
            data.Add(c.GetProperty("did").GetString()!, c.GetProperty("url").GetString()!);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SpecCases))]
    public void GetDocumentUrl_SpecExample_MatchesUrl(string did, string url)
    {
        var result = DidWebUrl.GetDocumentUrl(Did.Parse(did).ThrowIfFailed());

        Assert.True(result.Succeeded, result.Error?.ToString());
        Assert.Equal(url, result.Value.AbsoluteUri);
    }

    [Theory]
    [InlineData("did:web:Example.COM", "https://example.com/.well-known/did.json")]
    [InlineData("did:web:example.com:a%20b", "https://example.com/a%20b/did.json")]
    [InlineData("did:web:example.com%3a8443", "https://example.com:8443/.well-known/did.json")]
    public void GetDocumentUrl_CaseAndEncoding_Normalized(string did, string url)
        => Assert.Equal(url, DidWebUrl.GetDocumentUrl(Did.Parse(did).ThrowIfFailed()).ThrowIfFailed().AbsoluteUri);
}
