using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Did.Sdk.Jose;
using Did.Sdk.Json;

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

/// <summary>The disclosure reader applies the strict JSON policy to every element.</summary>
public sealed class SdJwtDisclosureParsingTests
{
    [Theory]
    [InlineData("[]")]
    [InlineData("[\"s\"]")]
    [InlineData("[\"s\",\"n\",\"v\",\"x\"]")]
    [InlineData("[1,\"n\",\"v\"]")]
    [InlineData("[{\"s\":1},\"v\"]")]
    [InlineData("[\"s\",1,\"v\"]")]
    [InlineData("[\"s\",\"n\",{\"a\":1,\"a\":2}]")]
    [InlineData("[\"s\",{\"a\":{\"b\":1,\"b\":2}}]")]
    [InlineData("[\"s\",\"n\",\"v\"] 1")]
    [InlineData("[\"s\",\"n\",\"v\"]]")]
    [InlineData("[\"s\",\"n\",\"v\"")]
    [InlineData("[\"s\",\"n\",\"\\ud800\"]")]
    [InlineData("[\"\\udc00\",\"n\",\"v\"]")]
    [InlineData("[\"s\",/*c*/\"n\",\"v\"]")]
    [InlineData("[\"s\",\"n\",\"v\",]")]
    [InlineData("{\"s\":\"n\"}")]
    [InlineData("\"s\"")]
    [InlineData("[\"s\",\"n\",tru]")]
    [InlineData("")]
    [InlineData("[\"s\",\"n\",01]")]
    public void Parse_NotAStrictDisclosureArray_IsInvalidDisclosure(string json)
    {
        var result = SdJwtDisclosure.Parse(Base64Url.Encode(Encoding.UTF8.GetBytes(json)));
        Assert.False(result.Succeeded, json);
        Assert.Equal(SdJwtErrorCodes.InvalidDisclosure, result.Error.Code);
    }

    [Theory]
    [InlineData(31, true)]
    [InlineData(32, false)]
    public void Parse_NestingBeyondTheStrictDepth_IsInvalidDisclosure(int valueDepth, bool accepted)
    {
        // The outer array is one level, so a value nested valueDepth deep reaches valueDepth + 1.
        string json = "[\"s\",\"n\"," + new string('[', valueDepth) + new string(']', valueDepth) + "]";
        var result = SdJwtDisclosure.Parse(Base64Url.Encode(Encoding.UTF8.GetBytes(json)));
        Assert.Equal(accepted, result.Succeeded);
    }

    [Fact]
    public void Parse_InvalidUtf8_IsInvalidDisclosure()
    {
        byte[] bytes = [.. Encoding.UTF8.GetBytes("[\"s\",\"n\",\""), 0xC3, 0x28, .. Encoding.UTF8.GetBytes("\"]")];
        Assert.Equal(SdJwtErrorCodes.InvalidDisclosure, SdJwtDisclosure.Parse(Base64Url.Encode(bytes)).Error?.Code);
    }

    [Theory]
    [InlineData("[\"s\",\"n\",null]", "s", "n", "null")]
    [InlineData("[\"s\",\"n\",true]", "s", "n", "true")]
    [InlineData("[\"s\",false]", "s", null, "false")]
    [InlineData("[\"s\",\"n\",1.50]", "s", "n", "1.50")]
    [InlineData("[\"s\",\"n\",-0]", "s", "n", "-0")]
    [InlineData("[\"s\\u0041\",\"n\\u00e9\",\"v\\n\"]", "sA", "né", "\"v\\n\"")]
    [InlineData(" [ \"s\" , { \"a\" : [1, {\"b\": null}] } ] ", "s", null, "{\"a\":[1,{\"b\":null}]}")]
    [InlineData("[\"s\",\"n\",[]]", "s", "n", "[]")]
    [InlineData("[\"s\",\"\",\"\"]", "s", "", "\"\"")]
    public void Parse_WellFormed_KeepsSaltNameAndValue(string json, string salt, string? name, string valueJson)
    {
        string encoded = Base64Url.Encode(Encoding.UTF8.GetBytes(json));
        var d = SdJwtDisclosure.Parse(encoded).ThrowIfFailed();
        Assert.Equal(encoded, d.Encoded);
        Assert.Equal(salt, d.Salt);
        Assert.Equal(name, d.ClaimName);
        Assert.Equal(name is null, d.IsArrayElement);
        Assert.Equal(valueJson, d.Value?.ToJsonString() ?? "null");
    }

    [Fact]
    public void Parse_AgreesWithTheStrictTreeParser()
    {
        // Differential: the reader accepts exactly what StrictJson accepts as [string, value] or
        // [string, string, value], and reads the same salt, name and value.
        string[] elements =
        [
            "\"s\"", "\"n\"", "\"\"", "1", "-0.5e3", "null", "true", "\"\\ud800\"", "\"\\u00e9\"", "{\"a\":1}", "{\"a\":1,\"a\":2}",
            "[1]", "\"é\"", "{", "1,", " ", "01", "/**/1", new string('[', 31) + new string(']', 31), new string('[', 32) + new string(']', 32),
        ];
        string[] suffixes = ["", "", "", " ", "]", "1", ",", "\n"];
        var element = Gen.Int[0, elements.Length - 1].Select(i => elements[i]);
        var suffix = Gen.Int[0, suffixes.Length - 1].Select(i => suffixes[i]);
        var accepted = 0;
        Gen.Select(element.Array[0, 5], suffix).Select((e, end) => "[" + string.Join(",", e) + "]" + end).Sample(json =>
        {
            var d = SdJwtDisclosure.Parse(Base64Url.Encode(Encoding.UTF8.GetBytes(json)));
            var tree = StrictJson.ParseNode(json);
            var array = tree.Succeeded ? tree.Value as JsonArray : null;
            bool expected = array is { Count: 2 or 3 }
                && array.Take(array.Count - 1).All(e => e is JsonValue v && v.GetValueKind() == JsonValueKind.String)
                && StrictJson.Validate(Encoding.UTF8.GetBytes(json)) is null;
            if (d.Succeeded != expected)
            {
                return false;
            }

            if (!expected)
            {
                return d.Error!.Code == SdJwtErrorCodes.InvalidDisclosure;
            }

            Interlocked.Increment(ref accepted);
            return d.Value!.Salt == array![0]!.GetValue<string>()
                && d.Value.ClaimName == (array.Count == 3 ? array[1]!.GetValue<string>() : null)
                && JsonNode.DeepEquals(d.Value.Value, array[^1]);
        }, iter: 20000);
        Assert.True(accepted > 200, $"only {accepted} of the generated disclosures were well-formed");
    }

    [Fact]
    public void Parse_LargeDisclosures_ValuesDoNotShareTheDecodeBuffer()
    {
        // Disclosures longer than the stack buffer decode into pooled arrays; the parsed values must
        // own their bytes, so parsing the next disclosure cannot change an earlier one.
        var parsed = Enumerable.Range(0, 20).Select(i =>
        {
            string json = $"[\"salt{i}\",\"claim{i}\",{{\"text\":\"{new string((char)('a' + i), 700 + i)}\",\"n\":[{i},{i}.5]}}]";
            return (Json: json, Disclosure: SdJwtDisclosure.Parse(Base64Url.Encode(Encoding.UTF8.GetBytes(json))).ThrowIfFailed());
        }).ToList();

        foreach (var (json, d) in parsed)
        {
            var expected = JsonNode.Parse(json)!.AsArray();
            Assert.Equal(expected[0]!.GetValue<string>(), d.Salt);
            Assert.Equal(expected[1]!.GetValue<string>(), d.ClaimName);
            Assert.True(JsonNode.DeepEquals(expected[2], d.Value));
        }
    }

    [Fact]
    public void Parse_ByteOrderMark_IsRefusedLikeTheTreeParser()
    {
        byte[] bytes = [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("[\"s\",\"n\",\"v\"]")];
        Assert.False(StrictJson.ParseNode(bytes).Succeeded);
        Assert.Equal(SdJwtErrorCodes.InvalidDisclosure, SdJwtDisclosure.Parse(Base64Url.Encode(bytes)).Error?.Code);
    }
}
