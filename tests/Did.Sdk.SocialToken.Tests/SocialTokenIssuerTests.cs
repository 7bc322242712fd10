using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Did.Sdk.Ethereum;
using Did.Sdk.Ethereum.Rpc;

namespace Did.Sdk.SocialToken.Tests;

/// <summary>SocialTokenHolder issuance on the devnet: tiers, wallets, challenges, reorgs.</summary>
public sealed class SocialTokenIssuerTests
{
    [Fact]
    public async Task IssueHolder_TiersAtTheBoundaries()
    {
        await using var chain = await Chain.StartAsync();
        using var brand = await Brand.CreateAsync(chain);
        foreach (var (tokens, tier) in new (int, string?)[] { (9, null), (10, "bronze"), (99, "bronze"), (100, "silver"), (999, "silver"), (1000, "gold"), (5000, "gold") })
        {
            using var fan = EthereumPrivateKey.Generate();
            await chain.GiveAsync(fan.Address, tokens);

            var issued = await brand.Issuer.IssueHolderCredentialAsync(brand.Request(Brand.DidOf(fan.Address), fan));

            if (tier is null)
            {
                Assert.Equal(SocialTokenErrorCodes.BelowThreshold, issued.Error?.Code);
            }
            else
            {
                Assert.True(issued.Succeeded, issued.Error?.ToString());
                Assert.Equal(tier, issued.Value.Tier!.Name);
                Assert.Equal(tokens * Chain.Unit, issued.Value.Holding);
            }
        }
    }

    [Fact]
    public async Task IssueHolder_TwoWalletsOfOneIdentity_SummedAndOnlyTheTierPresented()
    {
        await using var chain = await Chain.StartAsync();
        using var brand = await Brand.CreateAsync(chain);
        using var main = await chain.FundedWalletAsync();
        using var second = EthereumPrivateKey.Generate();
        await brand.LinkWalletAsync(main, second.Address);
        await chain.GiveAsync(main.Address, 60);
        await chain.GiveAsync(second.Address, 50);
        var did = Brand.DidOf(main.Address);

        // Either wallet may answer the challenge; both are summed.
        var issued = (await brand.Issuer.IssueHolderCredentialAsync(brand.Request(did, second))).ThrowIfFailed();

        Assert.Equal("silver", issued.Tier!.Name);
        Assert.Equal(110 * Chain.Unit, issued.Holding);
        Assert.Equal([main.Address, second.Address], issued.Identity.Wallets.Select(w => w.Address));
        var head = (await chain.Client.GetBlockAsync(BlockTag.Latest)).ThrowIfFailed();
        Assert.Equal(head.Hash, issued.Evidence.BlockHash);

        string presentation = brand.Present(issued.Credential, main, "n-1", "tier");
        var accepted = await brand.Verifier().VerifyHolderAsync(presentation, brand.PresentationRequest("n-1", "silver", "gold"));

        Assert.True(accepted.Succeeded, accepted.Error?.ToString());
        Assert.Equal(did, accepted.Value.Subject);
        Assert.Equal(brand.Did, accepted.Value.Issuer);
        Assert.Equal("silver", accepted.Value.Tier);
        Assert.False(accepted.Value.Claims.ContainsKey("balance"));
        Assert.False(accepted.Value.Claims.ContainsKey("evidence"));
        Assert.Equal(did + "#controller", accepted.Value.Validated.HolderKeyId);

        var bronzeOnly = await brand.Verifier().VerifyHolderAsync(brand.Present(issued.Credential, main, "n-2", "tier"), brand.PresentationRequest("n-2", "gold"));
        Assert.Equal(SocialTokenErrorCodes.TierNotAccepted, bronzeOnly.Error?.Code);
        var hidden = await brand.Verifier().VerifyHolderAsync(brand.Present(issued.Credential, main, "n-3"), brand.PresentationRequest("n-3"));
        Assert.Equal(SocialTokenErrorCodes.TierNotAccepted, hidden.Error?.Code);
    }

    [Fact]
    public async Task IssueHolder_DisclosedEvidence_RecheckedAtItsBlock()
    {
        await using var chain = await Chain.StartAsync();
        using var brand = await Brand.CreateAsync(chain);
        using var fan = EthereumPrivateKey.Generate();
        await chain.GiveAsync(fan.Address, 150);
        var issued = (await brand.Issuer.IssueHolderCredentialAsync(brand.Request(Brand.DidOf(fan.Address), fan))).ThrowIfFailed();

        var accepted = (await brand.Verifier().VerifyHolderAsync(brand.Present(issued.Credential, fan, "n", "tier", "evidence", "balance"), brand.PresentationRequest("n"))).ThrowIfFailed();

        Assert.Equal(issued.Evidence.BlockNumber, accepted.EvidenceBlockNumber);
        Assert.Equal(issued.Evidence.BlockHash, accepted.EvidenceBlockHash);
        Assert.Equal((150 * Chain.Unit).ToString(), accepted.Claims["balance"]!.GetValue<string>());
        var reread = (await new TokenEvidenceReader(chain.Client).ReadAsync([TokenQuery.BalanceOf(chain.Coin, fan.Address)], EvidenceBlock.Pinned(accepted.EvidenceBlockNumber!.Value, accepted.EvidenceBlockHash!))).ThrowIfFailed();
        Assert.Equal(150 * Chain.Unit, reread.Readings[0].Amount);
    }

    [Fact]
    public async Task IssueHolder_WalletThatIsNotTheDids_Refused()
    {
        await using var chain = await Chain.StartAsync();
        using var brand = await Brand.CreateAsync(chain);
        using var fan = EthereumPrivateKey.Generate();
        using var stranger = EthereumPrivateKey.Generate();
        await chain.GiveAsync(stranger.Address, 5000);

        var issued = await brand.Issuer.IssueHolderCredentialAsync(brand.Request(Brand.DidOf(fan.Address), stranger));

        Assert.Equal(SocialTokenErrorCodes.WalletNotLinked, issued.Error?.Code);
    }

    [Fact]
    public async Task IssueHolder_ChallengeReplayedExpiredForAnotherIssuerOrChain_Refused()
    {
        await using var chain = await Chain.StartAsync();
        using var brand = await Brand.CreateAsync(chain);
        using var impostor = await Brand.CreateAsync(chain, Brand.Options(chain, domain: "impostor.example"));
        using var fan = EthereumPrivateKey.Generate();
        await chain.GiveAsync(fan.Address, 100);
        var did = Brand.DidOf(fan.Address);

        var request = brand.Request(did, fan);
        Assert.True((await brand.Issuer.IssueHolderCredentialAsync(request)).Succeeded);
        Assert.Equal(SocialTokenErrorCodes.SiweNonceInvalid, (await brand.Issuer.IssueHolderCredentialAsync(request)).Error?.Code);

        var slow = brand.Request(did, fan);
        chain.Clock.Advance(TimeSpan.FromMinutes(12)); // 10 minutes to answer, 1 minute of clock skew
        Assert.Equal(SocialTokenErrorCodes.SiweExpired, (await brand.Issuer.IssueHolderCredentialAsync(slow)).Error?.Code);

        Assert.Equal(SocialTokenErrorCodes.SiweMismatch, (await brand.Issuer.IssueHolderCredentialAsync(impostor.Request(did, fan))).Error?.Code);
        Assert.Equal(SocialTokenErrorCodes.SiweMismatch, (await brand.Issuer.IssueHolderCredentialAsync(brand.Request(did, fan, m => m with { ChainId = 10 }))).Error?.Code);
        Assert.Equal(SocialTokenErrorCodes.SiweMismatch, (await brand.Issuer.IssueHolderCredentialAsync(brand.Request(did, fan, m => m with { Resources = ["did:ethr:devnet:" + new string('1', 40)] }))).Error?.Code);
        Assert.Equal(SocialTokenErrorCodes.SiweNonceInvalid, (await brand.Issuer.IssueHolderCredentialAsync(brand.Request(did, fan, m => m with { Nonce = "madeUpByTheHolder1" }))).Error?.Code);

        var signedByOther = brand.Request(did, fan);
        using var other = EthereumPrivateKey.Generate();
        var forged = brand.Sign(did, other, signedByOther.SiweMessage);
        Assert.Equal(SocialTokenErrorCodes.SiweSignatureInvalid, (await brand.Issuer.IssueHolderCredentialAsync(forged)).Error?.Code);
        Assert.Equal(SocialTokenErrorCodes.InvalidSiweMessage, (await brand.Issuer.IssueHolderCredentialAsync(brand.Sign(did, fan, "hello"))).Error?.Code);
    }

    [Fact]
    public async Task IssueHolder_EvidenceBlockReorgedBeforeTheRead_NotIssued()
    {
        await using var chain = await Chain.StartAsync(safeEvery: 100, finalityDelay: 100);
        var reorging = new ReorgAfterFirstCall(chain);
        using var brand = await Brand.CreateAsync(chain, Brand.Options(chain, finality: Finality.Latest), new EthereumClient(reorging, new EthereumClientOptions { ChainId = chain.Devnet.ChainId }));
        using var fan = EthereumPrivateKey.Generate();
        await chain.GiveAsync(fan.Address, 100);
        var request = brand.Request(Brand.DidOf(fan.Address), fan);

        reorging.Armed = true;
        var issued = await brand.Issuer.IssueHolderCredentialAsync(request);

        Assert.Equal(SocialTokenErrorCodes.EvidenceBlockReorged, issued.Error?.Code);
        Assert.False(reorging.Armed);
    }

    [Fact]
    public async Task IssueHolder_NotYetSafe_ReadAtTheSafeBlock()
    {
        await using var chain = await Chain.StartAsync(safeEvery: 3);
        await chain.Devnet.MineAsync();
        await chain.Devnet.MineAsync();
        using var brand = await Brand.CreateAsync(chain);
        using var fan = EthereumPrivateKey.Generate();
        await chain.GiveAsync(fan.Address, 5000);
        var did = Brand.DidOf(fan.Address);

        // The transfer (block 4) is not in the safe block (3) yet: the issuer does not count it.
        Assert.Equal(SocialTokenErrorCodes.BelowThreshold, (await brand.Issuer.IssueHolderCredentialAsync(brand.Request(did, fan))).Error?.Code);

        await chain.Devnet.MineAsync();
        await chain.Devnet.MineAsync();
        var issued = (await brand.Issuer.IssueHolderCredentialAsync(brand.Request(did, fan))).ThrowIfFailed();
        Assert.Equal("gold", issued.Tier!.Name);
        Assert.Equal(6UL, issued.Evidence.BlockNumber);
    }

    [Fact]
    public async Task IssueHolder_ClaimsFollowTheSchema()
    {
        await using var chain = await Chain.StartAsync();
        using var brand = await Brand.CreateAsync(chain);
        using var fan = EthereumPrivateKey.Generate();
        await chain.GiveAsync(fan.Address, 100);
        var since = new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.Zero);

        var issued = (await brand.Issuer.IssueHolderCredentialAsync(brand.RequestWithStatus(Brand.DidOf(fan.Address), fan) with { MemberSince = since })).ThrowIfFailed();
        var claims = ClaimsOf(issued);

        Assert.Equal(SocialTokenIssuerOptions.HolderVct, claims["vct"]!.GetValue<string>());
        Assert.Equal(brand.Did, claims["iss"]!.GetValue<string>());
        Assert.Equal(Brand.DidOf(fan.Address), claims["sub"]!.GetValue<string>());
        Assert.Equal(Brand.DidOf(fan.Address) + "#controller", claims["cnf"]!["kid"]!.GetValue<string>());
        Assert.Equal("2025-03-01", claims["member_since"]!.GetValue<string>());
        Assert.Equal(chain.Coin.ToString(), claims["token"]!["contract"]!.GetValue<string>());
        Assert.Equal("ERC-20", claims["token"]!["standard"]!.GetValue<string>());
        // Read at the safe block, which on this devnet is also finalized: the evidence says the stronger level.
        Assert.Equal("finalized", claims["evidence"]!["finality"]!.GetValue<string>());
        Assert.Equal(Brand.StatusListUri, claims["status"]!["status_list"]!["uri"]!.GetValue<string>());
        // Tier, balance, evidence and membership are selectively disclosable; the rest is always visible.
        var payload = JsonNode.Parse(Jose.Base64Url.Decode(issued.Credential.IssuerSignedJwt.Split('.')[1]).ThrowIfFailed())!.AsObject();
        foreach (var hidden in new[] { "tier", "balance", "evidence", "member_since" })
        {
            Assert.False(payload.ContainsKey(hidden), hidden);
        }

        Assert.True(payload.ContainsKey("token"));
    }

    internal static JsonObject ClaimsOf(SocialTokenIssuance issued)
    {
        var payload = JsonNode.Parse(Jose.Base64Url.Decode(issued.Credential.IssuerSignedJwt.Split('.')[1]).ThrowIfFailed())!.AsObject();
        foreach (var disclosure in issued.Credential.Disclosures)
        {
            payload[disclosure.ClaimName!] = disclosure.Value?.DeepClone();
        }

        return payload;
    }

    /// <summary>Reorganizes the latest block away right after the first call through it (the evidence block's choice).</summary>
    private sealed class ReorgAfterFirstCall(Chain chain) : IEthereumRpc
    {
        public bool Armed { get; set; }

        public async ValueTask<Result<JsonElement>> SendAsync(string method, JsonArray parameters, CancellationToken cancellationToken = default)
        {
            var result = await chain.Devnet.Rpc.SendAsync(method, parameters, cancellationToken);
            await ReorgIfArmedAsync();
            return result;
        }

        public async ValueTask<IReadOnlyList<Result<JsonElement>>> SendBatchAsync(IReadOnlyList<RpcRequest> requests, CancellationToken cancellationToken = default)
        {
            var result = await chain.Devnet.Rpc.SendBatchAsync(requests, cancellationToken);
            await ReorgIfArmedAsync();
            return result;
        }

        private async Task ReorgIfArmedAsync()
        {
            if (Armed)
            {
                Armed = false;
                (await chain.Devnet.ReorgAsync(1, Devnet.DevnetReorgReplay.Drop)).ThrowIfFailed();
                await chain.Devnet.MineAsync();
            }
        }
    }
}
