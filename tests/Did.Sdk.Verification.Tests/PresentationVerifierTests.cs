using System.Text.Json.Nodes;
using Did.Sdk.Ethereum;
using Did.Sdk.Ethereum.Rpc;
using Did.Sdk.Jose;
using Did.Sdk.SdJwt;
using Did.Sdk.SdJwt.StatusList;
using Did.Sdk.SocialToken;
using Did.Sdk.SocialToken.Tests;
using Did.Sdk.Verification.Policy;

namespace Did.Sdk.Verification.Tests;

/// <summary>One policy, one call: SocialTokenHolder presentations verified on the devnet, every check's failure with its own code.</summary>
public sealed class PresentationVerifierTests
{
    [Fact]
    public async Task GoldHolder_FromTheBrand_AtAFinalizedBlock_AcceptedWithEveryCheckAndItsEvidence()
    {
        await using var scene = await Scene.StartAsync();
        var verifier = scene.Verifier(scene.GoldPolicy().Build());
        var request = await scene.RequestAsync(verifier);

        var decision = await verifier.VerifyAsync(scene.Present(request, "tier"), request.Nonce);

        Assert.True(decision.Accepted, decision.Error?.ToString());
        Assert.Null(decision.Error);
        Assert.Equal("gold", decision.Claims!["tier"]!.GetValue<string>());
        Assert.False(decision.Claims.ContainsKey("balance"));
        Assert.Equal(scene.Brand.Did, decision.Issuer);
        Assert.Equal(scene.FanDid, decision.Holder);
        Assert.Equal(
            ["request", "presentation", "credential:member", "dcql:member", "dcql:credentialSets", "trustedIssuer:member", "status:member", "rules.chain.balanceAtLeast", "nonce"],
            decision.Checks.Select(c => c.Name));
        Assert.All(decision.Checks, c => Assert.True(c.Passed));
        var finalized = (await scene.Chain.Client.GetBlockAsync(BlockTag.Finalized)).ThrowIfFailed();
        var read = Assert.Single(decision.Evidence, e => e.Kind == "chainRead");
        Assert.Equal((finalized.Number, finalized.Hash, "finalized", "multicall3"), (read.BlockNumber, read.BlockHash, read.Finality, read.Method));
        Assert.Contains(decision.Evidence, e => e.Kind == "issuerDid" && e.Did == scene.Brand.Did && e.Finality == "finalized");
        Assert.Contains(decision.Evidence, e => e.Kind == "holderDid" && e.Did == scene.FanDid);
        var json = decision.ToJson();
        Assert.Equal("accepted", json["decision"]!.GetValue<string>());
        Assert.True(json["valid"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Nonce_AcceptedOnce_ReplayUnknownAndExpiredRequestsRefused()
    {
        await using var scene = await Scene.StartAsync();
        var verifier = scene.Verifier(scene.GoldPolicy().Build());
        var request = await scene.RequestAsync(verifier);
        string presentation = scene.Present(request, "tier");

        Assert.True((await verifier.VerifyAsync(presentation, request.Nonce)).Accepted);
        var replay = await verifier.VerifyAsync(presentation, request.Nonce);
        Assert.Equal((DecisionOutcome.Rejected, VerificationErrorCodes.NonceReplayed), (replay.Outcome, replay.Error?.Code));
        Assert.Equal(VerificationErrorCodes.RequestUnknown, (await verifier.VerifyAsync(presentation, "made-up-nonce")).Error?.Code);

        var late = await scene.RequestAsync(verifier);
        string latePresentation = scene.Present(late, "tier");
        scene.Chain.Clock.Advance(TimeSpan.FromMinutes(6));
        Assert.Equal(VerificationErrorCodes.RequestExpired, (await verifier.VerifyAsync(latePresentation, late.Nonce)).Error?.Code);
    }

    [Fact]
    public async Task TwoPresentationsRacingForOneRequest_ExactlyOneAccepted()
    {
        await using var scene = await Scene.StartAsync();
        var verifier = scene.Verifier(scene.GoldPolicy().Build());
        var request = await scene.RequestAsync(verifier);
        string presentation = scene.Present(request, "tier");

        var decisions = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () => await verifier.VerifyAsync(presentation, request.Nonce))));

        Assert.Single(decisions, d => d.Accepted);
        Assert.All(decisions.Where(d => !d.Accepted), d => Assert.Equal(VerificationErrorCodes.NonceReplayed, d.Error?.Code));
    }

    [Fact]
    public async Task Credential_UndisclosedTier_OtherTier_UnknownVct_UntrustedIssuer_Refused()
    {
        await using var scene = await Scene.StartAsync(tokens: 150);
        var gold = scene.Verifier(scene.GoldPolicy().Build());

        var request = await scene.RequestAsync(gold);
        var hidden = await gold.VerifyAsync(scene.Present(request), request.Nonce);
        Assert.Equal(VerificationErrorCodes.CredentialQueryNotSatisfied, hidden.Error?.Code);
        Assert.Equal("dcql:member", hidden.Checks[^1].Name);

        request = await scene.RequestAsync(gold);
        var silver = await gold.VerifyAsync(scene.Present(request, "tier"), request.Nonce);
        Assert.Equal(VerificationErrorCodes.CredentialQueryNotSatisfied, silver.Error?.Code);

        var otherType = scene.Verifier(new VerificationPolicyBuilder().RequireCredential("member", "urn:example:other").Build());
        request = await scene.RequestAsync(otherType);
        Assert.Equal(VerificationErrorCodes.CredentialQueryNotSatisfied, (await otherType.VerifyAsync(scene.Present(request, "tier"), request.Nonce)).Error?.Code);

        var otherIssuer = scene.Verifier(new VerificationPolicyBuilder().RequireCredential("member", SocialTokenIssuerOptions.HolderVct).TrustIssuer("did:ethr:devnet:0x1111111111111111111111111111111111111111").Build());
        request = await scene.RequestAsync(otherIssuer);
        var untrusted = await otherIssuer.VerifyAsync(scene.Present(request, "tier"), request.Nonce);
        Assert.Equal(VerificationErrorCodes.IssuerNotTrusted, untrusted.Error?.Code);
        Assert.Equal("trustedIssuer:member", untrusted.Checks[^1].Name);
    }

    [Fact]
    public async Task Revoked_And_StatusRequiredWithoutStatus_Refused()
    {
        await using var scene = await Scene.StartAsync();
        var withStatus = scene.Verifier(new VerificationPolicyBuilder().RequireCredential("person", "urn:example:person").RequireStatus().Build());
        var request = await scene.RequestAsync(withStatus);
        var noStatus = await withStatus.VerifyAsync(scene.PresentPerson(scene.PersonCredential(), request, null), request.Nonce);
        Assert.Equal(VerificationErrorCodes.StatusRequired, noStatus.Error?.Code);

        scene.Brand.StatusLists.SetStatus(new StatusReference(Brand.StatusListUri, scene.Issued.StatusIndex!.Value), TokenStatus.Invalid);
        var gold = scene.Verifier(scene.GoldPolicy().Build());
        request = await scene.RequestAsync(gold);
        var revoked = await gold.VerifyAsync(scene.Present(request, "tier"), request.Nonce);
        Assert.Equal(SdJwtErrorCodes.CredentialRevoked, revoked.Error?.Code);
        Assert.Equal("credential:member", revoked.Checks[^1].Name);
    }

    [Fact]
    public async Task ChainCheck_TokensMovedAwayAfterIssuance_RefusedAtTheCurrentBlock_ButAnyOfReportsTheBranchThatHolds()
    {
        await using var scene = await Scene.StartAsync();
        (await scene.Chain.Sender(scene.Fan).SendAsync(scene.Chain.Coin, SocialTokenContracts.Transfer(scene.Chain.Devnet.Accounts[1].Address, 1400 * Chain.Unit))).ThrowIfFailed();
        var gold = scene.Verifier(scene.GoldPolicy().Build());
        var request = await scene.RequestAsync(gold);

        var refused = await gold.VerifyAsync(scene.Present(request, "tier"), request.Nonce);

        Assert.Equal((DecisionOutcome.Rejected, VerificationErrorCodes.ChainCheckFailed), (refused.Outcome, refused.Error?.Code));
        Assert.Contains("less than", refused.Checks.Single(c => c.Name == "rules.chain.balanceAtLeast").Detail, StringComparison.Ordinal);

        var either = scene.Verifier(new VerificationPolicyBuilder()
            .RequireCredential("member", SocialTokenIssuerOptions.HolderVct, c => c.Claim("tier"))
            .OnChain(scene.Chain.Devnet.ChainId, Finality.Latest)
            .Require(PolicyRule.AnyOf(Rules.BalanceAtLeast(scene.Chain.Coin, 1000 * Chain.Unit), Rules.BalanceAtLeast(scene.Chain.Coin, 100 * Chain.Unit)))
            .Build());
        request = await scene.RequestAsync(either);
        var accepted = await either.VerifyAsync(scene.Present(request, "tier"), request.Nonce);

        Assert.True(accepted.Accepted, accepted.Error?.ToString());
        Assert.Equal("Branch 1 held.", accepted.Checks.Single(c => c.Name == "rules.anyOf").Detail);
        Assert.False(accepted.Checks.Single(c => c.Name == "rules.anyOf[0].chain.balanceAtLeast").Passed);
    }

    [Fact]
    public async Task ChainCheck_IssuerControlsToken_OwnsToken_Votes()
    {
        await using var scene = await Scene.StartAsync();
        var policy = new VerificationPolicyBuilder()
            .RequireCredential("member", SocialTokenIssuerOptions.HolderVct)
            .OnChain(scene.Chain.Devnet.ChainId, Finality.Safe)
            .Require(Rules.IssuerControlsToken(scene.Chain.Coin), Rules.OwnsToken(scene.Chain.Coin), Rules.PastVotesAtLeast(scene.Chain.Coin, 1))
            .Build();
        var verifier = scene.Verifier(policy);
        var request = await scene.RequestAsync(verifier);

        var decision = await verifier.VerifyAsync(scene.Present(request), request.Nonce);

        // The fan never delegated: ERC20Votes counts no votes until an account delegates.
        Assert.Equal(VerificationErrorCodes.ChainCheckFailed, decision.Error?.Code);
        Assert.True(decision.Checks.Single(c => c.Name == "rules.allOf[0].chain.controlsToken").Passed);
        Assert.True(decision.Checks.Single(c => c.Name == "rules.allOf[1].chain.ownsToken").Passed);
        Assert.False(decision.Checks.Single(c => c.Name == "rules.allOf[2].chain.pastVotesAtLeast").Passed);
        Assert.Single(decision.Evidence, e => e.Kind == "chainRead");

        (await scene.Chain.Sender(scene.Fan).SendAsync(scene.Chain.Coin, SocialTokenContracts.Delegate(scene.Fan.Address))).ThrowIfFailed();
        request = await scene.RequestAsync(verifier);
        Assert.False((await verifier.VerifyAsync(scene.Present(request), request.Nonce)).Accepted); // the safe block read a moment ago is reused
        scene.Chain.Clock.Advance(TimeSpan.FromSeconds(2));
        request = await scene.RequestAsync(verifier);
        Assert.True((await verifier.VerifyAsync(scene.Present(request), request.Nonce)).Accepted);
    }

    [Fact]
    public async Task EvidenceBlock_ReadAtIt_Stale_Reorged()
    {
        // Blocks become safe only every 100 blocks, so the last ones can still be reorganized.
        await using var scene = await Scene.StartAsync(safeEvery: 100, evidenceFinality: Finality.Latest);
        var policy = new VerificationPolicyBuilder()
            .RequireCredential("member", SocialTokenIssuerOptions.HolderVct, c => c.Claim("tier").Claim("evidence"))
            .ResolveDidsAt(Finality.Latest)
            .OnChainAtEvidence(scene.Chain.Devnet.ChainId, maxAgeBlocks: 5, Finality.Latest)
            .Require(Rules.BalanceAtLeast(scene.Chain.Coin, 1000 * Chain.Unit))
            .Build();
        var verifier = scene.Verifier(policy);

        var request = await scene.RequestAsync(verifier);
        var accepted = await verifier.VerifyAsync(scene.Present(request, "tier", "evidence"), request.Nonce);
        Assert.True(accepted.Accepted, accepted.Error?.ToString());
        Assert.Equal(scene.Issued.Evidence.BlockHash, accepted.Evidence.Single(e => e.Kind == "chainRead").BlockHash);

        request = await scene.RequestAsync(verifier);
        var undisclosed = await verifier.VerifyAsync(scene.Present(request, "tier"), request.Nonce);
        Assert.Equal(VerificationErrorCodes.CredentialQueryNotSatisfied, undisclosed.Error?.Code);

        for (int i = 0; i < 6; i++)
        {
            await scene.Chain.Devnet.MineAsync();
        }

        request = await scene.RequestAsync(verifier);
        Assert.Equal(VerificationErrorCodes.EvidenceStale, (await verifier.VerifyAsync(scene.Present(request, "tier", "evidence"), request.Nonce)).Error?.Code);

        (await scene.Chain.Devnet.ReorgAsync(8)).ThrowIfFailed();
        request = await scene.RequestAsync(verifier);
        Assert.Equal(SocialTokenErrorCodes.EvidenceBlockReorged, (await verifier.VerifyAsync(scene.Present(request, "tier", "evidence"), request.Nonce)).Error?.Code);
    }

    [Fact]
    public async Task EvidenceBlock_NotYetSafe_Pending_NonceKept_ThenAccepted()
    {
        await using var scene = await Scene.StartAsync(safeEvery: 50, evidenceFinality: Finality.Latest);
        var policy = new VerificationPolicyBuilder()
            .RequireCredential("member", SocialTokenIssuerOptions.HolderVct, c => c.Claim("evidence"))
            .ResolveDidsAt(Finality.Latest)
            .OnChainAtEvidence(scene.Chain.Devnet.ChainId, maxAgeBlocks: 100, Finality.Safe)
            .Require(Rules.BalanceAtLeast(scene.Chain.Coin, 10 * Chain.Unit))
            .Build();
        var verifier = scene.Verifier(policy);
        var request = await scene.RequestAsync(verifier);
        string presentation = scene.Present(request, "evidence");

        var pending = await verifier.VerifyAsync(presentation, request.Nonce);

        Assert.Equal((DecisionOutcome.Pending, VerificationErrorCodes.FinalityPending), (pending.Outcome, pending.Error?.Code));
        Assert.Equal("pending", pending.ToJson()["decision"]!.GetValue<string>());
        for (int i = 0; i < 50; i++)
        {
            await scene.Chain.Devnet.MineAsync();
        }

        var accepted = await verifier.VerifyAsync(presentation, request.Nonce);
        Assert.True(accepted.Accepted, accepted.Error?.ToString());
    }

    [Fact]
    public async Task ClaimPredicates_AgeNumberAndDate_EachFailureWithItsCode()
    {
        await using var scene = await Scene.StartAsync();
        var credential = scene.PersonCredential();

        async Task<VerificationDecision> VerifyAsync(PolicyRule rule, params string[] disclose)
        {
            var verifier = scene.Verifier(new VerificationPolicyBuilder().RequireCredential("person", "urn:example:person").Require(rule).Build());
            var request = await scene.RequestAsync(verifier);
            return await verifier.VerifyAsync(scene.PresentPerson(credential, request, null, disclose), request.Nonce);
        }

        // Born 2008-12-01; the clock says 2026-12-01: eighteen today.
        Assert.True((await VerifyAsync(Rules.AgeAtLeast("birthdate", 18), "birthdate")).Accepted);
        Assert.Equal(VerificationErrorCodes.PredicateFailed, (await VerifyAsync(Rules.AgeAtLeast("birthdate", 19), "birthdate")).Error?.Code);
        Assert.Equal(VerificationErrorCodes.ClaimNotDisclosed, (await VerifyAsync(Rules.AgeAtLeast("birthdate", 18), "score")).Error?.Code);
        Assert.True((await VerifyAsync(Rules.Between("score", 40, 42), "score")).Accepted);
        Assert.Equal(VerificationErrorCodes.PredicateFailed, (await VerifyAsync(Rules.AtLeast("score", 42.5m), "score")).Error?.Code);
        Assert.Equal(VerificationErrorCodes.PredicateFailed, (await VerifyAsync(Rules.AtMost("nickname", 100), "nickname")).Error?.Code);
        var before2025 = new ClaimRule { Path = Dcql.DcqlClaimPath.Of("member_since"), AtMost = ClaimBound.Of(new DateOnly(2025, 1, 1)) };
        Assert.True((await VerifyAsync(before2025, "member_since")).Accepted);
        Assert.Equal(VerificationErrorCodes.PredicateFailed, (await VerifyAsync(before2025 with { AtMost = ClaimBound.Of(new DateOnly(2024, 4, 30)) }, "member_since")).Error?.Code);
    }

    [Fact]
    public async Task CredentialAge_Expired_NotYetValid_AndBareKeyHolderForChainChecks()
    {
        await using var scene = await Scene.StartAsync();
        var aged = scene.Verifier(new VerificationPolicyBuilder().RequireCredential("person", "urn:example:person").MaxCredentialAge(TimeSpan.FromDays(1)).Build());
        var credential = scene.PersonCredential(lifetime: TimeSpan.FromDays(3));
        scene.Chain.Clock.Advance(TimeSpan.FromDays(2));
        var request = await scene.RequestAsync(aged);
        Assert.Equal(VerificationErrorCodes.CredentialTooOld, (await aged.VerifyAsync(scene.PresentPerson(credential, request, null), request.Nonce)).Error?.Code);

        scene.Chain.Clock.Advance(TimeSpan.FromDays(2));
        var any = scene.Verifier(new VerificationPolicyBuilder().RequireCredential("person", "urn:example:person").Build());
        request = await scene.RequestAsync(any);
        Assert.Equal(SdJwtErrorCodes.TokenExpired, (await any.VerifyAsync(scene.PresentPerson(credential, request, null), request.Nonce)).Error?.Code);

        var future = scene.PersonCredential(validIn: TimeSpan.FromDays(1));
        request = await scene.RequestAsync(any);
        Assert.Equal(SdJwtErrorCodes.TokenNotYetValid, (await any.VerifyAsync(scene.PresentPerson(future, request, null), request.Nonce)).Error?.Code);

        using var bareKey = SigningKey.Generate(JwsAlgorithm.ES256);
        var bound = scene.PersonCredential(holderJwk: bareKey.VerificationKey.ToJwk());
        var onChain = scene.Verifier(new VerificationPolicyBuilder().RequireCredential("person", "urn:example:person")
            .OnChain(scene.Chain.Devnet.ChainId, Finality.Latest).Require(Rules.OwnsToken(scene.Chain.Coin)).Build());
        request = await scene.RequestAsync(onChain);
        Assert.Equal(VerificationErrorCodes.HolderIdentityRequired, (await onChain.VerifyAsync(scene.PresentPerson(bound, request, bareKey), request.Nonce)).Error?.Code);
    }

    [Fact]
    public async Task VpToken_TwoCredentials_CredentialSets_AndShapes()
    {
        await using var scene = await Scene.StartAsync();
        var policy = (await Task.FromResult(VerificationPolicyJson.Parse(System.Text.Encoding.UTF8.GetBytes($$"""
            {
              "version": 1,
              "dcql": {
                "credentials": [
                  { "id": "member", "format": "dc+sd-jwt", "meta": { "vct_values": ["{{SocialTokenIssuerOptions.HolderVct}}"] }, "claims": [ { "path": ["tier"], "values": ["gold", "silver"] } ] },
                  { "id": "person", "format": "dc+sd-jwt", "meta": { "vct_values": ["urn:example:person"] }, "claims": [ { "path": ["birthdate"] } ] }
                ],
                "credential_sets": [ { "options": [ ["member", "person"] ] } ]
              },
              "trustedIssuers": ["{{scene.Brand.Did}}"],
              "rules": { "claim": { "credential": "person", "path": ["birthdate"], "ageAtLeast": 18 } }
            }
            """)))).ThrowIfFailed();
        var verifier = scene.Verifier(policy);
        var person = scene.PersonCredential();

        var request = await scene.RequestAsync(verifier);
        var both = new JsonObject { ["member"] = new JsonArray(scene.Present(request, "tier")), ["person"] = new JsonArray(scene.PresentPerson(person, request, null, "birthdate")) };
        var accepted = await verifier.VerifyAsync(both.ToJsonString(), request.Nonce);
        Assert.True(accepted.Accepted, accepted.Error?.ToString());
        Assert.Equal(["member", "person"], accepted.Credentials.Select(c => c.QueryId));
        Assert.True(accepted.Checks.Single(c => c.Name == "rules.claim").Passed);

        request = await scene.RequestAsync(verifier);
        var memberOnly = new JsonObject { ["member"] = new JsonArray(scene.Present(request, "tier")) };
        Assert.Equal(VerificationErrorCodes.CredentialSetNotSatisfied, (await verifier.VerifyAsync(memberOnly.ToJsonString(), request.Nonce)).Error?.Code);

        foreach (var bad in new[] { "{}", "{\"other\":[\"x\"]}", "{\"member\":\"x\"}", "{\"member\":[1]}", "{\"member\":[\"a\",\"b\"]}", "{\"member\":[\"a\"],\"member\":[\"b\"]}", "{", new string('a', PresentationVerifier.MaxPresentationLength + 1), "" })
        {
            var refused = await verifier.VerifyAsync(bad, request.Nonce);
            Assert.Equal(DecisionOutcome.Rejected, refused.Outcome);
            Assert.Contains(refused.Error?.Code, new[] { VerificationErrorCodes.InvalidPresentation, SdJwtErrorCodes.InvalidSdJwt });
        }
    }

    [Fact]
    public async Task ColdVerification_RoundTrips_Counted()
    {
        await using var scene = await Scene.StartAsync();
        var verifier = scene.Verifier(scene.GoldPolicy().Build());
        var request = await scene.RequestAsync(verifier);
        string presentation = scene.Present(request, "tier");
        scene.Chain.Rpc.Reset();

        Assert.True((await verifier.VerifyAsync(presentation, request.Nonce)).Accepted);

        // The chain rules' reads: one round trip for the finalized block's header and every read at it
        // (the DIDs are resolved by the did:ethr resolver over the devnet's own RPC, not counted here).
        Assert.Equal(1, scene.Chain.Rpc.RoundTrips);

        // Within a second, the finalized block chosen is reused and its readings are served from memory.
        request = await scene.RequestAsync(verifier);
        scene.Chain.Rpc.Reset();
        var cached = await verifier.VerifyAsync(scene.Present(request, "tier"), request.Nonce);
        Assert.True(cached.Accepted);
        Assert.Equal(0, scene.Chain.Rpc.RoundTrips);
        Assert.Equal("multicall3, cached", cached.Evidence.Single(e => e.Kind == "chainRead").Method);

        scene.Chain.Clock.Advance(TimeSpan.FromSeconds(2));
        request = await scene.RequestAsync(verifier);
        scene.Chain.Rpc.Reset();
        Assert.True((await verifier.VerifyAsync(scene.Present(request, "tier"), request.Nonce)).Accepted);
        Assert.Equal(1, scene.Chain.Rpc.RoundTrips);
    }
}
