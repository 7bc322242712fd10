// Claims in SQLite, one transaction per claim: the claim row (primary key proposal + nullifier) and one row
// per wallet (primary key proposal + wallet). A unique violation on either rolls the whole claim back.
// BEGIN IMMEDIATE takes the write lock first, so concurrent claims (threads or processes) serialize.
// Reads (FindAsync) see committed claims only: WAL readers never see a half-written transaction.
using System.Globalization;
using System.Numerics;
using Did.Sdk.Ethereum;
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

    /// <inheritdoc/>
    public async ValueTask<Result<EligibilityClaim>?> FindAsync(string proposalId, string nullifier, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(proposalId);
        ArgumentNullException.ThrowIfNull(nullifier);
        try
        {
            await using var connection = Open();

            // One read transaction, so the claim and its wallets come from the same snapshot.
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            string power, receipt;
            await using (var select = connection.CreateCommand())
            {
                select.Transaction = transaction;
                select.CommandText = "SELECT power, receipt FROM claims WHERE proposal_id = $p AND nullifier = $n";
                select.Parameters.AddWithValue("$p", proposalId);
                select.Parameters.AddWithValue("$n", nullifier);
                await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    return null;
                }

                power = reader.GetString(0);
                receipt = reader.GetString(1);
            }

            var wallets = new List<EthereumAddress>();
            await using (var select = connection.CreateCommand())
            {
                select.Transaction = transaction;
                select.CommandText = "SELECT wallet FROM claim_wallets WHERE proposal_id = $p AND nullifier = $n ORDER BY wallet";
                select.Parameters.AddWithValue("$p", proposalId);
                select.Parameters.AddWithValue("$n", nullifier);
                await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    if (!EthereumAddress.TryParse(reader.GetString(0), out var wallet))
                    {
                        return Corrupt(proposalId);
                    }

                    wallets.Add(wallet);
                }
            }

            if (!BigInteger.TryParse(power, NumberStyles.None, CultureInfo.InvariantCulture, out var parsedPower))
            {
                return Corrupt(proposalId);
            }

            return new EligibilityClaim { ProposalId = proposalId, Nullifier = nullifier, Wallets = wallets, Power = parsedPower, Receipt = receipt };
        }
        catch (SqliteException ex)
        {
            return Result<EligibilityClaim>.Failure(DaoErrorCodes.EligibilityStoreUnavailable, "The eligibility store failed: " + ex.SqliteErrorCode.ToString(CultureInfo.InvariantCulture) + ".");
        }
    }

    private static Result<EligibilityClaim> Corrupt(string proposalId) =>
        Result<EligibilityClaim>.Failure(DaoErrorCodes.EligibilityStoreUnavailable, $"The eligibility store holds an unreadable claim on proposal {proposalId}.");

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
