using Did.Sdk.Ethereum;
using Did.Sdk.SocialToken;

namespace Did.Sdk.Examples.ConsoleIssuer;

/// <summary>The brand's token and issuing settings, as kept in the issuer's database.</summary>
/// <param name="ChainId">The token's chain.</param>
/// <param name="Contract">The token contract (a CreatorCoin, ERC-20).</param>
/// <param name="Name">The token's name.</param>
/// <param name="Symbol">The token's symbol.</param>
/// <param name="Decimals">ERC-20 decimals (tier thresholds are in whole tokens).</param>
/// <param name="Tiers">The tiers granted.</param>
/// <param name="IssuerDid">The brand's DID, which signs credentials and the status list.</param>
/// <param name="StatusListUri">Where the status list is served (https://127.0.0.1:port/status/1).</param>
/// <param name="StatusListSize">The entries of the status list.</param>
/// <param name="Domain">The domain SIWE challenges name.</param>
/// <param name="DeployBlock">The block the token was deployed or loaded at (the watcher's first block).</param>
internal sealed record BrandRecord(
    ulong ChainId,
    EthereumAddress Contract,
    string Name,
    string Symbol,
    int Decimals,
    IReadOnlyList<SocialTokenTier> Tiers,
    string IssuerDid,
    string StatusListUri,
    int StatusListSize,
    string Domain,
    ulong DeployBlock)
{
    /// <summary>The token as the library sees it.</summary>
    public SocialToken.SocialToken Token => new(ChainId, Contract, TokenStandard.Erc20, Symbol, Decimals);
}
