using Did.Sdk.SdJwt.StatusList;
using System.Text;
using System.Text.Json.Nodes;
using Did.Sdk.Jose;

namespace Did.Sdk.SdJwt.Tests;

/// <summary>Every bad-input class of issue 3 gets its error code; nothing throws.</summary>
public sealed class SdJwtVerifierBadInputTests : IDisposable
{
    private readonly Fixture _f = new();

    public void Dispose() => _f.Dispose();

    private async Task AssertFails(string presentation, string code, SdJwtVerificationOptions? options = null, IDidResolver? resolver = null, IStatusListChecker? checker = null, SdJwtVerificationRequest? request = null)
    {
        var result = await _f.Verifier(options, resolver, checker).VerifyAsync(presentation, request ?? Fixture.Request());
        Assert.False(result.Succeeded);
        Assert.Equal(code, result.Error.Code);
        Assert.Null(result.Claims);
    }

    private static string D(string salt, string name, string valueJson) => Fixture.RawDisclosure($"[\"{salt}\",\"{name}\",{valueJson}]");

    // --- disclosures (RFC 9901 §7.1) ---

    [Fact]
    public async Task VerifyAsync_TamperedDisclosure_ReturnsUnreferencedDisclosure()
    {
        var credential = _f.Issue();
        var d = credential.Disclosures.First(x => x.ClaimName == "given_name");
        string tampered = D(d.Salt, "given_name", "\"Eve\"");
        string sd = credential.ToCompactWithoutKeyBinding().Replace(d.Encoded, tampered, StringComparison.Ordinal);
        await AssertFails(sd + _f.KeyBinding(sd), SdJwtErrorCodes.UnreferencedDisclosure);
    }

    [Fact]
    public async Task VerifyAsync_UnreferencedDisclosure_ReturnsUnreferencedDisclosure()
    {
        string extra = D("c2FsdHNhbHRzYWx0c2FsdA", "admin", "true");
        await AssertFails(_f.Forge(Fixture.BasePayload(), [extra]), SdJwtErrorCodes.UnreferencedDisclosure);
    }

    [Fact]
    public async Task VerifyAsync_DuplicatedDisclosure_ReturnsDuplicateDisclosure()
    {
        string d = D("salt1salt1salt1salt1sa", "given_name", "\"Ada\"");
        var payload = Fixture.BasePayload();
        payload["_sd"] = new JsonArray(Fixture.Digest(d));
        await AssertFails(_f.Forge(payload, [d, d]), SdJwtErrorCodes.DuplicateDisclosure);
    }

    [Fact]
    public async Task VerifyAsync_DigestReusedInTwoPlaces_ReturnsDuplicateDigest()
    {
        string d = D("salt1salt1salt1salt1sa", "given_name", "\"Ada\"");
        var payload = Fixture.BasePayload();
        payload["_sd"] = new JsonArray(Fixture.Digest(d));
        payload["address"] = new JsonObject { ["_sd"] = new JsonArray(Fixture.Digest(d)) };
        await AssertFails(_f.Forge(payload, [d]), SdJwtErrorCodes.DuplicateDigest);
    }

    [Fact]
    public async Task VerifyAsync_DigestCollisionBetweenObjectAndArray_ReturnsDuplicateDigest()
    {
        string e = Fixture.RawDisclosure("[\"salt2salt2salt2salt2sa\",\"DE\"]");
        var payload = Fixture.BasePayload();
        payload["nationalities"] = new JsonArray(new JsonObject { ["..."] = Fixture.Digest(e) }, new JsonObject { ["..."] = Fixture.Digest(e) });
        await AssertFails(_f.Forge(payload, [e]), SdJwtErrorCodes.DuplicateDigest);
    }

    [Fact]
    public async Task VerifyAsync_DisclosedNameAlreadyPresent_ReturnsClaimNameCollision()
    {
        string d = D("salt1salt1salt1salt1sa", "given_name", "\"Eve\"");
        var payload = Fixture.BasePayload();
        payload["given_name"] = "Ada";
        payload["_sd"] = new JsonArray(Fixture.Digest(d));
        await AssertFails(_f.Forge(payload, [d]), SdJwtErrorCodes.ClaimNameCollision);
    }

    [Theory]
    [InlineData("_sd")]
    [InlineData("...")]
    public async Task VerifyAsync_DisclosureNamedReserved_ReturnsClaimNameCollision(string name)
    {
        string d = D("salt1salt1salt1salt1sa", name, "[]");
        var payload = Fixture.BasePayload();
        payload["_sd"] = new JsonArray(Fixture.Digest(d));
        await AssertFails(_f.Forge(payload, [d]), SdJwtErrorCodes.ClaimNameCollision);
    }

    [Theory]
    [InlineData("{\"_sd\":\"notAnArray\"}")]
    [InlineData("{\"_sd\":[1]}")]
    [InlineData("{\"address\":{\"...\":\"abc\"}}")]
    [InlineData("{\"list\":[{\"...\":\"abc\",\"x\":1}]}")]
    [InlineData("{\"list\":[{\"...\":5}]}")]
    [InlineData("{\"address\":{\"_sd_alg\":\"sha-256\"}}")]
    public async Task VerifyAsync_SdOrEllipsisInWrongPlace_ReturnsInvalidSdStructure(string extra)
    {
        var payload = Fixture.BasePayload();
        foreach (var (k, v) in JsonNode.Parse(extra)!.AsObject().ToList())
        {
            payload[k] = v!.DeepClone();
        }

        await AssertFails(_f.Forge(payload, []), SdJwtErrorCodes.InvalidSdStructure);
    }

    [Fact]
    public async Task VerifyAsync_ArrayDisclosureInSdArray_ReturnsInvalidDisclosure()
    {
        string e = Fixture.RawDisclosure("[\"salt2salt2salt2salt2sa\",\"DE\"]");
        var payload = Fixture.BasePayload();
        payload["_sd"] = new JsonArray(Fixture.Digest(e));
        await AssertFails(_f.Forge(payload, [e]), SdJwtErrorCodes.InvalidDisclosure);
    }

    [Theory]
    [InlineData("md5")]
    [InlineData("SHA-256")]
    [InlineData("sha3-256")]
    public async Task VerifyAsync_UnsupportedSdAlg_ReturnsUnsupportedSdAlgorithm(string alg)
    {
        var payload = Fixture.BasePayload();
        payload["_sd_alg"] = alg;
        await AssertFails(_f.Forge(payload, []), SdJwtErrorCodes.UnsupportedSdAlgorithm);
    }

    [Theory]
    [InlineData("abc+/def")]
    [InlineData("WyJhIiwiYiJd=")]
    [InlineData("e30")] // {}
    [InlineData("WyJhIl0")] // ["a"]
    [InlineData("WzEsImIiLDJd")] // [1,"b",2]
    public async Task VerifyAsync_MalformedDisclosure_ReturnsInvalidDisclosure(string disclosure)
    {
        var credential = _f.Issue();
        await AssertFails(credential.IssuerSignedJwt + "~" + disclosure + "~", SdJwtErrorCodes.InvalidDisclosure, request: SdJwtVerificationRequest.WithoutKeyBinding);
    }

    [Fact]
    public async Task VerifyAsync_DisclosureWithDuplicateMembers_ReturnsInvalidDisclosure()
    {
        string d = D("salt1salt1salt1salt1sa", "address", "{\"a\":1,\"a\":2}");
        var payload = Fixture.BasePayload();
        payload["_sd"] = new JsonArray(Fixture.Digest(d));
        await AssertFails(_f.Forge(payload, [d]), SdJwtErrorCodes.InvalidDisclosure);
    }

    // --- size and depth ---

    [Fact]
    public async Task VerifyAsync_Oversized_ReturnsInputTooLarge()
    {
        string presentation = _f.Present(_f.Issue());
        await AssertFails(presentation, ErrorCodes.InputTooLarge, _f.Options() with { MaxLength = presentation.Length - 1 });
    }

    [Fact]
    public async Task VerifyAsync_TooManyDisclosures_ReturnsTooManyDisclosures()
    {
        await AssertFails(_f.Present(_f.Issue()), SdJwtErrorCodes.TooManyDisclosures, _f.Options() with { MaxDisclosures = 2 });
    }

    [Fact]
    public async Task VerifyAsync_DeeplyNestedDisclosure_ReturnsInvalidDisclosure()
    {
        string deep = new string('[', 40) + new string(']', 40);
        string d = D("salt1salt1salt1salt1sa", "deep", deep);
        var payload = Fixture.BasePayload();
        payload["_sd"] = new JsonArray(Fixture.Digest(d));
        await AssertFails(_f.Forge(payload, [d]), SdJwtErrorCodes.InvalidDisclosure);
    }

    [Fact]
    public async Task VerifyAsync_RecursiveDisclosuresTooDeep_ReturnsInvalidJson()
    {
        // Each disclosure nests 30 levels and refers to the next: within StrictJson's bound each, too deep combined.
        var payload = Fixture.BasePayload();
        var disclosures = new List<string>();
        string? inner = null;
        for (int i = 0; i < 4; i++)
        {
            string open = string.Concat(Enumerable.Repeat("{\"a\":", 28));
            string close = new('}', 28);
            string value = inner is null ? open + "1" + close : open + "{\"_sd\":[\"" + Fixture.Digest(inner) + "\"]}" + close;
            inner = D("salt" + i + "salt1salt1salt1sa", "n" + i, value);
            disclosures.Add(inner);
        }

        payload["_sd"] = new JsonArray(Fixture.Digest(inner!));
        await AssertFails(_f.Forge(payload, disclosures), ErrorCodes.InvalidJson);
    }

    [Fact]
    public async Task VerifyAsync_PayloadWithDuplicateMembers_ReturnsInvalidJson()
    {
        string header = Base64Url.Encode(Encoding.UTF8.GetBytes("{\"alg\":\"ES256\",\"typ\":\"dc+sd-jwt\"}"));
        string body = Base64Url.Encode(Encoding.UTF8.GetBytes("{\"iss\":\"a\",\"iss\":\"b\",\"vct\":\"x\"}"));
        string sig = Base64Url.Encode(_f.IssuerKey.Sign(Encoding.UTF8.GetBytes(header + "." + body)));
        await AssertFails(header + "." + body + "." + sig + "~", ErrorCodes.InvalidJson, request: SdJwtVerificationRequest.WithoutKeyBinding);
    }

    [Fact]
    public async Task VerifyAsync_NotAnSdJwt_ReturnsInvalidSdJwt()
    {
        await AssertFails("eyJhbGciOiJFUzI1NiJ9.e30.c2ln", SdJwtErrorCodes.InvalidSdJwt);
        await AssertFails("a.b~~", SdJwtErrorCodes.InvalidSdJwt);
        await AssertFails("{\"payload\":\"e30\"}", SdJwtErrorCodes.InvalidSdJwt);
    }

    // --- algorithms and keys ---

    [Theory]
    [InlineData("none")]
    [InlineData("HS256")]
    [InlineData("RS256")]
    public async Task VerifyAsync_AlgorithmOutsideAllowList_ReturnsUnsupportedAlgorithm(string alg)
    {
        string header = Base64Url.Encode(Encoding.UTF8.GetBytes($"{{\"alg\":\"{alg}\",\"typ\":\"dc+sd-jwt\"}}"));
        string body = Base64Url.Encode(Encoding.UTF8.GetBytes(Fixture.BasePayload().ToJsonString()));
        await AssertFails(header + "." + body + ".c2lnbmF0dXJl~", JoseErrorCodes.UnsupportedAlgorithm, request: SdJwtVerificationRequest.WithoutKeyBinding);
    }

    [Fact]
    public async Task VerifyAsync_AlgorithmNotInConfiguredList_ReturnsUnsupportedAlgorithm()
    {
        await AssertFails(_f.Present(_f.Issue()), JoseErrorCodes.UnsupportedAlgorithm, _f.Options() with { AllowedAlgorithms = new HashSet<JwsAlgorithm> { JwsAlgorithm.EdDSA } });
    }

    [Fact]
    public async Task VerifyAsync_KeyOfWrongType_ReturnsAlgorithmKeyMismatch()
    {
        await AssertFails(_f.Present(_f.Issue()), JoseErrorCodes.AlgorithmKeyMismatch, _f.Options() with { IssuerKey = _f.HolderKey.VerificationKey });
    }

    [Fact]
    public async Task VerifyAsync_OtherIssuerKey_ReturnsInvalidSignature()
    {
        using var other = SigningKey.Generate(JwsAlgorithm.ES256);
        await AssertFails(_f.Present(_f.Issue()), JoseErrorCodes.InvalidSignature, _f.Options() with { IssuerKey = other.VerificationKey });
    }

    [Fact]
    public async Task VerifyAsync_KidAbsentFromIssuerDocument_ReturnsIssuerKeyNotFound()
    {
        var resolver = new FakeResolver(FakeResolver.Document(Fixture.IssuerDid, Fixture.IssuerDid + "#other", _f.IssuerKey.VerificationKey));
        await AssertFails(_f.Present(_f.Issue()), SdJwtErrorCodes.IssuerKeyNotFound, _f.Options() with { IssuerKey = null }, resolver);
    }

    [Fact]
    public async Task VerifyAsync_KidNotInAssertionMethod_ReturnsIssuerKeyNotFound()
    {
        var resolver = new FakeResolver(FakeResolver.Document(Fixture.IssuerDid, Fixture.IssuerKid, _f.IssuerKey.VerificationKey, inAssertionMethod: false, inAuthentication: true));
        await AssertFails(_f.Present(_f.Issue()), SdJwtErrorCodes.IssuerKeyNotFound, _f.Options() with { IssuerKey = null }, resolver);
    }

    [Theory]
    [InlineData("#key-1")]
    [InlineData("did:example:someoneelse#key-1")]
    [InlineData("key-1")]
    public async Task VerifyAsync_KidNotAnIssuerDidUrl_ReturnsIssuerKeyNotFound(string kid)
    {
        var resolver = new FakeResolver(FakeResolver.Document(Fixture.IssuerDid, Fixture.IssuerKid, _f.IssuerKey.VerificationKey));
        string forged = _f.Forge(Fixture.BasePayload(), [], new JsonObject { ["typ"] = SdJwtVc.MediaType, ["kid"] = kid });
        await AssertFails(forged, SdJwtErrorCodes.IssuerKeyNotFound, _f.Options() with { IssuerKey = null }, resolver);
    }

    [Fact]
    public async Task VerifyAsync_IssuerDidUnresolvable_ReturnsIssuerResolutionFailed()
    {
        await AssertFails(_f.Present(_f.Issue()), SdJwtErrorCodes.IssuerResolutionFailed, _f.Options() with { IssuerKey = null }, new FakeResolver());
    }

    // --- key binding (RFC 9901 §7.3) ---

    [Fact]
    public async Task VerifyAsync_KeyBindingMissing_ReturnsKeyBindingMissing()
    {
        await AssertFails(_f.Issue().ToCompact(), SdJwtErrorCodes.KeyBindingMissing);
    }

    [Fact]
    public async Task VerifyAsync_KeyBindingByAnotherKey_ReturnsKeyBindingSignatureInvalid()
    {
        using var other = SigningKey.Generate(JwsAlgorithm.EdDSA);
        await AssertFails(_f.Present(_f.Issue(), other), SdJwtErrorCodes.KeyBindingSignatureInvalid);
    }

    [Fact]
    public async Task VerifyAsync_WrongAudience_ReturnsKeyBindingAudienceMismatch()
    {
        await AssertFails(_f.Present(_f.Issue(), audience: "https://evil.example"), SdJwtErrorCodes.KeyBindingAudienceMismatch);
    }

    [Fact]
    public async Task VerifyAsync_WrongNonce_ReturnsKeyBindingNonceMismatch()
    {
        await AssertFails(_f.Present(_f.Issue(), nonce: "replayed"), SdJwtErrorCodes.KeyBindingNonceMismatch);
    }

    [Fact]
    public async Task VerifyAsync_DisclosureDroppedAfterKeyBinding_ReturnsKeyBindingHashMismatch()
    {
        string presentation = _f.Present(_f.Issue());
        var parts = presentation.Split('~').ToList();
        parts.RemoveAt(1);
        await AssertFails(string.Join('~', parts), SdJwtErrorCodes.KeyBindingHashMismatch);
    }

    [Fact]
    public async Task VerifyAsync_StaleKeyBinding_ReturnsKeyBindingStale()
    {
        string presentation = _f.Present(_f.Issue());
        _f.Time.Advance(TimeSpan.FromMinutes(10));
        await AssertFails(presentation, SdJwtErrorCodes.KeyBindingStale, _f.Options() with { ClockSkew = TimeSpan.Zero });
    }

    [Fact]
    public async Task VerifyAsync_FutureKeyBinding_ReturnsKeyBindingStale()
    {
        string sd = _f.Issue().ToCompactWithoutKeyBinding();
        await AssertFails(sd + _f.KeyBinding(sd, iat: Fixture.Now.ToUnixTimeSeconds() + 3600), SdJwtErrorCodes.KeyBindingStale);
    }

    [Theory]
    [InlineData("none")]
    [InlineData("HS256")]
    public async Task VerifyAsync_KeyBindingAlgorithmOutsideAllowList_ReturnsUnsupportedAlgorithm(string alg)
    {
        string sd = _f.Issue().ToCompactWithoutKeyBinding();
        string header = Base64Url.Encode(Encoding.UTF8.GetBytes($"{{\"alg\":\"{alg}\",\"typ\":\"kb+jwt\"}}"));
        string kb = _f.KeyBinding(sd);
        string forged = header + kb[kb.IndexOf('.', StringComparison.Ordinal)..];
        await AssertFails(sd + forged, JoseErrorCodes.UnsupportedAlgorithm);
    }

    [Fact]
    public async Task VerifyAsync_KeyBindingWrongTyp_ReturnsInvalidKeyBinding()
    {
        string sd = _f.Issue().ToCompactWithoutKeyBinding();
        await AssertFails(sd + _f.KeyBinding(sd, typ: "JWT"), SdJwtErrorCodes.InvalidKeyBinding);
    }

    [Fact]
    public async Task VerifyAsync_NoCnf_ReturnsHolderKeyNotFound()
    {
        string sd = new SdJwtIssuer(_f.IssuerKey).Issue(Fixture.Claims(), Fixture.Paths()).ToCompactWithoutKeyBinding();
        await AssertFails(sd + _f.KeyBinding(sd), SdJwtErrorCodes.HolderKeyNotFound);
    }

    // --- lifetime ---

    [Fact]
    public async Task VerifyAsync_Expired_ReturnsTokenExpired()
    {
        var claims = Fixture.Claims();
        claims["exp"] = Fixture.Now.ToUnixTimeSeconds() - 120;
        await AssertFails(_f.Present(_f.Issue(claims)), SdJwtErrorCodes.TokenExpired);
    }

    [Fact]
    public async Task VerifyAsync_NotYetValid_ReturnsTokenNotYetValid()
    {
        var claims = Fixture.Claims();
        claims["nbf"] = Fixture.Now.ToUnixTimeSeconds() + 3600;
        await AssertFails(_f.Present(_f.Issue(claims)), SdJwtErrorCodes.TokenNotYetValid);
    }

    [Fact]
    public async Task VerifyAsync_ExpNotANumber_ReturnsInvalidClaim()
    {
        var claims = Fixture.Claims();
        claims["exp"] = "tomorrow";
        await AssertFails(_f.Present(_f.Issue(claims)), SdJwtErrorCodes.InvalidClaim);
    }

    // --- status (fails closed) ---

    private SdJwtToken IssueWithStatus()
    {
        var claims = Fixture.Claims();
        claims["status"] = new JsonObject { ["status_list"] = new JsonObject { ["idx"] = 7, ["uri"] = "https://status.example/1" } };
        return _f.Issue(claims);
    }

    [Fact]
    public async Task VerifyAsync_StatusWithoutChecker_ReturnsStatusCheckUnavailable()
    {
        await AssertFails(_f.Present(IssueWithStatus()), SdJwtErrorCodes.StatusCheckUnavailable);
    }

    [Fact]
    public async Task VerifyAsync_Revoked_ReturnsCredentialRevoked()
    {
        await AssertFails(_f.Present(IssueWithStatus()), SdJwtErrorCodes.CredentialRevoked, checker: new FixedStatusChecker(FixedStatusChecker.Status(TokenStatus.Invalid)));
    }

    [Fact]
    public async Task VerifyAsync_Suspended_ReturnsCredentialSuspended()
    {
        await AssertFails(_f.Present(IssueWithStatus()), SdJwtErrorCodes.CredentialSuspended, checker: new FixedStatusChecker(FixedStatusChecker.Status(TokenStatus.Suspended)));
    }

    [Fact]
    public async Task VerifyAsync_StatusListUnreachable_ReturnsStatusCheckFailed()
    {
        var checker = new FixedStatusChecker(StatusCheckResult.Failure(new SdkError("statusListUnavailable", "unreachable")));
        await AssertFails(_f.Present(IssueWithStatus()), SdJwtErrorCodes.StatusCheckFailed, checker: checker);
    }

    // --- SD-JWT VC ---

    [Theory]
    [InlineData("example+sd-jwt")]
    [InlineData("vc+sd-jwt")]
    [InlineData(null)]
    public async Task VerifyAsync_WrongTyp_ReturnsInvalidType(string? typ)
    {
        var credential = _f.Issue(options: new SdJwtIssuerOptions { Type = typ });
        await AssertFails(_f.Present(credential), SdJwtErrorCodes.InvalidType);
    }

    [Fact]
    public async Task VerifyAsync_MissingVct_ReturnsInvalidClaim()
    {
        var payload = Fixture.BasePayload();
        payload.Remove("vct");
        await AssertFails(_f.Forge(payload, []), SdJwtErrorCodes.InvalidClaim);
    }

    [Theory]
    [InlineData("iss")]
    [InlineData("status")]
    [InlineData("cnf")]
    [InlineData("vct")]
    public async Task VerifyAsync_NeverDisclosableClaimDisclosed_ReturnsNonDisclosableClaim(string name)
    {
        var payload = Fixture.BasePayload();
        payload.Remove(name);
        string d = D("salt1salt1salt1salt1sa", name, "\"x\"");
        payload["_sd"] = new JsonArray(Fixture.Digest(d));
        await AssertFails(_f.Forge(payload, [d], keyBinding: false), SdJwtErrorCodes.NonDisclosableClaim, request: SdJwtVerificationRequest.WithoutKeyBinding);
    }

    // --- robustness ---

    [Fact]
    public void VerifyAsync_ArbitraryInput_NeverThrows()
    {
        var verifier = _f.Verifier();
        string valid = _f.Present(_f.Issue());
        Gen.Select(Gen.Int[0, valid.Length - 1], Gen.Char["~.{}[]\"aA0_-=+/ "])
            .Sample((position, c) =>
            {
                string mutated = valid[..position] + c + valid[(position + 1)..];
                var result = verifier.VerifyAsync(mutated).AsTask().GetAwaiter().GetResult();
                return result.Succeeded ? mutated == valid || result.Claims is not null : result.Error.Code.Length > 0;
            }, iter: 300);
        Gen.String.Sample(s => !verifier.VerifyAsync(s).AsTask().GetAwaiter().GetResult().Succeeded, iter: 300);
    }
}
