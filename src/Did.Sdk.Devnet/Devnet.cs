using System.Globalization;
using Did.Sdk.Devnet.Chain;
using Did.Sdk.Devnet.Genesis;
using Did.Sdk.Devnet.Rpc;
using Did.Sdk.Devnet.Storage;
using Did.Sdk.Ethereum;
using Did.Sdk.Ethereum.Rpc;

namespace Did.Sdk.Devnet;

/// <summary>
/// An embedded Ethereum rollup devnet: real EVM bytecode, the standard dev accounts, the ERC-1056
/// registry and Multicall3 predeployed, safe/finalized heads that lag like a rollup's, reorgs of the
/// unsafe tip, snapshots, and optional SQLite persistence. Reach it in-process through <see cref="Rpc"/>
/// or over HTTP through <see cref="ServeHttpAsync"/>.
/// </summary>
/// <example>
/// <code>
/// await using var devnet = await Devnet.StartAsync(new DevnetOptions { SafeEveryBlocks = 4 });
/// var client = new EthereumClient(devnet.Rpc);
/// var owner = devnet.Accounts[0];
/// </code>
/// </example>
public sealed class Devnet : IAsyncDisposable
{
    private readonly DevnetChain _chain;
    private readonly JsonRpcDispatcher _dispatcher;
    private readonly List<DevnetServer> _servers = [];
    private readonly object _serversGate = new();
    private int _disposed;

    private Devnet(DevnetChain chain, IReadOnlyList<DevnetAccount> accounts)
    {
        _chain = chain;
        Accounts = accounts;
        _dispatcher = new JsonRpcDispatcher(chain, accounts);
        Rpc = new DevnetRpc(_dispatcher);
        _chain.HeadsChanged += (heads, reason) => HeadsChanged?.Invoke(this, new DevnetHeadsChangedEventArgs(heads, reason));
    }

    /// <summary>
    /// Starts a devnet. With a <see cref="DevnetOptions.StateFile"/> that exists, the chain in it is
    /// loaded and checked first.
    /// </summary>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    /// <exception cref="SdkException">The state file is refused (see <see cref="TryStartAsync"/> for the codes).</exception>
    public static async Task<Devnet> StartAsync(DevnetOptions? options = null, CancellationToken cancellationToken = default)
        => (await TryStartAsync(options, cancellationToken).ConfigureAwait(false)).ThrowIfFailed();

    /// <summary>
    /// Starts a devnet, or fails with <c>stateFileCorrupt</c>, <c>stateFileForeign</c>,
    /// <c>stateFileVersionUnsupported</c>, <c>stateFileMismatch</c> or <c>stateFileUnavailable</c>
    /// when the state file cannot be used. A refused file is never modified.
    /// </summary>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public static Task<Result<Devnet>> TryStartAsync(DevnetOptions? options = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var settings = (options ?? new DevnetOptions()).ToSettings();
        var accounts = DevAccounts.Take(settings.DevAccountCount);
        Block Genesis() => DevnetChain.CreateGenesis(settings, accounts);
        ChainStore? store = null;
        IReadOnlyList<Block> blocks;
        if (settings.StateFile is not null)
        {
            var opened = ChainStore.Open(settings, Genesis);
            if (!opened.Succeeded)
            {
                return Task.FromResult(Result<Devnet>.Failure(opened.Error));
            }

            (store, blocks) = opened.Value;
        }
        else
        {
            blocks = [Genesis()];
        }

        return Task.FromResult(Result<Devnet>.Success(new Devnet(new DevnetChain(settings, blocks, store), accounts)));
    }

    /// <summary>Raised after blocks were mined, replaced or removed (on the thread that changed them).</summary>
    public event EventHandler<DevnetHeadsChangedEventArgs>? HeadsChanged;

    /// <summary>The in-process JSON-RPC door.</summary>
    public IEthereumRpc Rpc { get; }

    /// <summary>The chain id.</summary>
    public ulong ChainId => _chain.ChainId;

    /// <summary>The funded dev accounts, in derivation order.</summary>
    public IReadOnlyList<DevnetAccount> Accounts { get; }

    /// <summary>The predeployed ERC-1056 EthereumDIDRegistry (ethr-did-registry 1.3.0), at its canonical address.</summary>
    public EthereumAddress RegistryAddress { get; } = Predeploys.RegistryAddress;

    /// <summary>The predeployed Multicall3, at its canonical address.</summary>
    public EthereumAddress Multicall3Address { get; } = Predeploys.Multicall3Address;

    /// <summary>The heads now: latest, safe and finalized.</summary>
    public DevnetHeads Heads => _chain.Heads;

    /// <summary>The JSON-RPC methods served.</summary>
    public IReadOnlyCollection<string> Methods => _dispatcher.Methods.ToArray();

    /// <summary>Mines one block with the pending transactions (<c>evm_mine</c>), at <paramref name="timestamp"/> when given.</summary>
    /// <returns>The heads after the block.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timestamp"/> is not after the latest block's.</exception>
    public ValueTask<DevnetHeads> MineAsync(DateTimeOffset? timestamp = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var mined = _chain.Mine(timestamp is { } t ? checked((ulong)t.ToUnixTimeSeconds()) : null);
        if (!mined.Ok)
        {
            throw new ArgumentOutOfRangeException(nameof(timestamp), mined.Fault.Message);
        }

        return ValueTask.FromResult(_chain.Heads);
    }

    /// <summary>
    /// Replaces the top <paramref name="depth"/> blocks (<c>devnet_reorg</c>) with as many new blocks with
    /// later timestamps, so their hashes change and the logs of the replaced blocks disappear. Fails with
    /// <c>reorgRefused</c> when a replaced block would be at or below <c>safe</c>.
    /// </summary>
    public ValueTask<Result<DevnetReorgResult>> ReorgAsync(int depth, DevnetReorgReplay replay = DevnetReorgReplay.Drop, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(_chain.Reorg(depth, replay));
    }

    /// <summary>Takes a snapshot of the chain (<c>evm_snapshot</c>) and returns its id.</summary>
    public ValueTask<string> SnapshotAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(_chain.Snapshot());
    }

    /// <summary>Restores a snapshot (<c>evm_revert</c>), forgetting it and every later one; false for an unknown id.</summary>
    public ValueTask<bool> RevertAsync(string snapshotId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(snapshotId);
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Quantity.TryParseUInt64(snapshotId, out var id) && _chain.Revert(id));
    }

    /// <summary>The next block gets exactly <paramref name="timestamp"/> (<c>evm_setNextBlockTimestamp</c>); later blocks continue from it.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The time is not after the latest block's.</exception>
    public void SetNextBlockTimestamp(DateTimeOffset timestamp)
    {
        if (_chain.SetNextBlockTimestamp(checked((ulong)Math.Max(0, timestamp.ToUnixTimeSeconds()))) is { } fault)
        {
            throw new ArgumentOutOfRangeException(nameof(timestamp), fault.Message);
        }
    }

    /// <summary>Moves the devnet's clock forward (<c>evm_increaseTime</c>); returns the total offset from the <see cref="TimeProvider"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="delta"/> is negative or moves the clock past the year 9999.</exception>
    public TimeSpan IncreaseTime(TimeSpan delta)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delta, TimeSpan.Zero);
        var offset = _chain.IncreaseTime((long)delta.TotalSeconds);
        return offset.Ok ? TimeSpan.FromSeconds(offset.Value) : throw new ArgumentOutOfRangeException(nameof(delta), offset.Fault.Message);
    }

    /// <summary>Writes blocks not yet written to the state file (they are written in groups, and on dispose).</summary>
    public ValueTask FlushAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _chain.Flush();
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// Serves the devnet's JSON-RPC over HTTP on 127.0.0.1:<paramref name="port"/> (0 picks a free port).
    /// The server stops with the devnet, or earlier when disposed.
    /// </summary>
    /// <exception cref="IOException">The port is taken.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="port"/> is not 0 to 65535.</exception>
    public async ValueTask<DevnetServer> ServeHttpAsync(int port = 0, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var server = await DevnetServer.StartAsync(_dispatcher, _chain.Settings, port, cancellationToken).ConfigureAwait(false);
        lock (_serversGate)
        {
            _servers.Add(server);
        }

        return server;
    }

    /// <summary>Stops the servers and interval mining, and flushes the state file.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        DevnetServer[] servers;
        lock (_serversGate)
        {
            servers = [.. _servers];
            _servers.Clear();
        }

        foreach (var server in servers)
        {
            await server.DisposeAsync().ConfigureAwait(false);
        }

        _chain.Dispose();
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"Devnet(chain {ChainId}, block {_chain.Latest.Number})");
}
