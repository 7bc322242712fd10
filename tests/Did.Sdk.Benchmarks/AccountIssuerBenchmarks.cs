// Issue 9 targets: an SD-JWT VC from a did:ethr issuer (EcdsaSecp256k1RecoveryMethod2020, checked by
// address recovery) against the same verification with the issuer key given as a JWK; and the
// recovery check itself against a plain ES256K JWS verify on the native backend.
using System.Text.Json;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Did.Sdk.Ethereum;
using Did.Sdk.Jose;
using Did.Sdk.SdJwt;

namespace Did.Sdk.Benchmarks;

[MemoryDiagnoser]
public class AccountIssuerBenchmarks
{
    private const string Audience = "https://verifier.example";
    private const string Nonce = "bench-nonce";
    private EthereumPrivateKey _wallet = null!;
    private SigningKey _issuerKey = null!;
    private SigningKey _holderKey = null!;
    private SdJwtVerifier _jwkVerifier = null!;
    private SdJwtVerifier _didVerifier = null!;
    private SdJwtVerificationRequest _request = null!;
    private DecodedJws _jws = null!;
    private VerificationMethod _method = null!;
    private VerificationMethodContext _context = null!;
    private BlockchainAccountMethodHandler _warmHandler = null!;
    private JwsVerifier _jwsVerifier = null!;

    public string Presentation { get; private set; } = null!;

    public string Did { get; private set; } = null!;

    [GlobalSetup]
    public void Setup()
    {
        if (!Secp256k1.Default.IsNative)
        {
            throw new InvalidOperationException("ES256K must run on the native backend (apt-get install libsecp256k1-1).");
        }

        _wallet = EthereumPrivateKey.Generate();
        _issuerKey = _wallet.ToSigningKey();
        _holderKey = SigningKey.Generate(JwsAlgorithm.ES256K);
        Did = "did:ethr:0xa:" + _wallet.Address;
        var document = new DidDocument
        {
            Id = Did,
            VerificationMethod = [new VerificationMethod { Id = Did + "#controller", Type = BlockchainAccountMethodHandler.RecoveryMethod2020, Controller = Did, BlockchainAccountId = "eip155:10:" + _wallet.Address }],
            AssertionMethod = [new VerificationMethodReference(Did + "#controller")],
            Authentication = [new VerificationMethodReference(Did + "#controller")],
        };

        // Warm resolution: a caching resolver that already holds the document (0 round trips inside its TTL).
        var resolver = new CachingDidResolver(new StaticResolver(document), new CachingDidResolverOptions { TimeToLive = TimeSpan.FromHours(1) });
        var claims = new JsonObject { ["vct"] = "https://credentials.example/bench", ["iat"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds() };
        for (int i = 0; i < 10; i++)
        {
            claims["claim" + i] = "value number " + i;
        }

        var issuer = new SdJwtIssuer(_issuerKey, new SdJwtIssuerOptions { KeyId = Did + "#controller", Issuer = Did });
        var credential = issuer.Issue(claims, Enumerable.Range(0, 10).Select(i => SdJwtClaimPath.Create("claim" + i)), _holderKey.VerificationKey.ToJwk());
        Presentation = new SdJwtHolder().Present(credential, Enumerable.Range(0, 5).Select(i => SdJwtClaimPath.Create("claim" + (i * 2))), _holderKey, Audience, Nonce).ThrowIfFailed().ToCompact();
        _request = SdJwtVerificationRequest.KeyBound(Audience, Nonce);
        _jwkVerifier = new SdJwtVerifier(new SdJwtVerificationOptions { IssuerKey = _issuerKey.VerificationKey, MaxKeyBindingAge = TimeSpan.FromDays(1) });
        _didVerifier = new SdJwtVerifier(new SdJwtVerificationOptions { MaxKeyBindingAge = TimeSpan.FromDays(1) }, resolver);

        _jws = Jws.Decode(credential.IssuerSignedJwt).ThrowIfFailed();
        _method = document.VerificationMethod[0];
        _jwsVerifier = new JwsVerifier();
        _context = new VerificationMethodContext(_jwsVerifier) { ChainId = 10 };
        _warmHandler = new BlockchainAccountMethodHandler();
        if (!VerifyWithJwkIssuer() || !VerifyWithDidEthrIssuer() || !PlainEs256KVerify() || !RecoveryVerifyWarm() || !RecoveryVerifyCold())
        {
            throw new InvalidOperationException("Setup produced a presentation that does not verify.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _issuerKey.Dispose();
        _holderKey.Dispose();
        _wallet.Dispose();
    }

    /// <summary>Verify + KB-JWT with the issuer key given out of band (the baseline).</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("SdJwt")]
    public bool VerifyWithJwkIssuer() => _jwkVerifier.VerifyAsync(Presentation, _request).AsTask().GetAwaiter().GetResult().Succeeded;

    /// <summary>Verify + KB-JWT with a did:ethr issuer: cached resolution, kid lookup, recovery handler.</summary>
    [Benchmark, BenchmarkCategory("SdJwt")]
    public bool VerifyWithDidEthrIssuer() => _didVerifier.VerifyAsync(Presentation, _request).AsTask().GetAwaiter().GetResult().Succeeded;

    /// <summary>A plain ES256K JWS verify with the public key (native libsecp256k1).</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("Recovery")]
    public bool PlainEs256KVerify() => _jwsVerifier.Verify(_jws, _issuerKey.VerificationKey).Succeeded;

    /// <summary>The account check for an account seen before (its recovered key remembered): one verify.</summary>
    [Benchmark, BenchmarkCategory("Recovery")]
    public bool RecoveryVerifyWarm() => _warmHandler.Verify(_jws, _method, _context).Succeeded;

    /// <summary>The account check for a new account: up to two recoveries and a Keccak (what did-jwt does every time).</summary>
    [Benchmark, BenchmarkCategory("Recovery")]
    public bool RecoveryVerifyCold() => new BlockchainAccountMethodHandler().Verify(_jws, _method, _context).Succeeded;

    private sealed class StaticResolver(DidDocument document) : IDidResolver
    {
        private static readonly Dictionary<string, JsonElement> Metadata = new()
        {
            ["blockNumber"] = JsonSerializer.SerializeToElement(1000),
            ["blockHash"] = JsonSerializer.SerializeToElement("0x" + new string('a', 64)),
            ["blockTag"] = JsonSerializer.SerializeToElement("latest"),
            ["chainId"] = JsonSerializer.SerializeToElement(10),
        };

        public ValueTask<DidResolutionResult> ResolveAsync(string did, DidResolutionOptions? options = null, CancellationToken cancellationToken = default)
            => ValueTask.FromResult(DidResolutionResult.Success(document, resolutionMetadata: Metadata));
    }
}
