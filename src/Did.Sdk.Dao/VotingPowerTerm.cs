using System.Numerics;
using Did.Sdk.Ethereum;

namespace Did.Sdk.Dao;

/// <summary>One token of a voting strategy: its power source and its weight in the sum.</summary>
public sealed record VotingPowerTerm
{
    /// <summary>The token contract.</summary>
    public required EthereumAddress Token { get; init; }

    /// <summary>Where the power is read from.</summary>
    public VotingPowerSource Source { get; init; } = VotingPowerSource.Balance;

    /// <summary>The ERC-6372 timepoint, for <see cref="VotingPowerSource.PastVotes"/>.</summary>
    public ulong? Timepoint { get; init; }

    /// <summary>The weight this token's power is multiplied by (1 by default).</summary>
    public BigInteger Weight { get; init; } = BigInteger.One;
}
