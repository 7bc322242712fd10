using System.Numerics;
using System.Security.Cryptography;

namespace Did.Sdk.Ethereum.Tests;

public sealed class EthereumSignatureTests
{
    private static readonly BigInteger N = BigInteger.Parse("0FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture);

    // eth-sig-util "Hello, world!" personal_sign vector.
    private const string Known = "0x90a938f7457df6e8f741264c32697fc52f9a8f867c52dd70713d9d2d472f2e415d9c94148991bbe1f4a1818d1dff09165782749c877f5cf1eff4ef126e55714d1c";

    [Theory]
    [InlineData(0)]
    [InlineData(63)]
    [InlineData(66)]
    public void Parse_WrongLength_ReturnsInvalidSignature(int length)
    {
        var result = EthereumSignature.Parse(new byte[length]);
        Assert.False(result.Succeeded);
        Assert.Equal("invalidSignature", result.Error.Code);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(26)]
    [InlineData(29)]
    [InlineData(37)]
    [InlineData(38)]
    public void Parse_UnknownV_ReturnsInvalidSignature(byte v)
    {
        var bytes = VectorFiles.HexBytes(Known);
        bytes[64] = v;
        Assert.Equal("invalidSignature", EthereumSignature.Parse(bytes).Error!.Code);
    }

    [Fact]
    public void Parse_ZeroOrOverflowingRorS_ReturnsInvalidSignature()
    {
        var bytes = VectorFiles.HexBytes(Known);
        var zeroR = (byte[])bytes.Clone();
        Array.Clear(zeroR, 0, 32);
        var zeroS = (byte[])bytes.Clone();
        Array.Clear(zeroS, 32, 32);
        var bigR = (byte[])bytes.Clone();
        Array.Fill(bigR, (byte)0xFF, 0, 32);
        Assert.Equal("invalidSignature", EthereumSignature.Parse(zeroR).Error!.Code);
        Assert.Equal("invalidSignature", EthereumSignature.Parse(zeroS).Error!.Code);
        Assert.Equal("invalidSignature", EthereumSignature.Parse(bigR).Error!.Code);
        Assert.Equal("invalidSignature", EthereumSignature.Parse("0x1234").Error!.Code);
        Assert.Equal("invalidSignature", EthereumSignature.Parse((string?)null).Error!.Code);
    }

    [Fact]
    public void Parse_HighS_ReturnsNonCanonicalSignature()
    {
        var bytes = VectorFiles.HexBytes(Known);
        var s = new BigInteger(bytes.AsSpan(32, 32), isUnsigned: true, isBigEndian: true);
        var high = (N - s).ToByteArray(isUnsigned: true, isBigEndian: true);
        high.CopyTo(bytes, 32 + (32 - high.Length));
        bytes[64] = (byte)(55 - bytes[64]); // 27 <-> 28

        var result = EthereumSignature.Parse(bytes);
        Assert.False(result.Succeeded);
        Assert.Equal("nonCanonicalSignature", result.Error.Code);
        Assert.False(EthereumSigner.Recover(new byte[32], bytes).Succeeded);
    }

    [Fact]
    public void Recover_WrongHashLength_Throws()
    {
        Assert.Throws<ArgumentException>(() => EthereumSigner.Recover(new byte[31], VectorFiles.HexBytes(Known)));
    }

    [Fact]
    public void Recover_UnrecoverableSignature_ReturnsInvalidSignature()
    {
        // r = 5 is not the x of any curve point (x³ + 7 has no square root mod p).
        var r = new byte[32];
        r[31] = 5;
        var s = new byte[32];
        s[31] = 1;
        var signature = EthereumSignature.FromParts(r, s, 0).ThrowIfFailed();
        var result = EthereumSigner.Recover(new byte[32], signature);
        Assert.False(result.Succeeded);
        Assert.Equal("invalidSignature", result.Error.Code);
    }

    [Fact]
    public void FromParts_BadParts_ReturnsInvalidSignature()
    {
        Assert.Equal("invalidSignature", EthereumSignature.FromParts(new byte[31], new byte[32], 0).Error!.Code);
        Assert.Equal("invalidSignature", EthereumSignature.FromParts(new byte[32], new byte[32], 2).Error!.Code);
    }

    [Fact]
    public void Parse_VZeroOne_EqualsV27And28()
    {
        var bytes = VectorFiles.HexBytes(Known);
        var legacy = EthereumSignature.Parse(bytes).ThrowIfFailed();
        bytes[64] = (byte)(bytes[64] - 27);
        var parity = EthereumSignature.Parse(bytes).ThrowIfFailed();

        Assert.Equal(legacy, parity);
        Assert.Equal(1, parity.YParity);
        Assert.Equal(28, parity.V);
        Assert.Equal(Known, parity.ToString());
    }

    [Fact]
    public void ToCompactBytes_Eip2098_RoundTrips()
    {
        var signature = EthereumSignature.Parse(Known).ThrowIfFailed();
        var compact = signature.ToCompactBytes();

        Assert.Equal(64, compact.Length);
        Assert.Equal(0x80, compact[32] & 0x80);
        var parsed = EthereumSignature.Parse(compact).ThrowIfFailed();
        Assert.Equal(signature, parsed);
        Assert.Equal(signature.GetHashCode(), parsed.GetHashCode());
        Assert.Equal(VectorFiles.HexBytes(Known), parsed.ToBytes());
    }

    [Theory]
    [InlineData("Hello World", 27,
        "0x68a020a209d3d56c46f38cc50a33f704f4a9a10a59377f8dd762ac66910e9b907e865ad05c4035ab5792787d4a0297a43617ae897930a6fe4d822b8faea52064")]
    [InlineData("It's a small(er) world", 28,
        "0x9328da16089fcba9bececa81663203989f2df5fe1faa6291a45381c81bd17f76939c6d6b623b42da56557e5e734a43dc83345ddfadec52cbe24d0cc64f550793")]
    public void SignPersonalMessage_Eip2098TestCase_MatchesCompactForm(string message, int v, string compactHex)
    {
        // EIP-2098 "Test Cases": personal messages signed by private key 0x1234567890…1234.
        var key = Convert.FromHexString("1234567890123456789012345678901234567890123456789012345678901234");
        using var privateKey = EthereumPrivateKey.Import(key).ThrowIfFailed();
        var bytes = System.Text.Encoding.UTF8.GetBytes(message);
        var signature = EthereumSigner.SignPersonalMessage(privateKey, bytes);
        var compact = signature.ToCompactBytes();

        Assert.Equal(compactHex, VectorFiles.Lower(compact));
        Assert.Equal(v, signature.V);
        Assert.Equal(signature, EthereumSignature.Parse(compact).ThrowIfFailed());
        Assert.True(EthereumSigner.VerifyPersonalMessage(bytes, compact, privateKey.Address));
    }

    [Fact]
    public void SignHash_RandomKeys_RecoverToAddress()
    {
        for (var i = 0; i < 16; i++)
        {
            using var key = EthereumPrivateKey.Generate();
            var hash = SHA256.HashData(BitConverter.GetBytes(i));
            var signature = EthereumSigner.SignHash(key, hash);
            Assert.Equal(key.Address, EthereumSigner.Recover(hash, signature).ThrowIfFailed());
            Assert.True(EthereumSigner.VerifyHash(hash, signature.ToBytes(), key.Address));
        }
    }
}
