using System.Globalization;
using System.Numerics;
using Did.Sdk.Ethereum;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Did.Sdk.Dao.PostgreSql.Tests;

/// <summary>
/// Double votes raced by separate processes (Did.Sdk.Dao.ClaimRacer), not only threads, over a SQLite file and over a
/// real PostgreSQL server; and a claiming process killed with SIGKILL, after which every acknowledged claim is whole.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ClaimRaceTests(PostgresServer server) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("did-sdk-claim-race-").FullName;

    // A bound on a stuck run (a hang fails the test instead of blocking the suite); not a timing assertion.
    private readonly CancellationTokenSource _bound = new(TimeSpan.FromMinutes(3));

    public void Dispose()
    {
        _bound.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Theory]
    [InlineData("sqlite", "same-identity", DaoErrorCodes.AlreadyVoted)]
    [InlineData("sqlite", "shared-wallet", DaoErrorCodes.WalletAlreadyCounted)]
    [InlineData("postgres", "same-identity", DaoErrorCodes.AlreadyVoted)]
    [InlineData("postgres", "shared-wallet", DaoErrorCodes.WalletAlreadyCounted)]
    public async Task TwoProcesses_FiftyConcurrentClaimsEach_ExactlyOneWins_LosersLeaveNothing(string kind, string mode, string loserCode)
    {
        var (first, second) = await StoresAsync(kind);
        await using var a = await RacerProcess.StartAsync(first, mode, "p1", tag: 1, _bound.Token);
        await using var b = await RacerProcess.StartAsync(second, mode, "p1", tag: 2, _bound.Token);
        await Task.WhenAll(a.GoAsync(), b.GoAsync());
        var results = (await Task.WhenAll(a.ReadAllAsync(_bound.Token), b.ReadAllAsync(_bound.Token))).SelectMany(r => r).ToList();

        Assert.Equal(100, results.Count);
        var winner = Assert.Single(results, r => r.Result == "won");
        Assert.Equal(99, results.Count(r => r.Result == loserCode));

        // The winner is recorded with its wallets; no loser left a claim row or a wallet row.
        var store = EligibilityStoreFactory.Open(first);
        try
        {
            var found = (await store.FindAsync("p1", winner.Nullifier))!.ThrowIfFailed();
            Assert.Equal(mode == "same-identity" ? 1 : 2, found.Wallets.Count);
            foreach (var loser in results.Where(r => r.Result != "won" && r.Nullifier != winner.Nullifier))
            {
                Assert.Null(await store.FindAsync("p1", loser.Nullifier));
            }
        }
        finally
        {
            await DisposeAsync(store);
        }

        Assert.Equal(1L, await ScalarAsync(kind, first, "SELECT count(*) FROM {claims}"));
        Assert.Equal(mode == "same-identity" ? 1L : 2L, await ScalarAsync(kind, first, "SELECT count(*) FROM {wallets}"));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task ClaimingProcessKilled_EveryAcknowledgedClaimIsWhole_NoClaimLacksItsWallets_AFreshStoreClaims(string kind)
    {
        var (store, _) = await StoresAsync(kind);
        var acknowledged = new List<RacerResult>();
        await using (var racer = await RacerProcess.StartAsync(store, "stream", "p1", tag: 7, _bound.Token))
        {
            while (acknowledged.Count < 20 && await racer.ReadAsync(_bound.Token) is { } result)
            {
                Assert.Equal("won", result.Result);
                acknowledged.Add(result);
            }

            Assert.True(acknowledged.Count >= 20, "the stream ended before 20 claims:\n" + racer.Stderr);
            racer.Kill();

            // Lines written before the kill are acknowledgements too.
            while (await racer.ReadAsync(_bound.Token) is { } result)
            {
                acknowledged.Add(result);
            }
        }

        var fresh = EligibilityStoreFactory.Open(store);
        try
        {
            foreach (var ack in acknowledged)
            {
                var found = (await fresh.FindAsync("p1", ack.Nullifier))!.ThrowIfFailed();
                Assert.Equal(ack.Wallets.Order(StringComparer.Ordinal), found.Wallets.Select(w => w.ToLowerCaseString()));
                Assert.Equal(BigInteger.Parse(ack.Power!, CultureInfo.InvariantCulture), found.Power);
                Assert.Equal("receipt-" + ack.Nullifier, found.Receipt);
            }

            // Whatever the kill interrupted was rolled back whole: every claim row has its three wallet rows, and no
            // wallet row is without its claim.
            long claims = await ScalarAsync(kind, store, "SELECT count(*) FROM {claims}");
            Assert.True(claims >= acknowledged.Count);
            Assert.Equal(0L, await ScalarAsync(kind, store, "SELECT count(*) FROM {claims} c WHERE (SELECT count(*) FROM {wallets} w WHERE w.proposal_id = c.proposal_id AND w.nullifier = c.nullifier) <> 3"));
            Assert.Equal(0L, await ScalarAsync(kind, store, "SELECT count(*) FROM {wallets} w WHERE NOT EXISTS (SELECT 1 FROM {claims} c WHERE c.proposal_id = w.proposal_id AND c.nullifier = w.nullifier)"));
            Assert.Equal(claims * 3, await ScalarAsync(kind, store, "SELECT count(*) FROM {wallets}"));

            var wallet = EthereumAddress.Parse("0x5555555555555555555555555555555555555555").ThrowIfFailed();
            var claim = await fresh.ClaimAsync(new EligibilityClaim { ProposalId = "p1", Nullifier = "after-the-kill", Wallets = [wallet], Power = BigInteger.One, Receipt = "r" });
            Assert.True(claim.Succeeded, claim.Error?.Message);
            Assert.NotNull(await fresh.FindAsync("p1", "after-the-kill"));
        }
        finally
        {
            await DisposeAsync(fresh);
        }
    }

    // Two ways to name one store; for PostgreSQL the first is a postgresql:// URI, the second Npgsql key=value pairs.
    private async Task<(string First, string Second)> StoresAsync(string kind)
    {
        if (kind == "sqlite")
        {
            string path = Path.Combine(_dir, "claims.db");
            return (path, path);
        }

        string keyValue = await server.CreateDatabaseAsync();
        string database = new NpgsqlConnectionStringBuilder(keyValue).Database!;
        return ($"postgresql://postgres@127.0.0.1:{server.Port}/{database}?application_name=claim-racer", keyValue);
    }

    private static async Task<long> ScalarAsync(string kind, string store, string sql)
    {
        if (kind == "sqlite")
        {
            await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = store, Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString());
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = sql.Replace("{claims}", "claims", StringComparison.Ordinal).Replace("{wallets}", "claim_wallets", StringComparison.Ordinal);
            return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
        }

        var builder = new NpgsqlConnectionStringBuilder(PostgresConnectionString.Normalize(store)) { Pooling = false };
        await using var pg = new NpgsqlConnection(builder.ConnectionString);
        await pg.OpenAsync();
        await using var pgCommand = new NpgsqlCommand(sql.Replace("{claims}", "eligibility_claims", StringComparison.Ordinal).Replace("{wallets}", "eligibility_claim_wallets", StringComparison.Ordinal), pg);
        return Convert.ToInt64(await pgCommand.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    private static async Task DisposeAsync(IEligibilityStore store)
    {
        if (store is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }
    }
}
