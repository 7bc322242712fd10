using System.Text.Json;
using Did.Sdk.SdJwt.StatusList;

namespace Did.Sdk.SdJwt.Tests.StatusLists;

public class StatusReferenceTests
{
    [Theory]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("{}")]
    [InlineData("{\"status_list\":[]}")]
    [InlineData("{\"status_list\":{\"uri\":\"https://a.example/1\"}}")]
    [InlineData("{\"status_list\":{\"idx\":-1,\"uri\":\"https://a.example/1\"}}")]
    [InlineData("{\"status_list\":{\"idx\":1.5,\"uri\":\"https://a.example/1\"}}")]
    [InlineData("{\"status_list\":{\"idx\":\"1\",\"uri\":\"https://a.example/1\"}}")]
    [InlineData("{\"status_list\":{\"idx\":2147483648,\"uri\":\"https://a.example/1\"}}")]
    [InlineData("{\"status_list\":{\"idx\":1}}")]
    [InlineData("{\"status_list\":{\"idx\":1,\"uri\":5}}")]
    [InlineData("{\"status_list\":{\"idx\":1,\"uri\":\"/relative\"}}")]
    [InlineData("{\"status_list\":{\"idx\":1,\"uri\":\"ftp://a.example/1\"}}")]
    public void Parse_Malformed_ReturnsInvalidStatusReference(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var result = StatusReference.Parse(doc.RootElement);
        Assert.False(result.Succeeded);
        Assert.Equal(StatusListErrorCodes.InvalidStatusReference, result.Error.Code);
    }

    [Fact]
    public void Parse_ToStatusClaim_RoundTrips()
    {
        var reference = new StatusReference("https://a.example/lists/7", 42);
        using var doc = JsonDocument.Parse(reference.ToStatusClaim().ToJsonString());
        var parsed = StatusReference.Parse(doc.RootElement);
        Assert.True(parsed.Succeeded);
        Assert.Equal(reference, parsed.Value);
    }
}
