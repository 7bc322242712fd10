using System.Text.Json;
using System.Text.Json.Nodes;
using Did.Sdk.Ethereum;
using Did.Sdk.Jose;
using Did.Sdk.Methods;
using Microsoft.Extensions.DependencyInjection;

namespace Did.Sdk.SdJwt.Tests;

/// <summary>
/// Issuers and holders identified by Ethereum accounts (EcdsaSecp256k1RecoveryMethod2020 with a CAIP-10
/// blockchainAccountId), with documents from a resolver that reports the chain (as did:ethr does).
/// The registry-backed cases run on a real node in the interop suite.
/// </summary>
public sealed class AccountIssuerTests : IDisposable
{
    private const string Did = "did:ethr:0xa:0x0000000000000000000000000000000000000abc";
    private readonly Fixture _f = new();
    private readonly EthereumPrivateKey _wallet = EthereumPrivateKey.Generate();

    public void Dispose()
    {
        _f.Dispose();
        _wallet.Dispose();
    }

    private sealed class ChainResolver(DidDocument document, ulong chainId) : IDidResolver
    {
        public DidResolutionOptions? LastOptions { get; private set; }

        public ValueTask<DidResolutionResult> ResolveAsync(string did, DidResolutionOptions? options = null, CancellationToken cancellationToken = default)
        {
            LastOptions = options;
            var metadata = new Dictionary<string, JsonElement>
            {
                ["blockNumber"] = JsonSerializer.SerializeToElement(42),
                ["blockHash"] = JsonSerializer.SerializeToElement("0x" + new string('b', 64)),
                ["blockTag"] = JsonSerializer.SerializeToElement(options?.Finality?.ToString().ToLowerInvariant() ?? "latest"),
                ["chainId"] = JsonSerializer.SerializeToElement(chainId),
            };
            return ValueTask.FromResult(did == document.Id ? DidResolutionResult.Success(document, resolutionMetadata: metadata) : DidResolutionResult.Failure("notFound", "no"));
        }
    }

    private DidDocument Document(ulong accountChain) => new()
    {
        Id = Did,
        VerificationMethod = [new VerificationMethod { Id = Did + "#controller", Type = "EcdsaSecp256k1RecoveryMethod2020", Controller = Did, BlockchainAccountId = $"eip155:{accountChain}:{_wallet.Address}" }],
        AssertionMethod = [new VerificationMethodReference(Did + "#controller")],
        Authentication = [new VerificationMethodReference(Did + "#controller")],
    };

    private static JsonObject Claims()
    {
        var claims = Fixture.Claims();
        claims.Remove("iss");
        return claims;
    }

    private string Issue()
    {
        using var key = _wallet.ToSigningKey();
        var issuer = new SdJwtIssuer(key, new SdJwtIssuerOptions { KeyId = Did + "#controller", Issuer = Did });
        return _f.Present(issuer.Issue(Claims(), Fixture.Paths(), _f.HolderKey.VerificationKey.ToJwk()));
    }

    [Fact]
    public async Task VerifyAsync_AccountOnAnotherChainThanTheDid_FailsWithAccountChainMismatch()
    {
        var result = await _f.Verifier(new SdJwtVerificationOptions(), new ChainResolver(Document(accountChain: 1), chainId: 10)).VerifyAsync(Issue());

        Assert.Equal(EthereumErrorCodes.AccountChainMismatch, result.Error?.Code);
    }

    [Fact]
    public async Task VerifyAsync_AccountIssuer_RecordsTypedBlockAndPassesFinality()
    {
        var resolver = new ChainResolver(Document(accountChain: 10), chainId: 10);

        var result = await _f.Verifier(new SdJwtVerificationOptions(), resolver).VerifyAsync(Issue(), Fixture.Request() with { Finality = Finality.Safe });

        Assert.True(result.Succeeded, result.Error?.ToString());
        Assert.Equal(Finality.Safe, resolver.LastOptions?.Finality);
        Assert.Equal(new ResolvedBlock(42, "0x" + new string('b', 64), "safe", 10), result.Validated.IssuerBlock);
    }

    [Fact]
    public async Task VerifyAsync_SignedByAnotherWallet_FailsWithAccountMismatch()
    {
        var resolver = new ChainResolver(Document(accountChain: 10), chainId: 10);
        using var other = EthereumPrivateKey.Generate();
        using var otherKey = other.ToSigningKey();
        var forged = new SdJwtIssuer(otherKey, new SdJwtIssuerOptions { KeyId = Did + "#controller", Issuer = Did }).Issue(Claims(), Fixture.Paths(), _f.HolderKey.VerificationKey.ToJwk());

        var result = await _f.Verifier(new SdJwtVerificationOptions(), resolver).VerifyAsync(_f.Present(forged));

        Assert.Equal(EthereumErrorCodes.AccountMismatch, result.Error?.Code);
    }

    [Fact]
    public async Task VerifyAsync_AtIssuance_ResolvesTheVersionAtIat()
    {
        var resolver = new ChainResolver(Document(accountChain: 10), chainId: 10);

        var result = await _f.Verifier(new SdJwtVerificationOptions(), resolver).VerifyAsync(Issue(), Fixture.Request() with { IssuerKeyValidity = SdJwtKeyValidity.AtIssuance });

        Assert.True(result.Succeeded, result.Error?.ToString());
        Assert.Equal(Fixture.Now.AddSeconds(-60), resolver.LastOptions?.VersionTime);
    }

    [Fact]
    public async Task ForDidAsync_KeyNotListed_FailsWithVerificationMethodNotFound()
    {
        using var other = SigningKey.Generate(JwsAlgorithm.ES256K);

        var result = await SdJwtIssuer.ForDidAsync(other, Did, new ChainResolver(Document(10), 10));

        Assert.Equal(DidSignatureErrorCodes.VerificationMethodNotFound, result.Error?.Code);
    }

    [Fact]
    public async Task ForDidAsync_WalletKey_PicksTheAccountMethodAndSetsIss()
    {
        using var key = _wallet.ToSigningKey();

        var issuer = (await SdJwtIssuer.ForDidAsync(key, Did, new ChainResolver(Document(10), 10))).ThrowIfFailed();
        var token = issuer.Issue(new JsonObject { ["vct"] = "x" }, []);

        Assert.Equal(Did + "#controller", issuer.Options.KeyId);
        Assert.Equal(Did, Jws.Decode(token.IssuerSignedJwt).ThrowIfFailed() is { } jws ? JsonNode.Parse(jws.Payload.Span)!["iss"]!.GetValue<string>() : null);
        Assert.Throws<ArgumentException>(() => issuer.Issue(new JsonObject { ["vct"] = "x", ["iss"] = "did:example:other" }, []));
    }

    [Fact]
    public void AddSdJwtVerifier_RegistersOneValidatedVerifier()
    {
        var services = new ServiceCollection();
        services.AddDidSdk(b => b.AddDefaultMethods().AddSdJwtVerifier(o => o with { RequireLowS = true }));
        using var provider = services.BuildServiceProvider();

        var verifier = provider.GetRequiredService<SdJwtVerifier>();

        Assert.Same(verifier, provider.GetRequiredService<SdJwtVerifier>());
        Assert.True(verifier.Options.RequireLowS);
        Assert.Throws<ArgumentException>(() => new ServiceCollection().AddDidSdk(b => b.AddSdJwtVerifier(o => o with { MaxLength = 0 })));
    }
}
