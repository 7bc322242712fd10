using System.Text.Json.Nodes;
using Did.Sdk.Ethereum;
using Did.Sdk.Ethereum.Rpc;
using Did.Sdk.SdJwt;

namespace Did.Sdk.SocialToken.Tests;

/// <summary>Creator credentials and issuer trust: the real brand against impersonators.</summary>
public sealed class CreatorCredentialTests
{
    [Fact]
    public async Task CreatorCredential_FromTheTokensOwner_ReCheckedAtItsBlock()
    {
        await using var chain = await Chain.StartAsync();
        using var brand = await Brand.CreateAsync(chain);

        var issued = (await brand.Issuer.IssueCreatorCredentialAsync()).ThrowIfFailed();
        var accepted = await brand.Verifier().VerifyCreatorAsync(brand.Present(issued.Credential, brand.Wallet, "n"), brand.PresentationRequest("n"));

        Assert.True(accepted.Succeeded, accepted.Error?.ToString());
        Assert.Equal(brand.Did, accepted.Value.Subject);
        Assert.Equal(brand.Did, accepted.Value.Issuer);
        Assert.Equal(issued.Evidence.BlockHash, accepted.Value.EvidenceBlockHash);
        Assert.Equal("creator", accepted.Value.Claims["role"]!.GetValue<string>());
    }

    [Fact]
    public async Task CreatorCredential_IssuerDoesNotControlTheToken_NotIssued()
    {
        await using var chain = await Chain.StartAsync();
        using var impostor = await Brand.CreateAsync(chain, EthereumPrivateKey.Generate());

        Assert.Equal(SocialTokenErrorCodes.NotTokenController, (await impostor.Issuer.IssueCreatorCredentialAsync()).Error?.Code);
    }

    [Fact]
    public async Task CreatorCredential_ForgedByAnIssuerThatDoesNotControlTheContract_Refused()
    {
        await using var chain = await Chain.StartAsync();
        using var brand = await Brand.CreateAsync(chain);
        using var impostor = await Brand.CreateAsync(chain, EthereumPrivateKey.Generate());
        var head = (await chain.Client.GetBlockAsync(BlockTag.Latest)).ThrowIfFailed();

        // Claims about itself, and claims naming the real brand as subject: neither passes.
        foreach (var subject in new[] { impostor.Did, brand.Did })
        {
            var forged = await ForgeCreatorCredentialAsync(impostor, subject, head);
            var result = await brand.Verifier().VerifyCreatorAsync(brand.Present(forged, impostor.Wallet, "n"), brand.PresentationRequest("n"));
            Assert.Equal(SocialTokenErrorCodes.NotTokenController, result.Error?.Code);
        }
    }

    [Fact]
    public async Task HolderCredential_FromAnIssuerThatDoesNotControlTheToken_Refused()
    {
        await using var chain = await Chain.StartAsync();
        using var brand = await Brand.CreateAsync(chain);
        using var impostor = await Brand.CreateAsync(chain, EthereumPrivateKey.Generate());
        using var fan = EthereumPrivateKey.Generate();
        await chain.GiveAsync(fan.Address, 2000);
        var did = Brand.DidOf(fan.Address);

        // The impostor reads the same true balances, but it is not the brand.
        var fake = (await impostor.Issuer.IssueHolderCredentialAsync(impostor.Request(did, fan))).ThrowIfFailed();
        var real = (await brand.Issuer.IssueHolderCredentialAsync(brand.Request(did, fan))).ThrowIfFailed();

        var verifier = brand.Verifier();
        Assert.Equal(SocialTokenErrorCodes.NotTokenController, (await verifier.VerifyHolderAsync(brand.Present(fake.Credential, fan, "a", "tier"), brand.PresentationRequest("a"))).Error?.Code);
        Assert.Equal(SocialTokenErrorCodes.UntrustedIssuer, (await verifier.VerifyHolderAsync(brand.Present(fake.Credential, fan, "b", "tier"), brand.PresentationRequest("b") with { TrustedIssuers = [brand.Did] })).Error?.Code);
        Assert.True((await verifier.VerifyHolderAsync(brand.Present(real.Credential, fan, "c", "tier"), brand.PresentationRequest("c") with { TrustedIssuers = [brand.Did] })).Succeeded);
    }

    [Fact]
    public async Task HolderCredential_ForAnotherTokenOrOfAnotherType_Refused()
    {
        await using var chain = await Chain.StartAsync();
        using var brand = await Brand.CreateAsync(chain);
        using var fan = EthereumPrivateKey.Generate();
        await chain.GiveAsync(fan.Address, 100);
        var holder = (await brand.Issuer.IssueHolderCredentialAsync(brand.Request(Brand.DidOf(fan.Address), fan))).ThrowIfFailed();
        var creator = (await brand.Issuer.IssueCreatorCredentialAsync()).ThrowIfFailed();
        var verifier = brand.Verifier();

        var otherToken = brand.PresentationRequest("a") with { Contract = EthereumAddress.Parse("0x" + new string('4', 40)).ThrowIfFailed() };
        Assert.Equal(SocialTokenErrorCodes.TokenMismatch, (await verifier.VerifyHolderAsync(brand.Present(holder.Credential, fan, "a", "tier"), otherToken)).Error?.Code);
        Assert.Equal(SocialTokenErrorCodes.TokenMismatch, (await verifier.VerifyHolderAsync(brand.Present(holder.Credential, fan, "b", "tier"), brand.PresentationRequest("b") with { ChainId = 10 })).Error?.Code);
        Assert.Equal(SocialTokenErrorCodes.CredentialTypeMismatch, (await verifier.VerifyHolderAsync(brand.Present(creator.Credential, brand.Wallet, "c"), brand.PresentationRequest("c"))).Error?.Code);
        Assert.Equal(SocialTokenErrorCodes.CredentialTypeMismatch, (await verifier.VerifyCreatorAsync(brand.Present(holder.Credential, fan, "d", "tier"), brand.PresentationRequest("d"))).Error?.Code);
        Assert.Equal(SdJwtErrorCodes.KeyBindingNonceMismatch, (await verifier.VerifyHolderAsync(brand.Present(holder.Credential, fan, "e", "tier"), brand.PresentationRequest("other"))).Error?.Code);
        Assert.Equal(SdJwtErrorCodes.InvalidSdJwt, (await verifier.VerifyHolderAsync("not an sd-jwt", brand.PresentationRequest("f"))).Error?.Code);
    }

    private static async Task<SdJwtToken> ForgeCreatorCredentialAsync(Brand impostor, string subject, EthereumBlock head)
    {
        var issuer = (await SdJwtIssuer.ForDidAsync(impostor.Key, impostor.Did, impostor.Chain.Resolver)).ThrowIfFailed();
        var now = impostor.Chain.Clock.GetUtcNow();
        return issuer.Issue(
            new JsonObject
            {
                ["vct"] = SocialTokenIssuerOptions.CreatorVct,
                ["sub"] = subject,
                ["iat"] = now.ToUnixTimeSeconds(),
                ["exp"] = now.AddDays(30).ToUnixTimeSeconds(),
                ["cnf"] = new JsonObject { ["kid"] = impostor.Did + "#controller" },
                ["token"] = impostor.Chain.Token.ToClaim(),
                ["evidence"] = new JsonObject { ["chain_id"] = impostor.Chain.Devnet.ChainId, ["block_number"] = head.Number, ["block_hash"] = head.Hash, ["finality"] = "finalized" },
                ["role"] = "creator",
            },
            []);
    }
}
