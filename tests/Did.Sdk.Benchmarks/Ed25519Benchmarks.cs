// EdDSA (Ed25519): raw NSec sign/verify against the JOSE layer on the same key and payload.
using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Did.Sdk.Jose;
using NSec.Cryptography;

namespace Did.Sdk.Benchmarks;

/// <summary>Ed25519: NSec directly (baseline) vs <see cref="JwsVerifier"/> and <see cref="Jws.Sign(ReadOnlySpan{byte}, SigningKey, string?, string?)"/>.</summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class Ed25519Benchmarks
{
    private readonly JwsVerifier _verifier = new();
    private SigningKey _signingKey = null!;
    private VerificationKey _verificationKey = null!;
    private Key _nsecKey = null!;
    private PublicKey _nsecPublicKey = null!;
    private byte[] _payload = null!;
    private byte[] _signingInput = null!;
    private byte[] _signature = null!;
    private string _jws = null!;

    [GlobalSetup]
    public void Setup()
    {
        _payload = BenchmarkData.Payload;
        _signingKey = SigningKey.Generate(JwsAlgorithm.EdDSA, exportable: true);
        _verificationKey = _signingKey.VerificationKey;
        _jws = Jws.Sign(_payload, _signingKey);
        _signingInput = Encoding.ASCII.GetBytes(_jws[.._jws.LastIndexOf('.')]);

        // The same key in NSec, imported from the private JWK, signing the same JWS signing input.
        _nsecKey = Key.Import(SignatureAlgorithm.Ed25519, _signingKey.ExportPrivateJwk().DBytes, KeyBlobFormat.RawPrivateKey);
        _nsecPublicKey = _nsecKey.PublicKey;
        _signature = SignatureAlgorithm.Ed25519.Sign(_nsecKey, _signingInput);
        if (!_verifier.Verify(_jws, _verificationKey).Succeeded || !RawVerify())
        {
            throw new InvalidOperationException("Setup produced a JWS that does not verify.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _signingKey.Dispose();
        _nsecKey.Dispose();
    }

    /// <summary>NSec Ed25519 verify of the JWS signing input with an imported public key.</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("Verify")]
    public bool RawVerify() => SignatureAlgorithm.Ed25519.Verify(_nsecPublicKey, _signingInput, _signature);

    /// <summary>Compact JWS parse (header JSON, base64url) and verify.</summary>
    [Benchmark, BenchmarkCategory("Verify")]
    public bool JwsVerify() => _verifier.Verify(_jws, _verificationKey).Succeeded;

    /// <summary>NSec Ed25519 sign of the signing input.</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("Sign")]
    public byte[] RawSign() => SignatureAlgorithm.Ed25519.Sign(_nsecKey, _signingInput);

    /// <summary>Header building, base64url and sign to a compact JWS.</summary>
    [Benchmark, BenchmarkCategory("Sign")]
    public string JwsSign() => Jws.Sign(_payload, _signingKey);
}
