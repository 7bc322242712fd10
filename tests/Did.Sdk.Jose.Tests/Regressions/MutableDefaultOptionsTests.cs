namespace Did.Sdk.Jose.Tests.Regressions;

/// <summary>
/// Regression: JwsVerificationOptions.Default exposed mutable HashSets behind IReadOnlySet (a cast could
/// change the policy process-wide), and JwsVerifier kept the caller's sets without copying them.
/// </summary>
public class MutableDefaultOptionsTests
{
    [Fact]
    public void Default_CastToMutableSet_CannotBeChanged()
    {
        var allowed = Assert.IsAssignableFrom<ICollection<JwsAlgorithm>>(JwsVerificationOptions.Default.AllowedAlgorithms);
        Assert.Throws<NotSupportedException>(allowed.Clear);
        var critical = Assert.IsAssignableFrom<ICollection<string>>(JwsVerificationOptions.Default.SupportedCriticalHeaders);
        Assert.Throws<NotSupportedException>(() => critical.Add("b64"));
        Assert.Equal(3, JwsVerificationOptions.Default.AllowedAlgorithms.Count);
        Assert.Empty(JwsVerificationOptions.Default.SupportedCriticalHeaders);
    }

    [Fact]
    public void Constructor_CallerSetsChangedAfterwards_PolicyUnchanged()
    {
        var allowed = new HashSet<JwsAlgorithm> { JwsAlgorithm.ES256 };
        var critical = new HashSet<string>(StringComparer.Ordinal);
        var verifier = new JwsVerifier(new JwsVerificationOptions { AllowedAlgorithms = allowed, SupportedCriticalHeaders = critical });
        allowed.Add(JwsAlgorithm.EdDSA);
        critical.Add("b64");

        Assert.DoesNotContain(JwsAlgorithm.EdDSA, verifier.Options.AllowedAlgorithms);
        Assert.Empty(verifier.Options.SupportedCriticalHeaders);
        using var key = SigningKey.Generate(JwsAlgorithm.EdDSA);
        var result = verifier.Verify(Jws.Sign("{}"u8, key), key.VerificationKey);
        Assert.False(result.Succeeded);
        Assert.Equal(JoseErrorCodes.UnsupportedAlgorithm, result.Error.Code);
    }

    [Fact]
    public void Constructor_Options_KeepsScalarSettings()
    {
        var verifier = new JwsVerifier(new JwsVerificationOptions { MaxLength = 10, MaxSignatures = 2, RequireLowS = true });
        Assert.Equal(10, verifier.Options.MaxLength);
        Assert.Equal(2, verifier.Options.MaxSignatures);
        Assert.True(verifier.Options.RequireLowS);
    }
}
