// Claims in SQLite, one transaction per claim: the claim row (primary key proposal + nullifier) and one row
// per wallet (primary key proposal + wallet). A unique violation on either rolls the whole claim back.
// BEGIN IMMEDIATE takes the write lock first, so concurrent claims (threads or processes) serialize.
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Did.Sdk.Dao;

/// <summary>An <see cref="IEligibilityStore"/> in a SQLite file (one machine; several processes may share the file).</summary>
public sealed class SqliteEligibilityStore : IEligibilityStore
{
    private readonly string _connectionString;

    /// <summary>Opens (and creates when missing) the store at <paramref name="path"/>.</summary>
    public SqliteEligibilityStore(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false, DefaultTimeout = 30 }.ToString();
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS claims (proposal_id TEXT NOT NULL, nullifier TEXT NOT NULL, power TEXT NOT NULL, receipt TEXT NOT NULL, PRIMARY KEY (proposal_id, nullifier));
            CREATE TABLE IF NOT EXISTS claim_wallets (proposal_id TEXT NOT NULL, wallet TEXT NOT NULL, nullifier TEXT NOT NULL, PRIMARY KEY (proposal_id, wallet));
            """;
        command.ExecuteNonQuery();
    }

    /// <inheritdoc/>
    public async ValueTask<Result<EligibilityClaim>> ClaimAsync(EligibilityClaim claim, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(claim);
        try
        {
            await using var connection = Open();
            await using var begin = connection.CreateCommand();
            begin.CommandText = "BEGIN IMMEDIATE";
            await begin.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await using (var insert = connection.CreateCommand())
                {
                    insert.CommandText = "INSERT INTO claims (proposal_id, nullifier, power, receipt) VALUES ($p, $n, $power, $r)";
                    insert.Parameters.AddWithValue("$p", claim.ProposalId);
                    insert.Parameters.AddWithValue("$n", claim.Nullifier);
                    insert.Parameters.AddWithValue("$power", claim.Power.ToString(CultureInfo.InvariantCulture));
                    insert.Parameters.AddWithValue("$r", claim.Receipt);
                    if (await TryAsync(insert, cancellationToken).ConfigureAwait(false) is false)
                    {
                        await RollbackAsync(connection).ConfigureAwait(false);
                        return Result<EligibilityClaim>.Failure(DaoErrorCodes.AlreadyVoted, $"This identity already voted on proposal {claim.ProposalId}.");
                    }
                }

                foreach (var wallet in claim.Wallets.Distinct())
                {
                    await using var insert = connection.CreateCommand();
                    insert.CommandText = "INSERT INTO claim_wallets (proposal_id, wallet, nullifier) VALUES ($p, $w, $n)";
                    insert.Parameters.AddWithValue("$p", claim.ProposalId);
                    insert.Parameters.AddWithValue("$w", wallet.ToLowerCaseString());
                    insert.Parameters.AddWithValue("$n", claim.Nullifier);
                    if (await TryAsync(insert, cancellationToken).ConfigureAwait(false) is false)
                    {
                        await RollbackAsync(connection).ConfigureAwait(false);
                        return Result<EligibilityClaim>.Failure(DaoErrorCodes.WalletAlreadyCounted, $"The wallet {wallet} was already counted for another identity on proposal {claim.ProposalId}.");
                    }
                }

                await using var commit = connection.CreateCommand();
                commit.CommandText = "COMMIT";
                await commit.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                return claim;
            }
            catch
            {
                await RollbackAsync(connection).ConfigureAwait(false);
                throw;
            }
        }
        catch (SqliteException ex)
        {
            return Result<EligibilityClaim>.Failure(DaoErrorCodes.EligibilityStoreUnavailable, "The eligibility store failed: " + ex.SqliteErrorCode.ToString(CultureInfo.InvariantCulture) + ".");
        }
    }

    // False on a unique-constraint violation (SQLITE_CONSTRAINT).
    private static async Task<bool> TryAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == 19)
        {
            return false;
        }
    }

    private static async Task RollbackAsync(SqliteConnection connection)
    {
        await using var rollback = connection.CreateCommand();
        rollback.CommandText = "ROLLBACK";
        try
        {
            await rollback.ExecuteNonQueryAsync().ConfigureAwait(false);
        }
        catch (SqliteException)
        {
            // No transaction left to roll back.
        }
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }
}
