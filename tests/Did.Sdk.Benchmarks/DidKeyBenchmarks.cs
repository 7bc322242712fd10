// did:key resolution through the dispatching resolver against decoding the multikey alone.
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Did.Sdk.Jose;
using Did.Sdk.Methods;

namespace Did.Sdk.Benchmarks;

/// <summary>did:key: <see cref="Multikey.Decode"/> (baseline) vs a full resolve to a DID document through <see cref="DidResolver"/>.</summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class DidKeyBenchmarks
{
    private readonly DidResolver _resolver = new(new DidKeyResolver());
    private string _ed25519Did = null!;
    private string _ed25519Multikey = null!;
    private string _p256Did = null!;
    private string _p256Multikey = null!;

    [GlobalSetup]
    public void Setup()
    {
        using var ed25519 = SigningKey.Generate(JwsAlgorithm.EdDSA);
        using var p256 = SigningKey.Generate(JwsAlgorithm.ES256);
        _ed25519Multikey = Multikey.Encode(ed25519.VerificationKey);
        _p256Multikey = Multikey.Encode(p256.VerificationKey);
        _ed25519Did = "did:key:" + _ed25519Multikey;
        _p256Did = "did:key:" + _p256Multikey;
        if (!ResolveEd25519().Result.Succeeded || !ResolveP256().Result.Succeeded || DecodeEd25519() is null || DecodeP256() is null)
        {
            throw new InvalidOperationException("Setup produced a did:key that does not resolve.");
        }
    }

    /// <summary>Multikey.Decode of an Ed25519 key (base58btc, multicodec, point checks).</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("Ed25519")]
    public VerificationKey? DecodeEd25519() => Multikey.Decode(_ed25519Multikey).Value;

    /// <summary>DID parse, dispatch and document creation (Multikey plus derived X25519 key agreement).</summary>
    [Benchmark, BenchmarkCategory("Ed25519")]
    public ValueTask<DidResolutionResult> ResolveEd25519() => _resolver.ResolveAsync(_ed25519Did);

    /// <summary>Multikey.Decode of a compressed P-256 key (decompression and curve check).</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("P-256")]
    public VerificationKey? DecodeP256() => Multikey.Decode(_p256Multikey).Value;

    /// <summary>DID parse, dispatch and document creation for a P-256 key.</summary>
    [Benchmark, BenchmarkCategory("P-256")]
    public ValueTask<DidResolutionResult> ResolveP256() => _resolver.ResolveAsync(_p256Did);
}
