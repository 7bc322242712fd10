using Did.Sdk.Ethereum;

namespace Did.Sdk.Dao;

/// <summary>
/// A votes token's ERC-6372 clock at the snapshot block: its <c>CLOCK_MODE()</c> and <c>clock()</c>. The
/// timepoint is what <c>getPastVotes(account, timepoint)</c> takes to give the power at the snapshot from any
/// later block (so the snapshot can be re-checked on a node without archive state), in the token's own clock:
/// an L2 block number, an L1 block number (Arbitrum's <c>block.number</c>) or a timestamp.
/// </summary>
public sealed record TokenClock
{
    /// <summary>The ERC-6372 mode of a token without <c>CLOCK_MODE()</c> (ERC20Votes before ERC-6372).</summary>
    public const string DefaultMode = "mode=blocknumber&from=default";

    /// <summary>The token.</summary>
    public required EthereumAddress Token { get; init; }

    /// <summary>Its <c>CLOCK_MODE()</c> (<see cref="DefaultMode"/> when it has none).</summary>
    public required string Mode { get; init; }

    /// <summary>Its <c>clock()</c> at the snapshot block.</summary>
    public required ulong Timepoint { get; init; }

    /// <summary>True when the clock counts seconds (<c>mode=timestamp</c>), false when it counts blocks.</summary>
    public bool IsTimestamp => Mode == "mode=timestamp";
}
