using System.Numerics;
using Did.Sdk.Ethereum;
using Did.Sdk.SdJwt;
using Did.Sdk.SdJwt.StatusList;

namespace Did.Sdk.SocialToken.Tests;

/// <summary>Transfer-driven revocation on the devnet, end to end through a verifier that checks the status list.</summary>
public sealed class TransferWatcherTests
{
    [Fact]
    public async Task Scan_TransferKeepsTheTier_NotRevoked_TransferBelowTheTier_RevokedAndPresentationRefused()
    {
        await using var chain = await Chain.StartAsync();
        using var brand = await Brand.CreateAsync(chain);
        using var fan = await chain.FundedWalletAsync();
        using var whale = EthereumPrivateKey.Generate();
        await chain.GiveAsync(fan.Address, 150);
        await chain.GiveAsync(whale.Address, 1500);
        var issued = (await brand.Issuer.IssueHolderCredentialAsync(brand.RequestWithStatus(Brand.DidOf(fan.Address), fan))).ThrowIfFailed();
        var gold = (await brand.Issuer.IssueHolderCredentialAsync(brand.RequestWithStatus(Brand.DidOf(whale.Address), whale))).ThrowIfFailed();
        var watcher = new TransferWatcher(chain.Client, chain.Token, brand.StatusLists, Brand.StatusListUri, issued.Evidence.BlockNumber + 1);
        watcher.Track(TrackedCredential.From(issued, 18));
        watcher.Track(TrackedCredential.From(gold, 18));
        var verifier = brand.Verifier();
        Assert.True((await verifier.VerifyHolderAsync(brand.Present(issued.Credential, fan, "1", "tier"), brand.PresentationRequest("1"))).Succeeded);

        await TransferAsync(chain, fan, EthereumPrivateKey.Generate().Address, 20);
        var kept = (await watcher.ScanAsync()).ThrowIfFailed();

        Assert.Equal(1, kept.Transfers);
        Assert.Equal(1, kept.Rechecked);
        Assert.Empty(kept.Revoked);
        Assert.Equal(TokenStatus.Valid, brand.StatusLists.GetStatus(new StatusReference(Brand.StatusListUri, issued.StatusIndex!.Value)));

        await TransferAsync(chain, fan, EthereumPrivateKey.Generate().Address, 40);
        var fell = (await watcher.ScanAsync()).ThrowIfFailed();

        var (revoked, holding) = Assert.Single(fell.Revoked);
        Assert.Equal(issued.StatusIndex, revoked.StatusIndex);
        Assert.Equal(90 * Chain.Unit, holding);
        Assert.Equal(TokenStatus.Invalid, brand.StatusLists.GetStatus(new StatusReference(Brand.StatusListUri, issued.StatusIndex!.Value)));
        Assert.Equal(TokenStatus.Valid, brand.StatusLists.GetStatus(new StatusReference(Brand.StatusListUri, gold.StatusIndex!.Value)));
        brand.StatusChecker.ClearCache(); // the verifier's cached list is older than the revocation
        var refused = await verifier.VerifyHolderAsync(brand.Present(issued.Credential, fan, "2", "tier"), brand.PresentationRequest("2"));
        Assert.Equal(SdJwtErrorCodes.CredentialRevoked, refused.Error?.Code);
        Assert.True((await verifier.VerifyHolderAsync(brand.Present(gold.Credential, whale, "3", "tier"), brand.PresentationRequest("3"))).Succeeded);
    }

    [Fact]
    public async Task Scan_TokensMovedBetweenTheIdentitysOwnWallets_NotRevoked()
    {
        await using var chain = await Chain.StartAsync();
        using var brand = await Brand.CreateAsync(chain);
        using var main = await chain.FundedWalletAsync();
        using var second = EthereumPrivateKey.Generate();
        await brand.LinkWalletAsync(main, second.Address);
        await chain.GiveAsync(main.Address, 100);
        var issued = (await brand.Issuer.IssueHolderCredentialAsync(brand.RequestWithStatus(Brand.DidOf(main.Address), main))).ThrowIfFailed();
        var watcher = new TransferWatcher(chain.Client, chain.Token, brand.StatusLists, Brand.StatusListUri, issued.Evidence.BlockNumber + 1);
        watcher.Track(TrackedCredential.From(issued, 18));

        await TransferAsync(chain, main, second.Address, 70);
        var scan = (await watcher.ScanAsync()).ThrowIfFailed();

        Assert.Equal(1, scan.Rechecked);
        Assert.Empty(scan.Revoked);
    }

    [Fact]
    public async Task Scan_OnlyUpToTheSafeBlock_ThenRevokesOnceSafe()
    {
        await using var chain = await Chain.StartAsync(safeEvery: 4);
        while ((await chain.Client.GetBlockNumberAsync()).ThrowIfFailed() % 4 != 2)
        {
            await chain.Devnet.MineAsync();
        }

        using var brand = await Brand.CreateAsync(chain);
        using var fan = await chain.FundedWalletAsync(); // block ≡ 3 (mod 4)
        await chain.GiveAsync(fan.Address, 100);         // block ≡ 0: safe
        var issued = (await brand.Issuer.IssueHolderCredentialAsync(brand.RequestWithStatus(Brand.DidOf(fan.Address), fan))).ThrowIfFailed();
        var watcher = new TransferWatcher(chain.Client, chain.Token, brand.StatusLists, Brand.StatusListUri, issued.Evidence.BlockNumber + 1);
        watcher.Track(TrackedCredential.From(issued, 18));

        await TransferAsync(chain, fan, EthereumPrivateKey.Generate().Address, 1); // not safe yet
        Assert.Empty((await watcher.ScanAsync()).ThrowIfFailed().Revoked);
        Assert.Equal(TokenStatus.Valid, brand.StatusLists.GetStatus(new StatusReference(Brand.StatusListUri, issued.StatusIndex!.Value)));

        for (int i = 0; i < 4; i++)
        {
            await chain.Devnet.MineAsync();
        }

        var scan = (await watcher.ScanAsync()).ThrowIfFailed();
        Assert.Single(scan.Revoked);
        Assert.Equal(TokenStatus.Invalid, brand.StatusLists.GetStatus(new StatusReference(Brand.StatusListUri, issued.StatusIndex!.Value)));
    }

    [Fact]
    public async Task Scan_LastScannedBlockReorgedAway_FailsWithoutRevoking()
    {
        await using var chain = await Chain.StartAsync(safeEvery: 100, finalityDelay: 100); // nothing is safe: reorgs are allowed
        using var brand = await Brand.CreateAsync(chain, Brand.Options(chain, finality: Finality.Latest));
        using var fan = await chain.FundedWalletAsync();
        await chain.GiveAsync(fan.Address, 100);
        var issued = (await brand.Issuer.IssueHolderCredentialAsync(brand.RequestWithStatus(Brand.DidOf(fan.Address), fan))).ThrowIfFailed();
        var watcher = new TransferWatcher(chain.Client, chain.Token, brand.StatusLists, Brand.StatusListUri, issued.Evidence.BlockNumber + 1, Finality.Latest);
        watcher.Track(TrackedCredential.From(issued, 18));
        await chain.Devnet.MineAsync();
        (await watcher.ScanAsync()).ThrowIfFailed();
        var next = watcher.NextBlock;

        (await chain.Devnet.ReorgAsync(1, Devnet.DevnetReorgReplay.Drop)).ThrowIfFailed();
        await TransferAsync(chain, fan, EthereumPrivateKey.Generate().Address, 50);
        var scan = await watcher.ScanAsync();

        Assert.Equal(SocialTokenErrorCodes.EvidenceBlockReorged, scan.Error?.Code);
        Assert.Equal(next, watcher.NextBlock);
        Assert.Equal(TokenStatus.Valid, brand.StatusLists.GetStatus(new StatusReference(Brand.StatusListUri, issued.StatusIndex!.Value)));
    }

    private static async Task TransferAsync(Chain chain, EthereumPrivateKey from, EthereumAddress to, int tokens)
        => (await chain.Sender(from).SendAsync(chain.Coin, SocialTokenContracts.Transfer(to, new BigInteger(tokens) * Chain.Unit))).ThrowIfFailed();
}
