namespace Did.Sdk.Verification.Policy;

/// <summary>The chain a policy's chain rules read, and at which block.</summary>
public sealed record ChainSettings
{
    /// <summary>The chain (EIP-155 id); the RPC endpoint must serve it.</summary>
    public required ulong ChainId { get; init; }

    /// <summary>
    /// The block read: the block a finality tag names now (latest, safe, finalized), or, when null, the
    /// credential's own evidence block (pinned by hash), at most <see cref="MaxEvidenceAgeBlocks"/> behind the head.
    /// </summary>
    public Finality? Block { get; init; } = Finality.Safe;

    /// <summary>With <see cref="Block"/> null: how far behind the head the evidence block may be.</summary>
    public ulong MaxEvidenceAgeBlocks { get; init; } = 7200;

    /// <summary>With <see cref="Block"/> null: the finality the evidence block must have reached (until then the decision is pending).</summary>
    public Finality RequiredFinality { get; init; } = Finality.Safe;
}
