// ES256 (ECDSA P-256 SHA-256): the BCL's ECDsa with a cached key against the JOSE layer.
using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Did.Sdk.Jose;

namespace Did.Sdk.Benchmarks;

/// <summary>ES256: <see cref="ECDsa"/> with a cached key (baseline) vs <see cref="VerificationKey.Verify(ReadOnlySpan{byte}, ReadOnlySpan{byte})"/> and <see cref="JwsVerifier"/>.</summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class Es256Benchmarks
{
    private readonly JwsVerifier _verifier = new();
    private SigningKey _signingKey = null!;
    private VerificationKey _verificationKey = null!;
    private ECDsa _publicEcdsa = null!;
    private ECDsa _privateEcdsa = null!;
    private byte[] _payload = null!;
    private byte[] _signingInput = null!;
    private byte[] _signature = null!;
    private string _jws = null!;

    [GlobalSetup]
    public void Setup()
    {
        _payload = BenchmarkData.Payload;
        _signingKey = SigningKey.Generate(JwsAlgorithm.ES256, exportable: true);
        _verificationKey = _signingKey.VerificationKey;
        _jws = Jws.Sign(_payload, _signingKey);
        int dot = _jws.LastIndexOf('.');
        _signingInput = Encoding.ASCII.GetBytes(_jws[..dot]);
        _signature = Base64Url.Decode(_jws.AsSpan(dot + 1)).ThrowIfFailed();

        var privateJwk = _signingKey.ExportPrivateJwk();
        var q = new ECPoint { X = privateJwk.XBytes.ToArray(), Y = privateJwk.YBytes.ToArray() };
        _publicEcdsa = ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = q });
        _privateEcdsa = ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = q, D = privateJwk.DBytes.ToArray() });
        if (!_verifier.Verify(_jws, _verificationKey).Succeeded || !RawVerify())
        {
            throw new InvalidOperationException("Setup produced a JWS that does not verify.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _signingKey.Dispose();
        _publicEcdsa.Dispose();
        _privateEcdsa.Dispose();
    }

    /// <summary>ECDsa.VerifyData (P1363) on an ECDsa created once.</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("Verify")]
    public bool RawVerify()
        => _publicEcdsa.VerifyData(_signingInput, _signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

    /// <summary>The SDK key's Verify on the same signing input (no JWS parsing).</summary>
    [Benchmark, BenchmarkCategory("Verify")]
    public bool KeyVerify() => _verificationKey.Verify(_signingInput, _signature);

    /// <summary>Compact JWS parse and verify.</summary>
    [Benchmark, BenchmarkCategory("Verify")]
    public bool JwsVerify() => _verifier.Verify(_jws, _verificationKey).Succeeded;

    /// <summary>ECDsa.SignData (P1363) on an ECDsa created once.</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("Sign")]
    public byte[] RawSign()
        => _privateEcdsa.SignData(_signingInput, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

    /// <summary>Header building, base64url and sign to a compact JWS.</summary>
    [Benchmark, BenchmarkCategory("Sign")]
    public string JwsSign() => Jws.Sign(_payload, _signingKey);
}
