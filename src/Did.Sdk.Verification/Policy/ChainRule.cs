using System.Numerics;
using Did.Sdk.Ethereum;

namespace Did.Sdk.Verification.Policy;

/// <summary>
/// A check of chain state over an identity's wallets (the DID's controller account and the accounts its
/// document lists), evaluated at the block the policy's <see cref="ChainSettings"/> pins. Every chain rule of a
/// verification is read in one JSON-RPC round trip.
/// </summary>
public sealed record ChainRule : PolicyRule
{
    /// <summary>What is checked.</summary>
    public required ChainCheckKind Check { get; init; }

    /// <summary>The token contract.</summary>
    public required EthereumAddress Token { get; init; }

    /// <summary>The minimum (base units) for <see cref="ChainCheckKind.BalanceAtLeast"/> and <see cref="ChainCheckKind.PastVotesAtLeast"/>.</summary>
    public BigInteger? Amount { get; init; }

    /// <summary>The token id (ERC-721 / ERC-1155 / ERC-5192).</summary>
    public BigInteger? TokenId { get; init; }

    /// <summary>The ERC-6372 timepoint of <see cref="ChainCheckKind.PastVotesAtLeast"/>; null reads <c>getVotes</c> at the block.</summary>
    public ulong? Timepoint { get; init; }

    /// <summary>Whose wallets are read (the holder by default).</summary>
    public PolicyIdentity Identity { get; init; } = PolicyIdentity.Holder;

    /// <summary>The credential query whose holder or issuer is meant; null for the first credential query.</summary>
    public string? Credential { get; init; }
}
