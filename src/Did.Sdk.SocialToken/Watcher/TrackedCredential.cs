using System.Numerics;
using Did.Sdk.Ethereum;

namespace Did.Sdk.SocialToken;

/// <summary>An issued holder credential the watcher keeps true: whose wallets, which threshold, which status entry.</summary>
/// <param name="Did">The holder's DID.</param>
/// <param name="Wallets">The wallets whose holdings the tier was granted on.</param>
/// <param name="Threshold">The tier's threshold in the token's smallest unit.</param>
/// <param name="StatusIndex">The credential's entry in the issuer's status list.</param>
public sealed record TrackedCredential(string Did, IReadOnlyList<EthereumAddress> Wallets, BigInteger Threshold, int StatusIndex)
{
    /// <summary>What the threshold measures: tokens held (default) or ERC20Votes voting power.</summary>
    public HoldingBasis Basis { get; init; }

    /// <summary>The tracked form of an issuance that has a status entry.</summary>
    /// <exception cref="ArgumentException">The issuance has no tier or no status entry.</exception>
    public static TrackedCredential From(SocialTokenIssuance issuance, int decimals)
    {
        ArgumentNullException.ThrowIfNull(issuance);
        if (issuance.Tier is null || issuance.StatusIndex is null)
        {
            throw new ArgumentException("Only holder credentials with a status entry are tracked.", nameof(issuance));
        }

        return new TrackedCredential(issuance.Identity.Did, issuance.Identity.Wallets.Select(w => w.Address).ToArray(), issuance.Tier.Threshold * BigInteger.Pow(10, decimals), issuance.StatusIndex.Value) { Basis = issuance.Basis };
    }
}
