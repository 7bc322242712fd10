// Claims in PostgreSQL, for tool instances on several machines sharing one database (a SQLite file is one
// machine's). One transaction per claim, and the database's unique keys do the deciding, with no lock of
// ours and no read-then-write window: the claim row's primary key (proposal, nullifier) refuses a second
// vote of one identity, a wallet row's primary key (proposal, wallet) refuses a wallet counted for a second
// identity. Under READ COMMITTED an insert racing another transaction's uncommitted row of the same key
// waits for it, then fails with unique_violation (23505) if it committed or goes through if it rolled back:
// of racing claims exactly one wins, and a refused or interrupted claim leaves no row (a client killed
// mid-claim is rolled back by the server when its connection drops).
// Wallets are inserted in one (sorted) order, so two claims sharing two wallets cannot deadlock.
// The tables are created on first use, not in the constructor (an unreachable server is a result, not an
// exception), under a transaction-scoped advisory lock: CREATE TABLE IF NOT EXISTS alone is not safe when
// two processes start at once (both pass the existence check, one then fails on a catalog unique index).
using System.Globalization;
using System.Numerics;
using Did.Sdk.Ethereum;
using Npgsql;

namespace Did.Sdk.Dao.PostgreSql;

/// <summary>
/// An <see cref="IEligibilityStore"/> in a PostgreSQL database (tables <c>eligibility_claims</c> and
/// <c>eligibility_claim_wallets</c> in the connection's search path, created on first use); several processes
/// on several machines may share it.
/// </summary>
public sealed class PostgresEligibilityStore : IEligibilityStore, IAsyncDisposable, IDisposable
{
    private const string ClaimsKey = "eligibility_claims_pkey";
    private const string WalletsKey = "eligibility_claim_wallets_pkey";

    // pg_advisory_xact_lock key serializing schema creation: "DidSdkDao" folded into a bigint.
    private const long SchemaLockKey = 0x4469_6453_646B_44AF;

    private static readonly string Schema = "SELECT pg_advisory_xact_lock(" + SchemaLockKey.ToString(CultureInfo.InvariantCulture) + ");\n" + """
        CREATE TABLE IF NOT EXISTS eligibility_claims (
            proposal_id text NOT NULL,
            nullifier text NOT NULL,
            power numeric(78, 0) NOT NULL,
            receipt text NOT NULL,
            claimed_at timestamptz NOT NULL DEFAULT now(),
            CONSTRAINT eligibility_claims_pkey PRIMARY KEY (proposal_id, nullifier));
        CREATE TABLE IF NOT EXISTS eligibility_claim_wallets (
            proposal_id text NOT NULL,
            wallet text NOT NULL,
            nullifier text NOT NULL,
            CONSTRAINT eligibility_claim_wallets_pkey PRIMARY KEY (proposal_id, wallet),
            CONSTRAINT eligibility_claim_wallets_claim_fkey FOREIGN KEY (proposal_id, nullifier) REFERENCES eligibility_claims (proposal_id, nullifier));
        CREATE INDEX IF NOT EXISTS eligibility_claim_wallets_claim_idx ON eligibility_claim_wallets (proposal_id, nullifier);
        """;

    private readonly NpgsqlDataSource _dataSource;
    private readonly bool _ownsDataSource;
    private volatile bool _schemaReady;

    /// <summary>
    /// A store on the database named by <paramref name="connectionString"/>: Npgsql key=value pairs
    /// (<c>Host=…;Database=…</c>) or a <c>postgres://</c> / <c>postgresql://</c> URI. Nothing is connected yet.
    /// </summary>
    /// <exception cref="ArgumentException">The connection string is malformed (the message does not repeat it).</exception>
    public PostgresEligibilityStore(string connectionString)
        : this(CreateDataSource(connectionString), ownsDataSource: true)
    {
    }

    /// <summary>A store on <paramref name="dataSource"/>, which the caller keeps and disposes.</summary>
    public PostgresEligibilityStore(NpgsqlDataSource dataSource)
        : this(dataSource ?? throw new ArgumentNullException(nameof(dataSource)), ownsDataSource: false)
    {
    }

    private PostgresEligibilityStore(NpgsqlDataSource dataSource, bool ownsDataSource)
    {
        _dataSource = dataSource;
        _ownsDataSource = ownsDataSource;
    }

    /// <inheritdoc/>
    public async ValueTask<Result<EligibilityClaim>> ClaimAsync(EligibilityClaim claim, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(claim);
        var wallets = claim.Wallets.Distinct().OrderBy(w => w.ToLowerCaseString(), StringComparer.Ordinal).ToArray();
        try
        {
            await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using var batch = new NpgsqlBatch(connection, transaction);
            var insertClaim = new NpgsqlBatchCommand("INSERT INTO eligibility_claims (proposal_id, nullifier, power, receipt) VALUES ($1, $2, $3::numeric, $4)");
            insertClaim.Parameters.Add(new NpgsqlParameter<string> { TypedValue = claim.ProposalId });
            insertClaim.Parameters.Add(new NpgsqlParameter<string> { TypedValue = claim.Nullifier });
            insertClaim.Parameters.Add(new NpgsqlParameter<string> { TypedValue = claim.Power.ToString(CultureInfo.InvariantCulture) });
            insertClaim.Parameters.Add(new NpgsqlParameter<string> { TypedValue = claim.Receipt });
            batch.BatchCommands.Add(insertClaim);
            foreach (var wallet in wallets)
            {
                var insertWallet = new NpgsqlBatchCommand("INSERT INTO eligibility_claim_wallets (proposal_id, wallet, nullifier) VALUES ($1, $2, $3)");
                insertWallet.Parameters.Add(new NpgsqlParameter<string> { TypedValue = claim.ProposalId });
                insertWallet.Parameters.Add(new NpgsqlParameter<string> { TypedValue = wallet.ToLowerCaseString() });
                insertWallet.Parameters.Add(new NpgsqlParameter<string> { TypedValue = claim.Nullifier });
                batch.BatchCommands.Add(insertWallet);
            }

            try
            {
                await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation && ex.ConstraintName == ClaimsKey)
            {
                return Result<EligibilityClaim>.Failure(DaoErrorCodes.AlreadyVoted, $"This identity already voted on proposal {claim.ProposalId}.");
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation && ex.ConstraintName == WalletsKey)
            {
                // Nothing of the claim stays; then which wallet is taken (the server's detail naming the key is
                // redacted by Npgsql unless the connection string asks for it).
                await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
                string? taken = await TakenWalletAsync(connection, claim.ProposalId, wallets, cancellationToken).ConfigureAwait(false);
                return Result<EligibilityClaim>.Failure(DaoErrorCodes.WalletAlreadyCounted, $"{(taken is null ? "A wallet of this identity" : "The wallet " + taken)} was already counted for another identity on proposal {claim.ProposalId}.");
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return claim;
        }
        catch (NpgsqlException ex)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return Unavailable(ex);
        }
    }

    /// <inheritdoc/>
    public async ValueTask<Result<EligibilityClaim>?> FindAsync(string proposalId, string nullifier, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(proposalId);
        ArgumentNullException.ThrowIfNull(nullifier);
        try
        {
            await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);

            // One statement: the claim and its wallets come from one snapshot.
            await using var command = _dataSource.CreateCommand("""
                SELECT c.power::text, c.receipt,
                       array(SELECT w.wallet FROM eligibility_claim_wallets w WHERE w.proposal_id = c.proposal_id AND w.nullifier = c.nullifier ORDER BY w.wallet)
                FROM eligibility_claims c WHERE c.proposal_id = $1 AND c.nullifier = $2
                """);
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = proposalId });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = nullifier });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return null;
            }

            if (!BigInteger.TryParse(reader.GetString(0), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var power))
            {
                return Corrupt(proposalId);
            }

            string receipt = reader.GetString(1);
            var wallets = new List<EthereumAddress>();
            foreach (string text in reader.GetFieldValue<string[]>(2))
            {
                if (!EthereumAddress.TryParse(text, out var wallet))
                {
                    return Corrupt(proposalId);
                }

                wallets.Add(wallet);
            }

            return new EligibilityClaim { ProposalId = proposalId, Nullifier = nullifier, Wallets = wallets, Power = power, Receipt = receipt };
        }
        catch (NpgsqlException ex)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return Unavailable(ex);
        }
    }

    /// <summary>Disposes the data source when this store created it from a connection string.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_ownsDataSource)
        {
            await _dataSource.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Disposes the data source when this store created it from a connection string.</summary>
    public void Dispose()
    {
        if (_ownsDataSource)
        {
            _dataSource.Dispose();
        }
    }

    private static async Task<string?> TakenWalletAsync(NpgsqlConnection connection, string proposalId, EthereumAddress[] wallets, CancellationToken cancellationToken)
    {
        try
        {
            await using var command = new NpgsqlCommand("SELECT wallet FROM eligibility_claim_wallets WHERE proposal_id = $1 AND wallet = ANY($2) ORDER BY wallet LIMIT 1", connection);
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = proposalId });
            command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. wallets.Select(w => w.ToLowerCaseString())] });
            return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is string text && EthereumAddress.TryParse(text, out var wallet) ? wallet.ToString() : null;
        }
        catch (NpgsqlException)
        {
            // The refusal stands; only its message is less precise.
            return null;
        }
    }

    private async Task EnsureSchemaAsync(CancellationToken cancellationToken)
    {
        if (_schemaReady)
        {
            return;
        }

        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

        // Tables made beforehand are used as they are: CREATE TABLE IF NOT EXISTS checks the CREATE privilege on
        // the schema before it sees the table, and a role that may only read and insert would fail it.
        await using (var exists = new NpgsqlCommand("SELECT to_regclass('eligibility_claims') IS NOT NULL AND to_regclass('eligibility_claim_wallets') IS NOT NULL", connection))
        {
            if (await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is true)
            {
                _schemaReady = true;
                return;
            }
        }

        // Concurrent first calls each run the (idempotent) DDL; the advisory lock serializes them.
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(Schema, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        _schemaReady = true;
    }

    private static NpgsqlDataSource CreateDataSource(string connectionString)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        string normalized = PostgresConnectionString.Normalize(connectionString);
        try
        {
            return NpgsqlDataSource.Create(normalized);
        }
        catch (ArgumentException)
        {
            // Npgsql's message may quote a value: the password is not repeated.
            throw new ArgumentException("The PostgreSQL connection string has an unknown key or a malformed value.", nameof(connectionString));
        }
    }

    // Npgsql's messages name the endpoint or the server's SQLSTATE, never the connection string's password.
    private static Result<EligibilityClaim> Unavailable(NpgsqlException ex) =>
        Result<EligibilityClaim>.Failure(DaoErrorCodes.EligibilityStoreUnavailable, ex is PostgresException pg
            ? $"The eligibility store (PostgreSQL) failed: {pg.SqlState} {pg.MessageText}"
            : "The eligibility store (PostgreSQL) is unreachable: " + ex.Message);

    private static Result<EligibilityClaim> Corrupt(string proposalId) =>
        Result<EligibilityClaim>.Failure(DaoErrorCodes.EligibilityStoreUnavailable, $"The eligibility store holds an unreadable claim on proposal {proposalId}.");
}
