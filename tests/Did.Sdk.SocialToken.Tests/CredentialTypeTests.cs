using System.Text.Json.Nodes;
using Did.Sdk.Ethereum;
using Did.Sdk.SdJwt;

namespace Did.Sdk.SocialToken.Tests;

/// <summary>What the issuer writes matches the published types in schemas/ (schema and selective-disclosure rules).</summary>
public sealed class CredentialTypeTests
{
    private static string Schemas(params string[] path) => File.ReadAllText(Path.Combine([AppContext.BaseDirectory, "schemas", .. path]));

    private static async Task<SdJwtVerifier> VerifierAsync(Chain chain, Brand brand)
    {
        var holder = (await SdJwtTypeSchema.LoadAsync(SocialTokenIssuerOptions.HolderVct, Schemas("social-token-holder", "v2", "schema.json"))).ThrowIfFailed();
        var creator = (await SdJwtTypeSchema.LoadAsync(SocialTokenIssuerOptions.CreatorVct, Schemas("social-token-creator", "v1", "schema.json"))).ThrowIfFailed();
        return new SdJwtVerifier(
            new SdJwtVerificationOptions { TypeSchemas = new Dictionary<string, SdJwtTypeSchema> { [SocialTokenIssuerOptions.HolderVct] = holder, [SocialTokenIssuerOptions.CreatorVct] = creator } },
            chain.Resolver, brand.StatusChecker, chain.Clock);
    }

    [Fact]
    public async Task HolderCredential_FullAndTierOnlyPresentations_ValidAgainstTheV2Schema()
    {
        await using var chain = await Chain.StartAsync();
        using var brand = await Brand.CreateAsync(chain);
        using var fan = EthereumPrivateKey.Generate();
        await chain.GiveAsync(fan.Address, 1000);
        var issued = (await brand.Issuer.IssueHolderCredentialAsync(brand.RequestWithStatus(Brand.DidOf(fan.Address), fan) with { MemberSince = chain.Clock.GetUtcNow() })).ThrowIfFailed();
        var verifier = await VerifierAsync(chain, brand);

        foreach (var disclose in new[] { new[] { "tier", "balance", "member_since", "evidence" }, ["tier"], [] })
        {
            var result = await verifier.VerifyAsync(brand.Present(issued.Credential, fan, "n", disclose), SdJwtVerificationRequest.KeyBound(Brand.Audience, "n"));
            Assert.True(result.Succeeded, result.Error?.ToString());
            Assert.Equal(disclose.Length, result.Validated!.DisclosureCount);
        }
    }

    [Fact]
    public async Task CreatorCredential_ValidAgainstItsSchema()
    {
        await using var chain = await Chain.StartAsync();
        using var brand = await Brand.CreateAsync(chain);
        var issued = (await brand.Issuer.IssueCreatorCredentialAsync()).ThrowIfFailed();

        var result = await (await VerifierAsync(chain, brand)).VerifyAsync(brand.Present(issued.Credential, brand.Wallet, "n"), SdJwtVerificationRequest.KeyBound(Brand.Audience, "n"));

        Assert.True(result.Succeeded, result.Error?.ToString());
    }

    [Theory]
    [InlineData("social-token-holder/v2", true)]
    [InlineData("social-token-creator/v1", false)]
    public async Task Issuer_DisclosableClaimsAreExactlyTheMetadatasAlwaysClaims(string type, bool holder)
    {
        await using var chain = await Chain.StartAsync();
        using var brand = await Brand.CreateAsync(chain);
        using var fan = EthereumPrivateKey.Generate();
        await chain.GiveAsync(fan.Address, 1000);
        var issued = holder
            ? (await brand.Issuer.IssueHolderCredentialAsync(brand.RequestWithStatus(Brand.DidOf(fan.Address), fan) with { MemberSince = chain.Clock.GetUtcNow() })).ThrowIfFailed()
            : (await brand.Issuer.IssueCreatorCredentialAsync()).ThrowIfFailed();
        var metadata = JsonNode.Parse(Schemas([.. type.Split('/'), "type-metadata.json"]))!;

        var always = metadata["claims"]!.AsArray().Where(c => c!["sd"]!.GetValue<string>() == "always").Select(c => c!["path"]!.ToJsonString()).Order().ToList();
        var disclosable = issued.Credential.Disclosures.Select(d => new JsonArray(d.ClaimName!).ToJsonString()).Order().ToList();

        Assert.Equal(always, disclosable);
        Assert.Equal(metadata["vct"]!.GetValue<string>(), holder ? SocialTokenIssuerOptions.HolderVct : SocialTokenIssuerOptions.CreatorVct);
    }
}
