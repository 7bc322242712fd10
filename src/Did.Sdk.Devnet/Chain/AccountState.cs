using System.Collections.Immutable;
using System.Numerics;

namespace Did.Sdk.Devnet.Chain;

/// <summary>One account of the world state. Immutable: a write makes a new record.</summary>
internal sealed record AccountState(BigInteger Nonce, BigInteger Balance, byte[] Code, ImmutableDictionary<BigInteger, byte[]> Storage)
{
    public static readonly AccountState Empty = new(BigInteger.Zero, BigInteger.Zero, [], ImmutableDictionary<BigInteger, byte[]>.Empty);

    /// <summary>EIP-161 "empty": such an account is not kept in the state.</summary>
    public bool IsEmpty => Nonce.IsZero && Balance.IsZero && Code.Length == 0 && Storage.IsEmpty;
}
