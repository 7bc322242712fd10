namespace Did.Sdk.SocialToken;

/// <summary>The token standards whose holdings are read.</summary>
public enum TokenStandard
{
    /// <summary>ERC-20 fungible tokens (creator coins); ERC20Votes adds delegation and checkpoints.</summary>
    Erc20,

    /// <summary>ERC-721 non-fungible tokens (profile NFTs); ERC-5192 makes them soulbound.</summary>
    Erc721,

    /// <summary>ERC-1155 multi-tokens.</summary>
    Erc1155,
}
