using System.Numerics;
using Did.Sdk.Ethereum;
using Did.Sdk.Verification.Dcql;

namespace Did.Sdk.Verification.Policy;

/// <summary>Shorthands for policy rules.</summary>
public static class Rules
{
    /// <summary>The holder's wallets hold at least <paramref name="amount"/> (base units) of <paramref name="token"/>.</summary>
    public static ChainRule BalanceAtLeast(EthereumAddress token, BigInteger amount) => new() { Check = ChainCheckKind.BalanceAtLeast, Token = token, Amount = amount };

    /// <summary>The holder owns <paramref name="tokenId"/> of <paramref name="token"/>, or any of it when null.</summary>
    public static ChainRule OwnsToken(EthereumAddress token, BigInteger? tokenId = null) => new() { Check = ChainCheckKind.OwnsToken, Token = token, TokenId = tokenId };

    /// <summary>The holder's wallets have at least <paramref name="amount"/> votes of <paramref name="token"/> (at <paramref name="timepoint"/>, or at the block read).</summary>
    public static ChainRule PastVotesAtLeast(EthereumAddress token, BigInteger amount, ulong? timepoint = null) => new() { Check = ChainCheckKind.PastVotesAtLeast, Token = token, Amount = amount, Timepoint = timepoint };

    /// <summary>The holder owns <paramref name="tokenId"/> of <paramref name="token"/> and it is locked (soulbound).</summary>
    public static ChainRule IsLocked(EthereumAddress token, BigInteger tokenId) => new() { Check = ChainCheckKind.IsLocked, Token = token, TokenId = tokenId };

    /// <summary>The credential's issuer controls <paramref name="token"/> (its <c>owner()</c>).</summary>
    public static ChainRule IssuerControlsToken(EthereumAddress token) => new() { Check = ChainCheckKind.ControlsToken, Token = token, Identity = PolicyIdentity.Issuer };

    /// <summary>The disclosed number or date at <paramref name="path"/> is at least <paramref name="bound"/>.</summary>
    public static ClaimRule AtLeast(string path, decimal bound) => new() { Path = DcqlClaimPath.Of(path), AtLeast = ClaimBound.Of(bound) };

    /// <summary>The disclosed number or date at <paramref name="path"/> is at most <paramref name="bound"/>.</summary>
    public static ClaimRule AtMost(string path, decimal bound) => new() { Path = DcqlClaimPath.Of(path), AtMost = ClaimBound.Of(bound) };

    /// <summary>The disclosed number at <paramref name="path"/> is between the bounds (inclusive).</summary>
    public static ClaimRule Between(string path, decimal low, decimal high) => new() { Path = DcqlClaimPath.Of(path), AtLeast = ClaimBound.Of(low), AtMost = ClaimBound.Of(high) };

    /// <summary>The disclosed date of birth at <paramref name="path"/> is at least <paramref name="years"/> years before the check.</summary>
    public static ClaimRule AgeAtLeast(string path, int years) => new() { Path = DcqlClaimPath.Of(path), MinimumAgeYears = years };
}
