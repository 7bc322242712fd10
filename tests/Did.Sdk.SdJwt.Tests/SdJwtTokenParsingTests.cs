using System.Text.Json.Nodes;

namespace Did.Sdk.SdJwt.Tests;

/// <summary>
/// The compact parser keeps the text it parsed and derives the JWS segments and the sd_hash input from
/// it; these tests pin that to the serializations the token rebuilds from its parts.
/// </summary>
public sealed class SdJwtTokenParsingTests : IDisposable
{
    private readonly Fixture _f = new();

    public void Dispose() => _f.Dispose();

    [Fact]
    public void Parse_Compact_SegmentsAndSdHashInputMatchTheRebuiltForms()
    {
        string presentation = _f.Present(_f.Issue());
        var parsed = SdJwtToken.Parse(presentation).ThrowIfFailed();
        var viaJson = SdJwtToken.Parse(parsed.ToJson()).ThrowIfFailed();

        Assert.Equal(presentation[..presentation.IndexOf('~', StringComparison.Ordinal)], parsed.IssuerSignedJwt);
        Assert.Equal(presentation[..(presentation.LastIndexOf('~') + 1)], parsed.ToCompactWithoutKeyBinding());
        Assert.Equal(parsed.IssuerSignedJwt, viaJson.IssuerSignedJwt);
        Assert.Equal(parsed.ToCompactWithoutKeyBinding(), viaJson.ToCompactWithoutKeyBinding());
        Assert.Equal(presentation, viaJson.ToCompact());
        Assert.Equal(
            parsed.ComputeSdHash(SdJwtHashAlgorithm.Sha256, 0),
            SdJwtHashAlgorithm.Sha256.Digest(viaJson.ToCompactWithoutKeyBinding()));
    }

    [Fact]
    public void Parse_SurroundingWhitespace_IsTrimmedBeforeTheSdHashInput()
    {
        string presentation = _f.Present(_f.Issue());
        var parsed = SdJwtToken.Parse("\n  " + presentation + " \r\n").ThrowIfFailed();
        Assert.Equal(presentation, parsed.ToCompact());
        Assert.Equal(SdJwtHashAlgorithm.Sha256.Digest(presentation[..(presentation.LastIndexOf('~') + 1)]), parsed.ComputeSdHash(SdJwtHashAlgorithm.Sha256, 0));
    }

    [Fact]
    public async Task VerifyAsync_SurroundingWhitespace_StillVerifies()
    {
        string presentation = _f.Present(_f.Issue());
        var result = await _f.Verifier().VerifyAsync("  " + presentation + "\n");
        Assert.True(result.Succeeded, result.Error?.ToString());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4)]
    public void Parse_DisclosureCountAtTheBound_IsAccepted_OneMoreIsRefused(int keep)
    {
        var credential = _f.Issue();
        var token = SdJwtToken.Parse(credential.ToCompact()).ThrowIfFailed();
        string text = token.IssuerSignedJwt + "~" + string.Concat(token.Disclosures.Take(keep).Select(d => d.Encoded + "~"));

        var atBound = SdJwtToken.Parse(text, maxDisclosures: keep);
        Assert.True(atBound.Succeeded, atBound.Error?.ToString());
        Assert.Equal(keep, atBound.Value.Disclosures.Count);
        Assert.Null(atBound.Value.KeyBindingJwt);

        if (keep > 0)
        {
            Assert.Equal(SdJwtErrorCodes.TooManyDisclosures, SdJwtToken.Parse(text, maxDisclosures: keep - 1).Error?.Code);
        }
    }

    [Fact]
    public void Parse_MinimalShape_IsAcceptedStructurally()
    {
        var result = SdJwtToken.Parse("a.b.c~");
        Assert.True(result.Succeeded);
        Assert.Empty(result.Value.Disclosures);
        Assert.Equal("a.b.c", result.Value.IssuerSignedJwt);
        Assert.Equal("b", result.Value.PayloadSegment);
    }

    [Theory]
    [InlineData("a.b.c")]
    [InlineData(".b.c~")]
    [InlineData("a..c~")]
    [InlineData("a.b.~")]
    [InlineData("a.b.c.d~")]
    [InlineData("a.b~")]
    [InlineData("a.b.c~~")]
    [InlineData("a.b.c~~x.y.z")]
    [InlineData("a.b.c~x.y")]
    [InlineData("a.b.c~x.y.z.w")]
    [InlineData("a.b.c~x..z")]
    public void Parse_MalformedCompactShapes_AreRefusedWithoutThrowing(string text)
    {
        var result = SdJwtToken.Parse(text);
        Assert.False(result.Succeeded);
        Assert.Equal(SdJwtErrorCodes.InvalidSdJwt, result.Error.Code);
    }

    [Fact]
    public async Task VerifyAsync_SameVerifierTwice_GivesEqualClaims()
    {
        // The verifier rewrites the payload it parsed in place; nothing of one call leaks into the next.
        string presentation = _f.Present(_f.Issue());
        var verifier = _f.Verifier();
        var first = await verifier.VerifyAsync(presentation);
        var second = await verifier.VerifyAsync(presentation);
        Assert.True(first.Succeeded && second.Succeeded);
        Assert.True(JsonNode.DeepEquals(first.Claims, second.Claims));
        Assert.False(first.Claims!.ContainsKey("_sd"));
        Assert.Equal("Berlin", first.Claims["address"]!["locality"]!.GetValue<string>());
    }
}
