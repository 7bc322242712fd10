using CsCheck;

namespace Did.Sdk.Jose.Tests.Codecs;

public class MultibaseTests
{
    private static readonly Dictionary<string, MultibaseEncoding> Names = new()
    {
        ["base2"] = MultibaseEncoding.Base2,
        ["base8"] = MultibaseEncoding.Base8,
        ["base10"] = MultibaseEncoding.Base10,
        ["base16"] = MultibaseEncoding.Base16,
        ["base16upper"] = MultibaseEncoding.Base16Upper,
        ["base32"] = MultibaseEncoding.Base32,
        ["base32upper"] = MultibaseEncoding.Base32Upper,
        ["base32hex"] = MultibaseEncoding.Base32Hex,
        ["base32hexupper"] = MultibaseEncoding.Base32HexUpper,
        ["base32pad"] = MultibaseEncoding.Base32Pad,
        ["base32padupper"] = MultibaseEncoding.Base32PadUpper,
        ["base32hexpad"] = MultibaseEncoding.Base32HexPad,
        ["base32hexpadupper"] = MultibaseEncoding.Base32HexPadUpper,
        ["base32z"] = MultibaseEncoding.Base32Z,
        ["base36"] = MultibaseEncoding.Base36,
        ["base36upper"] = MultibaseEncoding.Base36Upper,
        ["base58flickr"] = MultibaseEncoding.Base58Flickr,
        ["base58btc"] = MultibaseEncoding.Base58Btc,
        ["base64"] = MultibaseEncoding.Base64,
        ["base64pad"] = MultibaseEncoding.Base64Pad,
        ["base64url"] = MultibaseEncoding.Base64Url,
        ["base64urlpad"] = MultibaseEncoding.Base64UrlPad,
        ["base256emoji"] = MultibaseEncoding.Base256Emoji,
    };

    public static TheoryData<string, string, string> EncodeCases()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var file in new[] { "basic.csv", "leading_zero.csv", "two_leading_zeros.csv" })
        {
            var lines = File.ReadAllLines(VectorFiles.Path("Multiformats/multibase/tests/" + file));
            string input = Unquote(lines[0].Split(',', 2)[1]);
            foreach (var line in lines.Skip(1).Where(l => l.Length > 0))
            {
                var parts = line.Split(',', 2);
                data.Add(file + ":" + parts[0], input, Unquote(parts[1]));
            }
        }

        return data;
    }

    public static TheoryData<string, string> CaseInsensitiveCases()
    {
        var data = new TheoryData<string, string>();
        var lines = File.ReadAllLines(VectorFiles.Path("Multiformats/multibase/tests/case_insensitivity.csv"));
        foreach (var line in lines.Skip(1).Where(l => l.Length > 0))
        {
            var parts = line.Split(',', 2);
            data.Add(parts[0], Unquote(parts[1]));
        }

        return data;
    }

    [Theory]
    [InlineData("")]
    [InlineData("x123")]          // unknown prefix
    [InlineData("z0OIl")]         // not base58btc alphabet
    [InlineData("f0")]            // odd hex
    [InlineData("fzz")]
    [InlineData("u+/8")]          // base64url with standard alphabet
    [InlineData("mZg==")]         // unpadded base64 with padding
    [InlineData("UZg=")]          // wrong padding length
    [InlineData("0101")]          // base2 not a whole byte
    public void TryDecode_MalformedText_ReturnsFalse(string text)
    {
        Assert.False(Multibase.TryDecode(text, out _, out _));
        Assert.Equal(JoseErrorCodes.InvalidMultibase, Multibase.Decode(text).Error!.Code);
    }

    [Theory]
    [MemberData(nameof(EncodeCases))]
    public void EncodeDecode_MultibaseVectors_Match(string name, string input, string expected)
    {
        var encodingName = name.Split(':')[1];
        var encoding = Names[encodingName];
        var bytes = System.Text.Encoding.UTF8.GetBytes(input.Replace("\\x00", "\0", StringComparison.Ordinal));

        Assert.Equal(expected, Multibase.Encode(bytes, encoding));
        Assert.True(Multibase.TryDecode(expected, out var decodedEncoding, out var decoded));
        Assert.Equal(encoding, decodedEncoding);
        Assert.Equal(bytes, decoded);
    }

    [Theory]
    [MemberData(nameof(CaseInsensitiveCases))]
    public void Decode_MixedCaseVectors_DecodeToHelloWorld(string name, string text)
    {
        Assert.True(Multibase.TryDecode(text, out _, out var decoded), name);
        Assert.Equal("hello world", System.Text.Encoding.UTF8.GetString(decoded));
    }

    [Fact]
    public void EncodeDecode_AnyBytesAnyEncoding_RoundTrips()
    {
        Gen.Select(Gen.Byte.Array[0, 64], Gen.Enum<MultibaseEncoding>()).Sample((bytes, encoding) =>
        {
            string text = Multibase.Encode(bytes, encoding);
            Assert.True(Multibase.TryDecode(text, out var decodedEncoding, out var decoded), $"{encoding} {text}");
            Assert.Equal(encoding, decodedEncoding);
            Assert.Equal(bytes, decoded);
        });
    }

    private static string Unquote(string value)
    {
        value = value.Trim();
        return value.StartsWith('"') ? value[1..^1] : value;
    }
}
