using System.Text.Json;

namespace Did.Sdk.Ethr.Tests;

public sealed class EthrDidTests
{
    public static TheoryData<string, bool> MatcherCases()
    {
        var data = new TheoryData<string, bool>();
        foreach (var c in TestSupport.LoadVector("identifier_parsing_and_error_cases.json").GetProperty("identifierMatcher").EnumerateArray())
        {
            data.Add(c.GetProperty("input").GetString()!, c.GetProperty("matches").GetBoolean());
        }

        return data;
    }

    public static TheoryData<string, string, string?, string?> InterpretCases()
    {
        var data = new TheoryData<string, string, string?, string?>();
        foreach (var c in TestSupport.LoadVector("identifier_parsing_and_error_cases.json").GetProperty("interpretIdentifier").EnumerateArray())
        {
            var e = c.GetProperty("expected");
            data.Add(c.GetProperty("input").GetString()!, e.GetProperty("address").GetString()!, e.GetProperty("publicKey").GetString(), e.GetProperty("network").GetString());
        }

        return data;
    }

    [Theory]
    [InlineData("")]
    [InlineData("2nQtiQG6Cgm1GYTBaaKAgr76uY7iSexUkqX")]
    [InlineData(":0xd0dbe9d3698738f899ccd8ee27ff2347a7faa4dd")]
    [InlineData("0xD0dbE9d3698738f899ccD8ee27ff2347a7faa4dd")]
    [InlineData("0x020000000000000000000000000000000000000000000000000000000000000005")]
    [InlineData("0x0479be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798")]
    public void Parse_Invalid_ReturnsInvalidDid(string id)
    {
        var result = EthrDid.Parse(id);
        Assert.False(result.Succeeded);
        Assert.Equal(DidResolutionErrors.InvalidDid, result.Error.Code);
    }

    [Theory]
    [MemberData(nameof(MatcherCases))]
    public void Parse_IdentifierMatcherVectors(string input, bool matches) => Assert.Equal(matches, EthrDid.Parse(input).Succeeded);

    [Theory]
    [MemberData(nameof(InterpretCases))]
    public void Parse_InterpretIdentifierVectors(string input, string address, string? publicKey, string? network)
    {
        var id = input.StartsWith("did:", StringComparison.Ordinal) ? Did.Parse(input.Split('?')[0]).ThrowIfFailed().MethodSpecificId : input;
        var parsed = EthrDid.Parse(id).ThrowIfFailed();
        Assert.Equal(address, parsed.Address.ToString());
        Assert.Equal(publicKey, parsed.PublicKeyHex);
        Assert.Equal(network, parsed.Network);
    }

    [Fact]
    public void Parse_RandomText_NeverThrows()
        => Gen.String[0, 120].Sample(text => { _ = EthrDid.Parse(text); });
}
