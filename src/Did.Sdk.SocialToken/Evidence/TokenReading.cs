using System.Numerics;
using Did.Sdk.Ethereum;

namespace Did.Sdk.SocialToken;

/// <summary>
/// The answer to one <see cref="TokenQuery"/>: an amount (balances, votes), an address (owner, delegate)
/// or a flag (locked), or the reason the read failed (a revert: a nonexistent token id, a contract that
/// does not implement the call).
/// </summary>
public sealed record TokenReading(TokenQuery Query, BigInteger? Amount, EthereumAddress? Address, bool? Flag, SdkError? Error)
{
    /// <summary>True when the read answered.</summary>
    public bool Succeeded => Error is null;
}
