// The devnet's chain: blocks with their state, indexes, the transaction pool, the clock, heads
// (latest, safe, finalized as a rollup's batch submitter would move them), snapshots and persistence.
// One lock serializes every operation; execution (Nethereum.EVM over completed tasks) never waits.
using System.Globalization;
using System.Numerics;
using Did.Sdk.Devnet.Genesis;
using Did.Sdk.Devnet.Rpc;
using Did.Sdk.Devnet.Storage;
using Did.Sdk.Ethereum;
using Nethereum.EVM;

namespace Did.Sdk.Devnet.Chain;

internal sealed partial class DevnetChain : IDisposable
{
    /// <summary>The coinbase of every block (hardhat's).</summary>
    public const string Coinbase = "0xc014ba5ec014ba5ec014ba5ec014ba5ec014ba5e";

    private readonly object _gate = new();
    private readonly DevnetSettings _settings;
    private readonly TimeProvider _time;
    private readonly TransactionExecutor _executor;
    private readonly bool _prague;
    private readonly List<Block> _blocks = [];
    private readonly Dictionary<string, Block> _blocksByHash = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (Block Block, int Index)> _transactions = new(StringComparer.Ordinal);
    private readonly List<TransactionRecord> _pool = [];
    private readonly SortedDictionary<ulong, ChainSnapshot> _snapshots = [];
    private readonly ChainStore? _store;
    private ITimer? _timer;
    private long _timeOffset;
    private ulong? _nextTimestamp;
    private ulong _nextSnapshotId = 1;
    private bool _disposed;

    public DevnetChain(DevnetSettings settings, IReadOnlyList<Block> blocks, ChainStore? store)
    {
        _settings = settings;
        _time = settings.TimeProvider;
        _prague = settings.Hardfork == DevnetHardfork.Prague;
        _executor = new TransactionExecutor(_prague ? HardforkConfig.Prague : HardforkConfig.Cancun);
        _store = store;
        foreach (var block in blocks)
        {
            AddBlockLocked(block, persist: false);
        }

        if (settings.BlockInterval is { } interval)
        {
            _timer = _time.CreateTimer(static state => ((DevnetChain)state!).OnInterval(), this, interval, interval);
        }
    }

    /// <summary>Raised outside the lock after the heads changed, with the reason.</summary>
    public event Action<DevnetHeads, string>? HeadsChanged;

    public ulong ChainId => _settings.ChainId;

    public DevnetSettings Settings => _settings;

    /// <summary>Builds the genesis block: funded dev accounts and the predeployed contracts.</summary>
    public static Block CreateGenesis(DevnetSettings settings, IReadOnlyList<DevnetAccount> accounts)
    {
        var state = WorldState.Empty;
        var diff = new StateDiff();
        foreach (var account in accounts)
        {
            var key = StateKeys.Address(account.Address);
            state = state.With(key, AccountState.Empty with { Balance = settings.DevAccountBalance });
            diff.Touch(key);
        }

        foreach (var (address, code) in new[] { (Predeploys.RegistryAddress, Predeploys.RegistryCode), (Predeploys.Multicall3Address, Predeploys.Multicall3Code) })
        {
            var key = StateKeys.Address(address);
            state = state.With(key, AccountState.Empty with { Nonce = 1, Code = code });
            diff.Touch(key).CodeChanged = true;
        }

        var timestamp = (ulong)(settings.GenesisTime ?? settings.TimeProvider.GetUtcNow()).ToUnixTimeSeconds();
        return BuildBlock(settings.Hardfork == DevnetHardfork.Prague, new byte[32], new byte[32], 0, timestamp, settings.InitialBaseFee, settings.BlockGasLimit, [], [], 0, [], state, diff);
    }

    // ---- reads ----

    public Block Latest
    {
        get
        {
            lock (_gate)
            {
                return _blocks[^1];
            }
        }
    }

    public Block? GetBlock(ulong number)
    {
        lock (_gate)
        {
            return number < (ulong)_blocks.Count ? _blocks[(int)number] : null;
        }
    }

    public Block? GetBlockByHash(string hashHex)
    {
        lock (_gate)
        {
            return _blocksByHash.GetValueOrDefault(hashHex.ToLowerInvariant());
        }
    }

    /// <summary>The blocks <paramref name="from"/>..<paramref name="to"/> (inclusive, clamped to the chain).</summary>
    public IReadOnlyList<Block> GetBlocks(ulong from, ulong to)
    {
        lock (_gate)
        {
            var last = Math.Min(to, (ulong)_blocks.Count - 1);
            return from > last ? [] : _blocks.GetRange((int)from, (int)(last - from + 1));
        }
    }

    /// <summary>A mined transaction by hash, or a pending one (block null).</summary>
    public (TransactionRecord Transaction, Block? Block, int Index)? FindTransaction(string hashHex)
    {
        var key = hashHex.ToLowerInvariant();
        lock (_gate)
        {
            if (_transactions.TryGetValue(key, out var found))
            {
                return (found.Block.Transactions[found.Index], found.Block, found.Index);
            }

            var pending = _pool.FindIndex(t => t.HashHex == key);
            return pending >= 0 ? (_pool[pending], null, pending) : null;
        }
    }

    /// <summary>The nonce of <paramref name="address"/> counting the transactions waiting in the pool.</summary>
    public BigInteger PendingNonce(EthereumAddress address)
    {
        lock (_gate)
        {
            return _blocks[^1].State.Get(StateKeys.Address(address)).Nonce + _pool.Count(t => t.From == address);
        }
    }

    public IReadOnlyList<TransactionRecord> PendingTransactions()
    {
        lock (_gate)
        {
            return [.. _pool];
        }
    }

    public DevnetHeads Heads
    {
        get
        {
            lock (_gate)
            {
                return HeadsLocked();
            }
        }
    }

    /// <summary>The block a tag names: latest, pending (= latest), safe, finalized, earliest.</summary>
    public Block? ByTag(string tag)
    {
        lock (_gate)
        {
            var latest = (ulong)_blocks.Count - 1;
            return tag switch
            {
                "latest" or "pending" => _blocks[^1],
                "safe" => _blocks[(int)SafeNumber(latest)],
                "finalized" => _blocks[(int)FinalizedNumber(latest)],
                "earliest" => _blocks[0],
                _ => null,
            };
        }
    }

    /// <summary>The block hash BLOCKHASH sees from a block numbered <paramref name="current"/>: the 256 before it.</summary>
    private byte[]? BlockHashFor(BigInteger requested, ulong current)
    {
        if (requested.Sign < 0 || requested >= current || requested + 256 < current || requested >= _blocks.Count)
        {
            return null;
        }

        return _blocks[(int)requested].Hash;
    }

    private ulong SafeNumber(ulong latest) => latest - (latest % (ulong)_settings.SafeEveryBlocks);

    private ulong FinalizedNumber(ulong latest)
    {
        var delay = (ulong)_settings.FinalityDelayBlocks;
        if (latest < delay)
        {
            return 0;
        }

        var posted = latest - delay;
        return posted - (posted % (ulong)_settings.SafeEveryBlocks);
    }

    private DevnetHeads HeadsLocked()
    {
        var latest = (ulong)_blocks.Count - 1;
        var safe = SafeNumber(latest);
        var finalized = FinalizedNumber(latest);
        return new DevnetHeads(latest, _blocks[^1].HashHex, safe, _blocks[(int)safe].HashHex, finalized, _blocks[(int)finalized].HashHex);
    }

    private void RaiseHeadsChanged(string reason)
    {
        if (HeadsChanged is { } handler)
        {
            handler(Heads, reason);
        }
    }

    // ---- block list maintenance ----

    private void AddBlockLocked(Block block, bool persist)
    {
        _blocks.Add(block);
        _blocksByHash[block.HashHex] = block;
        for (var i = 0; i < block.Transactions.Count; i++)
        {
            _transactions[block.Transactions[i].HashHex] = (block, i);
        }

        if (persist)
        {
            _store?.Append(block);
        }
    }

    /// <summary>Removes the blocks above <paramref name="keep"/> (their number), from the indexes and the store.</summary>
    private List<Block> TruncateLocked(ulong keep)
    {
        var removed = new List<Block>();
        while ((ulong)_blocks.Count - 1 > keep)
        {
            var block = _blocks[^1];
            _blocks.RemoveAt(_blocks.Count - 1);
            _blocksByHash.Remove(block.HashHex);
            foreach (var tx in block.Transactions)
            {
                _transactions.Remove(tx.HashHex);
            }

            removed.Insert(0, block);
        }

        if (removed.Count > 0)
        {
            _store?.Truncate(keep);
        }

        return removed;
    }

    // ---- time ----

    private long WallSeconds => _time.GetUtcNow().ToUnixTimeSeconds();

    private ulong NextTimestampLocked()
    {
        var parent = _blocks[^1].Timestamp;
        if (_nextTimestamp is { } next)
        {
            _nextTimestamp = null;
            _timeOffset = (long)next - WallSeconds;
            return next;
        }

        var now = WallSeconds + _timeOffset;
        if (now > (long)parent)
        {
            return (ulong)now;
        }

        return _settings.AllowBlocksWithSameTimestamp ? parent : parent + 1;
    }

    /// <summary><c>evm_setNextBlockTimestamp</c>: the next block gets exactly this time, and the clock continues from it.</summary>
    public RpcFault? SetNextBlockTimestamp(ulong timestamp)
    {
        lock (_gate)
        {
            if (TimestampFault(timestamp) is { } fault)
            {
                return fault;
            }

            _nextTimestamp = timestamp;
            return null;
        }
    }

    /// <summary>The last second of year 9999: later block times are refused (they would not fit a <see cref="DateTimeOffset"/>).</summary>
    public const ulong MaxTimestamp = 253_402_300_799;

    private RpcFault? TimestampFault(ulong timestamp)
    {
        if (timestamp > MaxTimestamp)
        {
            return RpcFault.Server($"Timestamp {timestamp} is after the year 9999");
        }

        var parent = _blocks[^1].Timestamp;
        if (_settings.AllowBlocksWithSameTimestamp ? timestamp < parent : timestamp <= parent)
        {
            return RpcFault.Server(_settings.AllowBlocksWithSameTimestamp
                ? $"Timestamp {timestamp} is lower than the previous block's timestamp {parent}"
                : $"Timestamp {timestamp} is lower than or equal to previous block's timestamp {parent}");
        }

        return null;
    }

    /// <summary><c>evm_increaseTime</c>: moves the clock forward; returns the total offset in seconds.</summary>
    public Outcome<long> IncreaseTime(long seconds)
    {
        lock (_gate)
        {
            var offset = _timeOffset + seconds;
            if (seconds < 0 || seconds > (long)MaxTimestamp || WallSeconds + offset > (long)MaxTimestamp)
            {
                return RpcFault.Server($"Increasing the time by {seconds} s would move the clock after the year 9999");
            }

            _timeOffset = offset;
            return _timeOffset;
        }
    }

    // ---- snapshots ----

    private sealed record ChainSnapshot(Block[] Blocks, TransactionRecord[] Pool, long TimeOffset, ulong? NextTimestamp);

    /// <summary><c>evm_snapshot</c>: the id of a snapshot of the whole chain (blocks, pool, clock).</summary>
    public string Snapshot()
    {
        lock (_gate)
        {
            var id = _nextSnapshotId++;
            _snapshots[id] = new ChainSnapshot([.. _blocks], [.. _pool], _timeOffset, _nextTimestamp);
            return "0x" + id.ToString("x", CultureInfo.InvariantCulture);
        }
    }

    /// <summary><c>evm_revert</c>: restores a snapshot and forgets it and every later one; false for an unknown id.</summary>
    public bool Revert(ulong id)
    {
        lock (_gate)
        {
            if (!_snapshots.TryGetValue(id, out var snapshot))
            {
                return false;
            }

            foreach (var later in _snapshots.Keys.Where(k => k >= id).ToList())
            {
                _snapshots.Remove(later);
            }

            ReplaceBlocksLocked(snapshot.Blocks);
            _pool.Clear();
            _pool.AddRange(snapshot.Pool);
            _timeOffset = snapshot.TimeOffset;
            _nextTimestamp = snapshot.NextTimestamp;
        }

        RaiseHeadsChanged("revert");
        return true;
    }

    private void ReplaceBlocksLocked(Block[] blocks)
    {
        var common = 0;
        while (common < blocks.Length && common < _blocks.Count && ReferenceEquals(blocks[common], _blocks[common]))
        {
            common++;
        }

        TruncateLocked((ulong)common - 1);
        for (var i = common; i < blocks.Length; i++)
        {
            AddBlockLocked(blocks[i], persist: true);
        }
    }

    // ---- interval mining ----

    private void OnInterval()
    {
        try
        {
            lock (_gate)
            {
                if (_disposed)
                {
                    return;
                }

                SealLocked(NextTimestampLocked(), [], out _);
            }

            RaiseHeadsChanged("mine");
        }
#pragma warning disable CA1031 // A timer callback has no caller to report to: a failure (or a throwing HeadsChanged handler) must not end the process.
        catch (Exception ex) when (ex is not OutOfMemoryException)
#pragma warning restore CA1031
        {
            System.Diagnostics.Trace.TraceError("Did.Sdk.Devnet interval mining: " + ex);
        }
    }

    /// <summary>Writes buffered blocks to the state file.</summary>
    public void Flush()
    {
        lock (_gate)
        {
            _store?.Flush();
        }
    }

    public void Dispose()
    {
        ITimer? timer;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            timer = _timer;
            _timer = null;
        }

        timer?.Dispose();
        lock (_gate)
        {
            _store?.Dispose();
        }
    }
}
