using System.Numerics;

namespace Did.Sdk.Devnet;

/// <summary>
/// Options of <see cref="Devnet"/>. Validated once by <see cref="Devnet.StartAsync"/>; later changes to
/// this object do not affect a running devnet.
/// </summary>
public sealed class DevnetOptions
{
    /// <summary>The chain id (EIP-155) transactions must be signed for. Default 31337, as hardhat and anvil.</summary>
    public ulong ChainId { get; set; } = 31337;

    /// <summary>The clock block timestamps come from. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>The genesis block's time; null for the <see cref="TimeProvider"/>'s now. Ignored when an existing <see cref="StateFile"/> is opened.</summary>
    public DateTimeOffset? GenesisTime { get; set; }

    /// <summary>Mine one block per transaction as it arrives. Default true.</summary>
    public bool AutoMine { get; set; } = true;

    /// <summary>
    /// Mine a block every interval on the <see cref="TimeProvider"/> (empty blocks included), holding
    /// transactions in a pool until then when <see cref="AutoMine"/> is false. Null (the default) for no
    /// interval mining. At least one second.
    /// </summary>
    public TimeSpan? BlockInterval { get; set; }

    /// <summary>
    /// Let a block take the clock's second even when its parent has it already, instead of parent + 1
    /// (hardhat's option of the same name; Arbitrum blocks may share a timestamp too). Keeps block times
    /// at the wall clock when many blocks are mined per second. Default false.
    /// </summary>
    public bool AllowBlocksWithSameTimestamp { get; set; }

    /// <summary>
    /// The simulated batch submitter marks the head <c>safe</c> each time the head number reaches a
    /// multiple of this many blocks. Default 1 (safe = latest, as on hardhat).
    /// </summary>
    public int SafeEveryBlocks { get; set; } = 1;

    /// <summary>
    /// A safe block becomes <c>finalized</c> once the head is this many blocks past it. Default 0
    /// (finalized = safe).
    /// </summary>
    public int FinalityDelayBlocks { get; set; }

    /// <summary>
    /// A SQLite file that keeps the chain across restarts (created when missing). Null (the default)
    /// keeps the chain in memory only.
    /// </summary>
    public string? StateFile { get; set; }

    /// <summary>The execution rules. Default <see cref="DevnetHardfork.Prague"/>.</summary>
    public DevnetHardfork Hardfork { get; set; } = DevnetHardfork.Prague;

    /// <summary>The gas limit of every block. Default 30,000,000.</summary>
    public ulong BlockGasLimit { get; set; } = 30_000_000;

    /// <summary>The genesis block's base fee per gas, in wei. Default 1 gwei.</summary>
    public BigInteger InitialBaseFee { get; set; } = 1_000_000_000;

    /// <summary>How many of the ten standard dev accounts exist and are funded at genesis (1 to 10). Default 10.</summary>
    public int DevAccountCount { get; set; } = 10;

    /// <summary>The genesis balance of each dev account, in wei. Default 10,000 ether.</summary>
    public BigInteger DevAccountBalance { get; set; } = BigInteger.Parse("10000000000000000000000", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The largest JSON-RPC request body the HTTP server reads, in bytes. Default 5 MiB.</summary>
    public int MaxRequestBytes { get; set; } = 5 * 1024 * 1024;

    /// <summary>The most calls in one JSON-RPC batch. Default 1,000.</summary>
    public int MaxBatchSize { get; set; } = 1_000;

    /// <summary>The most logs one <c>eth_getLogs</c> returns; more is an error (code -32005). Default 10,000.</summary>
    public int MaxLogsPerQuery { get; set; } = 10_000;

    /// <summary>Checks the values.</summary>
    /// <exception cref="ArgumentException">An option is missing or out of range.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfZero(ChainId, nameof(ChainId));
        ArgumentNullException.ThrowIfNull(TimeProvider, nameof(TimeProvider));
        if (GenesisTime is { } genesis && genesis.ToUnixTimeSeconds() < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(GenesisTime), "GenesisTime is before 1970.");
        }

        if (BlockInterval is { } interval && (interval < TimeSpan.FromSeconds(1) || interval > TimeSpan.FromDays(1)))
        {
            throw new ArgumentOutOfRangeException(nameof(BlockInterval), "BlockInterval is between 1 second and 1 day.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(SafeEveryBlocks, 1, nameof(SafeEveryBlocks));
        ArgumentOutOfRangeException.ThrowIfNegative(FinalityDelayBlocks, nameof(FinalityDelayBlocks));
        if (StateFile is not null && string.IsNullOrWhiteSpace(StateFile))
        {
            throw new ArgumentException("StateFile is a path or null.", nameof(StateFile));
        }

        if (!Enum.IsDefined(Hardfork))
        {
            throw new ArgumentOutOfRangeException(nameof(Hardfork));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(BlockGasLimit, 5_000_000UL, nameof(BlockGasLimit));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(BlockGasLimit, (ulong)long.MaxValue, nameof(BlockGasLimit));
        if (InitialBaseFee.Sign < 0 || InitialBaseFee.GetByteCount(isUnsigned: true) > 32)
        {
            throw new ArgumentOutOfRangeException(nameof(InitialBaseFee));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(DevAccountCount, 1, nameof(DevAccountCount));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(DevAccountCount, 10, nameof(DevAccountCount));
        if (DevAccountBalance.Sign < 0 || DevAccountBalance.GetByteCount(isUnsigned: true) > 32)
        {
            throw new ArgumentOutOfRangeException(nameof(DevAccountBalance));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRequestBytes, 1024, nameof(MaxRequestBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBatchSize, 1, nameof(MaxBatchSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxLogsPerQuery, 1, nameof(MaxLogsPerQuery));
    }

    /// <summary>An immutable copy of validated options.</summary>
    internal DevnetSettings ToSettings()
    {
        Validate();
        return new DevnetSettings(ChainId, TimeProvider, GenesisTime, AutoMine, BlockInterval, AllowBlocksWithSameTimestamp, SafeEveryBlocks, FinalityDelayBlocks,
            StateFile is null ? null : Path.GetFullPath(StateFile), Hardfork, BlockGasLimit, InitialBaseFee, DevAccountCount, DevAccountBalance,
            MaxRequestBytes, MaxBatchSize, MaxLogsPerQuery);
    }
}

/// <summary>Validated, immutable options.</summary>
internal sealed record DevnetSettings(
    ulong ChainId,
    TimeProvider TimeProvider,
    DateTimeOffset? GenesisTime,
    bool AutoMine,
    TimeSpan? BlockInterval,
    bool AllowBlocksWithSameTimestamp,
    int SafeEveryBlocks,
    int FinalityDelayBlocks,
    string? StateFile,
    DevnetHardfork Hardfork,
    ulong BlockGasLimit,
    BigInteger InitialBaseFee,
    int DevAccountCount,
    BigInteger DevAccountBalance,
    int MaxRequestBytes,
    int MaxBatchSize,
    int MaxLogsPerQuery);
