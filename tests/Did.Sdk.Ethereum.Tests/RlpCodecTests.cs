using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;
using Did.Sdk.Ethereum.Rlp;

namespace Did.Sdk.Ethereum.Tests;

public sealed class RlpCodecTests
{
    private static JsonElement LoadRlp(string file)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Vectors", "RLP", file)));
        return doc.RootElement.Clone();
    }

    public static TheoryData<string> InvalidVectorNames()
        => [.. LoadRlp("invalidRLPTest.json").EnumerateObject().Select(p => p.Name)];

    public static TheoryData<string> ValidVectorNames()
        => [.. LoadRlp("rlptest.json").EnumerateObject().Select(p => p.Name)];

    [Theory]
    [MemberData(nameof(InvalidVectorNames))]
    public void Decode_InvalidVector_Fails(string name)
    {
        var hex = LoadRlp("invalidRLPTest.json").GetProperty(name).GetProperty("out").GetString()!;
        var bytes = Convert.FromHexString(hex.StartsWith("0x", StringComparison.Ordinal) ? hex[2..] : hex);
        var result = RlpCodec.Decode(bytes);
        Assert.False(result.Succeeded);
        Assert.Equal(EthereumErrorCodes.InvalidRlp, result.Error.Code);
    }

    [Theory]
    [InlineData("", "empty input")]
    [InlineData("8100", "wrapped single byte 0x00")]
    [InlineData("b800", "long form for a short string")]
    [InlineData("b90000", "length with a leading zero")]
    [InlineData("b8", "truncated length")]
    [InlineData("83646f", "truncated payload")]
    [InlineData("83646f6700", "trailing byte")]
    [InlineData("c2830102", "child longer than its list")]
    [InlineData("f800", "long form for a short list")]
    [InlineData("bc7fffffff", "4-byte length beyond the input")]
    [InlineData("bd0100000000", "5-byte length")]
    public void Decode_NonCanonical_FailsWithInvalidRlp(string hex, string why)
    {
        var result = RlpCodec.Decode(Convert.FromHexString(hex));
        Assert.False(result.Succeeded, why);
        Assert.Equal(EthereumErrorCodes.InvalidRlp, result.Error.Code);
    }

    [Fact]
    public void Decode_NestingDeeperThanLimit_FailsWithInputTooLarge()
    {
        var item = RlpItem.FromList();
        for (var i = 0; i < 20; i++)
        {
            item = RlpItem.FromList(item);
        }

        var result = RlpCodec.Decode(RlpCodec.Encode(item), new RlpDecodeOptions { MaxDepth = 16 });
        Assert.False(result.Succeeded);
        Assert.Equal(ErrorCodes.InputTooLarge, result.Error.Code);
    }

    [Fact]
    public void Decode_InputLargerThanLimit_FailsWithInputTooLarge()
    {
        var encoded = RlpCodec.Encode(RlpItem.FromBytes(new byte[100]));
        var result = RlpCodec.Decode(encoded, new RlpDecodeOptions { MaxInputSize = 64 });
        Assert.False(result.Succeeded);
        Assert.Equal(ErrorCodes.InputTooLarge, result.Error.Code);
    }

    [Fact]
    public void Decode_DeepButAllowedNesting_Succeeds()
    {
        var item = RlpItem.FromList();
        for (var i = 0; i < 16; i++)
        {
            item = RlpItem.FromList(item);
        }

        Assert.True(RlpCodec.Decode(RlpCodec.Encode(item), new RlpDecodeOptions { MaxDepth = 16 }).Succeeded);
    }

    [Fact]
    public void TryGetInteger_LeadingZero_ReturnsFalse()
    {
        Assert.False(RlpItem.FromBytes([0x00, 0x01]).TryGetInteger(32, out _));
        Assert.False(RlpItem.FromBytes([0x00]).TryGetUInt64(out _));
        Assert.False(RlpItem.FromBytes(new byte[9] { 1, 0, 0, 0, 0, 0, 0, 0, 0 }).TryGetUInt64(out _));
        Assert.True(RlpItem.FromBytes([]).TryGetUInt64(out var zero));
        Assert.Equal(0UL, zero);
    }

    [Theory]
    [MemberData(nameof(ValidVectorNames))]
    public void EncodeDecode_ValidVector_MatchesCanonicalBytes(string name)
    {
        var vector = LoadRlp("rlptest.json").GetProperty(name);
        var expected = VectorFiles.HexBytes(vector.GetProperty("out").GetString());
        var item = ToItem(vector.GetProperty("in"));

        Assert.Equal(expected, RlpCodec.Encode(item));
        var decoded = RlpCodec.Decode(expected);
        Assert.True(decoded.Succeeded, decoded.Error?.Message);
        Assert.Equal(expected, RlpCodec.Encode(decoded.Value));
    }

    [Fact]
    public void EncodeDecode_RandomItems_RoundTrip()
    {
        var genItem = GenItem(4);
        genItem.Sample(item =>
        {
            var encoded = RlpCodec.Encode(item);
            var decoded = RlpCodec.Decode(encoded);
            return decoded.Succeeded && RlpCodec.Encode(decoded.Value).AsSpan().SequenceEqual(encoded);
        });
    }

    [Fact]
    public void Decode_RandomBytes_NeverThrowsAndAcceptsOnlyCanonical()
    {
        Gen.Byte.Array[0, 80].Sample(bytes =>
        {
            var decoded = RlpCodec.Decode(bytes);
            return !decoded.Succeeded || RlpCodec.Encode(decoded.Value).AsSpan().SequenceEqual(bytes);
        });
    }

    private static Gen<RlpItem> GenItem(int depth)
    {
        var leaf = Gen.Byte.Array[0, 70].Select(b => RlpItem.FromBytes(b));
        return depth == 0
            ? leaf
            : Gen.Frequency((3, leaf), (1, GenItem(depth - 1).List[0, 5].Select(items => RlpItem.FromList(items))));
    }

    private static RlpItem ToItem(JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Array:
                return RlpItem.FromList(value.EnumerateArray().Select(ToItem).ToList());
            case JsonValueKind.Number:
                return RlpItem.FromInteger(value.GetUInt64());
            default:
                var text = value.GetString()!;
                if (text.StartsWith('#'))
                {
                    return RlpItem.FromInteger(BigInteger.Parse(text.AsSpan(1), CultureInfo.InvariantCulture));
                }

                return text.StartsWith("0x", StringComparison.Ordinal)
                    ? RlpItem.FromBytes(Convert.FromHexString(text.AsSpan(2)))
                    : RlpItem.FromBytes(Encoding.UTF8.GetBytes(text));
        }
    }
}
