// The issuer's state in one SQLite file: the brand, the issued credentials with their status-list entries,
// the outstanding SIWE nonces, the watcher's next block and the last signed status list. Everything read
// back is checked as untrusted input: a damaged or foreign file is a typed IssuerException, never a crash.
using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using System.Text.Json;
using Did.Sdk.Ethereum;
using Did.Sdk.SocialToken;
using Microsoft.Data.Sqlite;

namespace Did.Sdk.Examples.ConsoleIssuer;

/// <summary>The issuer's SQLite database (<c>--db</c>).</summary>
internal sealed class IssuerDb : IDisposable
{
    public const string FormatName = "did-sdk-console-issuer";
    public const int SchemaVersion = 1;
    private static readonly byte[] SqliteMagic = "SQLite format 3\0"u8.ToArray();

    private const string Schema = """
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE brand (id INTEGER PRIMARY KEY CHECK (id = 1), chain_id TEXT NOT NULL, contract TEXT NOT NULL, name TEXT NOT NULL,
            symbol TEXT NOT NULL, decimals INTEGER NOT NULL, tiers TEXT NOT NULL, issuer_did TEXT NOT NULL, status_uri TEXT NOT NULL,
            status_size INTEGER NOT NULL, domain TEXT NOT NULL, deploy_block TEXT NOT NULL);
        CREATE TABLE credentials (status_index INTEGER PRIMARY KEY, did TEXT NOT NULL, tier TEXT NOT NULL, threshold TEXT NOT NULL,
            wallets TEXT NOT NULL, holding TEXT NOT NULL, evidence_block TEXT NOT NULL, issued_at TEXT NOT NULL,
            revoked_at TEXT, revoked_holding TEXT);
        CREATE TABLE nonces (nonce TEXT PRIMARY KEY, expires TEXT NOT NULL);
        """;

    private readonly SqliteConnection _connection;

    // The HTTPS server reads the status list token while a command or the menu writes: one connection, one at a time.
    private readonly Lock _gate = new();

    private IssuerDb(SqliteConnection connection, string path)
    {
        _connection = connection;
        Path = path;
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <summary>Opens <paramref name="path"/>, creating a new issuer database when the file is missing or empty.</summary>
    /// <exception cref="IssuerException">The file is not usable (<see cref="IssuerErrorCodes"/>: db*).</exception>
    public static IssuerDb Open(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        var directory = System.IO.Path.GetDirectoryName(full);
        if (string.IsNullOrEmpty(directory) || !Directory.Exists(directory))
        {
            throw new IssuerException(IssuerErrorCodes.DbUnavailable, $"--db: the directory of {full} does not exist.");
        }

        bool isNew;
        try
        {
            isNew = !File.Exists(full) || new FileInfo(full).Length == 0;
            if (!isNew)
            {
                // Checked before SQLite sees the file: SQLite would treat some garbage as an empty database and write to it.
                Span<byte> head = stackalloc byte[16];
                using var file = File.OpenRead(full);
                if (file.ReadAtLeast(head, 16, throwOnEndOfStream: false) < 16 || !head.SequenceEqual(SqliteMagic))
                {
                    throw new IssuerException(IssuerErrorCodes.DbCorrupt, $"--db: {full} is not an SQLite database; it was left untouched.");
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new IssuerException(IssuerErrorCodes.DbUnavailable, $"--db: {full} cannot be read: {ex.Message}", ex);
        }

        // No pooling: the file is released when the database is disposed (tests and the user may delete it).
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = full, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false, DefaultTimeout = 5 }.ToString());
        try
        {
            connection.Open();
            var db = new IssuerDb(connection, full);
            if (isNew)
            {
                db.Create();
            }
            else
            {
                db.Check();
            }

            return db;
        }
        catch (SqliteException ex)
        {
            connection.Dispose();
            throw Translate(ex, full);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public void Dispose() => _connection.Dispose();

    private void Create()
    {
        using var transaction = _connection.BeginTransaction();
        Execute(Schema, transaction);
        Execute("INSERT INTO meta (key, value) VALUES ('format', $v);", transaction, ("$v", FormatName));
        Execute("INSERT INTO meta (key, value) VALUES ('version', $v);", transaction, ("$v", SchemaVersion.ToString(CultureInfo.InvariantCulture)));
        transaction.Commit();
        Execute("PRAGMA journal_mode=WAL;");
    }

    private void Check()
    {
        var check = Scalar("PRAGMA quick_check;");
        if (!string.Equals(check as string, "ok", StringComparison.Ordinal))
        {
            throw new IssuerException(IssuerErrorCodes.DbCorrupt, $"--db: {Path} fails SQLite's integrity check ({check}).");
        }

        if (Scalar("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'meta';") is not 1L)
        {
            throw new IssuerException(IssuerErrorCodes.DbForeign, $"--db: {Path} is an SQLite database, but not a console issuer's (no meta table).");
        }

        if (Meta("format") != FormatName)
        {
            throw new IssuerException(IssuerErrorCodes.DbForeign, $"--db: {Path} is an SQLite database, but not a console issuer's.");
        }

        if (!int.TryParse(Meta("version"), NumberStyles.None, CultureInfo.InvariantCulture, out var version) || version < 1)
        {
            throw new IssuerException(IssuerErrorCodes.DbCorrupt, $"--db: {Path} has no valid schema version.");
        }

        if (version > SchemaVersion)
        {
            throw new IssuerException(IssuerErrorCodes.DbVersionUnsupported, $"--db: {Path} is schema version {version}; this issuer reads version {SchemaVersion}.");
        }
    }

    /// <summary>The brand, or null before deploy/load.</summary>
    public BrandRecord? Brand => Guard(() =>
    {
        using var command = Command("SELECT chain_id, contract, name, symbol, decimals, tiers, issuer_did, status_uri, status_size, domain, deploy_block FROM brand WHERE id = 1;");
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            return null;
        }

        var decimals = Int(reader, 4, "brand.decimals");
        var size = Int(reader, 8, "brand.status_size");
        var uri = Text(reader, 7, "brand.status_uri");
        if (decimals is < 0 or > 36 || size is < 8 or > 1_000_000 || !Uri.TryCreate(uri, UriKind.Absolute, out var parsed) || parsed.Scheme != "https")
        {
            throw Corrupt("brand: decimals, status_size or status_uri out of range");
        }

        return new BrandRecord(
            ULong(reader, 0, "brand.chain_id"),
            Address(Text(reader, 1, "brand.contract"), "brand.contract"),
            Text(reader, 2, "brand.name"),
            Text(reader, 3, "brand.symbol"),
            decimals,
            ParseTiers(Text(reader, 5, "brand.tiers")),
            Did(Text(reader, 6, "brand.issuer_did"), "brand.issuer_did"),
            uri,
            size,
            Text(reader, 9, "brand.domain"),
            ULong(reader, 10, "brand.deploy_block"));
    });

    /// <summary>Records the brand (once).</summary>
    public void SaveBrand(BrandRecord brand) => Guard(() =>
    {
        if (Brand is not null)
        {
            throw new IssuerException(IssuerErrorCodes.BrandExists, $"--db: {Path} already has a brand token; use a new --db for another one.");
        }

        Execute(
            "INSERT INTO brand VALUES (1, $chain, $contract, $name, $symbol, $decimals, $tiers, $did, $uri, $size, $domain, $block);",
            null,
            ("$chain", brand.ChainId.ToString(CultureInfo.InvariantCulture)),
            ("$contract", brand.Contract.ToString()),
            ("$name", brand.Name),
            ("$symbol", brand.Symbol),
            ("$decimals", brand.Decimals),
            ("$tiers", JsonSerializer.Serialize(brand.Tiers.ToDictionary(t => t.Name, t => t.Threshold.ToString(CultureInfo.InvariantCulture)))),
            ("$did", brand.IssuerDid),
            ("$uri", brand.StatusListUri),
            ("$size", brand.StatusListSize),
            ("$domain", brand.Domain),
            ("$block", brand.DeployBlock.ToString(CultureInfo.InvariantCulture)));
        return 0;
    });

    /// <summary>The issued credentials, by status index.</summary>
    public IReadOnlyList<IssuedCredential> Credentials() => Guard(() =>
    {
        using var command = Command("SELECT status_index, did, tier, threshold, wallets, holding, evidence_block, issued_at, revoked_at, revoked_holding FROM credentials ORDER BY issued_at, status_index;");
        using var reader = command.ExecuteReader();
        var list = new List<IssuedCredential>();
        while (reader.Read())
        {
            var index = Int(reader, 0, "credentials.status_index");
            string[] wallets;
            try
            {
                wallets = JsonSerializer.Deserialize<string[]>(Text(reader, 4, "credentials.wallets")) ?? [];
            }
            catch (JsonException)
            {
                throw Corrupt("credentials.wallets is not a JSON array of addresses");
            }

            if (wallets.Length is 0 or > SocialIdentityResolver.MaxWallets)
            {
                throw Corrupt("credentials.wallets holds no wallet or too many");
            }

            list.Add(new IssuedCredential(
                index,
                Did(Text(reader, 1, "credentials.did"), "credentials.did"),
                Text(reader, 2, "credentials.tier"),
                Integer(Text(reader, 3, "credentials.threshold"), "credentials.threshold"),
                wallets.Select(w => Address(w, "credentials.wallets")).ToArray(),
                Integer(Text(reader, 5, "credentials.holding"), "credentials.holding"),
                ULong(reader, 6, "credentials.evidence_block"),
                Time(Text(reader, 7, "credentials.issued_at"), "credentials.issued_at"),
                reader.IsDBNull(8) ? null : Time(Text(reader, 8, "credentials.revoked_at"), "credentials.revoked_at"),
                reader.IsDBNull(9) ? null : Integer(Text(reader, 9, "credentials.revoked_holding"), "credentials.revoked_holding")));
        }

        return list;
    });

    /// <summary>
    /// An unused status-list index, chosen at random so an index does not tell when a credential was issued.
    /// </summary>
    public int FreeStatusIndex(int size) => Guard(() =>
    {
        var used = Credentials().Select(c => c.StatusIndex).ToHashSet();
        if (used.Count >= size)
        {
            throw new IssuerException(IssuerErrorCodes.InvalidArgument, $"The status list is full ({size} entries).");
        }

        var index = RandomNumberGenerator.GetInt32(size);
        while (used.Contains(index))
        {
            index = (index + 1) % size;
        }

        return index;
    });

    public void AddCredential(IssuedCredential credential) => Guard(() =>
    {
        Execute(
            "INSERT INTO credentials (status_index, did, tier, threshold, wallets, holding, evidence_block, issued_at) VALUES ($i, $did, $tier, $threshold, $wallets, $holding, $block, $at);",
            null,
            ("$i", credential.StatusIndex),
            ("$did", credential.Did),
            ("$tier", credential.Tier),
            ("$threshold", credential.Threshold.ToString(CultureInfo.InvariantCulture)),
            ("$wallets", JsonSerializer.Serialize(credential.Wallets.Select(w => w.ToString()).ToArray())),
            ("$holding", credential.Holding.ToString(CultureInfo.InvariantCulture)),
            ("$block", credential.EvidenceBlock.ToString(CultureInfo.InvariantCulture)),
            ("$at", TimeText(credential.IssuedAt)));
        return 0;
    });

    /// <summary>Marks the credential at <paramref name="statusIndex"/> revoked.</summary>
    public void Revoke(int statusIndex, BigInteger holding, DateTimeOffset at) => Guard(() =>
        Execute("UPDATE credentials SET revoked_at = $at, revoked_holding = $holding WHERE status_index = $i AND revoked_at IS NULL;", null,
            ("$at", TimeText(at)), ("$holding", holding.ToString(CultureInfo.InvariantCulture)), ("$i", statusIndex)));

    /// <summary>The outstanding SIWE nonces and when each expires.</summary>
    public IReadOnlyDictionary<string, DateTimeOffset> Nonces() => Guard(() =>
    {
        using var command = Command("SELECT nonce, expires FROM nonces;");
        using var reader = command.ExecuteReader();
        var nonces = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        while (reader.Read())
        {
            var nonce = Text(reader, 0, "nonces.nonce");
            if (nonce.Length is < 8 or > 64 || !nonce.All(char.IsAsciiLetterOrDigit))
            {
                throw Corrupt("nonces.nonce is not a nonce");
            }

            nonces[nonce] = Time(Text(reader, 1, "nonces.expires"), "nonces.expires");
        }

        return nonces;
    });

    /// <summary>
    /// Stores what changed between <paramref name="before"/> (read at the start) and <paramref name="after"/>: new
    /// nonces are added, used or expired ones removed. Only the difference is written, so two commands on one
    /// database (a challenge while another issues) do not drop each other's nonces.
    /// </summary>
    public void UpdateNonces(IReadOnlyDictionary<string, DateTimeOffset> before, IReadOnlyDictionary<string, DateTimeOffset> after) => Guard(() =>
    {
        using var transaction = _connection.BeginTransaction();
        foreach (var nonce in before.Keys.Where(n => !after.ContainsKey(n)))
        {
            Execute("DELETE FROM nonces WHERE nonce = $n;", transaction, ("$n", nonce));
        }

        foreach (var (nonce, expires) in after.Where(p => !before.ContainsKey(p.Key)))
        {
            Execute("INSERT OR REPLACE INTO nonces VALUES ($n, $e);", transaction, ("$n", nonce), ("$e", TimeText(expires)));
        }

        transaction.Commit();
        return 0;
    });

    /// <summary>The next block the watcher scans, or null before its first scan.</summary>
    public ulong? NextBlock
    {
        get => Guard(() => Meta("watcher.nextBlock") is { } text
            ? ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var block) ? block : throw Corrupt("meta watcher.nextBlock is not a block number")
            : (ulong?)null);
        set => SetMeta("watcher.nextBlock", value?.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>The last signed status list token (what the HTTPS server serves), or null.</summary>
    public string? StatusListToken
    {
        get => Guard(() => Meta("statusList.token"));
        set => SetMeta("statusList.token", value);
    }

    private string? Meta(string key)
    {
        var value = Scalar("SELECT value FROM meta WHERE key = $k;", ("$k", key));
        return value switch
        {
            null => null,
            string text => text,
            _ => throw Corrupt($"meta {key} is not text"),
        };
    }

    private void SetMeta(string key, string? value) => Guard(() => value is null
        ? Execute("DELETE FROM meta WHERE key = $k;", null, ("$k", key))
        : Execute("INSERT INTO meta (key, value) VALUES ($k, $v) ON CONFLICT (key) DO UPDATE SET value = excluded.value;", null, ("$k", key), ("$v", value)));

    // Every read and write goes through here: SQLite's own errors (a page damaged after opening, a locked
    // file) become typed errors too.
    private T Guard<T>(Func<T> action)
    {
        try
        {
            lock (_gate)
            {
                return action();
            }
        }
        catch (SqliteException ex)
        {
            throw Translate(ex, Path);
        }
        catch (Exception ex) when (ex is InvalidCastException or FormatException or OverflowException)
        {
            throw new IssuerException(IssuerErrorCodes.DbCorrupt, $"--db: {Path} holds a value of the wrong type: {ex.Message}", ex);
        }
    }

    private static IssuerException Translate(SqliteException ex, string path) => ex.SqliteErrorCode switch
    {
        // SQLITE_CORRUPT, SQLITE_NOTADB, and a schema that is not ours (no such table/column: SQLITE_ERROR).
        11 or 26 => new IssuerException(IssuerErrorCodes.DbCorrupt, $"--db: {path} is damaged: {ex.Message}", ex),
        1 => new IssuerException(IssuerErrorCodes.DbForeign, $"--db: {path} does not have the console issuer's tables: {ex.Message}", ex),
        _ => new IssuerException(IssuerErrorCodes.DbUnavailable, $"--db: {path} cannot be used: {ex.Message}", ex),
    };

    private SqliteCommand Command(string sql, SqliteTransaction? transaction = null, params (string Name, object Value)[] parameters)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }

    private int Execute(string sql, SqliteTransaction? transaction = null, params (string Name, object Value)[] parameters)
    {
        using var command = Command(sql, transaction, parameters);
        return command.ExecuteNonQuery();
    }

    private object? Scalar(string sql, params (string Name, object Value)[] parameters)
    {
        using var command = Command(sql, null, parameters);
        return command.ExecuteScalar();
    }

    private IssuerException Corrupt(string what) => new(IssuerErrorCodes.DbCorrupt, $"--db: {Path}: {what}.");

    private string Text(SqliteDataReader reader, int column, string what)
        => !reader.IsDBNull(column) && reader.GetFieldType(column) == typeof(string) && reader.GetString(column) is { Length: > 0 and <= 64 * 1024 } text
            ? text
            : throw Corrupt($"{what} is not a non-empty text");

    private int Int(SqliteDataReader reader, int column, string what)
        => !reader.IsDBNull(column) && reader.GetFieldType(column) == typeof(long) && reader.GetInt64(column) is >= 0 and <= int.MaxValue and var value
            ? (int)value
            : throw Corrupt($"{what} is not a small whole number");

    private ulong ULong(SqliteDataReader reader, int column, string what)
        => ulong.TryParse(Text(reader, column, what), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : throw Corrupt($"{what} is not a whole number");

    private BigInteger Integer(string text, string what)
        => text.Length <= 80 && text.All(char.IsAsciiDigit) ? BigInteger.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture) : throw Corrupt($"{what} is not a whole number");

    private EthereumAddress Address(string text, string what)
        => EthereumAddress.TryParse(text, out var address) ? address : throw Corrupt($"{what} is not an address");

    private string Did(string text, string what)
        => Sdk.Did.TryParse(text, out _) ? text : throw Corrupt($"{what} is not a DID");

    private DateTimeOffset Time(string text, string what)
        => DateTimeOffset.TryParseExact(text, "O", CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at) ? at : throw Corrupt($"{what} is not a time");

    private SocialTokenTier[] ParseTiers(string json)
    {
        Dictionary<string, string>? tiers;
        try
        {
            tiers = JsonSerializer.Deserialize<Dictionary<string, string>>(json);
        }
        catch (JsonException)
        {
            tiers = null;
        }

        if (tiers is null || tiers.Count is 0 or > 32)
        {
            throw Corrupt("brand.tiers is not a JSON object of tier thresholds");
        }

        return tiers.Select(t => new SocialTokenTier(t.Key, Integer(t.Value, "brand.tiers"))).ToArray();
    }

    private static string TimeText(DateTimeOffset at) => at.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);
}
