namespace Did.Sdk.Tests;

public class DidTests
{
    public static TheoryData<string> InvalidDids => TestData.Strings("did_syntax_cases.json", "invalidDid");
    public static TheoryData<string> ValidDids => TestData.Strings("did_syntax_cases.json", "validDid");
    public static TheoryData<string> NotAscii => TestData.Strings("did_syntax_cases.json", "notAsciiString");

    [Theory]
    [MemberData(nameof(InvalidDids))]
    [MemberData(nameof(NotAscii))]
    [InlineData("")]
    [InlineData("did:Example:123")]
    [InlineData("did:ex-ample:123")]
    [InlineData("DID:example:123")]
    [InlineData("did:example:12 3")]
    [InlineData("did:example:123%")]
    [InlineData("did:example:123%2")]
    [InlineData("did:example:123%zz")]
    [InlineData("did:example:123/path")]
    [InlineData("did:example:123?query")]
    [InlineData("did:example:ab\u00e9")]
    [InlineData("did::123")]
    [InlineData("did:example:")]
    [InlineData("did:example:123:")]
    public void Parse_InvalidDid_ReturnsInvalidDid(string value)
    {
        var result = Did.Parse(value);

        Assert.False(result.Succeeded);
        Assert.Equal(DidResolutionErrors.InvalidDid, result.Error.Code);
        Assert.False(Did.TryParse(value, out _));
    }

    [Fact]
    public void Parse_Null_ReturnsInvalidDid()
    {
        Assert.Equal(DidResolutionErrors.InvalidDid, Did.Parse(null).Error!.Code);
    }

    [Fact]
    public void Parse_LongerThanMaxLength_ReturnsInvalidDid()
    {
        var value = "did:example:" + new string('a', Did.MaxLength);

        var result = Did.Parse(value);

        Assert.Equal(DidResolutionErrors.InvalidDid, result.Error!.Code);
        Assert.Contains("longer", result.Error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(ValidDids))]
    [InlineData("did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK")]
    [InlineData("did:ethr:0x14a34:0xb9c5714089478a327f09197987f16f9e5d936e8a")]
    [InlineData("did:web:example.com%3A8443:user:alice")]
    public void Parse_ValidDid_RoundTrips(string value)
    {
        var did = Did.Parse(value).ThrowIfFailed();

        Assert.Equal(value, did.ToString());
        Assert.Equal(value, "did:" + did.Method + ":" + did.MethodSpecificId);
    }

    [Fact]
    public void Parse_ValidDid_SplitsMethodAndId()
    {
        var did = Did.Parse("did:ethr:optimism:0xb9c5714089478a327f09197987f16f9e5d936e8a").ThrowIfFailed();

        Assert.Equal("ethr", did.Method);
        Assert.Equal("optimism:0xb9c5714089478a327f09197987f16f9e5d936e8a", did.MethodSpecificId);
    }

    [Fact]
    public void Equals_SameString_AreEqual()
    {
        var a = Did.Parse("did:example:123").ThrowIfFailed();
        var b = Did.Parse("did:example:123").ThrowIfFailed();
        var c = Did.Parse("did:example:124").ThrowIfFailed();

        Assert.Equal(a, b);
        Assert.True(a == b);
        Assert.True(a != c);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
    }

    [Fact]
    public void ThrowIfFailed_InvalidDid_ThrowsSdkExceptionWithCode()
    {
        var ex = Assert.Throws<SdkException>(() => Did.Parse("not-a-did").ThrowIfFailed());

        Assert.Equal(DidResolutionErrors.InvalidDid, ex.Error.Code);
        Assert.Equal("docs/errors/invalidDid.md", ex.HelpLink);
    }

    [Fact]
    public void Parse_RandomStrings_NeverThrow()
    {
        Gen.String.Sample(s =>
        {
            var result = Did.Parse(s);
            return result.Succeeded ? result.Value.ToString() == s : result.Error.Code == DidResolutionErrors.InvalidDid;
        }, iter: 5000);
    }

    [Fact]
    public void Parse_GeneratedValidDids_Succeed()
    {
        var idChar = Gen.Char["abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_"];
        var segment = idChar.Array[1, 12].Select(a => new string(a));
        var gen = Gen.Select(Gen.Char["abcxyz019"].Array[1, 8], segment.Array[1, 4],
            (m, segs) => "did:" + new string(m) + ":" + string.Join(':', segs));

        gen.Sample(s => Did.Parse(s).Succeeded, iter: 2000);
    }
}
