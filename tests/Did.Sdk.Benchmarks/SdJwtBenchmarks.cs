// SD-JWT VC with 10 selectively disclosable claims, 5 revealed, key binding: issue, present + KB-JWT,
// verify + KB-JWT, against the raw signature operations underneath (two verifies for verify + KB,
// one sign for issue and for present + KB).
using System.Text;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Did.Sdk.Jose;
using Did.Sdk.SdJwt;
using NSec.Cryptography;

namespace Did.Sdk.Benchmarks;

/// <summary>SD-JWT issue / present / verify for one algorithm, with raw-signature baselines.</summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class SdJwtBenchmarks
{
    public const string Audience = "https://verifier.example";
    public const string Nonce = "bench-nonce";

    private SdJwtIssuer _issuer = null!;
    private SdJwtHolder _holder = null!;
    private SdJwtVerificationRequest _request = null!;
    private SdJwtVerifier _verifier = null!;
    private SdJwtToken _credential = null!;
    private SdJwtClaimPath[] _disclosable = null!;
    private SdJwtClaimPath[] _revealed = null!;
    private JsonObject _claims = null!;
    private byte[] _issuerInput = null!;
    private byte[] _issuerSignature = null!;
    private byte[] _kbInput = null!;
    private byte[] _kbSignature = null!;
    private PublicKey? _nsecIssuer;
    private PublicKey? _nsecHolder;

    [Params("EdDSA", "ES256", "ES256K")]
    public string Alg { get; set; } = "EdDSA";

    public SigningKey IssuerKey { get; private set; } = null!;

    public SigningKey HolderKey { get; private set; } = null!;

    /// <summary>The presentation (5 of 10 claims, KB-JWT) every verify measures.</summary>
    public string Presentation { get; private set; } = null!;

    /// <summary>The compact credential without KB.</summary>
    public string Credential => _credential.ToCompact();

    /// <summary>The claims issued (10 disclosable claims plus vct, iss, iat).</summary>
    public JsonObject Claims => (JsonObject)_claims.DeepClone();

    [GlobalSetup]
    public void Setup()
    {
        if (!JwsAlgorithm.TryGetByName(Alg, out var algorithm))
        {
            throw new InvalidOperationException("Unknown algorithm " + Alg);
        }

        IssuerKey = SigningKey.Generate(algorithm, exportable: true);
        HolderKey = SigningKey.Generate(algorithm, exportable: true);
        _claims = new JsonObject { ["iss"] = "https://issuer.example", ["vct"] = "https://credentials.example/bench", ["iat"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds() };
        for (var i = 0; i < 10; i++)
        {
            _claims["claim" + i] = "value number " + i;
        }

        _disclosable = Enumerable.Range(0, 10).Select(i => SdJwtClaimPath.Create("claim" + i)).ToArray();
        _revealed = Enumerable.Range(0, 5).Select(i => SdJwtClaimPath.Create("claim" + (i * 2))).ToArray();
        _issuer = new SdJwtIssuer(IssuerKey);
        _holder = new SdJwtHolder();
        _request = SdJwtVerificationRequest.KeyBound(Audience, Nonce);
        _verifier = new SdJwtVerifier(new SdJwtVerificationOptions
        {
            IssuerKey = IssuerKey.VerificationKey,
            MaxKeyBindingAge = TimeSpan.FromDays(1),
        });
        _credential = _issuer.Issue(Claims, _disclosable, HolderKey.VerificationKey.ToJwk());
        Presentation = _holder.Present(_credential, _revealed, HolderKey, Audience, Nonce).ThrowIfFailed().ToCompact();

        var issuerJwt = _credential.IssuerSignedJwt;
        _issuerInput = Encoding.ASCII.GetBytes(issuerJwt[..issuerJwt.LastIndexOf('.')]);
        Base64Url.TryDecode(issuerJwt.AsSpan(issuerJwt.LastIndexOf('.') + 1), out var issuerSignature);
        _issuerSignature = issuerSignature!;
        var kb = Presentation[(Presentation.LastIndexOf('~') + 1)..];
        _kbInput = Encoding.ASCII.GetBytes(kb[..kb.LastIndexOf('.')]);
        Base64Url.TryDecode(kb.AsSpan(kb.LastIndexOf('.') + 1), out var kbSignature);
        _kbSignature = kbSignature!;
        if (algorithm == JwsAlgorithm.EdDSA)
        {
            _nsecIssuer = PublicKey.Import(SignatureAlgorithm.Ed25519, IssuerKey.VerificationKey.Export(), KeyBlobFormat.RawPublicKey);
            _nsecHolder = PublicKey.Import(SignatureAlgorithm.Ed25519, HolderKey.VerificationKey.Export(), KeyBlobFormat.RawPublicKey);
        }

        if (!VerifyWithKeyBinding() || !RawVerifyTwice())
        {
            throw new InvalidOperationException("Setup produced a presentation that does not verify.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        IssuerKey.Dispose();
        HolderKey.Dispose();
    }

    /// <summary>
    /// The two signature verifications inside verify + KB (issuer JWT, KB-JWT): raw NSec for EdDSA; the
    /// key-level <see cref="VerificationKey.Verify(ReadOnlySpan{byte}, ReadOnlySpan{byte})"/> (a thin
    /// layer over the native or platform library) for ES256 and ES256K.
    /// </summary>
    [Benchmark(Baseline = true), BenchmarkCategory("Verify")]
    public bool RawVerifyTwice() => _nsecIssuer is not null
        ? SignatureAlgorithm.Ed25519.Verify(_nsecIssuer, _issuerInput, _issuerSignature) & SignatureAlgorithm.Ed25519.Verify(_nsecHolder!, _kbInput, _kbSignature)
        : IssuerKey.VerificationKey.Verify(_issuerInput, _issuerSignature) & HolderKey.VerificationKey.Verify(_kbInput, _kbSignature);

    /// <summary>Parse, issuer signature, disclosures (RFC 9901 §7.1), KB-JWT (§7.3), claims out.</summary>
    [Benchmark, BenchmarkCategory("Verify")]
    public bool VerifyWithKeyBinding() => _verifier.VerifyAsync(Presentation, _request).AsTask().GetAwaiter().GetResult().Succeeded;

    /// <summary>One raw signature of the issuer-signed JWT's input.</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("Issue")]
    public int RawSign() => IssuerKey.Sign(_issuerInput).Length;

    /// <summary>Issue: 10 disclosures with fresh salts, digests, payload, signature.</summary>
    [Benchmark, BenchmarkCategory("Issue")]
    public int Issue() => _issuer.Issue(Claims, _disclosable, HolderKey.VerificationKey.ToJwk()).Disclosures.Count;

    /// <summary>Present: select 5 of 10 disclosures and sign the KB-JWT.</summary>
    [Benchmark, BenchmarkCategory("Present")]
    public int PresentWithKeyBinding() => _holder.Present(_credential, _revealed, HolderKey, Audience, Nonce).ThrowIfFailed().Disclosures.Count;

    /// <summary>One raw signature (the KB-JWT's).</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("Present")]
    public int RawSignKeyBinding() => HolderKey.Sign(_kbInput).Length;
}
