namespace Did.Sdk.Jose.Tests.Keys;

public class VerificationKeyTests
{
    public static TheoryData<string> SmallOrderEd25519Points() => new()
    {
        "0100000000000000000000000000000000000000000000000000000000000000", // identity
        "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", // order 2
        "0000000000000000000000000000000000000000000000000000000000000000", // order 4
        "0000000000000000000000000000000000000000000000000000000000000080",
        "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05", // order 8
        "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
        "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", // non-canonical
    };

    [Theory]
    [MemberData(nameof(SmallOrderEd25519Points))]
    public void Import_SmallOrderOrNonCanonicalEd25519_FailsWithInvalidPublicKey(string hex)
    {
        Assert.Equal(JoseErrorCodes.InvalidPublicKey, VerificationKey.Import(KeyType.Ed25519, Convert.FromHexString(hex)).Error!.Code);
    }

    [Theory]
    [InlineData(KeyType.Ed25519, 31)]
    [InlineData(KeyType.Ed25519, 33)]
    [InlineData(KeyType.X25519, 0)]
    [InlineData(KeyType.P256, 32)]
    [InlineData(KeyType.P256, 64)]
    [InlineData(KeyType.Secp256k1, 34)]
    [InlineData(KeyType.P384, 33)]
    [InlineData(KeyType.P521, 65)]
    public void Import_WrongLength_FailsWithInvalidPublicKeyLength(KeyType keyType, int length)
    {
        Assert.Equal(JoseErrorCodes.InvalidPublicKeyLength, VerificationKey.Import(keyType, new byte[length]).Error!.Code);
    }

    [Theory]
    [InlineData(KeyType.P256)]
    [InlineData(KeyType.Secp256k1)]
    [InlineData(KeyType.P384)]
    [InlineData(KeyType.P521)]
    public void Import_BadPrefixOrOffCurvePoint_FailsWithInvalidPublicKey(KeyType keyType)
    {
        int n = keyType switch { KeyType.P384 => 48, KeyType.P521 => 66, _ => 32 };
        var badPrefix = new byte[n + 1];
        badPrefix[0] = 5;
        var offCurve = new byte[(2 * n) + 1];
        offCurve[0] = 4;
        offCurve[n] = 1;
        offCurve[^1] = 1;
        var xTooLarge = new byte[n + 1];
        Array.Fill(xTooLarge, (byte)0xff);
        xTooLarge[0] = 2;

        Assert.Equal(JoseErrorCodes.InvalidPublicKey, VerificationKey.Import(keyType, badPrefix).Error!.Code);
        Assert.Equal(JoseErrorCodes.InvalidPublicKey, VerificationKey.Import(keyType, offCurve).Error!.Code);
        Assert.Equal(JoseErrorCodes.InvalidPublicKey, VerificationKey.Import(keyType, xTooLarge).Error!.Code);
    }

    [Fact]
    public void Verify_KeyTypeThatDoesNotSign_ReturnsFalse()
    {
        var key = VerificationKey.Import(KeyType.X25519, [9, .. new byte[31]]).ThrowIfFailed();

        Assert.Null(key.Algorithm);
        Assert.False(key.Verify("x"u8, new byte[64]));
    }

    [Fact]
    public void ToX25519_NotEd25519_Throws()
    {
        var key = VerificationKey.Import(KeyType.X25519, [9, .. new byte[31]]).ThrowIfFailed();

        Assert.Throws<InvalidOperationException>(() => key.ToX25519());
    }
}
