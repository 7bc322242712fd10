using Did.Sdk.SdJwt.StatusList;
using System.Text.Json.Nodes;
using Did.Sdk.Jose;

namespace Did.Sdk.SdJwt.Tests;

/// <summary>Issuer, holder and verifier together: options, serializations and what the result records.</summary>
public sealed class SdJwtRoundTripTests : IDisposable
{
    private readonly Fixture _f = new();

    public void Dispose() => _f.Dispose();

    [Fact]
    public void Issue_NeverDisclosableClaimAsSd_Throws()
    {
        foreach (var name in new[] { "iss", "exp", "nbf", "cnf", "vct", "status" })
        {
            var claims = Fixture.Claims();
            claims["nbf"] = 1;
            claims["status"] = new JsonObject();
            claims["cnf"] = new JsonObject();
            Assert.Throws<ArgumentException>(() => new SdJwtIssuer(_f.IssuerKey).Issue(claims, [SdJwtClaimPath.Create(name)]));
        }
    }

    [Fact]
    public void Issue_VcWithoutVct_Throws()
    {
        var claims = Fixture.Claims();
        claims.Remove("vct");
        Assert.Throws<ArgumentException>(() => new SdJwtIssuer(_f.IssuerKey).Issue(claims, []));
    }

    [Fact]
    public void Issue_KidNotADidUrlOfDidIssuer_Throws()
    {
        Assert.Throws<ArgumentException>(() => new SdJwtIssuer(_f.IssuerKey, new SdJwtIssuerOptions { KeyId = "key-1" }).Issue(Fixture.Claims(), []));
        Assert.Throws<ArgumentException>(() => new SdJwtIssuer(_f.IssuerKey, new SdJwtIssuerOptions { KeyId = "did:example:other#k" }).Issue(Fixture.Claims(), []));
    }

    [Fact]
    public void Issue_PathSelectingNothing_Throws()
    {
        Assert.Throws<ArgumentException>(() => new SdJwtIssuer(_f.IssuerKey).Issue(Fixture.Claims(), [SdJwtClaimPath.Create("missing")]));
    }

    [Fact]
    public void Issue_ReservedClaimName_Throws()
    {
        var claims = Fixture.Claims();
        claims["address"]!["_sd"] = new JsonArray();
        Assert.Throws<ArgumentException>(() => new SdJwtIssuer(_f.IssuerKey).Issue(claims, []));
    }

    [Fact]
    public async Task Present_SameCredentialRepeatedly_LeavesTheCredentialUnchanged()
    {
        // The holder processes a payload it parsed itself in place, but the credential's disclosures
        // (including the recursive address one) belong to the caller and must come out untouched.
        var credential = _f.Issue();
        string before = credential.ToCompact();
        var values = credential.Disclosures.Select(d => d.Value?.ToJsonString()).ToList();

        string first = _f.Present(credential, disclose: [SdJwtClaimPath.Create("address", "locality")]);
        string second = _f.Present(credential, disclose: [SdJwtClaimPath.Create("address", "locality")]);
        string third = _f.Present(credential, disclose: [SdJwtClaimPath.Create("given_name")]);

        Assert.Equal(before, credential.ToCompact());
        Assert.Equal(values, credential.Disclosures.Select(d => d.Value?.ToJsonString()).ToList());
        Assert.Equal(first[..first.LastIndexOf('~')], second[..second.LastIndexOf('~')]);
        foreach (var presentation in new[] { first, second, third })
        {
            var result = await _f.Verifier().VerifyAsync(presentation);
            Assert.True(result.Succeeded, result.Error?.ToString());
        }

        var claims = (await _f.Verifier().VerifyAsync(first)).Claims!;
        Assert.Equal("Berlin", claims["address"]!["locality"]!.GetValue<string>());
        Assert.False(claims.ContainsKey("given_name"));
    }

    [Fact]
    public async Task Issue_ManyDisclosuresOnSeveralThreads_SaltsAre128BitAndNeverRepeat()
    {
        // Salts come from per-thread blocks of CSPRNG output (16 salts per block): across block
        // boundaries and threads no salt may repeat.
        var claims = new JsonObject { ["vct"] = "https://credentials.example/many" };
        for (int i = 0; i < 37; i++)
        {
            claims["c" + i] = i;
        }

        var paths = Enumerable.Range(0, 37).Select(i => SdJwtClaimPath.Create("c" + i)).ToArray();
        var issuer = new SdJwtIssuer(_f.IssuerKey, new SdJwtIssuerOptions { DecoyDigests = 3 });
        var tokens = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
            Enumerable.Range(0, 5).Select(_ => issuer.Issue((JsonObject)claims.DeepClone(), paths)).ToList())));
        var salts = tokens.SelectMany(t => t).SelectMany(t => t.Disclosures).Select(d => d.Salt).ToList();

        Assert.Equal(8 * 5 * 37, salts.Count);
        Assert.Equal(salts.Count, salts.Distinct(StringComparer.Ordinal).Count());
        Assert.All(salts, s => Assert.Equal(16, Base64Url.Decode(s).ThrowIfFailed().Length));
    }

    [Fact]
    public void Issue_Default_WritesTypKidSdAlgCnfAndRandomSalts()
    {
        var token = _f.Issue();
        var header = TestData.JwtHeader(token.IssuerSignedJwt);
        var payload = TestData.JwtPayload(token.IssuerSignedJwt);
        Assert.Equal("dc+sd-jwt", header["typ"]!.GetValue<string>());
        Assert.Equal(Fixture.IssuerKid, header["kid"]!.GetValue<string>());
        Assert.Equal("sha-256", payload["_sd_alg"]!.GetValue<string>());
        Assert.NotNull(payload["cnf"]!["jwk"]);
        Assert.Equal(6, token.Disclosures.Count); // given_name, age_over_18, address.locality, address, nationalities[0..1]
        Assert.All(token.Disclosures, d => Assert.Equal(16, Base64Url.Decode(d.Salt).ThrowIfFailed().Length));
        Assert.Equal(token.Disclosures.Count, token.Disclosures.Select(d => d.Salt).Distinct().Count());
        Assert.False(payload.ContainsKey("given_name"));
        Assert.Equal(2, payload["nationalities"]!.AsArray().Count(e => e is JsonObject o && o.ContainsKey("...")));
    }

    [Theory]
    [InlineData("sha-256")]
    [InlineData("sha-384")]
    [InlineData("sha-512")]
    public async Task VerifyAsync_EachHashAlgorithm_Succeeds(string name)
    {
        Assert.True(SdJwtHashAlgorithm.TryGetByName(name, out var alg));
        var token = _f.Issue(options: new SdJwtIssuerOptions { HashAlgorithm = alg, DecoyDigests = 3 });
        Assert.Equal(name, TestData.JwtPayload(token.IssuerSignedJwt)["_sd_alg"]!.GetValue<string>());
        var result = await _f.Verifier().VerifyAsync(_f.Present(token));
        Assert.True(result.Succeeded, result.Error?.ToString());
    }

    [Fact]
    public async Task Present_ChildPath_IncludesParentAndOnlyThatChild()
    {
        var token = _f.Issue();
        string presentation = _f.Present(token, disclose: SdJwtClaimPath.Create("address", "locality"));
        var result = await _f.Verifier().VerifyAsync(presentation);
        Assert.True(result.Succeeded, result.Error?.ToString());
        Assert.Equal("Berlin", result.Claims["address"]!["locality"]!.GetValue<string>());
        Assert.Equal("DE", result.Claims["address"]!["country"]!.GetValue<string>()); // plain inside address
        Assert.False(result.Claims.ContainsKey("given_name"));
        Assert.False(result.Claims.ContainsKey("nationalities") && result.Claims["nationalities"]!.AsArray().Count > 0);
    }

    [Fact]
    public async Task Present_ParentPath_IncludesEverythingBelow()
    {
        var result = await _f.Verifier().VerifyAsync(_f.Present(_f.Issue(), disclose: SdJwtClaimPath.Create("address")));
        Assert.True(result.Succeeded, result.Error?.ToString());
        Assert.Equal("Berlin", result.Claims["address"]!["locality"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(1, "[\"FR\"]")]
    [InlineData(null, "[\"DE\",\"FR\"]")]
    public async Task Present_ArrayElements_DisclosesSelected(int? index, string expected)
    {
        var path = index is { } i ? SdJwtClaimPath.Create("nationalities", i) : SdJwtClaimPath.Create("nationalities", null);
        var result = await _f.Verifier().VerifyAsync(_f.Present(_f.Issue(), disclose: path));
        Assert.True(result.Succeeded, result.Error?.ToString());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), result.Claims["nationalities"]));
    }

    [Theory]
    [InlineData(SdJwtJsonSyntax.Flattened)]
    [InlineData(SdJwtJsonSyntax.General)]
    public async Task VerifyAsync_JwsJsonSerialization_Succeeds(SdJwtJsonSyntax syntax)
    {
        var presentation = SdJwtToken.Parse(_f.Present(_f.Issue())).ThrowIfFailed();
        string json = presentation.ToJson(syntax);
        Assert.Equal(syntax == SdJwtJsonSyntax.General, JsonNode.Parse(json)!.AsObject().ContainsKey("signatures"));
        var result = await _f.Verifier().VerifyAsync(json);
        Assert.True(result.Succeeded, result.Error?.ToString());
    }

    [Fact]
    public async Task VerifyAsync_GeneralJsonWithTwoSigners_FirstSignatureDecidesByDefault()
    {
        using var second = SigningKey.Generate(JwsAlgorithm.ES256);
        var token = new SdJwtIssuer(second, new SdJwtIssuerOptions { KeyId = Fixture.IssuerDid + "#key-2" }).AddSignature(_f.Issue());
        Assert.Throws<InvalidOperationException>(() => token.ToJson(SdJwtJsonSyntax.Flattened));
        var presented = new SdJwtHolder(_f.Time).Present(token, Fixture.Paths(), _f.HolderKey, Fixture.Audience, Fixture.Nonce).ThrowIfFailed();
        string json = presented.ToJson(SdJwtJsonSyntax.General);
        Assert.Equal(2, JsonNode.Parse(json)!["signatures"]!.AsArray().Count);

        var first = await _f.Verifier().VerifyAsync(json);
        Assert.True(first.Succeeded, first.Error?.ToString());
        Assert.Equal(1, first.Validated.IssuerSignatureCount);

        // Only the first signature counts: a key that made only the second one is not the issuer's.
        var other = await _f.Verifier(_f.Options() with { IssuerKey = second.VerificationKey }).VerifyAsync(json);
        Assert.Equal(JoseErrorCodes.InvalidSignature, other.Error?.Code);

        // With the All policy every signature must verify with the one trusted key, so two signers fail.
        var all = await _f.Verifier(_f.Options() with { SignaturePolicy = SdJwtSignaturePolicy.All }).VerifyAsync(json);
        Assert.Equal(JoseErrorCodes.InvalidSignature, all.Error?.Code);
    }

    [Fact]
    public async Task VerifyAsync_ResolvedIssuerKey_RecordsWhatWasValidated()
    {
        var resolver = new FakeResolver(FakeResolver.Document(Fixture.IssuerDid, Fixture.IssuerKid, _f.IssuerKey.VerificationKey));
        var result = await _f.Verifier(_f.Options() with { IssuerKey = null }, resolver).VerifyAsync(_f.Present(_f.Issue()));
        Assert.True(result.Succeeded, result.Error?.ToString());
        Assert.Equal(Fixture.IssuerDid, result.Validated.Issuer);
        Assert.Equal(Fixture.IssuerKid, result.Validated.KeyId);
        Assert.True(result.Validated.KeyResolved);
        Assert.Equal("ES256", result.Validated.Algorithm);
        Assert.Equal("dc+sd-jwt", result.Validated.Type);
        Assert.Equal(Fixture.Now.AddHours(1), result.Validated.Expires);
        Assert.True(result.Validated.KeyBound);
        Assert.Equal(Fixture.Now, result.Validated.KeyBindingIssuedAt);
        Assert.Null(result.Validated.Status);
        Assert.Null(result.Error);
    }

    [Fact]
    public async Task VerifyAsync_HolderKeyFromCnfKid_Succeeds()
    {
        const string holderDid = "did:example:holder";
        var resolver = new FakeResolver(FakeResolver.Document(holderDid, holderDid + "#k", _f.HolderKey.VerificationKey, inAssertionMethod: false, inAuthentication: true));
        var claims = Fixture.Claims();
        claims["cnf"] = new JsonObject { ["kid"] = holderDid + "#k" };
        var token = new SdJwtIssuer(_f.IssuerKey).Issue(claims, Fixture.Paths());
        var result = await _f.Verifier(resolver: resolver).VerifyAsync(_f.Present(token));
        Assert.True(result.Succeeded, result.Error?.ToString());
    }

    [Fact]
    public async Task VerifyAsync_StatusValidOrCheckDisabled_Succeeds()
    {
        var claims = Fixture.Claims();
        claims["status"] = new JsonObject { ["status_list"] = new JsonObject { ["idx"] = 7, ["uri"] = "https://status.example/1" } };
        string presentation = _f.Present(_f.Issue(claims));
        var checker = new FixedStatusChecker(FixedStatusChecker.Status(TokenStatus.Valid));
        var result = await _f.Verifier(checker: checker).VerifyAsync(presentation);
        Assert.True(result.Succeeded, result.Error?.ToString());
        Assert.Equal(TokenStatus.Valid, result.Validated.Status);
        Assert.Equal(7, checker.Seen!.Value.GetProperty("status_list").GetProperty("idx").GetInt32());

        var disabled = await _f.Verifier(_f.Options() with { DisableStatusCheck = true }).VerifyAsync(presentation);
        Assert.True(disabled.Succeeded, disabled.Error?.ToString());
        Assert.Null(disabled.Validated.Status);
    }

    [Fact]
    public async Task VerifyAsync_LegacyTypAllowedByOption_Succeeds()
    {
        var token = _f.Issue(options: new SdJwtIssuerOptions { Type = SdJwtVc.LegacyMediaType });
        var result = await _f.Verifier(_f.Options() with { AllowLegacyVcType = true }).VerifyAsync(_f.Present(token));
        Assert.True(result.Succeeded, result.Error?.ToString());
    }

    [Fact]
    public async Task VerifyAsync_WithoutKeyBindingWhenNotRequired_Succeeds()
    {
        var result = await _f.Verifier().VerifyAsync(_f.Issue().ToCompact(), SdJwtVerificationRequest.WithoutKeyBinding);
        Assert.True(result.Succeeded, result.Error?.ToString());
        Assert.False(result.Validated.KeyBound);
    }

    [Fact]
    public async Task Verifier_KeyBindingRequiredWithoutAudience_Throws()
    {
        var verifier = new SdJwtVerifier();
        Assert.NotNull(verifier.Options);
        await Assert.ThrowsAsync<ArgumentException>(async () => await verifier.VerifyAsync("x~", new SdJwtVerificationRequest()));
        await Assert.ThrowsAsync<ArgumentException>(async () => await verifier.VerifyAsync("x~", new SdJwtVerificationRequest { Audience = "a" }));
        Assert.Throws<ArgumentException>(() => new SdJwtVerifier(_f.Options() with { AllowedAlgorithms = new HashSet<JwsAlgorithm>() }));
        Assert.Throws<ArgumentException>(() => new SdJwtVerifier(_f.Options() with { ClockSkew = TimeSpan.FromHours(1) }));
    }

    [Fact]
    public void ClaimPath_Parse_AcceptsStringsIndexesNull()
    {
        Assert.False(SdJwtClaimPath.Parse("[]").Succeeded);
        Assert.False(SdJwtClaimPath.Parse("[-1]").Succeeded);
        Assert.False(SdJwtClaimPath.Parse("[true]").Succeeded);
        Assert.False(SdJwtClaimPath.Parse("{}").Succeeded);
        var path = SdJwtClaimPath.Parse("[\"nationalities\", null, 1]").ThrowIfFailed();
        Assert.Equal(["nationalities", null, 1], path.Elements);
        Assert.Equal("[\"nationalities\",null,1]", path.ToString());
    }
}
