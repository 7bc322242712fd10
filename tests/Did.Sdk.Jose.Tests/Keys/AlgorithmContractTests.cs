using System.Text.Json.Nodes;

namespace Did.Sdk.Jose.Tests.Keys;

/// <summary>Contract tests that every algorithm of the closed set must pass.</summary>
public class AlgorithmContractTests
{
    private static readonly byte[] Data = System.Text.Encoding.UTF8.GetBytes("contract test data");

    public static TheoryData<string> Algorithms() => new(JwsAlgorithm.All.Select(a => a.Name));

    private static JwsAlgorithm Alg(string name)
    {
        Assert.True(JwsAlgorithm.TryGetByName(name, out var algorithm));
        return algorithm;
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void Verify_TamperedData_ReturnsFalse(string name)
    {
        using var key = SigningKey.Generate(Alg(name));
        var signature = key.Sign(Data);
        var tampered = (byte[])Data.Clone();
        tampered[0] ^= 1;

        Assert.False(key.VerificationKey.Verify(tampered, signature));
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void Verify_AnySingleBitFlipInSignature_ReturnsFalse(string name)
    {
        using var key = SigningKey.Generate(Alg(name));
        var signature = key.Sign(Data);
        for (int bit = 0; bit < signature.Length * 8; bit += 7)
        {
            var tampered = (byte[])signature.Clone();
            tampered[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.False(key.VerificationKey.Verify(Data, tampered), $"bit {bit}");
        }
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void Verify_TruncatedOrOversizedSignature_ReturnsFalse(string name)
    {
        using var key = SigningKey.Generate(Alg(name));
        var signature = key.Sign(Data);

        Assert.False(key.VerificationKey.Verify(Data, signature.AsSpan(0, signature.Length - 1)));
        Assert.False(key.VerificationKey.Verify(Data, []));
        Assert.False(key.VerificationKey.Verify(Data, [.. signature, 0]));
        Assert.False(key.VerificationKey.Verify(Data, [0, .. signature]));
        Assert.False(key.VerificationKey.Verify(Data, new byte[signature.Length]));
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void Verify_OtherKeysSignature_ReturnsFalse(string name)
    {
        using var key = SigningKey.Generate(Alg(name));
        using var other = SigningKey.Generate(Alg(name));

        Assert.False(other.VerificationKey.Verify(Data, key.Sign(Data)));
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void Sign_ThenVerify_Succeeds(string name)
    {
        using var key = SigningKey.Generate(Alg(name));
        var signature = key.Sign(Data);

        Assert.Equal(Alg(name).SignatureSize, signature.Length);
        Assert.True(key.VerificationKey.Verify(Data, signature));
        Assert.Same(Alg(name), key.Algorithm);
        Assert.Same(Alg(name), key.VerificationKey.Algorithm);
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void Sign_AfterDispose_Throws(string name)
    {
        var key = SigningKey.Generate(Alg(name), exportable: true);
        key.Dispose();

        Assert.Throws<ObjectDisposedException>(() => key.Sign(Data));
        Assert.Throws<ObjectDisposedException>(() => key.ExportPrivateJwk());
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void ExportPrivateJwk_ImportedAgain_SignsForTheSamePublicKey(string name)
    {
        using var key = SigningKey.Generate(Alg(name), exportable: true);
        var jwk = Jwk.Parse(key.ExportPrivateJwk().ToJson()).ThrowIfFailed();

        using var imported = SigningKey.Import(jwk).ThrowIfFailed();

        Assert.Equal(key.VerificationKey, imported.VerificationKey);
        Assert.True(key.VerificationKey.Verify(Data, imported.Sign(Data)));
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void PublicJwk_RoundTrip_KeepsKeyAndThumbprint(string name)
    {
        using var key = SigningKey.Generate(Alg(name), exportable: true);
        var jwk = key.VerificationKey.ToJwk();

        var reparsed = Jwk.Parse(jwk.ToJson()).ThrowIfFailed();
        var imported = VerificationKey.Import(reparsed).ThrowIfFailed();

        Assert.False(reparsed.HasPrivateKey);
        Assert.Equal(key.VerificationKey, imported);
        Assert.Equal(jwk.ComputeThumbprint(), reparsed.ComputeThumbprint());
        Assert.DoesNotContain("\"d\"", key.VerificationKey.ToJwk().ToJson(), StringComparison.Ordinal);
        Assert.DoesNotContain("\"d\"", key.ExportPrivateJwk().ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void RawPublicKey_CompressedAndUncompressed_ImportToTheSameKey(string name)
    {
        using var key = SigningKey.Generate(Alg(name));
        var compressed = VerificationKey.Import(key.VerificationKey.KeyType, key.VerificationKey.Export(compressed: true)).ThrowIfFailed();
        var uncompressed = VerificationKey.Import(key.VerificationKey.KeyType, key.VerificationKey.Export()).ThrowIfFailed();

        Assert.Equal(key.VerificationKey, compressed);
        Assert.Equal(key.VerificationKey, uncompressed);
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void Multikey_RoundTrip_KeepsKey(string name)
    {
        using var key = SigningKey.Generate(Alg(name));

        var decoded = Multikey.Decode(Multikey.Encode(key.VerificationKey)).ThrowIfFailed();

        Assert.Equal(key.VerificationKey, decoded);
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void JwsVerify_TokenFromThisAlgorithmWithEveryOtherKeyType_FailsWithAlgorithmKeyMismatch(string name)
    {
        using var key = SigningKey.Generate(Alg(name));
        string token = Jws.Sign([1, 2, 3], key);
        var verifier = new JwsVerifier();
        foreach (var other in JwsAlgorithm.All.Where(a => a.Name != name))
        {
            using var otherKey = SigningKey.Generate(other);
            var result = verifier.Verify(token, otherKey.VerificationKey);
            Assert.Equal(JoseErrorCodes.AlgorithmKeyMismatch, result.Error!.Code);
        }
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void JwsVerify_TamperedPayload_FailsWithInvalidSignature(string name)
    {
        using var key = SigningKey.Generate(Alg(name));
        var parts = Jws.Sign("{\"a\":1}"u8, key).Split('.');
        string tampered = parts[0] + "." + Base64Url.Encode("{\"a\":2}"u8) + "." + parts[2];

        var result = new JwsVerifier().Verify(tampered, key.VerificationKey);

        Assert.Equal(JoseErrorCodes.InvalidSignature, result.Error!.Code);
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void JwsSign_ThenVerify_ReturnsHeaderAndPayload(string name)
    {
        using var key = SigningKey.Generate(Alg(name));
        string token = Jws.Sign(new JsonObject { ["typ"] = "vc+sd-jwt", ["kid"] = "k1" }, "hello"u8, key);

        var result = new JwsVerifier().Verify(token, key.VerificationKey);

        Assert.True(result.Succeeded, result.Error?.ToString());
        Assert.Equal(name, result.Value.Algorithm);
        Assert.Equal("vc+sd-jwt", result.Value.Type);
        Assert.Equal("k1", result.Value.KeyId);
        Assert.Equal("hello"u8.ToArray(), result.Value.Payload.ToArray());
        Assert.Equal("alg", result.Value.ProtectedHeader.First().Key);
    }

    // Verify reuses imported key objects (a pool of ECDsa per P-256 key, a cached NSec Ed25519 key):
    // results must not depend on earlier calls or on other threads using the same key.
    [Theory]
    [MemberData(nameof(Algorithms))]
    public void Verify_RepeatedAndConcurrentOnOneKey_EveryResultMatchesItsInput(string name)
    {
        using var key = SigningKey.Generate(Alg(name));
        var signature = key.Sign(Data);
        var tampered = (byte[])signature.Clone();
        tampered[^1] ^= 1;

        var failures = 0;
        Parallel.For(0, 64, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            bool expected = i % 2 == 0;
            if (key.VerificationKey.Verify(Data, expected ? signature : tampered) != expected)
            {
                Interlocked.Increment(ref failures);
            }
        });

        Assert.Equal(0, failures);
        Assert.True(key.VerificationKey.Verify(Data, signature));
        Assert.False(key.VerificationKey.Verify(Data, tampered));
    }
}
