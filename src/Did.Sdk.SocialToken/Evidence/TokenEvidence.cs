namespace Did.Sdk.SocialToken;

/// <summary>
/// Token holdings read at one block, with what anyone needs to re-check them at the same block: the
/// chain, the block number and hash, and the finality the block had reached when read.
/// </summary>
public sealed record TokenEvidence
{
    /// <summary>The chain (EIP-155 id).</summary>
    public required ulong ChainId { get; init; }

    /// <summary>The block read.</summary>
    public required ulong BlockNumber { get; init; }

    /// <summary>The hash of the block read (0x…).</summary>
    public required string BlockHash { get; init; }

    /// <summary>The block's timestamp.</summary>
    public required DateTimeOffset BlockTime { get; init; }

    /// <summary>The strongest finality the block had reached when read (latest, safe or finalized).</summary>
    public required Finality Finality { get; init; }

    /// <summary>The chain's latest block number when the evidence was read (how far behind the head the block is), when known.</summary>
    public ulong? HeadBlockNumber { get; init; }

    /// <summary>Whether the evidence is an answer (<see cref="EvidenceStatus.Final"/>) or still pending.</summary>
    public required EvidenceStatus Status { get; init; }

    /// <summary>One reading per query, in query order (empty while pending).</summary>
    public required IReadOnlyList<TokenReading> Readings { get; init; }

    /// <summary>How the reads were made: <c>multicall3</c> (one <c>aggregate3</c>) or <c>batch</c> (a JSON-RPC batch).</summary>
    public required string Method { get; init; }
}
