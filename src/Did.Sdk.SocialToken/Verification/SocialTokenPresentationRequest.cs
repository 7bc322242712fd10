using Did.Sdk.Ethereum;

namespace Did.Sdk.SocialToken;

/// <summary>What a verifier asks of a social-token presentation.</summary>
public sealed record SocialTokenPresentationRequest
{
    /// <summary>The verifier's audience, which the holder's key-binding JWT must name.</summary>
    public required string Audience { get; init; }

    /// <summary>The verifier's nonce for this presentation.</summary>
    public required string Nonce { get; init; }

    /// <summary>The chain of the token the credential must be about.</summary>
    public required ulong ChainId { get; init; }

    /// <summary>The token contract the credential must be about.</summary>
    public required EthereumAddress Contract { get; init; }

    /// <summary>The tiers the verifier accepts (by name). Empty accepts any tier the issuer granted.</summary>
    public IReadOnlyCollection<string> AcceptedTiers { get; init; } = [];

    /// <summary>
    /// The issuers the verifier trusts for this token, by DID. Null (the default) trusts an issuer whose DID
    /// controls the token on chain (the contract's <c>owner()</c> is one of its wallets), checked at <see cref="Finality"/>.
    /// </summary>
    public IReadOnlyCollection<string>? TrustedIssuers { get; init; }

    /// <summary>The finality DIDs and the token's controller are read at. Safe by default.</summary>
    public Finality Finality { get; init; } = Finality.Safe;

    /// <summary>Re-check that a disclosed evidence block is still on the chain (one round trip). True by default.</summary>
    public bool RecheckEvidence { get; init; } = true;
}
