// The devnet state file: an SQLite database with one row per block (header RLP, and a body holding the
// raw transactions, the receipts and the block's state diff). Loading re-derives every block hash from
// the stored data, so a changed byte is caught, not served.
using System.Globalization;
using Did.Sdk.Devnet.Chain;
using Did.Sdk.Ethereum;
using Did.Sdk.Ethereum.Rlp;
using Did.Sdk.Ethereum.Transactions;
using Microsoft.Data.Sqlite;

namespace Did.Sdk.Devnet.Storage;

internal sealed class ChainStore : IDisposable
{
    public const string FormatName = "did-sdk-devnet-state";
    public const int SchemaVersion = 1;
    private const int FlushThreshold = 64;
    private static readonly TimeSpan FlushInterval = TimeSpan.FromSeconds(1);
    private static readonly RlpDecodeOptions BodyRlp = new() { MaxInputSize = 256 * 1024 * 1024, MaxDepth = 8 };
    private static readonly byte[] SqliteMagic = "SQLite format 3\0"u8.ToArray();

    private readonly SqliteConnection _connection;
    private readonly List<(Block? Append, ulong Keep)> _pending = [];
    private bool _disposed;
    private readonly TimeProvider _time;
    private long _lastFlush;

    private ChainStore(SqliteConnection connection, TimeProvider time)
    {
        _connection = connection;
        _time = time;
        _lastFlush = time.GetTimestamp();
    }

    /// <summary>
    /// Opens or creates the state file. A new file gets the genesis block from <paramref name="genesis"/>;
    /// an existing one is checked (ours, schema version, chain id and hardfork, every block hash) and loaded.
    /// </summary>
    public static Result<(ChainStore Store, IReadOnlyList<Block> Blocks)> Open(DevnetSettings settings, Func<Block> genesis)
    {
        var path = settings.StateFile!;
        var directory = Path.GetDirectoryName(path);
        if (string.IsNullOrEmpty(directory) || !Directory.Exists(directory))
        {
            return Failure(DevnetErrorCodes.StateFileUnavailable, $"The directory of the state file {path} does not exist.");
        }

        try
        {
            if (File.Exists(path) && new FileInfo(path).Length > 0)
            {
                Span<byte> head = stackalloc byte[16];
                using (var file = File.OpenRead(path))
                {
                    if (file.ReadAtLeast(head, 16, throwOnEndOfStream: false) < 16 || !head.SequenceEqual(SqliteMagic))
                    {
                        return Failure(DevnetErrorCodes.StateFileCorrupt, $"The state file {path} is not an SQLite database; it was left untouched.");
                    }
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Failure(DevnetErrorCodes.StateFileUnavailable, $"The state file {path} cannot be read: {ex.Message}");
        }

        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false, DefaultTimeout = 1 }.ToString());
        try
        {
            connection.Open();
            Execute(connection, "PRAGMA locking_mode=EXCLUSIVE;");
            var check = Scalar(connection, "PRAGMA quick_check;");
            if (!string.Equals(check as string, "ok", StringComparison.Ordinal))
            {
                connection.Dispose();
                return Failure(DevnetErrorCodes.StateFileCorrupt, $"The state file {path} fails SQLite's integrity check ({check}).");
            }

            // Nothing is written before the file is known to be ours (a refused file stays byte for byte).
            var store = new ChainStore(connection, settings.TimeProvider);
            var loaded = store.Load(settings, genesis, path);
            if (!loaded.Succeeded)
            {
                connection.Dispose();
                return Result<(ChainStore, IReadOnlyList<Block>)>.Failure(loaded.Error);
            }

            Execute(connection, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;");
            return (store, loaded.Value);
        }
        catch (Exception ex) when (ex is InvalidCastException or FormatException or OverflowException or ArgumentException or InvalidOperationException)
        {
            connection.Dispose();
            return Failure(DevnetErrorCodes.StateFileCorrupt, $"The state file {path} holds values of the wrong type: {ex.Message}");
        }
        catch (SqliteException ex)
        {
            connection.Dispose();
            var code = ex.SqliteErrorCode is 5 or 6 or 3 or 8 or 14 ? DevnetErrorCodes.StateFileUnavailable : DevnetErrorCodes.StateFileCorrupt;
            return Failure(code, $"The state file {path} cannot be used: {ex.Message}");
        }
    }

    private Result<IReadOnlyList<Block>> Load(DevnetSettings settings, Func<Block> genesis, string path)
    {
        var tables = new List<string>();
        using (var command = _connection.CreateCommand())
        {
            command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name;";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                tables.Add(reader.GetString(0));
            }
        }

        if (tables.Count == 0)
        {
            return Create(settings, genesis());
        }

        if (!tables.Contains("devnet_meta") || !tables.Contains("devnet_blocks"))
        {
            return Failure<IReadOnlyList<Block>>(DevnetErrorCodes.StateFileForeign, $"The SQLite database {path} is not a devnet state file (tables: {string.Join(", ", tables)}); it was left untouched.");
        }

        var meta = new Dictionary<string, string>(StringComparer.Ordinal);
        using (var command = _connection.CreateCommand())
        {
            command.CommandText = "SELECT key, value FROM devnet_meta;";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                meta[reader.GetString(0)] = reader.GetString(1);
            }
        }

        if (!meta.TryGetValue("format", out var format) || format != FormatName)
        {
            return Failure<IReadOnlyList<Block>>(DevnetErrorCodes.StateFileForeign, $"The SQLite database {path} is not a devnet state file (format '{format}').");
        }

        if (!meta.TryGetValue("schema_version", out var versionText) || !int.TryParse(versionText, NumberStyles.None, CultureInfo.InvariantCulture, out var version) || version < 1)
        {
            return Failure<IReadOnlyList<Block>>(DevnetErrorCodes.StateFileCorrupt, $"The state file {path} has no valid schema version.");
        }

        if (version > SchemaVersion)
        {
            return Failure<IReadOnlyList<Block>>(DevnetErrorCodes.StateFileVersionUnsupported, $"The state file {path} has schema version {version}; this devnet reads version {SchemaVersion}. Use a newer Did.Sdk.Devnet or another file.");
        }

        var chainId = meta.GetValueOrDefault("chain_id");
        if (chainId != settings.ChainId.ToString(CultureInfo.InvariantCulture))
        {
            return Failure<IReadOnlyList<Block>>(DevnetErrorCodes.StateFileMismatch, $"The state file {path} holds chain {chainId}, not the configured chain {settings.ChainId}.");
        }

        var hardfork = meta.GetValueOrDefault("hardfork");
        if (hardfork != settings.Hardfork.ToString())
        {
            return Failure<IReadOnlyList<Block>>(DevnetErrorCodes.StateFileMismatch, $"The state file {path} was written under {hardfork}, not the configured {settings.Hardfork}.");
        }

        return ReadBlocks(settings.Hardfork == DevnetHardfork.Prague, path);
    }

    private Result<IReadOnlyList<Block>> Create(DevnetSettings settings, Block genesis)
    {
        using var transaction = _connection.BeginTransaction();
        Execute(_connection, """
            CREATE TABLE devnet_meta (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL) WITHOUT ROWID;
            CREATE TABLE devnet_blocks (number INTEGER PRIMARY KEY NOT NULL, hash BLOB NOT NULL, header BLOB NOT NULL, body BLOB NOT NULL);
            """, transaction);
        foreach (var (key, value) in new[]
        {
            ("format", FormatName),
            ("schema_version", SchemaVersion.ToString(CultureInfo.InvariantCulture)),
            ("chain_id", settings.ChainId.ToString(CultureInfo.InvariantCulture)),
            ("hardfork", settings.Hardfork.ToString()),
        })
        {
            using var command = _connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "INSERT INTO devnet_meta (key, value) VALUES ($key, $value);";
            command.Parameters.AddWithValue("$key", key);
            command.Parameters.AddWithValue("$value", value);
            command.ExecuteNonQuery();
        }

        Insert(genesis, transaction);
        transaction.Commit();
        return new[] { genesis };
    }

    private Result<IReadOnlyList<Block>> ReadBlocks(bool prague, string path)
    {
        var blocks = new List<Block>();
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT number, hash, header, body FROM devnet_blocks ORDER BY number;";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            if (reader.GetValue(0) is not long number)
            {
                return Failure<IReadOnlyList<Block>>(DevnetErrorCodes.StateFileCorrupt, $"The state file {path} has a block without a number.");
            }

            if (reader.GetValue(1) is not byte[] hash || reader.GetValue(2) is not byte[] header || reader.GetValue(3) is not byte[] body)
            {
                return Failure<IReadOnlyList<Block>>(DevnetErrorCodes.StateFileCorrupt, $"Block {number} of the state file {path} is not stored as bytes.");
            }

            if (number != blocks.Count)
            {
                return Failure<IReadOnlyList<Block>>(DevnetErrorCodes.StateFileCorrupt, $"The state file {path} lacks block {blocks.Count}.");
            }

            var block = Rebuild(prague, blocks.Count == 0 ? null : blocks[^1], (ulong)number, header, body);
            if (block is null || !block.Hash.AsSpan().SequenceEqual(hash))
            {
                return Failure<IReadOnlyList<Block>>(DevnetErrorCodes.StateFileCorrupt, $"Block {number} of the state file {path} does not check out (its stored data does not give its hash).");
            }

            blocks.Add(block);
        }

        if (blocks.Count == 0)
        {
            return Failure<IReadOnlyList<Block>>(DevnetErrorCodes.StateFileCorrupt, $"The state file {path} has no genesis block.");
        }

        return blocks;
    }

    // Rebuilds a block from its header and body and lets BuildBlock recompute roots and hash; null when malformed.
    private static Block? Rebuild(bool prague, Block? parent, ulong number, byte[] headerRlp, byte[] bodyRlp)
    {
        var header = RlpCodec.Decode(headerRlp, BodyRlp);
        var body = RlpCodec.Decode(bodyRlp, BodyRlp);
        if (!header.Succeeded || !body.Succeeded || !header.Value.IsList || header.Value.Items.Count < 16 || !body.Value.IsList || body.Value.Items.Count != 3)
        {
            return null;
        }

        var h = header.Value.Items;
        if (h[0].IsList || h[0].Bytes.Length != 32 || !h[8].TryGetUInt64(out var headerNumber) || headerNumber != number
            || !h[9].TryGetUInt64(out var gasLimit) || !h[10].TryGetUInt64(out var gasUsed) || !h[11].TryGetUInt64(out var timestamp)
            || h[12].IsList || h[13].IsList || h[13].Bytes.Length != 32 || !h[15].TryGetInteger(32, out var baseFee))
        {
            return null;
        }

        var parentHash = h[0].Bytes.ToArray();
        if (parent is null ? parentHash.AsSpan().ContainsAnyExcept((byte)0) : !parentHash.AsSpan().SequenceEqual(parent.Hash))
        {
            return null;
        }

        var parts = body.Value.Items;
        if (!parts[0].IsList || !parts[1].IsList || parts[2].IsList || parts[0].Items.Count != parts[1].Items.Count)
        {
            return null;
        }

        var diffList = RlpCodec.Decode(parts[2].Bytes, BodyRlp);
        if (!diffList.Succeeded || !diffList.Value.IsList)
        {
            return null;
        }

        var transactions = new List<TransactionRecord>();
        foreach (var raw in parts[0].Items)
        {
            if (raw.IsList)
            {
                return null;
            }

            var decoded = SignedTransaction.Decode(raw.Bytes);
            if (!decoded.Succeeded)
            {
                return null;
            }

            transactions.Add(new TransactionRecord(decoded.Value));
        }

        var receipts = new List<ReceiptRecord>();
        var logIndex = 0;
        foreach (var item in parts[1].Items)
        {
            var receipt = DecodeReceipt(item, logIndex);
            if (receipt is null)
            {
                return null;
            }

            logIndex += receipt.Logs.Count;
            receipts.Add(receipt);
        }

        var state = parent?.State ?? WorldState.Empty;
        var diff = new StateDiff();
        foreach (var entry in diffList.Value.Items)
        {
            var applied = ApplyDiffEntry(state, entry, diff);
            if (applied is null)
            {
                return null;
            }

            state = applied;
        }

        return DevnetChain.BuildBlock(prague, parentHash, parent?.StateRoot ?? new byte[32], number, timestamp, baseFee, gasLimit, transactions, receipts, gasUsed, h[12].Bytes.ToArray(), state, diff, h[13].Bytes.ToArray());
    }

    private static ReceiptRecord? DecodeReceipt(RlpItem item, int firstLogIndex)
    {
        if (!item.IsList || item.Items.Count != 6)
        {
            return null;
        }

        var r = item.Items;
        if (!r[0].TryGetUInt64(out var status) || status > 1 || !r[1].TryGetUInt64(out var gasUsed) || !r[2].TryGetUInt64(out var cumulative)
            || !r[3].TryGetInteger(32, out var price) || r[4].IsList || (r[4].Bytes.Length != 0 && r[4].Bytes.Length != 20) || !r[5].IsList)
        {
            return null;
        }

        var logs = new List<LogRecord>();
        foreach (var log in r[5].Items)
        {
            if (!log.IsList || log.Items.Count != 3 || log.Items[0].IsList || log.Items[0].Bytes.Length != 20 || !log.Items[1].IsList || log.Items[2].IsList)
            {
                return null;
            }

            var topics = new List<byte[]>();
            foreach (var topic in log.Items[1].Items)
            {
                if (topic.IsList || topic.Bytes.Length != 32)
                {
                    return null;
                }

                topics.Add(topic.Bytes.ToArray());
            }

            logs.Add(new LogRecord(EthereumAddress.FromBytes(log.Items[0].Bytes), topics, log.Items[2].Bytes.ToArray()));
        }

        EthereumAddress? created = r[4].Bytes.Length == 20 ? EthereumAddress.FromBytes(r[4].Bytes) : null;
        return new ReceiptRecord(status == 1, gasUsed, cumulative, price, created, logs, BlockEncoding.Bloom(logs), firstLogIndex);
    }

    private static WorldState? ApplyDiffEntry(WorldState state, RlpItem entry, StateDiff diff)
    {
        if (!entry.IsList || entry.Items.Count != 8)
        {
            return null;
        }

        var e = entry.Items;
        if (e[0].IsList || e[0].Bytes.Length != 20 || !e[1].TryGetUInt64(out var exists) || !e[2].TryGetInteger(32, out var nonce)
            || !e[3].TryGetInteger(32, out var balance) || !e[4].TryGetUInt64(out var codeChanged) || e[5].IsList
            || !e[6].TryGetUInt64(out var storageReset) || !e[7].IsList)
        {
            return null;
        }

        var key = StateKeys.Address(EthereumAddress.FromBytes(e[0].Bytes));
        var change = diff.Touch(key);
        change.StorageReset = storageReset == 1;
        change.CodeChanged = codeChanged == 1;
        var old = change.StorageReset ? AccountState.Empty : state.Get(key);
        var storage = old.Storage.ToBuilder();
        foreach (var slot in e[7].Items)
        {
            if (!slot.IsList || slot.Items.Count != 2 || slot.Items[0].IsList || slot.Items[0].Bytes.Length != 32 || slot.Items[1].IsList
                || (slot.Items[1].Bytes.Length != 0 && slot.Items[1].Bytes.Length != 32))
            {
                return null;
            }

            var number = StateKeys.Slot(slot.Items[0].Bytes);
            var value = slot.Items[1].Bytes.Length == 0 ? null : slot.Items[1].Bytes.ToArray();
            change.Slots[number] = value;
            if (value is null)
            {
                storage.Remove(number);
            }
            else
            {
                storage[number] = value;
            }
        }

        if (exists == 0)
        {
            return state.With(key, AccountState.Empty);
        }

        var code = change.CodeChanged ? e[5].Bytes.ToArray() : old.Code;
        return state.With(key, new AccountState(nonce, balance, code, storage.ToImmutable()));
    }

    // ---- writes ----

    // Writes are grouped: at most 64 blocks or one second stay unwritten (interval mining flushes each block after a quiet second).
    public void Append(Block block)
    {
        _pending.Add((block, 0));
        FlushIfDue();
    }

    public void Truncate(ulong keep)
    {
        _pending.Add((null, keep));
        FlushIfDue();
    }

    private void FlushIfDue()
    {
        if (_pending.Count >= FlushThreshold || _time.GetElapsedTime(_lastFlush) >= FlushInterval)
        {
            Flush();
        }
    }

    public void Flush()
    {
        if (_pending.Count == 0 || _disposed)
        {
            return;
        }

        using var transaction = _connection.BeginTransaction();
        foreach (var (append, keep) in _pending)
        {
            if (append is not null)
            {
                Insert(append, transaction);
            }
            else
            {
                using var command = _connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = "DELETE FROM devnet_blocks WHERE number > $keep;";
                command.Parameters.AddWithValue("$keep", (long)keep);
                command.ExecuteNonQuery();
            }
        }

        transaction.Commit();
        _pending.Clear();
        _lastFlush = _time.GetTimestamp();
    }

    private void Insert(Block block, SqliteTransaction transaction)
    {
        using var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT OR REPLACE INTO devnet_blocks (number, hash, header, body) VALUES ($number, $hash, $header, $body);";
        command.Parameters.AddWithValue("$number", (long)block.Number);
        command.Parameters.AddWithValue("$hash", block.Hash);
        command.Parameters.AddWithValue("$header", block.HeaderRlp);
        command.Parameters.AddWithValue("$body", EncodeBody(block));
        command.ExecuteNonQuery();
    }

    internal static byte[] EncodeBody(Block block)
    {
        var transactions = block.Transactions.Select(t => RlpItem.FromBytes(t.Signed.RawBytes));
        var receipts = block.Receipts.Select(r => RlpItem.FromList(
            RlpItem.FromInteger(r.Succeeded ? 1UL : 0UL),
            RlpItem.FromInteger(r.GasUsed),
            RlpItem.FromInteger(r.CumulativeGasUsed),
            RlpItem.FromInteger(r.EffectiveGasPrice),
            RlpItem.FromBytes(r.ContractAddress is { } c ? c.ToArray() : []),
            RlpItem.FromList(r.Logs.Select(l => RlpItem.FromList(
                RlpItem.FromBytes(l.Address.ToArray()),
                RlpItem.FromList(l.Topics.Select(t => RlpItem.FromBytes(t))),
                RlpItem.FromBytes(l.Data))))));
        return RlpCodec.Encode(RlpItem.FromList(RlpItem.FromList(transactions), RlpItem.FromList(receipts), RlpItem.FromBytes(block.DiffRlp)));
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        try
        {
            Flush();
        }
        finally
        {
            _disposed = true;
            _connection.Dispose();
        }
    }

    private static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private static Result<(ChainStore, IReadOnlyList<Block>)> Failure(string code, string message)
        => Result<(ChainStore, IReadOnlyList<Block>)>.Failure(code, message);

    private static Result<T> Failure<T>(string code, string message)
        where T : notnull
        => Result<T>.Failure(code, message);
}
