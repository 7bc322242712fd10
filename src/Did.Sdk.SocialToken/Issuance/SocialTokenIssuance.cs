using System.Numerics;
using Did.Sdk.SdJwt;

namespace Did.Sdk.SocialToken;

/// <summary>An issued credential and what it was based on (for the issuer's records and the watcher).</summary>
public sealed record SocialTokenIssuance
{
    /// <summary>The credential (SD-JWT VC), for the holder.</summary>
    public required SdJwtToken Credential { get; init; }

    /// <summary>The identity and its wallets as read.</summary>
    public required SocialIdentity Identity { get; init; }

    /// <summary>The holdings read, with the block anyone can re-check them at.</summary>
    public required TokenEvidence Evidence { get; init; }

    /// <summary>The holding (tokens held, or voting power: <see cref="Basis"/>) summed over the wallets, in the token's smallest unit.</summary>
    public required BigInteger Holding { get; init; }

    /// <summary>The tier granted (null for a creator credential).</summary>
    public SocialTokenTier? Tier { get; init; }

    /// <summary>What <see cref="Holding"/> and the tier measure.</summary>
    public HoldingBasis Basis { get; init; }

    /// <summary>The status list index, when the credential has a status.</summary>
    public int? StatusIndex { get; init; }
}
