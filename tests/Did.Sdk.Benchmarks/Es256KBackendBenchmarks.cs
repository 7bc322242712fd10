// ES256K through the whole JOSE layer on each secp256k1 backend: the same benchmarks run in a process
// with the default (native) backend and in one with DIDSDK_SECP256K1=managed.
using BenchmarkDotNet.Attributes;
using Did.Sdk.Jose;

namespace Did.Sdk.Benchmarks;

/// <summary>
/// Compact ES256K JWS verify and sign, once per backend (jobs <c>Short15</c> = native and
/// <c>Short15-managed</c>); the setup prints the backend each process uses.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ManagedSecp256k1Config))]
public class Es256KBackendBenchmarks
{
    private readonly JwsVerifier _verifier = new();
    private SigningKey _signingKey = null!;
    private VerificationKey _verificationKey = null!;
    private string _jws = null!;

    [GlobalSetup]
    public void Setup()
    {
        _signingKey = SigningKey.Generate(JwsAlgorithm.ES256K);
        _verificationKey = _signingKey.VerificationKey;
        _jws = Jws.Sign(BenchmarkData.Payload, _signingKey);
        Console.WriteLine($"// secp256k1 backend in this process: {Secp256k1.Default.Description}");
        if (!JwsVerify())
        {
            throw new InvalidOperationException("Setup produced a JWS that does not verify.");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _signingKey.Dispose();

    /// <summary>Compact ES256K JWS parse, SHA-256 and verify on the process's default backend.</summary>
    [Benchmark]
    public bool JwsVerify() => _verifier.Verify(_jws, _verificationKey).Succeeded;

    /// <summary>Compact ES256K JWS sign on the process's default backend.</summary>
    [Benchmark]
    public string JwsSign() => Jws.Sign(BenchmarkData.Payload, _signingKey);
}
