using System.Text.Json.Nodes;
using Did.Sdk.Ethereum;
using Did.Sdk.Jose;
using Did.Sdk.SdJwt;
using Did.Sdk.SocialToken;
using Did.Sdk.SocialToken.Tests;
using Did.Sdk.Verification.Policy;
using Did.Sdk.Verification.Requests;

namespace Did.Sdk.Verification.Tests;

/// <summary>
/// A brand on the devnet (its coin, its issuer with tiers bronze 10 / silver 100 / gold 1000, its status
/// list) and a fan holding <c>tokens</c> ADA with a SocialTokenHolder credential; verifiers built from policies.
/// </summary>
internal sealed class Scene : IAsyncDisposable
{
    private Scene(Chain chain, Brand brand, EthereumPrivateKey fan, SocialTokenIssuance issued)
    {
        Chain = chain;
        Brand = brand;
        Fan = fan;
        Issued = issued;
    }

    public Chain Chain { get; }

    public Brand Brand { get; }

    public EthereumPrivateKey Fan { get; }

    public string FanDid => Brand.DidOf(Fan.Address);

    public SocialTokenIssuance Issued { get; }

    public IPresentationRequestStore Requests { get; } = new MemoryPresentationRequestStore();

    public static async Task<Scene> StartAsync(int tokens = 1500, int safeEvery = 1, Finality evidenceFinality = Finality.Safe, bool withStatus = true)
    {
        var chain = await Chain.StartAsync(safeEvery);
        var brand = await Brand.CreateAsync(chain, Brand.Options(chain, finality: evidenceFinality));
        var fan = await chain.FundedWalletAsync();
        await chain.GiveAsync(fan.Address, tokens);
        var issued = (await brand.Issuer.IssueHolderCredentialAsync(withStatus ? brand.RequestWithStatus(Brand.DidOf(fan.Address), fan) : brand.Request(Brand.DidOf(fan.Address), fan))).ThrowIfFailed();
        return new Scene(chain, brand, fan, issued);
    }

    /// <summary>The policy of issue 14's example: a SocialTokenHolder from the brand, tier gold, holding ≥ 1000 ADA at a finalized block.</summary>
    public VerificationPolicyBuilder GoldPolicy(bool requireStatus = true)
    {
        var builder = new VerificationPolicyBuilder()
            .RequireCredential("member", SocialTokenIssuerOptions.HolderVct, c => c.Claim("tier", "gold"))
            .TrustIssuer(Brand.Did)
            .ResolveDidsAt(Finality.Finalized)
            .OnChain(Chain.Devnet.ChainId, Finality.Finalized)
            .Require(Rules.BalanceAtLeast(Chain.Coin, 1000 * Chain.Unit));
        return requireStatus ? builder.RequireStatus() : builder;
    }

    public PresentationVerifier Verifier(VerificationPolicy policy, IPresentationRequestStore? requests = null)
        => new(policy, new SdJwtVerifier(new SdJwtVerificationOptions(), Chain.Resolver, Brand.StatusChecker, Chain.Clock), Chain.Resolver, Chain.Client, requests ?? Requests, Chain.Clock);

    public async Task<PresentationRequest> RequestAsync(PresentationVerifier verifier)
        => (await verifier.CreateRequestAsync(Brand.Audience)).ThrowIfFailed();

    /// <summary>The fan presents the credential to <paramref name="request"/>, disclosing <paramref name="disclose"/>.</summary>
    public string Present(PresentationRequest request, params string[] disclose) => Brand.Present(Issued.Credential, Fan, request.Nonce, disclose);

    /// <summary>Another credential from the brand's DID: a person with a birth date, a number and a date, bound to <paramref name="holderJwk"/> or the fan's DID.</summary>
    public SdJwtToken PersonCredential(Jwk? holderJwk = null, TimeSpan? lifetime = null, TimeSpan? validIn = null)
    {
        var issuer = new SdJwtIssuer(Brand.Key, new SdJwtIssuerOptions { Issuer = Brand.Did, KeyId = Brand.Did + "#controller" });
        var now = Chain.Clock.GetUtcNow();
        var claims = new JsonObject
        {
            ["vct"] = "urn:example:person",
            ["iat"] = now.ToUnixTimeSeconds(),
            ["birthdate"] = "2008-12-01",
            ["score"] = 42,
            ["member_since"] = "2024-05-01",
            ["nickname"] = "ada",
        };
        if (lifetime is { } l)
        {
            claims["exp"] = (now + l).ToUnixTimeSeconds();
        }

        if (validIn is { } later)
        {
            claims["nbf"] = (now + later).ToUnixTimeSeconds();
        }

        if (holderJwk is null)
        {
            claims["cnf"] = new JsonObject { ["kid"] = FanDid + "#controller" };
        }

        return issuer.Issue(claims, [SdJwtClaimPath.Create("birthdate"), SdJwtClaimPath.Create("score"), SdJwtClaimPath.Create("member_since"), SdJwtClaimPath.Create("nickname")], holderJwk);
    }

    public string PresentPerson(SdJwtToken credential, PresentationRequest request, SigningKey? holderKey, params string[] disclose)
    {
        using var fanKey = Fan.ToSigningKey();
        return new SdJwtHolder(Chain.Clock).Present(credential, disclose.Select(d => SdJwtClaimPath.Create(d)), holderKey ?? fanKey, Brand.Audience, request.Nonce).ThrowIfFailed().ToCompact();
    }

    public async ValueTask DisposeAsync()
    {
        Fan.Dispose();
        Brand.Dispose();
        await Chain.DisposeAsync();
    }
}
