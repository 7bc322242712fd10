namespace Did.Sdk.Verification.Policy;

/// <summary>What a <see cref="ChainRule"/> checks, over the wallets of an identity.</summary>
public enum ChainCheckKind
{
    /// <summary>ERC-20 / ERC-721 <c>balanceOf</c> summed over the wallets (ERC-1155 with a token id) is at least the amount.</summary>
    BalanceAtLeast,

    /// <summary>The identity owns the token id (ERC-721 <c>ownerOf</c> is one of its wallets), or, without a token id, holds any of the token.</summary>
    OwnsToken,

    /// <summary>ERC20Votes voting power summed over the wallets is at least the amount: <c>getVotes</c> at the block read, or <c>getPastVotes</c> at a timepoint.</summary>
    PastVotesAtLeast,

    /// <summary>The identity owns the token id and it is locked (ERC-5192 soulbound).</summary>
    IsLocked,

    /// <summary>The contract's <c>owner()</c> is one of the identity's wallets (the brand controls its token).</summary>
    ControlsToken,
}
