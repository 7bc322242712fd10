namespace Did.Sdk.SocialToken;

/// <summary>What a <see cref="TokenQuery"/> reads.</summary>
public enum TokenQueryKind
{
    /// <summary>ERC-20 / ERC-721 <c>balanceOf(account)</c>.</summary>
    BalanceOf,

    /// <summary>ERC-1155 <c>balanceOf(account, id)</c>.</summary>
    Erc1155BalanceOf,

    /// <summary>ERC-721 <c>ownerOf(tokenId)</c>.</summary>
    OwnerOf,

    /// <summary>ERC20Votes <c>getPastVotes(account, timepoint)</c> (ERC-5805; the timepoint must be in the past).</summary>
    PastVotes,

    /// <summary>ERC20Votes <c>getVotes(account)</c> at the block read.</summary>
    Votes,

    /// <summary>ERC20Votes <c>delegates(account)</c>.</summary>
    Delegates,

    /// <summary>ERC-5192 <c>locked(tokenId)</c>.</summary>
    Locked,

    /// <summary>Ownable <c>owner()</c> (who controls the contract).</summary>
    Owner,
}
