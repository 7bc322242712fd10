namespace Did.Sdk.SocialToken;

/// <summary>What a holder credential's tier is measured on.</summary>
public enum HoldingBasis
{
    /// <summary>
    /// The tokens the identity's wallets hold: ERC-20/ERC-721 <c>balanceOf(wallet)</c>, or ERC-1155
    /// <c>balanceOf(wallet, id)</c> of the token's id. Delegation does not change it.
    /// </summary>
    Balance,

    /// <summary>
    /// The ERC20Votes voting power of the identity's wallets (<c>getVotes(wallet)</c> at the evidence block):
    /// what was delegated to them, not what they hold. Delegating away lowers it, a delegation received
    /// raises it, and tokens held but never delegated count for nothing. ERC-20 tokens with ERC20Votes only.
    /// </summary>
    Votes,
}
