using System.Text;
using Did.Sdk.Jose;

namespace Did.Sdk.SdJwt.Tests;

/// <summary>The parsers never throw on arbitrary input and round-trip what they accept.</summary>
public class SdJwtParsingPropertyTests
{
    [Fact]
    public void Parse_ArbitraryText_NeverThrows()
    {
        Gen.String.Sample(s => SdJwtToken.Parse(s).Succeeded || SdJwtToken.Parse(s).Error!.Code.Length > 0, iter: 1000);
        Gen.String[Gen.Char["a-zA-Z0-9_~.-"], 0, 200].Sample(s =>
        {
            var r = SdJwtToken.Parse(s);
            return !r.Succeeded || r.Value.ToCompact() == s;
        }, iter: 1000);
    }

    [Fact]
    public void DisclosureParse_ArbitraryJson_NeverThrowsAndKeepsEncoding()
    {
        Gen.String.Sample(s =>
        {
            string encoded = Base64Url.Encode(Encoding.UTF8.GetBytes(s));
            var r = SdJwtDisclosure.Parse(encoded);
            return r.Succeeded ? r.Value.Encoded == encoded : r.Error.Code == SdJwtErrorCodes.InvalidDisclosure;
        }, iter: 1000);
    }

    [Fact]
    public void DisclosureCreate_AnyClaim_ParsesBack()
    {
        Gen.Select(Gen.String, Gen.String, Gen.Int).Sample((salt, name, value) =>
        {
            var d = SdJwtDisclosure.Create(salt, name, value, SdJwtJsonStyle.Compact);
            var parsed = SdJwtDisclosure.Parse(d.Encoded).ThrowIfFailed();
            return parsed.Salt == salt && parsed.ClaimName == name && parsed.Value!.GetValue<int>() == value;
        }, iter: 500);
    }

    [Fact]
    public void ClaimPathParse_ArbitraryText_NeverThrows()
    {
        Gen.String.Sample(s => SdJwtClaimPath.Parse(s).Succeeded || SdJwtClaimPath.Parse(s).Error!.Code == ErrorCodes.InvalidJson, iter: 1000);
    }
}
