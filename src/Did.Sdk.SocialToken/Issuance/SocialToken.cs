using System.Numerics;
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
    /// <summary>The token id of an ERC-1155 token (required for <see cref="TokenStandard.Erc1155"/>, unused otherwise).</summary>
    public BigInteger? TokenId { get; init; }

    /// <summary>The read of <paramref name="wallet"/>'s holding on <paramref name="basis"/>.</summary>
    /// <exception cref="InvalidOperationException">An ERC-1155 token without <see cref="TokenId"/>, or votes of a token that is not ERC-20.</exception>
    public TokenQuery HoldingQuery(EthereumAddress wallet, HoldingBasis basis = HoldingBasis.Balance) => (basis, Standard) switch
    {
        (HoldingBasis.Votes, TokenStandard.Erc20) => TokenQuery.Votes(Contract, wallet),
        (HoldingBasis.Votes, _) => throw new InvalidOperationException("Voting power is read from ERC-20 (ERC20Votes) tokens only."),
        (_, TokenStandard.Erc1155) => TokenQuery.Erc1155BalanceOf(Contract, wallet, TokenId ?? throw new InvalidOperationException("An ERC-1155 token needs its TokenId.")),
        _ => TokenQuery.BalanceOf(Contract, wallet),
    };

    /// <summary>The <c>token</c> claim of a credential about this token.</summary>
    public JsonObject ToClaim() => new()
    {
        ["chain_id"] = ChainId,
        ["contract"] = Contract.ToString(),
        ["standard"] = Standard switch { TokenStandard.Erc20 => "ERC-20", TokenStandard.Erc721 => "ERC-721", _ => "ERC-1155" },
        ["symbol"] = Symbol,
    };
}
