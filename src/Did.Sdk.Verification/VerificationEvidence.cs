namespace Did.Sdk.Verification;

/// <summary>
/// A ledger state a decision rests on, so anyone can re-check it at the same block: a DID resolved at a
/// block (kind <c>issuerDid</c> or <c>holderDid</c>) or a chain read (kind <c>chainRead</c>).
/// </summary>
public sealed record VerificationEvidence
{
    /// <summary><c>issuerDid</c>, <c>holderDid</c> or <c>chainRead</c>.</summary>
    public required string Kind { get; init; }

    /// <summary>The DID resolved, for DID evidence.</summary>
    public string? Did { get; init; }

    /// <summary>The chain (EIP-155 id), when known.</summary>
    public ulong? ChainId { get; init; }

    /// <summary>The block number.</summary>
    public required ulong BlockNumber { get; init; }

    /// <summary>The block hash.</summary>
    public required string BlockHash { get; init; }

    /// <summary>The finality tag asked for or reached (<c>latest</c>, <c>safe</c>, <c>finalized</c>), when known.</summary>
    public string? Finality { get; init; }

    /// <summary>How a chain read was made (<c>multicall3</c> or <c>batch</c>).</summary>
    public string? Method { get; init; }
}
