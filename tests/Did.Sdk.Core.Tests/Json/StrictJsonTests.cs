using System.Text;
using Did.Sdk.Json;

namespace Did.Sdk.Tests.JsonParsing;

public class StrictJsonTests
{
    [Theory]
    [InlineData("""{"a":1,"a":2}""")]
    [InlineData("""{"a":{"b":1,"b":1}}""")]
    [InlineData("""{"a":1,}""")]
    [InlineData("""{"a":1 /* c */}""")]
    [InlineData("""{"a":""")]
    [InlineData("null")]
    [InlineData("")]
    [InlineData("""{"a":"\ud800"}""")]
    [InlineData("""{"\udc00":1}""")]
    [InlineData("""{"a":"x\ud800\u0041"}""")]
    [InlineData("""{"a":1} {"b":2}""")]
    public void ParseNode_Malformed_ReturnsInvalidJson(string json)
    {
        var result = StrictJson.ParseNode(json);

        Assert.False(result.Succeeded);
        Assert.Equal(ErrorCodes.InvalidJson, result.Error.Code);
    }

    [Fact]
    public void Validate_EscapedLoneSurrogate_ReturnsErrorInsteadOfLaterThrow()
    {
        var json = Encoding.UTF8.GetBytes("""{"alg":"\ud800"}""");

        Assert.Equal(ErrorCodes.InvalidJson, StrictJson.Validate(json)!.Code);
        Assert.Equal(ErrorCodes.InvalidJson, StrictJson.ParseDocument(json).Error!.Code);
    }

    [Fact]
    public void Validate_EscapedValidPair_Passes()
    {
        Assert.Null(StrictJson.Validate(Encoding.UTF8.GetBytes("""{"a":"\ud83d\ude00","b\n":"\u00e9"}""")));
    }

    [Fact]
    public void ParseNode_TooDeep_ReturnsInvalidJson()
    {
        var json = new string('[', StrictJson.MaxDepth + 1) + new string(']', StrictJson.MaxDepth + 1);

        Assert.Equal(ErrorCodes.InvalidJson, StrictJson.ParseNode(json).Error!.Code);
        Assert.True(StrictJson.ParseNode(new string('[', StrictJson.MaxDepth) + new string(']', StrictJson.MaxDepth)).Succeeded);
    }

    [Fact]
    public void Parse_InvalidUtf8InString_ReturnsInvalidJson()
    {
        byte[] json = [.. "{\"a\":\""u8, 0xFF, 0xFE, .. "\"}"u8];

        Assert.Equal(ErrorCodes.InvalidJson, StrictJson.ParseNode(json).Error!.Code);
        Assert.Equal(ErrorCodes.InvalidJson, StrictJson.ParseDocument(json).Error!.Code);
    }

    [Fact]
    public void ParseDocument_DuplicateMembers_ReturnsInvalidJson()
    {
        var result = StrictJson.ParseDocument(Encoding.UTF8.GetBytes("""{"alg":"EdDSA","alg":"none"}"""));

        Assert.Equal(ErrorCodes.InvalidJson, result.Error!.Code);
    }

    [Fact]
    public void ParseNode_RandomBytes_NeverThrow()
    {
        Gen.Byte.Array[0, 64].Sample(bytes =>
        {
            var node = StrictJson.ParseNode(bytes);
            if (node.Succeeded)
            {
                _ = node.Value.ToJsonString();
            }

            using var doc = StrictJson.ParseDocument(bytes).Value;
            return true;
        }, iter: 5000);
    }
}
