namespace Did.Sdk.Dao;

/// <summary>Where a token's voting power is read from.</summary>
public enum VotingPowerSource
{
    /// <summary>ERC-20 or ERC-721 <c>balanceOf</c> at the snapshot block (an NFT count for ERC-721).</summary>
    Balance,

    /// <summary>ERC20Votes <c>getVotes</c> at the snapshot block: delegated voting power.</summary>
    Votes,

    /// <summary>ERC20Votes <c>getPastVotes(account, timepoint)</c>: delegated voting power at an ERC-6372 timepoint.</summary>
    PastVotes,
}
