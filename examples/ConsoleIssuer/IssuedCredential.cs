using System.Numerics;
using Did.Sdk.Ethereum;
using Did.Sdk.SocialToken;

namespace Did.Sdk.Examples.ConsoleIssuer;

/// <summary>A credential the issuer issued, as kept in its database; the watcher keeps the unrevoked ones true.</summary>
/// <param name="StatusIndex">Its entry in the status list (the row's key).</param>
/// <param name="Did">The holder's DID.</param>
/// <param name="Tier">The tier granted.</param>
/// <param name="Threshold">The tier's threshold in the token's smallest unit.</param>
/// <param name="Wallets">The DID's wallets the holding was summed over.</param>
/// <param name="Holding">The holding at issuance, smallest unit.</param>
/// <param name="EvidenceBlock">The block the holding was read at.</param>
/// <param name="IssuedAt">When it was issued.</param>
/// <param name="RevokedAt">When the watcher revoked it, or null.</param>
/// <param name="RevokedHolding">The holding that fell below the tier, or null.</param>
internal sealed record IssuedCredential(
    int StatusIndex,
    string Did,
    string Tier,
    BigInteger Threshold,
    IReadOnlyList<EthereumAddress> Wallets,
    BigInteger Holding,
    ulong EvidenceBlock,
    DateTimeOffset IssuedAt,
    DateTimeOffset? RevokedAt,
    BigInteger? RevokedHolding)
{
    /// <summary>What the transfer watcher tracks of it.</summary>
    public TrackedCredential ToTracked() => new(Did, Wallets, Threshold, StatusIndex);
}
