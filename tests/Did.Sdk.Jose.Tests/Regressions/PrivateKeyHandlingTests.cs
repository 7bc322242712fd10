namespace Did.Sdk.Jose.Tests.Regressions;

/// <summary>
/// Regression: Jwk equality compared <c>d</c> with an early-exit comparison, and the ES256K/P-256 scalar of a
/// SigningKey lived in a movable array (copies left behind by the GC could not be erased).
/// </summary>
public class PrivateKeyHandlingTests
{
    [Theory]
    [InlineData("EdDSA")]
    [InlineData("ES256")]
    [InlineData("ES256K")]
    public void JwkEquals_PrivateKeysDifferingInLastByteOfD_AreNotEqual(string name)
    {
        JwsAlgorithm.TryGetByName(name, out var algorithm);
        using var key = SigningKey.Generate(algorithm!, exportable: true);
        var jwk = key.ExportPrivateJwk();
        var obj = jwk.ToJsonObject();
        byte[] d = Base64Url.Decode((string)obj["d"]!).ThrowIfFailed();
        d[^1] ^= 1;
        obj["d"] = Base64Url.Encode(d);
        var other = Jwk.FromJsonObject(obj).ThrowIfFailed();

        Assert.False(jwk.Equals(other));
        Assert.False(jwk.Equals(jwk.ToPublic()));
        Assert.True(jwk.Equals(Jwk.Parse(jwk.ToJson()).ThrowIfFailed()));
    }

    [Theory]
    [InlineData("ES256")]
    [InlineData("ES256K")]
    public void Dispose_EcdsaKey_ZeroesPinnedScalar(string name)
    {
        JwsAlgorithm.TryGetByName(name, out var algorithm);
        var key = SigningKey.Generate(algorithm!);
        byte[] scalar = key.ScalarArray!;
        Assert.Contains(scalar, b => b != 0);

        key.Dispose();

        Assert.All(scalar, b => Assert.Equal(0, b));
    }
}

/// <summary>Regression: every SigningKey was exportable; private keys must be non-exportable unless asked for.</summary>
public class NonExportableKeyTests
{
    public static TheoryData<string> Algorithms => new() { "EdDSA", "ES256", "ES256K" };

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void ExportPrivateJwk_DefaultGeneratedOrImportedKey_ThrowsInvalidOperation(string name)
    {
        JwsAlgorithm.TryGetByName(name, out var algorithm);
        using var generated = SigningKey.Generate(algorithm!);
        Assert.False(generated.IsExportable);
        Assert.Throws<InvalidOperationException>(() => generated.ExportPrivateJwk());

        using var exportable = SigningKey.Generate(algorithm!, exportable: true);
        using var imported = SigningKey.Import(exportable.ExportPrivateJwk()).ThrowIfFailed();
        Assert.False(imported.IsExportable);
        Assert.Throws<InvalidOperationException>(() => imported.ExportPrivateJwk());
        Assert.True(imported.VerificationKey.Verify("x"u8, imported.Sign("x"u8)));
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void ExportPrivateJwk_ExportableKey_RoundTrips(string name)
    {
        JwsAlgorithm.TryGetByName(name, out var algorithm);
        using var key = SigningKey.Generate(algorithm!, exportable: true);
        Assert.True(key.IsExportable);
        var jwk = key.ExportPrivateJwk();
        using var again = SigningKey.Import(jwk, exportable: true).ThrowIfFailed();
        Assert.Equal(jwk, again.ExportPrivateJwk());
    }
}
