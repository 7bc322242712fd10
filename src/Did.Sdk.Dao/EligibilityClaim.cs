using System.Numerics;
using Did.Sdk.Ethereum;

namespace Did.Sdk.Dao;

/// <summary>One identity's vote on one proposal, as an <see cref="IEligibilityStore"/> records it.</summary>
public sealed record EligibilityClaim
{
    /// <summary>The proposal.</summary>
    public required string ProposalId { get; init; }

    /// <summary>The identity's nullifier for the proposal.</summary>
    public required string Nullifier { get; init; }

    /// <summary>The wallets whose power was counted.</summary>
    public required IReadOnlyList<EthereumAddress> Wallets { get; init; }

    /// <summary>The power counted.</summary>
    public required BigInteger Power { get; init; }

    /// <summary>The signed receipt.</summary>
    public required string Receipt { get; init; }
}
