using Did.Sdk.Ethereum;
using Did.Sdk.SdJwt;

namespace Did.Sdk.Examples.DaoEligibility;

/// <summary>A member of the brand's community: their DID, wallets and SocialTokenHolder credential.</summary>
public sealed class Member(string name, string did, IReadOnlyList<EthereumPrivateKey> wallets, SdJwtToken credential, string tier, int statusIndex) : IDisposable
{
    /// <summary>The member's name in the demo.</summary>
    public string Name { get; } = name;

    /// <summary>Their did:ethr.</summary>
    public string Did { get; } = did;

    /// <summary>Their wallets (the first controls the DID).</summary>
    public IReadOnlyList<EthereumPrivateKey> Wallets { get; } = wallets;

    /// <summary>Their credential.</summary>
    public SdJwtToken Credential { get; } = credential;

    /// <summary>The tier it states.</summary>
    public string Tier { get; } = tier;

    /// <summary>Its status-list index.</summary>
    public int StatusIndex { get; } = statusIndex;

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var wallet in Wallets)
        {
            wallet.Dispose();
        }
    }
}
