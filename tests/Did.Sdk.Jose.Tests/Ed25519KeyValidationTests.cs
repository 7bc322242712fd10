namespace Did.Sdk.Jose.Tests;

/// <summary>The Ed25519 public key check gives the same answer on every call (its answers are remembered).</summary>
public class Ed25519KeyValidationTests
{
    // Small-order points (RFC 8032 encodings of the 8-torsion subgroup): never valid public keys.
    public static TheoryData<string> SmallOrder => new()
    {
        "0100000000000000000000000000000000000000000000000000000000000000",
        "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
        "0000000000000000000000000000000000000000000000000000000000000000",
        "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
    };

    [Theory]
    [MemberData(nameof(SmallOrder))]
    public void Import_SmallOrderKey_RefusedEveryTime(string hex)
    {
        var bytes = Convert.FromHexString(hex);
        for (var i = 0; i < 3; i++)
        {
            Assert.False(VerificationKey.Import(KeyType.Ed25519, bytes).Succeeded);
        }
    }

    [Fact]
    public void Import_SameValidKeyRepeatedly_AcceptedAndVerifies()
    {
        using var key = SigningKey.Generate(JwsAlgorithm.EdDSA, exportable: true);
        var raw = key.VerificationKey.Export();
        var signature = key.Sign("message"u8);
        for (var i = 0; i < 3; i++)
        {
            var imported = VerificationKey.Import(KeyType.Ed25519, raw).ThrowIfFailed();
            Assert.True(imported.Verify("message"u8, signature));
        }
    }

    [Fact]
    public void Import_ManyDistinctKeys_PastTheRememberedBound_StillChecked()
    {
        // More keys than the bounded memory holds, then a small-order key: still refused.
        for (var i = 0; i < 5000; i++)
        {
            using var key = SigningKey.Generate(JwsAlgorithm.EdDSA, exportable: true);
            Assert.True(VerificationKey.Import(KeyType.Ed25519, key.VerificationKey.Export()).Succeeded);
        }

        Assert.False(VerificationKey.Import(KeyType.Ed25519, Convert.FromHexString("0100000000000000000000000000000000000000000000000000000000000000")).Succeeded);
    }
}
