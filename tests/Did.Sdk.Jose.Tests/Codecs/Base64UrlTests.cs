using CsCheck;

namespace Did.Sdk.Jose.Tests.Codecs;

public class Base64UrlTests
{
    [Theory]
    [InlineData("Zg==")]        // padding
    [InlineData("Zg=")]
    [InlineData("+/8")]         // standard alphabet
    [InlineData("ab/c")]
    [InlineData("Zm 9v")]       // whitespace
    [InlineData("Zm9v\n")]
    [InlineData("Z")]           // length 1 mod 4
    [InlineData("Zm9vY")]
    [InlineData("Zh")]          // non-zero trailing bits (canonical is "Zg")
    [InlineData("Zm9")]         // canonical "Zm8"
    [InlineData("Zm9vYmFy\u00e9")]
    public void Decode_NonCanonicalOrForeignText_FailsWithInvalidBase64Url(string text)
    {
        var result = Base64Url.Decode(text);

        Assert.False(result.Succeeded);
        Assert.Equal(JoseErrorCodes.InvalidBase64Url, result.Error.Code);
        Assert.False(Base64Url.TryDecode(text, out _));
    }

    [Fact]
    public void TryDecode_DestinationTooSmall_ReturnsFalse()
    {
        Assert.False(Base64Url.TryDecode("Zm9vYmFy", new byte[5], out _));
    }

    [Theory]
    [InlineData("", "")]
    [InlineData("f", "Zg")]
    [InlineData("fo", "Zm8")]
    [InlineData("foo", "Zm9v")]
    [InlineData("foob", "Zm9vYg")]
    [InlineData("fooba", "Zm9vYmE")]
    [InlineData("foobar", "Zm9vYmFy")]
    public void Encode_Rfc4648Vectors_MatchUnpadded(string input, string expected)
    {
        var bytes = System.Text.Encoding.ASCII.GetBytes(input);

        Assert.Equal(expected, Base64Url.Encode(bytes));
        Assert.Equal(bytes, Base64Url.Decode(expected).ThrowIfFailed());
    }

    [Fact]
    public void Encode_BytesNeedingUrlAlphabet_UsesDashAndUnderscore()
    {
        Assert.Equal("-_8", Base64Url.Encode([0xfb, 0xff]));
    }

    [Fact]
    public void EncodeDecode_AnyBytes_RoundTrips()
    {
        Gen.Byte.Array[0, 300].Sample(bytes =>
        {
            string text = Base64Url.Encode(bytes);
            Assert.Equal(Base64Url.GetEncodedLength(bytes.Length), text.Length);
            Assert.True(Base64Url.TryDecode(text, out byte[]? decoded));
            Assert.Equal(bytes, decoded);
        });
    }

    [Fact]
    public void Decode_AnyAcceptedText_IsTheCanonicalEncoding()
    {
        Gen.String[Gen.Char["A-Za-z0-9_-=+/ "], 0, 40].Sample(text =>
        {
            if (Base64Url.TryDecode(text, out byte[]? decoded))
            {
                Assert.Equal(text, Base64Url.Encode(decoded));
            }
        });
    }
}
