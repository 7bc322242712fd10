using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Numerics;
using Did.Sdk.Ethereum;
using Npgsql;

namespace Did.Sdk.Dao.PostgreSql.Tests;

/// <summary>PostgresEligibilityStore against a real PostgreSQL server: the two uniqueness rules, reads, failures as results.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresEligibilityStoreTests(PostgresServer server)
{
    private static readonly EthereumAddress A = EthereumAddress.Parse("0x3333333333333333333333333333333333333333").ThrowIfFailed();
    private static readonly EthereumAddress B = EthereumAddress.Parse("0x1111111111111111111111111111111111111111").ThrowIfFailed();
    private static readonly EthereumAddress C = EthereumAddress.Parse("0x4444444444444444444444444444444444444444").ThrowIfFailed();

    private static EligibilityClaim Claim(string nullifier, params EthereumAddress[] wallets) =>
        new() { ProposalId = "p1", Nullifier = nullifier, Wallets = wallets, Power = BigInteger.One, Receipt = "r-" + nullifier };

    [Fact]
    public async Task ClaimAsync_SameNullifierAgain_AlreadyVoted_NothingOfTheSecondRecorded()
    {
        await using var store = new PostgresEligibilityStore(await server.CreateDatabaseAsync());
        Assert.True((await store.ClaimAsync(Claim("0xaa", A))).Succeeded);

        var again = await store.ClaimAsync(Claim("0xaa", C) with { Receipt = "second" });
        Assert.Equal(DaoErrorCodes.AlreadyVoted, again.Error!.Code);
        var found = (await store.FindAsync("p1", "0xaa"))!.ThrowIfFailed();
        Assert.Equal([A], found.Wallets);
        Assert.Equal("r-0xaa", found.Receipt);

        // C was not counted by the refused claim: another identity may use it.
        Assert.True((await store.ClaimAsync(Claim("0xbb", C))).Succeeded);
    }

    [Fact]
    public async Task ClaimAsync_WalletCountedForAnotherIdentity_WalletAlreadyCounted_NamesIt_NothingRecorded()
    {
        await using var store = new PostgresEligibilityStore(await server.CreateDatabaseAsync());
        Assert.True((await store.ClaimAsync(Claim("0xaa", B))).Succeeded);

        // C sorts after B: the claim row and no wallet row are written before the conflict, and all are rolled back.
        var refused = await store.ClaimAsync(Claim("0xbb", C, B));
        Assert.Equal(DaoErrorCodes.WalletAlreadyCounted, refused.Error!.Code);
        Assert.Contains(B.ToString(), refused.Error.Message, StringComparison.Ordinal);
        Assert.Null(await store.FindAsync("p1", "0xbb"));

        // The refused identity still has its vote, and C is free.
        Assert.True((await store.ClaimAsync(Claim("0xbb", C))).Succeeded);

        // Another proposal is another vote, with the same nullifier and wallets.
        Assert.True((await store.ClaimAsync(Claim("0xaa", B) with { ProposalId = "p2" })).Succeeded);
    }

    [Fact]
    public async Task FindAsync_Absent_Null_Recorded_WalletsDistinctSorted_Uint256PowerExact()
    {
        await using var store = new PostgresEligibilityStore(await server.CreateDatabaseAsync());
        Assert.Null(await store.FindAsync("p1", "0xaa"));

        var max = BigInteger.Parse("115792089237316195423570985008687907853269984665640564039457584007913129639935", CultureInfo.InvariantCulture);
        Assert.True((await store.ClaimAsync(Claim("0xaa", A, B, A) with { Power = max })).Succeeded);
        var found = (await store.FindAsync("p1", "0xaa"))!.ThrowIfFailed();
        Assert.Equal([B, A], found.Wallets);
        Assert.Equal(max, found.Power);
        Assert.Equal("r-0xaa", found.Receipt);
        Assert.Null(await store.FindAsync("p2", "0xaa"));
    }

    [Fact]
    public async Task ClaimAsync_FiftyConcurrentClaimsThroughTwoStores_OneWinsPerRule()
    {
        string database = await server.CreateDatabaseAsync();
        await using var first = new PostgresEligibilityStore(database);
        await using var second = new PostgresEligibilityStore(database);
        var stores = new[] { first, second };

        var sameIdentity = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => Task.Run(async () =>
            await stores[i % 2].ClaimAsync(Claim("0xaa", EthereumAddress.Parse($"0x{i + 0x100:x40}").ThrowIfFailed())))));
        Assert.Single(sameIdentity, r => r.Succeeded);
        Assert.All(sameIdentity.Where(r => !r.Succeeded), r => Assert.Equal(DaoErrorCodes.AlreadyVoted, r.Error!.Code));

        var sharedWallet = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => Task.Run(async () =>
            await stores[i % 2].ClaimAsync(Claim($"0xb{i:x2}", EthereumAddress.Parse($"0x{i + 0x200:x40}").ThrowIfFailed(), C)))));
        Assert.Single(sharedWallet, r => r.Succeeded);
        Assert.All(sharedWallet.Where(r => !r.Succeeded), r => Assert.Equal(DaoErrorCodes.WalletAlreadyCounted, r.Error!.Code));
    }

    [Fact]
    public async Task FirstUse_ManyStoresCreatingTheTablesAtOnce_AllClaimsRecorded()
    {
        string database = await server.CreateDatabaseAsync();
        var stores = Enumerable.Range(0, 8).Select(_ => new PostgresEligibilityStore(database)).ToArray();
        try
        {
            var results = await Task.WhenAll(stores.Select((s, i) => Task.Run(async () =>
                await s.ClaimAsync(Claim($"0xc{i}", EthereumAddress.Parse($"0x{i + 0x300:x40}").ThrowIfFailed())))));
            Assert.All(results, r => Assert.True(r.Succeeded, r.Error?.Message));
        }
        finally
        {
            foreach (var store in stores)
            {
                await store.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task TablesMadeBeforehand_RoleThatMayOnlyReadAndInsert_Claims()
    {
        string database = await server.CreateDatabaseAsync();
        await using (var owner = new PostgresEligibilityStore(database))
        {
            Assert.True((await owner.ClaimAsync(Claim("0xaa", A))).Succeeded);
        }

        string role = "voter_" + Guid.NewGuid().ToString("N")[..8];
        await using (var admin = new NpgsqlConnection(database))
        {
            await admin.OpenAsync();
            await using var grant = new NpgsqlCommand($"CREATE ROLE {role} LOGIN; GRANT SELECT, INSERT ON eligibility_claims, eligibility_claim_wallets TO {role}", admin);
            await grant.ExecuteNonQueryAsync();
        }

        await using var store = new PostgresEligibilityStore(new NpgsqlConnectionStringBuilder(database) { Username = role }.ConnectionString);
        var claim = await store.ClaimAsync(Claim("0xbb", B));
        Assert.True(claim.Succeeded, claim.Error?.Message);
        Assert.Equal(DaoErrorCodes.WalletAlreadyCounted, (await store.ClaimAsync(Claim("0xcc", B))).Error!.Code);
        Assert.NotNull(await store.FindAsync("p1", "0xaa"));
    }

    [Fact]
    public async Task DataSourceConstructor_StoreDisposed_DataSourceStillTheCallers()
    {
        await using var dataSource = NpgsqlDataSource.Create(await server.CreateDatabaseAsync());
        await using (var store = new PostgresEligibilityStore(dataSource))
        {
            Assert.True((await store.ClaimAsync(Claim("0xaa", A))).Succeeded);
        }

        await using var command = dataSource.CreateCommand("SELECT count(*) FROM eligibility_claim_wallets");
        Assert.Equal(1L, await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task ClaimAndFind_UnreachableServer_StoreUnavailable_NoException_NoPassword()
    {
        int closedPort;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            closedPort = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        await using var store = new PostgresEligibilityStore($"Host=127.0.0.1;Port={closedPort};Username=voter;Password=s3cr3t-pw;Timeout=5");
        var claim = await store.ClaimAsync(Claim("0xaa", A));
        Assert.Equal(DaoErrorCodes.EligibilityStoreUnavailable, claim.Error!.Code);
        Assert.DoesNotContain("s3cr3t-pw", claim.Error.Message, StringComparison.Ordinal);

        var find = await store.FindAsync("p1", "0xaa");
        Assert.Equal(DaoErrorCodes.EligibilityStoreUnavailable, find!.Error!.Code);
        Assert.DoesNotContain("s3cr3t-pw", find.Error.Message, StringComparison.Ordinal);

        var uri = await new PostgresEligibilityStore($"postgres://voter:s3cr3t-pw@127.0.0.1:{closedPort}/votes?connect_timeout=5").ClaimAsync(Claim("0xaa", A));
        Assert.Equal(DaoErrorCodes.EligibilityStoreUnavailable, uri.Error!.Code);
        Assert.DoesNotContain("s3cr3t-pw", uri.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClaimAsync_DatabaseMissing_StoreUnavailable_WithTheServersCode()
    {
        await using var store = new PostgresEligibilityStore(server.ConnectionString("no_such_database"));
        var claim = await store.ClaimAsync(Claim("0xaa", A));
        Assert.Equal(DaoErrorCodes.EligibilityStoreUnavailable, claim.Error!.Code);
        Assert.Contains("3D000", claim.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClaimAndFind_Cancelled_Throw_NothingRecorded()
    {
        await using var store = new PostgresEligibilityStore(await server.CreateDatabaseAsync());
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await store.ClaimAsync(Claim("0xaa", A), cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await store.FindAsync("p1", "0xaa", cancelled.Token));
        Assert.Null(await store.FindAsync("p1", "0xaa"));
    }
}
