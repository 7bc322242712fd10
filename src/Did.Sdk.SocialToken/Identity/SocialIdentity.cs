namespace Did.Sdk.SocialToken;

/// <summary>
/// A person as the social-token layer sees them: one DID (did:ethr on the rollup, or did:pkh) and the
/// wallets its document lists on the token's chain, so several wallets are one identity.
/// </summary>
public sealed record SocialIdentity
{
    /// <summary>The DID.</summary>
    public required string Did { get; init; }

    /// <summary>The chain the wallets are on.</summary>
    public required ulong ChainId { get; init; }

    /// <summary>The wallets, controller first, without duplicates.</summary>
    public required IReadOnlyList<LinkedWallet> Wallets { get; init; }

    /// <summary>The block the DID was resolved at (did:ethr), or null.</summary>
    public ResolvedBlock? Block { get; init; }

    /// <summary>True when <paramref name="address"/> is one of the identity's wallets.</summary>
    public bool Owns(Ethereum.EthereumAddress address) => Wallets.Any(w => w.Address == address);
}
