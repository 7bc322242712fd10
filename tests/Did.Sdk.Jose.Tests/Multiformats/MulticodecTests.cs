using CsCheck;

namespace Did.Sdk.Jose.Tests.Multiformats;

public class MulticodecTests
{
    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 0x80 })]                   // truncated
    [InlineData(new byte[] { 0xed, 0x80 })]
    [InlineData(new byte[] { 0x80, 0x00 })]             // not minimal
    [InlineData(new byte[] { 0xed, 0x81, 0x00 })]
    [InlineData(new byte[] { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01 })] // > 9 bytes
    public void TryReadVarint_Malformed_ReturnsFalse(byte[] bytes)
    {
        Assert.False(Multicodec.TryReadVarint(bytes, out _, out _));
    }

    [Theory]
    [InlineData(0x00UL, "00")]
    [InlineData(0x01UL, "01")]
    [InlineData(0x7fUL, "7f")]
    [InlineData(0x80UL, "8001")]
    [InlineData(0xffUL, "ff01")]
    [InlineData(0x012cUL, "ac02")]
    [InlineData(0x4000UL, "808001")]
    [InlineData(0xedUL, "ed01")]
    [InlineData(0x1200UL, "8024")]
    public void EncodeVarint_SpecExamples_Match(ulong value, string hex)
    {
        Assert.Equal(hex, Convert.ToHexString(Multicodec.EncodeVarint(value)).ToLowerInvariant());
        Assert.True(Multicodec.TryReadVarint(Convert.FromHexString(hex), out ulong read, out int length));
        Assert.Equal(value, read);
        Assert.Equal(hex.Length / 2, length);
    }

    [Fact]
    public void Varint_AnyValueBelow2To63_RoundTrips()
    {
        Gen.ULong[0, (1UL << 63) - 1].Sample(value =>
        {
            var bytes = Multicodec.EncodeVarint(value);
            Assert.True(Multicodec.TryReadVarint([.. bytes, 0xAA], out ulong read, out int length));
            Assert.Equal(value, read);
            Assert.Equal(bytes.Length, length);
        });
    }
}
