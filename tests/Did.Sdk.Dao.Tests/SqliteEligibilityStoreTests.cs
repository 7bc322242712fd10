using System.Numerics;
using Did.Sdk.Ethereum;

namespace Did.Sdk.Dao.Tests;

/// <summary>One vote per identity and one identity per wallet, under concurrent claims, in a SQLite file.</summary>
public sealed class SqliteEligibilityStoreTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("did-sdk-eligibility-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task FiftyConcurrentClaims_SameIdentity_OneWins_SharedWallet_OneWins_NothingPartial()
    {
        string path = Path.Combine(_dir, "claims.db");
        var stores = new[] { new SqliteEligibilityStore(path), new SqliteEligibilityStore(path) };
        var shared = EthereumAddress.Parse("0x1111111111111111111111111111111111111111").ThrowIfFailed();
        EligibilityClaim Claim(string nullifier, params EthereumAddress[] wallets) => new() { ProposalId = "p1", Nullifier = nullifier, Wallets = wallets, Power = BigInteger.One, Receipt = "r-" + nullifier };

        var sameIdentity = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => Task.Run(async () =>
            await stores[i % 2].ClaimAsync(Claim("0xaa", EthereumAddress.Parse($"0x{i + 0x100:x40}").ThrowIfFailed())))));
        Assert.Single(sameIdentity, r => r.Succeeded);
        Assert.All(sameIdentity.Where(r => !r.Succeeded), r => Assert.Equal(DaoErrorCodes.AlreadyVoted, r.Error!.Code));

        var sharedWallet = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => Task.Run(async () =>
            await stores[i % 2].ClaimAsync(Claim($"0xb{i:x2}", shared)))));
        Assert.Single(sharedWallet, r => r.Succeeded);
        Assert.All(sharedWallet.Where(r => !r.Succeeded), r => Assert.Equal(DaoErrorCodes.WalletAlreadyCounted, r.Error!.Code));

        // A refused claim left nothing behind: its nullifier can still vote with another wallet.
        var loser = sharedWallet.Select((r, i) => (r, i)).First(x => !x.r.Succeeded).i;
        Assert.True((await stores[0].ClaimAsync(Claim($"0xb{loser:x2}", EthereumAddress.Parse("0x2222222222222222222222222222222222222222").ThrowIfFailed()))).Succeeded);

        // Another proposal is another vote.
        Assert.True((await stores[1].ClaimAsync(Claim("0xaa", shared) with { ProposalId = "p2" })).Succeeded);
    }

    [Fact]
    public async Task FindAsync_AbsentClaim_ReturnsNull_RecordedClaim_ReturnsItsWallets_RefusedClaim_LeavesNothing()
    {
        var store = new SqliteEligibilityStore(Path.Combine(_dir, "find.db"));
        Assert.Null(await store.FindAsync("p1", "0xaa"));

        var a = EthereumAddress.Parse("0x3333333333333333333333333333333333333333").ThrowIfFailed();
        var b = EthereumAddress.Parse("0x1111111111111111111111111111111111111111").ThrowIfFailed();
        var claim = new EligibilityClaim { ProposalId = "p1", Nullifier = "0xaa", Wallets = [a, b, a], Power = BigInteger.Parse("115792089237316195423570985008687907853269984665640564039457584007913129639935", System.Globalization.CultureInfo.InvariantCulture), Receipt = "r-aa" };
        Assert.True((await store.ClaimAsync(claim)).Succeeded);

        var found = await store.FindAsync("p1", "0xaa");
        Assert.NotNull(found);
        var read = found.ThrowIfFailed();
        Assert.Equal([b, a], read.Wallets);
        Assert.Equal(claim.Power, read.Power);
        Assert.Equal("r-aa", read.Receipt);
        Assert.Null(await store.FindAsync("p2", "0xaa"));

        // A claim refused on its second wallet recorded neither its claim row nor its first wallet.
        var c = EthereumAddress.Parse("0x4444444444444444444444444444444444444444").ThrowIfFailed();
        var refused = await store.ClaimAsync(claim with { Nullifier = "0xbb", Wallets = [c, b] });
        Assert.Equal(DaoErrorCodes.WalletAlreadyCounted, refused.Error!.Code);
        Assert.Null(await store.FindAsync("p1", "0xbb"));
        Assert.True((await store.ClaimAsync(claim with { Nullifier = "0xcc", Wallets = [c] })).Succeeded);
    }

    [Fact]
    public async Task FindAsync_UnreadableFile_ReturnsStoreUnavailable()
    {
        string path = Path.Combine(_dir, "broken.db");
        var store = new SqliteEligibilityStore(path);
        await File.WriteAllBytesAsync(path, new byte[8192]);
        var found = await store.FindAsync("p1", "0xaa");
        Assert.NotNull(found);
        Assert.Equal(DaoErrorCodes.EligibilityStoreUnavailable, found.Error!.Code);
    }
}
