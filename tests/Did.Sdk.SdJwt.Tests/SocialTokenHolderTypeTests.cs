using System.Text.Json.Nodes;

namespace Did.Sdk.SdJwt.Tests;

/// <summary>Our SocialTokenHolder type: metadata (schemas/), issuance by its "sd" rules, schema validation on verify.</summary>
public sealed class SocialTokenHolderTypeTests : IDisposable
{
    private const string Vct = "urn:did-sdk:vct:SocialTokenHolder:1";
    private readonly Fixture _f = new();

    public void Dispose() => _f.Dispose();

    private static string Schemas(string file) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "schemas", "social-token-holder", "v1", file));

    private static JsonObject Claims(string holderAddress = "0x52908400098527886E0F7030069857D2E4169EE7") => new()
    {
        ["vct"] = Vct,
        ["iss"] = Fixture.IssuerDid,
        ["iat"] = Fixture.Now.ToUnixTimeSeconds() - 60,
        ["exp"] = Fixture.Now.ToUnixTimeSeconds() + 86400,
        ["age_over_18"] = true,
        ["holds_creator_token"] = true,
        ["holder_address"] = holderAddress,
        ["evidence"] = new JsonObject
        {
            ["chain_id"] = 8453,
            ["contract"] = "0x8617E340B3D01FA5F11F306F4090FD50E238070D",
            ["block_number"] = 23_000_000,
            ["block_hash"] = "0x" + new string('a', 64),
        },
    };

    /// <summary>The claims paths the type metadata marks "always" or "allowed" selectively disclosable.</summary>
    private static List<SdJwtClaimPath> DisclosablePaths()
    {
        var metadata = JsonNode.Parse(Schemas("type-metadata.json"))!;
        return metadata["claims"]!.AsArray()
            .Where(c => c!["sd"]!.GetValue<string>() is "always" or "allowed")
            .Select(c => SdJwtClaimPath.Parse(c!["path"]!.ToJsonString()).ThrowIfFailed())
            .ToList();
    }

    private async Task<SdJwtVerifier> VerifierAsync()
    {
        var schema = (await SdJwtTypeSchema.LoadAsync(Vct, Schemas("schema.json"))).ThrowIfFailed();
        return _f.Verifier(_f.Options() with { TypeSchemas = new Dictionary<string, SdJwtTypeSchema> { [Vct] = schema } });
    }

    [Fact]
    public async Task VerifyAsync_ClaimsViolateSchema_ReturnsSchemaValidationFailed()
    {
        var token = _f.Issue(Claims(holderAddress: "not-an-address"), paths: DisclosablePaths());
        var result = await (await VerifierAsync()).VerifyAsync(_f.Present(token, disclose: SdJwtClaimPath.Create("holder_address")));
        Assert.False(result.Succeeded);
        Assert.Equal(SdJwtErrorCodes.SchemaValidationFailed, result.Error.Code);
    }

    [Fact]
    public async Task LoadAsync_NotJson_ReturnsInvalidJson()
    {
        var result = await SdJwtTypeSchema.LoadAsync(Vct, "{not json");
        Assert.False(result.Succeeded);
        Assert.Equal(ErrorCodes.InvalidJson, result.Error.Code);
    }

    [Fact]
    public void TypeMetadata_VctMatchesSchemaAndNeverDisclosableClaimsAreNotSd()
    {
        var metadata = JsonNode.Parse(Schemas("type-metadata.json"))!;
        var schema = JsonNode.Parse(Schemas("schema.json"))!;
        Assert.Equal(Vct, metadata["vct"]!.GetValue<string>());
        Assert.Equal(Vct, schema["properties"]!["vct"]!["const"]!.GetValue<string>());
        Assert.DoesNotContain(DisclosablePaths(), p => p.Elements[0] is string s && SdJwtVc.NeverDisclosable.Contains(s));
    }

    [Fact]
    public async Task VerifyAsync_OverEighteenAndCreatorTokenOnly_RevealsOnlyThose()
    {
        var token = _f.Issue(Claims(), paths: DisclosablePaths());
        string presentation = _f.Present(token, disclose: [SdJwtClaimPath.Create("age_over_18"), SdJwtClaimPath.Create("holds_creator_token")]);
        var result = await (await VerifierAsync()).VerifyAsync(presentation);
        Assert.True(result.Succeeded, result.Error?.ToString());
        Assert.True(result.Claims["age_over_18"]!.GetValue<bool>());
        Assert.True(result.Claims["holds_creator_token"]!.GetValue<bool>());
        Assert.False(result.Claims.ContainsKey("holder_address"));
        Assert.False(result.Claims.ContainsKey("evidence"));
        Assert.Equal(Vct, result.Validated.Vct);
    }

    [Fact]
    public async Task VerifyAsync_EvidenceChainAndBlockOnly_RevealsParentWithThoseMembers()
    {
        var token = _f.Issue(Claims(), paths: DisclosablePaths());
        string presentation = _f.Present(token, disclose: [SdJwtClaimPath.Create("evidence", "chain_id"), SdJwtClaimPath.Create("evidence", "block_number")]);
        var result = await (await VerifierAsync()).VerifyAsync(presentation);
        Assert.True(result.Succeeded, result.Error?.ToString());
        var evidence = result.Claims["evidence"]!.AsObject();
        Assert.Equal(8453, evidence["chain_id"]!.GetValue<int>());
        Assert.False(evidence.ContainsKey("contract"));
    }
}
