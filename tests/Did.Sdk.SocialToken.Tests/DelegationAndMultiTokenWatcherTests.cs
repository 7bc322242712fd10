using System.Numerics;
using Did.Sdk.Ethereum;
using Did.Sdk.Ethereum.Rpc;
using Did.Sdk.SdJwt;
using Did.Sdk.SdJwt.StatusList;

namespace Did.Sdk.SocialToken.Tests;

/// <summary>
/// The watcher beyond ERC-20 transfers, on the devnet: ERC20Votes delegation changes (DelegateVotesChanged)
/// for credentials whose tier is voting power, and ERC-1155 TransferSingle/TransferBatch of the watched id.
/// </summary>
public sealed class DelegationAndMultiTokenWatcherTests
{
    [Fact]
    public async Task Votes_DelegationAwayDropsVotesBelowTheTier_RevokedAndPresentationRefused_BalanceUnchanged()
    {
        await using var chain = await Chain.StartAsync();
        using var brand = await Brand.CreateAsync(chain, VotesOptions(chain));
        using var fan = await chain.FundedWalletAsync();
        await chain.GiveAsync(fan.Address, 150);
        await DelegateAsync(chain, fan, fan.Address); // 150 votes: silver
        var issued = (await brand.Issuer.IssueHolderCredentialAsync(brand.RequestWithStatus(Brand.DidOf(fan.Address), fan))).ThrowIfFailed();
        Assert.Equal(HoldingBasis.Votes, issued.Basis);
        Assert.Equal("silver", issued.Tier!.Name);
        Assert.Equal(150 * Chain.Unit, issued.Holding);
        var watcher = new TransferWatcher(chain.Client, chain.Token, brand.StatusLists, Brand.StatusListUri, issued.Evidence.BlockNumber + 1);
        var tracked = TrackedCredential.From(issued, 18);
        Assert.Equal(HoldingBasis.Votes, tracked.Basis);
        watcher.Track(tracked);
        var verifier = brand.Verifier();
        Assert.True((await verifier.VerifyHolderAsync(brand.Present(issued.Credential, fan, "1", "tier"), brand.PresentationRequest("1"))).Succeeded);

        // No token moves: the fan hands its voting power to someone else. Only DelegateVotesChanged says so.
        await DelegateAsync(chain, fan, EthereumPrivateKey.Generate().Address);
        var scan = (await watcher.ScanAsync()).ThrowIfFailed();

        Assert.Equal(0, scan.Transfers);
        Assert.Equal(2, scan.VoteChanges); // the fan's votes 150 → 0, the new delegate's 0 → 150
        Assert.Equal(1, scan.Rechecked);
        var (revoked, votes) = Assert.Single(scan.Revoked);
        Assert.Equal(issued.StatusIndex, revoked.StatusIndex);
        Assert.Equal(BigInteger.Zero, votes);
        Assert.Equal(TokenStatus.Invalid, brand.StatusLists.GetStatus(new StatusReference(Brand.StatusListUri, issued.StatusIndex!.Value)));
        brand.StatusChecker.ClearCache();
        var refused = await verifier.VerifyHolderAsync(brand.Present(issued.Credential, fan, "2", "tier"), brand.PresentationRequest("2"));
        Assert.Equal(SdJwtErrorCodes.CredentialRevoked, refused.Error?.Code);
        var balance = (await new TokenEvidenceReader(chain.Client).ReadAsync([TokenQuery.BalanceOf(chain.Coin, fan.Address)], EvidenceBlock.Pinned(scan.ToBlock, scan.ToBlockHash))).ThrowIfFailed();
        Assert.Equal(150 * Chain.Unit, balance.Readings[0].Amount);
    }

    [Fact]
    public async Task Votes_DelegationToTheIdentitysOtherWallet_KeepsTheTier_NotRevoked()
    {
        await using var chain = await Chain.StartAsync();
        using var brand = await Brand.CreateAsync(chain, VotesOptions(chain));
        using var main = await chain.FundedWalletAsync();
        using var second = EthereumPrivateKey.Generate();
        await brand.LinkWalletAsync(main, second.Address);
        await chain.GiveAsync(main.Address, 150);
        await DelegateAsync(chain, main, main.Address);
        var issued = (await brand.Issuer.IssueHolderCredentialAsync(brand.RequestWithStatus(Brand.DidOf(main.Address), main))).ThrowIfFailed();
        Assert.Equal("silver", issued.Tier!.Name);
        var watcher = new TransferWatcher(chain.Client, chain.Token, brand.StatusLists, Brand.StatusListUri, issued.Evidence.BlockNumber + 1);
        watcher.Track(TrackedCredential.From(issued, 18));

        await DelegateAsync(chain, main, second.Address); // the votes move between the identity's own wallets
        var scan = (await watcher.ScanAsync()).ThrowIfFailed();

        Assert.Equal(2, scan.VoteChanges);
        Assert.Equal(1, scan.Rechecked);
        Assert.Empty(scan.Revoked);
        Assert.Equal(TokenStatus.Valid, brand.StatusLists.GetStatus(new StatusReference(Brand.StatusListUri, issued.StatusIndex!.Value)));
    }

    [Fact]
    public async Task Votes_SelfDelegatedHolderTransfersAway_TheTransferMovesItsVotes_Revoked()
    {
        await using var chain = await Chain.StartAsync();
        using var brand = await Brand.CreateAsync(chain, VotesOptions(chain));
        using var fan = await chain.FundedWalletAsync();
        await chain.GiveAsync(fan.Address, 150);
        await DelegateAsync(chain, fan, fan.Address);
        var issued = (await brand.Issuer.IssueHolderCredentialAsync(brand.RequestWithStatus(Brand.DidOf(fan.Address), fan))).ThrowIfFailed();
        var watcher = new TransferWatcher(chain.Client, chain.Token, brand.StatusLists, Brand.StatusListUri, issued.Evidence.BlockNumber + 1);
        watcher.Track(TrackedCredential.From(issued, 18));

        (await chain.Sender(fan).SendAsync(chain.Coin, SocialTokenContracts.Transfer(EthereumPrivateKey.Generate().Address, 60 * Chain.Unit))).ThrowIfFailed();
        var scan = (await watcher.ScanAsync()).ThrowIfFailed();

        Assert.Equal(1, scan.Transfers);
        Assert.Equal(1, scan.VoteChanges); // the receiver has not delegated: only the fan's votes changed
        var (_, votes) = Assert.Single(scan.Revoked);
        Assert.Equal(90 * Chain.Unit, votes);
    }

    [Fact]
    public async Task Votes_TokensHeldButNeverDelegated_AreNoVotes_BelowThreshold()
    {
        await using var chain = await Chain.StartAsync();
        using var brand = await Brand.CreateAsync(chain, VotesOptions(chain));
        using var fan = await chain.FundedWalletAsync();
        await chain.GiveAsync(fan.Address, 1500);

        var refused = await brand.Issuer.IssueHolderCredentialAsync(brand.RequestWithStatus(Brand.DidOf(fan.Address), fan));

        Assert.Equal(SocialTokenErrorCodes.BelowThreshold, refused.Error?.Code);
    }

    [Fact]
    public async Task Balance_DelegationAway_RecheckedOnTheBalance_NotRevoked()
    {
        await using var chain = await Chain.StartAsync();
        using var brand = await Brand.CreateAsync(chain);
        using var fan = await chain.FundedWalletAsync();
        await chain.GiveAsync(fan.Address, 150);
        await DelegateAsync(chain, fan, fan.Address);
        var issued = (await brand.Issuer.IssueHolderCredentialAsync(brand.RequestWithStatus(Brand.DidOf(fan.Address), fan))).ThrowIfFailed();
        Assert.Equal(HoldingBasis.Balance, issued.Basis);
        var watcher = new TransferWatcher(chain.Client, chain.Token, brand.StatusLists, Brand.StatusListUri, issued.Evidence.BlockNumber + 1);
        watcher.Track(TrackedCredential.From(issued, 18));

        await DelegateAsync(chain, fan, EthereumPrivateKey.Generate().Address);
        var scan = (await watcher.ScanAsync()).ThrowIfFailed();

        Assert.Equal(2, scan.VoteChanges);
        Assert.Equal(1, scan.Rechecked);
        Assert.Empty(scan.Revoked); // a balance-based tier does not depend on delegation
    }

    [Fact]
    public async Task Erc1155_TransfersOfTheWatchedId_BatchKeepsTheTier_SingleBelowTheTierRevokes_OtherIdsIgnored()
    {
        await using var chain = await Chain.StartAsync();
        using var creator = chain.Devnet.Accounts[0].CreateKey();
        var contract = await TestContracts.DeployMultiTokenAsync(chain.Sender(creator), creator.Address);
        var pass = new SocialToken(chain.Devnet.ChainId, contract, TokenStandard.Erc1155, "PASS") { TokenId = 7 };
        using var brand = await Brand.CreateAsync(chain, new SocialTokenIssuerOptions
        {
            Token = pass,
            Tiers = [new SocialTokenTier("bronze", 10), new SocialTokenTier("silver", 100)],
            Domain = "issuer.example",
            Uri = "https://issuer.example/credentials",
            StatusListUri = Brand.StatusListUri,
        });
        using var fan = await chain.FundedWalletAsync();
        var stranger = EthereumPrivateKey.Generate().Address;
        (await chain.Sender(creator).SendAsync(contract, TestContracts.Mint1155(fan.Address, 7, 150))).ThrowIfFailed();
        (await chain.Sender(creator).SendAsync(contract, TestContracts.Mint1155(fan.Address, 8, 5))).ThrowIfFailed();
        var issued = (await brand.Issuer.IssueHolderCredentialAsync(brand.RequestWithStatus(Brand.DidOf(fan.Address), fan))).ThrowIfFailed();
        Assert.Equal("silver", issued.Tier!.Name);
        Assert.Equal(new BigInteger(150), issued.Holding);
        var watcher = new TransferWatcher(chain.Client, pass, brand.StatusLists, Brand.StatusListUri, issued.Evidence.BlockNumber + 1);
        watcher.Track(TrackedCredential.From(issued, 0));
        var status = new StatusReference(Brand.StatusListUri, issued.StatusIndex!.Value);

        (await chain.Sender(fan).SendAsync(contract, TestContracts.SafeTransfer1155(fan.Address, stranger, 8, 5))).ThrowIfFailed();
        var otherId = (await watcher.ScanAsync()).ThrowIfFailed();
        Assert.Equal(0, otherId.Transfers);
        Assert.Equal(0, otherId.Rechecked);

        (await chain.Sender(creator).SendAsync(contract, TestContracts.Mint1155(fan.Address, 8, 5))).ThrowIfFailed();
        (await chain.Sender(fan).SendAsync(contract, TestContracts.SafeBatchTransfer1155(fan.Address, stranger, [8, 7], [5, 10]))).ThrowIfFailed();
        var kept = (await watcher.ScanAsync()).ThrowIfFailed();
        Assert.Equal(1, kept.Transfers); // the batch moving ids 8 and 7; the mint of id 8 alone is not counted
        Assert.Equal(1, kept.Rechecked);
        Assert.Empty(kept.Revoked);
        Assert.Equal(TokenStatus.Valid, brand.StatusLists.GetStatus(status));

        (await chain.Sender(fan).SendAsync(contract, TestContracts.SafeTransfer1155(fan.Address, stranger, 7, 50))).ThrowIfFailed();
        var fell = (await watcher.ScanAsync()).ThrowIfFailed();

        Assert.Equal(1, fell.Transfers);
        var (revoked, holding) = Assert.Single(fell.Revoked);
        Assert.Equal(issued.StatusIndex, revoked.StatusIndex);
        Assert.Equal(new BigInteger(90), holding);
        Assert.Equal(TokenStatus.Invalid, brand.StatusLists.GetStatus(status));
    }

    [Fact]
    public void Watcher_Erc1155WithoutTokenId_Refused_VotesCredentialOnAnNft_Refused()
    {
        var registry = new StatusListRegistry();
        var contract = EthereumAddress.Parse("0x00000000000000000000000000000000000000aa").ThrowIfFailed();
        Assert.Throws<ArgumentException>(() => new TransferWatcher(new EthereumClient(new NoRpc()), new SocialToken(1, contract, TokenStandard.Erc1155, "X"), registry, Brand.StatusListUri, 0));
        var nft = new TransferWatcher(new EthereumClient(new NoRpc()), new SocialToken(1, contract, TokenStandard.Erc721, "X"), registry, Brand.StatusListUri, 0);
        Assert.Throws<ArgumentException>(() => nft.Track(new TrackedCredential("did:pkh:eip155:1:" + contract, [contract], 1, 0) { Basis = HoldingBasis.Votes }));
    }

    private static SocialTokenIssuerOptions VotesOptions(Chain chain) => new()
    {
        Token = chain.Token,
        Tiers = [new SocialTokenTier("gold", 1000), new SocialTokenTier("bronze", 10), new SocialTokenTier("silver", 100)],
        Domain = "issuer.example",
        Uri = "https://issuer.example/credentials",
        StatusListUri = Brand.StatusListUri,
        Basis = HoldingBasis.Votes,
    };

    private static async Task DelegateAsync(Chain chain, EthereumPrivateKey from, EthereumAddress to)
        => (await chain.Sender(from).SendAsync(chain.Coin, SocialTokenContracts.Delegate(to))).ThrowIfFailed();

    private sealed class NoRpc : IEthereumRpc
    {
        public ValueTask<Result<System.Text.Json.JsonElement>> SendAsync(string method, System.Text.Json.Nodes.JsonArray parameters, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public ValueTask<IReadOnlyList<Result<System.Text.Json.JsonElement>>> SendBatchAsync(IReadOnlyList<RpcRequest> requests, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }
}
