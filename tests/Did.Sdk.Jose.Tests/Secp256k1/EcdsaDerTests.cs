using CsCheck;

namespace Did.Sdk.Jose.Tests.Secp256k1;

public sealed class EcdsaDerTests
{
    public static TheoryData<string> NonStrictEncodings => new()
    {
        "",
        "3006020101020101" + "00",                 // trailing byte
        "3007020101020101",                        // sequence length too long
        "3005020101020101",                        // sequence length too short
        "308106020101020101",                      // long-form length
        "3106020101020101",                        // wrong sequence tag
        "3006030101020101",                        // wrong integer tag
        "30060201ff020101",                        // negative r
        "3007020200010201" + "01",                 // r with superfluous zero
        "300502000201" + "01",                     // empty integer
        "3026022200" + new string('1', 66) + "020101", // r wider than 32 bytes
        "3006020101",                              // missing s
    };

    [Theory]
    [MemberData(nameof(NonStrictEncodings))]
    public void TryDecode_NonStrictDer_ReturnsFalse(string hex)
    {
        Assert.False(EcdsaDer.TryDecode(Convert.FromHexString(hex), new byte[64]));
    }

    [Fact]
    public void TryDecode_ShortDestination_ReturnsFalse()
    {
        Assert.False(EcdsaDer.TryDecode(Convert.FromHexString("3006020101020101"), new byte[63]));
    }

    [Fact]
    public void TryEncode_WrongSignatureLength_Throws()
    {
        Assert.Throws<ArgumentException>(() => EcdsaDer.TryEncode(new byte[63], new byte[72], out _));
    }

    [Fact]
    public void TryEncode_ShortDestination_ReturnsFalse()
    {
        var signature = new byte[64];
        signature[0] = 0x80;
        signature[32] = 0x80;
        Assert.False(EcdsaDer.TryEncode(signature, new byte[71], out var written));
        Assert.Equal(0, written);
    }

    [Fact]
    public void Encode_SmallAndHighBitValues_IsMinimalDer()
    {
        var signature = new byte[64];
        signature[31] = 1;
        signature[32] = 0x80;
        var der = EcdsaDer.Encode(signature);
        Assert.Equal("3026020101022100" + "80" + new string('0', 62), Convert.ToHexString(der));
    }

    [Fact]
    public void Decode_EncodeRoundTrip_IsIdentity()
    {
        Gen.Byte.Array[64].Sample(signature =>
        {
            var der = EcdsaDer.Encode(signature);
            var decoded = new byte[64];
            Assert.True(EcdsaDer.TryDecode(der, decoded));
            Assert.Equal(signature, decoded);
        }, iter: 500);
    }
}
