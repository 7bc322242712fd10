namespace Did.Sdk.SocialToken;

/// <summary>What a <see cref="SocialTokenCredentialIssuer"/> issues, and on which evidence.</summary>
public sealed class SocialTokenIssuerOptions
{
    /// <summary>The vct of SocialTokenHolder credentials (schemas/social-token-holder, version 2).</summary>
    public const string HolderVct = "urn:did-sdk:vct:SocialTokenHolder:2";

    /// <summary>The vct of SocialTokenCreator credentials (schemas/social-token-creator).</summary>
    public const string CreatorVct = "urn:did-sdk:vct:SocialTokenCreator:1";

    /// <summary>The brand's token.</summary>
    public required SocialToken Token { get; init; }

    /// <summary>The tiers, any order; the highest one an identity reaches is issued. At least one.</summary>
    public required IReadOnlyList<SocialTokenTier> Tiers { get; init; }

    /// <summary>The issuer's domain, which SIWE challenges name.</summary>
    public required string Domain { get; init; }

    /// <summary>The URI SIWE challenges name (for example <c>https://issuer.example/credentials</c>).</summary>
    public required string Uri { get; init; }

    /// <summary>
    /// What the tiers measure: the tokens held (default), or ERC20Votes voting power (<see cref="HoldingBasis.Votes"/>,
    /// ERC-20 only), in which case the transfer watcher also revokes on delegation changes.
    /// </summary>
    public HoldingBasis Basis { get; init; }

    /// <summary>The finality holdings are read at (safe by default: not reorganized once posted to L1).</summary>
    public Finality EvidenceFinality { get; init; } = Finality.Safe;

    /// <summary>How long a credential is valid. 30 days by default.</summary>
    public TimeSpan Lifetime { get; init; } = TimeSpan.FromDays(30);

    /// <summary>The status list the credentials are registered in (its URI), or null for credentials without status.</summary>
    public string? StatusListUri { get; init; }

    /// <summary>How long a SIWE challenge may wait to be signed. 10 minutes by default.</summary>
    public TimeSpan ChallengeLifetime { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Where challenge nonces are kept until used, or null for a store of the issuer's own in memory (lifetime:
    /// <see cref="ChallengeLifetime"/> plus a minute of clock skew). Give one to share nonces between issuers or
    /// to keep them across processes (<see cref="SiweNonces.Outstanding"/>, <see cref="SiweNonces.Restore"/>).
    /// </summary>
    public SiweNonces? Nonces { get; init; }

    /// <summary>Throws when the options cannot work.</summary>
    /// <exception cref="ArgumentException">No tiers, a tier without a name or with a negative threshold, duplicate names, a bad URI, an ERC-1155 token without its id, or votes of a token that is not ERC-20.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Token);
        ArgumentNullException.ThrowIfNull(Tiers);
        if (Tiers.Count == 0 || Tiers.Any(t => string.IsNullOrWhiteSpace(t.Name) || t.Threshold.Sign < 0) || Tiers.Select(t => t.Name).Distinct(StringComparer.Ordinal).Count() != Tiers.Count)
        {
            throw new ArgumentException("Tiers: at least one, each with a unique name and a non-negative threshold.", nameof(Tiers));
        }

        if ((Token.Standard == TokenStandard.Erc1155 && Token.TokenId is null) || (Basis == HoldingBasis.Votes && Token.Standard != TokenStandard.Erc20) || !Enum.IsDefined(Basis))
        {
            throw new ArgumentException("An ERC-1155 token needs its TokenId; votes are read from ERC-20 (ERC20Votes) tokens only.", nameof(Token));
        }

        if (string.IsNullOrWhiteSpace(Domain) || !System.Uri.TryCreate(Uri, UriKind.Absolute, out _))
        {
            throw new ArgumentException("Domain and an absolute Uri are required.", nameof(Domain));
        }

        if (Lifetime <= TimeSpan.Zero || ChallengeLifetime <= TimeSpan.Zero)
        {
            throw new ArgumentException("Lifetimes must be positive.", nameof(Lifetime));
        }
    }
}
