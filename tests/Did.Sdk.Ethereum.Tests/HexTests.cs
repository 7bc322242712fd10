namespace Did.Sdk.Ethereum.Tests;

public sealed class HexTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("0")]
    [InlineData("00")]
    [InlineData("0X00")]
    [InlineData("0x0")]
    [InlineData("0x0g")]
    [InlineData("0x 0")]
    [InlineData("x00")]
    public void Decode_Invalid_ReturnsInvalidHex(string? text)
    {
        var result = Hex.Decode(text);
        Assert.False(result.Succeeded);
        Assert.Equal("invalidHex", result.Error.Code);
        Assert.False(Hex.TryDecode(text, out _));
        Assert.False(Hex.TryDecode((text ?? string.Empty).AsSpan(), new byte[8], out _));
    }

    [Fact]
    public void TryDecode_ShortDestination_ReturnsFalse()
    {
        Assert.False(Hex.TryDecode("0x0102".AsSpan(), new byte[1], out var written));
        Assert.Equal(0, written);
    }

    [Theory]
    [InlineData("0x", "")]
    [InlineData("0x00ff", "00FF")]
    [InlineData("0xABcd", "ABCD")]
    public void Decode_Valid_ReturnsBytes(string text, string expectedHex)
    {
        Assert.Equal(Convert.FromHexString(expectedHex), Hex.Decode(text).ThrowIfFailed());
        Assert.True(Hex.TryDecode(text.AsSpan(), new byte[4], out var written));
        Assert.Equal(expectedHex.Length / 2, written);
    }

    [Fact]
    public void Encode_Bytes_IsLowerCaseWithPrefix()
    {
        Assert.Equal("0x", Hex.Encode([]));
        Assert.Equal("0x00abff", Hex.Encode([0x00, 0xAB, 0xFF]));
    }
}
