namespace Did.Sdk.Ethereum.Tests;

public sealed class EthereumPrivateKeyTests
{
    [Theory]
    [InlineData("")]
    [InlineData("00")]
    [InlineData("0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141")]
    [InlineData("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF")]
    public void Import_InvalidKey_ReturnsInvalidPrivateKey(string hex)
    {
        var result = EthereumPrivateKey.Import(Convert.FromHexString(hex));
        Assert.False(result.Succeeded);
        Assert.Equal("invalidPrivateKey", result.Error.Code);
    }

    [Fact]
    public void SignHash_DisposedKey_Throws()
    {
        var key = EthereumPrivateKey.Generate();
        key.Dispose();
        Assert.Throws<ObjectDisposedException>(() => EthereumSigner.SignHash(key, new byte[32]));
    }

    [Fact]
    public void ToString_Key_ShowsAddressNotSecret()
    {
        var secret = Convert.FromHexString("4af1bceebf7f3634ec3cff8a2c38e51178d5d4ce585c52d6043e5e2cc3418bb0");
        using var key = EthereumPrivateKey.Import(secret).ThrowIfFailed();
        var text = key.ToString();
        Assert.DoesNotContain("4af1bcee", text, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("EthereumPrivateKey(0x29C76e6aD8f28BB1004902578Fb108c507Be341b)", text);
    }

    [Fact]
    public void Dispose_Key_ZeroesSecret()
    {
        var key = EthereumPrivateKey.Generate();
        var field = typeof(EthereumPrivateKey).GetField("_secret", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!;
        var secret = (byte[])field.GetValue(key)!;
        Assert.Contains(secret, b => b != 0);
        key.Dispose();
        Assert.All(secret, b => Assert.Equal(0, b));
    }
}
