namespace Did.Sdk.Dao.PostgreSql;

/// <summary>Opens the eligibility store a <c>--store</c> option names: a PostgreSQL database or a SQLite file.</summary>
public static class EligibilityStoreFactory
{
    /// <summary>
    /// True when <paramref name="store"/> names a PostgreSQL database: a <c>postgres://</c> or <c>postgresql://</c>
    /// URI, or Npgsql key=value pairs with a <c>Host</c> (or <c>Server</c>) key. Anything else is a SQLite file path.
    /// </summary>
    public static bool IsPostgreSql(string store)
    {
        ArgumentNullException.ThrowIfNull(store);
        return PostgresConnectionString.IsPostgreSql(store);
    }

    /// <summary>
    /// A <see cref="PostgresEligibilityStore"/> when <paramref name="fileOrConnectionString"/> names a PostgreSQL
    /// database (see <see cref="IsPostgreSql"/>; nothing is connected yet), else a <see cref="SqliteEligibilityStore"/>
    /// in that file (created when missing). Dispose the result when it is <see cref="IAsyncDisposable"/>.
    /// </summary>
    /// <exception cref="ArgumentException">A malformed PostgreSQL connection string or URI (the message does not repeat it).</exception>
    public static IEligibilityStore Open(string fileOrConnectionString)
    {
        ArgumentException.ThrowIfNullOrEmpty(fileOrConnectionString);
        return IsPostgreSql(fileOrConnectionString) || fileOrConnectionString.StartsWith("postgres:", StringComparison.OrdinalIgnoreCase)
            ? new PostgresEligibilityStore(fileOrConnectionString)
            : new SqliteEligibilityStore(fileOrConnectionString);
    }
}
