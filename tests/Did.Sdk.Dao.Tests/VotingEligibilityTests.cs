using Did.Sdk.Ethereum;
using Did.Sdk.Ethereum.Rpc;
using Did.Sdk.Methods;
using Did.Sdk.SdJwt;
using Did.Sdk.SocialToken;
using Did.Sdk.SocialToken.Tests;
using Did.Sdk.Verification;
using Did.Sdk.Verification.Policy;

namespace Did.Sdk.Dao.Tests;

/// <summary>Eligibility on the devnet: a member with two wallets votes once with their summed power; below the minimum, a second vote and a future snapshot are refused or pending.</summary>
public sealed class VotingEligibilityTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("did-sdk-vote-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task TwoWalletsSummed_ReceiptVerifies_SecondVoteRefused_BelowMinimumRefused_FutureSnapshotPending()
    {
        await using var chain = await Chain.StartAsync();
        using var brand = await Brand.CreateAsync(chain);
        using var main = await chain.FundedWalletAsync();
        using var second = EthereumPrivateKey.Generate();
        await brand.LinkWalletAsync(main, second.Address);
        await chain.GiveAsync(main.Address, 60);
        await chain.GiveAsync(second.Address, 50);
        using var poor = EthereumPrivateKey.Generate();
        await chain.GiveAsync(poor.Address, 20);
        var member = (await brand.Issuer.IssueHolderCredentialAsync(brand.Request(Brand.DidOf(main.Address), main))).ThrowIfFailed();
        var poorMember = (await brand.Issuer.IssueHolderCredentialAsync(brand.Request(Brand.DidOf(poor.Address), poor))).ThrowIfFailed();
        var head = (await chain.Client.GetBlockAsync(BlockTag.Latest)).ThrowIfFailed();

        var policy = new VerificationPolicyBuilder().RequireCredential("member", SocialTokenIssuerOptions.HolderVct).TrustIssuer(brand.Did).ResolveDidsAt(Finality.Finalized).Build();
        var proposal = new Proposal
        {
            Id = "prop-1",
            ChainId = chain.Devnet.ChainId,
            Terms = [new VotingPowerTerm { Token = chain.Coin }],
            SnapshotBlockNumber = head.Number,
            SnapshotBlockHash = head.Hash,
            MinimumPower = 100 * Chain.Unit,
            Policy = policy,
        };
        var verifier = new PresentationVerifier(policy, new SdJwtVerifier(new SdJwtVerificationOptions(), chain.Resolver, brand.StatusChecker, chain.Clock), chain.Resolver, chain.Client, timeProvider: chain.Clock);
        using var tool = chain.Devnet.Accounts[5].CreateKey();
        using var toolKey = tool.ToSigningKey();
        string toolDid = Brand.DidOf(tool.Address);
        var eligibility = new VotingEligibility(proposal, verifier, chain.Resolver, chain.Client, new SqliteEligibilityStore(Path.Combine(_dir, "votes.db")), toolKey, toolDid + "#controller", chain.Clock);

        async Task<EligibilityResult> CheckAsync(VotingEligibility checker, PresentationVerifier v, SocialTokenIssuance issued, EthereumPrivateKey holder)
        {
            var request = (await v.CreateRequestAsync(Brand.Audience)).ThrowIfFailed();
            return await checker.CheckAsync(brand.Present(issued.Credential, holder, request.Nonce, "tier"), request.Nonce);
        }

        var vote = await CheckAsync(eligibility, verifier, member, main);

        Assert.True(vote.Outcome == EligibilityOutcome.Eligible, vote.Error?.ToString());
        Assert.Equal(110 * Chain.Unit, vote.Power);
        Assert.Equal(VotingEligibility.Nullifier("prop-1", Brand.DidOf(main.Address)), vote.Nullifier);
        var receipt = (await EligibilityReceipts.VerifyAsync(vote.Receipt!, new DidSignatureVerifier(chain.Resolver), Finality.Finalized)).ThrowIfFailed();
        Assert.Equal(("prop-1", 110 * Chain.Unit, head.Number, head.Hash, toolDid), (receipt.ProposalId, receipt.Power, receipt.SnapshotBlockNumber, receipt.SnapshotBlockHash, receipt.Issuer));

        // The same person again: one vote per identity, whichever of its wallets hold the power.
        var again = await CheckAsync(eligibility, verifier, member, main);
        Assert.Equal((EligibilityOutcome.NotEligible, DaoErrorCodes.AlreadyVoted), (again.Outcome, again.Error?.Code));
        Assert.True(again.Decision!.Accepted);

        var below = await CheckAsync(eligibility, verifier, poorMember, poor);
        Assert.Equal((EligibilityOutcome.NotEligible, DaoErrorCodes.BelowMinimumPower), (below.Outcome, below.Error?.Code));

        // A snapshot block that is not final yet: pending, and the request's nonce is not used.
        var future = new VotingEligibility(proposal with { Id = "prop-2", SnapshotBlockNumber = head.Number + 50, SnapshotBlockHash = null }, verifier, chain.Resolver, chain.Client, new SqliteEligibilityStore(Path.Combine(_dir, "votes.db")), toolKey, toolDid + "#controller", chain.Clock);
        var request = (await verifier.CreateRequestAsync(Brand.Audience)).ThrowIfFailed();
        string presentation = brand.Present(member.Credential, main, request.Nonce, "tier");
        var pending = await future.CheckAsync(presentation, request.Nonce);
        Assert.Equal((EligibilityOutcome.Pending, VerificationErrorCodes.FinalityPending), (pending.Outcome, pending.Error?.Code));
        Assert.True((await verifier.VerifyAsync(presentation, request.Nonce)).Accepted);
    }

    [Fact]
    public async Task SnapshotByTime_PendingUntilALaterBlockIsFinal_ThenThePowerAtTheBlockOfThatTime()
    {
        await using var chain = await Chain.StartAsync(safeEvery: 2, finalityDelay: 2);
        using var brand = await Brand.CreateAsync(chain);
        using var member = await chain.FundedWalletAsync();
        await chain.GiveAsync(member.Address, 150);
        for (int i = 0; i < 6; i++)
        {
            await chain.Devnet.MineAsync();
        }

        var credential = (await brand.Issuer.IssueHolderCredentialAsync(brand.Request(Brand.DidOf(member.Address), member))).ThrowIfFailed();

        // The snapshot time: one second after the newest block; the member's later gift must not count.
        var head = (await chain.Client.GetBlockAsync(BlockTag.Latest)).ThrowIfFailed();
        ulong time = head.Timestamp + 1;
        var policy = new VerificationPolicyBuilder().RequireCredential("member", SocialTokenIssuerOptions.HolderVct).TrustIssuer(brand.Did).ResolveDidsAt(Finality.Latest).Build();
        var proposal = new Proposal { Id = "by-time", ChainId = chain.Devnet.ChainId, Terms = [new VotingPowerTerm { Token = chain.Coin }], SnapshotTimestamp = time, MinimumPower = 100 * Chain.Unit, Policy = policy };
        var verifier = new PresentationVerifier(policy, new SdJwtVerifier(new SdJwtVerificationOptions(), chain.Resolver, brand.StatusChecker, chain.Clock), chain.Resolver, chain.Client, timeProvider: chain.Clock);
        using var tool = chain.Devnet.Accounts[5].CreateKey();
        using var toolKey = tool.ToSigningKey();
        var eligibility = new VotingEligibility(proposal, verifier, chain.Resolver, chain.Client, new SqliteEligibilityStore(Path.Combine(_dir, "votes.db")), toolKey, Brand.DidOf(tool.Address) + "#controller", chain.Clock);
        async Task<EligibilityResult> CheckAsync()
        {
            var request = (await verifier.CreateRequestAsync(Brand.Audience)).ThrowIfFailed();
            return await eligibility.CheckAsync(brand.Present(credential.Credential, member, request.Nonce, "tier"), request.Nonce);
        }

        // No finalized block is later than the time yet: pending.
        var early = await CheckAsync();
        Assert.Equal((EligibilityOutcome.Pending, VerificationErrorCodes.FinalityPending), (early.Outcome, early.Error?.Code));

        chain.Devnet.SetNextBlockTimestamp(DateTimeOffset.FromUnixTimeSeconds((long)time + 10));
        await chain.GiveAsync(member.Address, 1000);
        for (int i = 0; i < 6; i++)
        {
            await chain.Devnet.MineAsync();
        }

        var vote = await CheckAsync();
        Assert.True(vote.Outcome == EligibilityOutcome.Eligible, vote.Error?.ToString());
        Assert.Equal((head.Number, head.Hash, 150 * Chain.Unit), (vote.Snapshot!.BlockNumber, vote.Snapshot.BlockHash, vote.Power));
    }
}
