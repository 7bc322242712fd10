// ES256K / secp256k1: raw libsecp256k1, the SDK's native and managed backends, and the JOSE layer.
using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Did.Sdk.Jose;

namespace Did.Sdk.Benchmarks;

/// <summary>
/// secp256k1 verify: one pre-parsed <c>secp256k1_ecdsa_verify</c> (baseline) vs
/// <see cref="Secp256k1.Native"/> (parses key and signature each call), <see cref="Secp256k1.Managed"/>
/// (BouncyCastle) and a compact ES256K JWS on the native backend; sign native vs managed.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class Secp256k1Benchmarks
{
    private readonly JwsVerifier _verifier = new();
    private SigningKey _signingKey = null!;
    private VerificationKey _verificationKey = null!;
    private RawLibSecp256k1 _raw = null!;
    private Secp256k1 _native = null!;
    private byte[] _payload = null!;
    private byte[] _privateKey = null!;
    private byte[] _publicKey = null!;
    private byte[] _compressedPublicKey = null!;
    private byte[] _hash = null!;
    private byte[] _signature = null!;
    private byte[] _signatureOutput = null!;
    private string _jws = null!;

    [GlobalSetup]
    public void Setup()
    {
        _native = Secp256k1.Native ?? throw new InvalidOperationException("libsecp256k1 is not installed (apt-get install libsecp256k1-1).");
        if (!Secp256k1.Default.IsNative)
        {
            throw new InvalidOperationException($"ES256K must run on the native backend; {Secp256k1.BackendEnvironmentVariable} forces managed.");
        }

        _payload = BenchmarkData.Payload;
        _signingKey = SigningKey.Generate(JwsAlgorithm.ES256K, exportable: true);
        _verificationKey = _signingKey.VerificationKey;
        _privateKey = _signingKey.ExportPrivateJwk().DBytes.ToArray();
        _publicKey = _verificationKey.Export(compressed: false);
        _compressedPublicKey = _verificationKey.Export(compressed: true);
        _jws = Jws.Sign(_payload, _signingKey);
        int dot = _jws.LastIndexOf('.');
        _hash = SHA256.HashData(Encoding.ASCII.GetBytes(_jws[..dot]));
        _signature = Base64Url.Decode(_jws.AsSpan(dot + 1)).ThrowIfFailed();
        _signatureOutput = new byte[Secp256k1.SignatureSize];
        _raw = new RawLibSecp256k1(_publicKey, _signature, _hash);
        if (!RawVerify() || !NativeVerify() || !NativeVerifyCompressed() || !ManagedVerify() || !JwsVerify())
        {
            throw new InvalidOperationException("Setup produced a signature that does not verify.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _signingKey.Dispose();
        _raw.Dispose();
    }

    /// <summary>secp256k1_ecdsa_verify on a pre-parsed key and signature and a precomputed hash.</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("Verify")]
    public bool RawVerify() => _raw.Verify();

    /// <summary>The SDK's native backend: parses the 65-byte key and the r‖s signature, then verifies.</summary>
    [Benchmark, BenchmarkCategory("Verify")]
    public bool NativeVerify() => _native.Verify(_hash, _signature, _publicKey);

    /// <summary>As <see cref="NativeVerify"/> with a 33-byte compressed key (decompression per call).</summary>
    [Benchmark, BenchmarkCategory("Verify")]
    public bool NativeVerifyCompressed() => _native.Verify(_hash, _signature, _compressedPublicKey);

    /// <summary>The SDK's managed backend (BouncyCastle).</summary>
    [Benchmark, BenchmarkCategory("Verify")]
    public bool ManagedVerify() => Secp256k1.Managed.Verify(_hash, _signature, _publicKey);

    /// <summary>Compact ES256K JWS parse, SHA-256 and verify on the native backend.</summary>
    [Benchmark, BenchmarkCategory("Verify")]
    public bool JwsVerify() => _verifier.Verify(_jws, _verificationKey).Succeeded;

    /// <summary>Compact JWS decode only (header JSON, base64url, signing input), no verify: the JOSE overhead.</summary>
    [Benchmark, BenchmarkCategory("Verify")]
    public bool JwsDecode() => Jws.Decode(_jws).Succeeded;

    /// <summary>
    /// What <see cref="JwsVerify"/> does on the managed backend (decode, SHA-256 of the signing input,
    /// <see cref="Secp256k1.Managed"/> verify), for the in-process paired comparison only; the real
    /// managed JOSE path runs in <see cref="Es256KBackendBenchmarks"/> with its own process.
    /// </summary>
    internal bool JwsVerifyOnManagedBackend()
    {
        var decoded = Jws.Decode(_jws);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(decoded.Value!.SigningInput.Span, hash);
        return Secp256k1.Managed.Verify(hash, decoded.Value.Signature.Span, _publicKey);
    }

    /// <summary>The SDK's native backend signing a hash (RFC 6979, low-S).</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("Sign")]
    public byte[] NativeSign()
    {
        _native.Sign(_hash, _privateKey, _signatureOutput);
        return _signatureOutput;
    }

    /// <summary>The SDK's managed backend signing a hash (RFC 6979, low-S).</summary>
    [Benchmark, BenchmarkCategory("Sign")]
    public byte[] ManagedSign()
    {
        Secp256k1.Managed.Sign(_hash, _privateKey, _signatureOutput);
        return _signatureOutput;
    }

    /// <summary>Header building, base64url, SHA-256 and native sign to a compact ES256K JWS.</summary>
    [Benchmark, BenchmarkCategory("Sign")]
    public string JwsSign() => Jws.Sign(_payload, _signingKey);
}
