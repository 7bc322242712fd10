using System.Text.Json.Nodes;
using Did.Sdk.Ethereum;

namespace Did.Sdk.SocialToken;

/// <summary>A person's brand token: a creator coin (ERC-20) or a profile NFT collection (ERC-721) on a chain.</summary>
/// <param name="ChainId">The chain (EIP-155 id).</param>
/// <param name="Contract">The token contract.</param>
/// <param name="Standard">The standard, which decides how holdings are read.</param>
/// <param name="Symbol">The ticker shown to people (for example <c>ADA</c>).</param>
/// <param name="Decimals">ERC-20 decimals: tier thresholds are in whole tokens; 0 for NFTs.</param>
public sealed record SocialToken(ulong ChainId, EthereumAddress Contract, TokenStandard Standard, string Symbol, int Decimals = 0)
{
    /// <summary>The <c>token</c> claim of a credential about this token.</summary>
    public JsonObject ToClaim() => new()
    {
        ["chain_id"] = ChainId,
        ["contract"] = Contract.ToString(),
        ["standard"] = Standard switch { TokenStandard.Erc20 => "ERC-20", TokenStandard.Erc721 => "ERC-721", _ => "ERC-1155" },
        ["symbol"] = Symbol,
    };
}
