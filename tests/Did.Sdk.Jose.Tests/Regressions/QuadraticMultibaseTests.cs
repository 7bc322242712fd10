namespace Did.Sdk.Jose.Tests.Regressions;

/// <summary>
/// Regression: base58/base10/base36 decoding is quadratic and had no length bound, so a 256 KiB
/// publicKeyMultibase cost tens of seconds.
/// </summary>
public class QuadraticMultibaseTests
{
    private static readonly string Huge = new('2', 256 * 1024);

    [Fact]
    public void MultikeyDecode_OverlongText_FailsWithInvalidPublicKeyLength()
    {
        var result = Multikey.Decode("z" + Huge);
        Assert.False(result.Succeeded);
        Assert.Equal(JoseErrorCodes.InvalidPublicKeyLength, result.Error.Code);
        Assert.Equal(JoseErrorCodes.InvalidPublicKeyLength, Multikey.Decode("z" + new string('2', Multikey.MaxLength)).Error?.Code);
    }

    [Theory]
    [InlineData('z')]
    [InlineData('Z')]
    [InlineData('9')]
    [InlineData('k')]
    [InlineData('K')]
    public void MultibaseDecode_OverlongQuadraticBase_FailsWithInputTooLarge(char prefix)
    {
        var result = Multibase.Decode(prefix + Huge);
        Assert.False(result.Succeeded);
        Assert.Equal(ErrorCodes.InputTooLarge, result.Error.Code);
        Assert.False(Multibase.TryDecode(prefix + Huge, out _, out _));
        Assert.False(Multibase.TryDecode(prefix + new string('2', Multibase.DefaultMaxQuadraticLength), out _, out _));
    }

    [Theory]
    [InlineData('f')]
    [InlineData('u')]
    [InlineData('m')]
    [InlineData('b')]
    public void MultibaseDecode_OverlongLinearBase_FailsWithInputTooLarge(char prefix)
    {
        var result = Multibase.Decode(prefix + new string('a', Multibase.DefaultMaxLength));
        Assert.False(result.Succeeded);
        Assert.Equal(ErrorCodes.InputTooLarge, result.Error.Code);
    }

    [Fact]
    public void MultibaseDecode_ExplicitBound_AppliesToEveryEncoding()
    {
        Assert.Equal(ErrorCodes.InputTooLarge, Multibase.Decode("f0011", maxLength: 4).Error?.Code);
        Assert.Equal([0, 0x11], Multibase.Decode("f0011", maxLength: 5).ThrowIfFailed());
        byte[] data = new byte[3000];
        data[0] = 1;
        string longBase58 = Multibase.Encode(data, MultibaseEncoding.Base58Btc);
        Assert.False(Multibase.Decode(longBase58).Succeeded);
        Assert.Equal(data, Multibase.Decode(longBase58, maxLength: longBase58.Length).ThrowIfFailed());
    }

    [Fact]
    public void MultibaseDecode_AtQuadraticBound_Succeeds()
    {
        string text = "z" + new string('2', Multibase.DefaultMaxQuadraticLength - 1);
        Assert.True(Multibase.Decode(text).Succeeded);
    }
}
