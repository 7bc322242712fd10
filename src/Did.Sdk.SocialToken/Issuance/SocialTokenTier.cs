using System.Numerics;

namespace Did.Sdk.SocialToken;

/// <summary>A tier the issuer grants: a name and the least holding (in whole tokens, or NFTs) that earns it.</summary>
/// <param name="Name">The tier's name, disclosed instead of the balance (for example <c>gold</c>).</param>
/// <param name="Threshold">The least holding summed over the identity's wallets.</param>
public sealed record SocialTokenTier(string Name, BigInteger Threshold);
