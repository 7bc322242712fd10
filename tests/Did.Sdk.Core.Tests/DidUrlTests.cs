namespace Did.Sdk.Tests;

public class DidUrlTests
{
    public static TheoryData<string> InvalidUrls => TestData.Strings("did_syntax_cases.json", "invalidDidUrl");
    public static TheoryData<string> ValidUrls => TestData.Strings("did_syntax_cases.json", "validDidUrl");

    [Theory]
    [MemberData(nameof(InvalidUrls))]
    [InlineData("did:example:123#frag ment")]
    [InlineData("did:example:123/pa th")]
    [InlineData("did:example:123?a=%zz")]
    [InlineData("did:example:123#a#b")]
    [InlineData("did:example:123/\u00e9")]
    [InlineData("#key-1")]
    public void Parse_InvalidUrl_ReturnsInvalidDidUrl(string value)
    {
        var result = DidUrl.Parse(value);

        Assert.False(result.Succeeded);
        Assert.Equal(DidResolutionErrors.InvalidDidUrl, result.Error.Code);
    }

    [Theory]
    [MemberData(nameof(ValidUrls))]
    public void Parse_ValidUrl_RoundTrips(string value)
    {
        var url = DidUrl.Parse(value).ThrowIfFailed();

        Assert.Equal(value, url.ToString());
        Assert.Equal(value, url.Did + url.Path + (url.Query is null ? "" : "?" + url.Query) + (url.Fragment is null ? "" : "#" + url.Fragment));
    }

    [Fact]
    public void Parse_AllComponents_SplitsThem()
    {
        var url = DidUrl.Parse("did:example:123/a/b?service=agent&relativeRef=%2Fcredentials#degree").ThrowIfFailed();

        Assert.Equal("did:example:123", url.Did.ToString());
        Assert.Equal("/a/b", url.Path);
        Assert.Equal("service=agent&relativeRef=%2Fcredentials", url.Query);
        Assert.Equal("degree", url.Fragment);
        Assert.Equal("agent", url.Parameters["service"]);
        Assert.Equal("/credentials", url.Parameters["relativeRef"]);
        Assert.False(url.IsDid);
    }

    [Fact]
    public void Parse_EmptyFragmentAndQuery_AreEmptyNotNull()
    {
        var url = DidUrl.Parse("did:example:123?#").ThrowIfFailed();

        Assert.Equal(string.Empty, url.Query);
        Assert.Equal(string.Empty, url.Fragment);
    }

    [Fact]
    public void Parse_RelativeAgainstBase_MakesAbsolute()
    {
        var baseDid = Did.Parse("did:example:123").ThrowIfFailed();

        Assert.Equal("did:example:123#key-1", DidUrl.Parse("#key-1", baseDid).ThrowIfFailed().ToString());
        Assert.Equal("did:example:456#k", DidUrl.Parse("did:example:456#k", baseDid).ThrowIfFailed().ToString());
        Assert.False(DidUrl.Parse("key-1", baseDid).Succeeded);
    }

    [Fact]
    public void Parse_DidPartLongerThanDidMaxLength_ReturnsInvalidDidUrl()
    {
        var value = "did:example:" + new string('a', Did.MaxLength) + "#k";

        Assert.Equal(DidResolutionErrors.InvalidDidUrl, DidUrl.Parse(value).Error!.Code);
    }

    [Fact]
    public void Parse_LongerThanMaxLength_ReturnsInvalidDidUrl()
    {
        var value = "did:example:123#" + new string('a', DidUrl.MaxLength);

        Assert.Equal(DidResolutionErrors.InvalidDidUrl, DidUrl.Parse(value).Error!.Code);
    }

    [Fact]
    public void Parse_RandomStrings_NeverThrow()
    {
        Gen.String.Sample(s =>
        {
            var suffixed = "did:example:1" + s;
            var result = DidUrl.Parse(suffixed);
            return result.Succeeded ? result.Value.ToString() == suffixed : result.Error.Code == DidResolutionErrors.InvalidDidUrl;
        }, iter: 5000);
    }
}

public class DidDateTimeTests
{
    public static TheoryData<string> Invalid => TestData.Strings("did_syntax_cases.json", "invalidDidCoreDatetime");
    public static TheoryData<string> Valid => TestData.Strings("did_syntax_cases.json", "validDidCoreDatetime");

    [Theory]
    [MemberData(nameof(Invalid))]
    public void TryParse_Invalid_ReturnsFalse(string value) => Assert.False(DidDateTime.TryParse(value, out _));

    [Theory]
    [MemberData(nameof(Valid))]
    public void TryParse_Valid_RoundTrips(string value)
    {
        Assert.True(DidDateTime.TryParse(value, out var time));
        Assert.Equal(TimeSpan.Zero, time.Offset);
        Assert.Equal(value, DidDateTime.Format(time));
    }

    [Fact]
    public void Format_OffsetAndFraction_NormalizesToUtcSeconds()
    {
        var time = new DateTimeOffset(2021, 3, 18, 11, 30, 10, 123, TimeSpan.FromHours(2));

        Assert.Equal("2021-03-18T09:30:10Z", DidDateTime.Format(time));
    }
}
