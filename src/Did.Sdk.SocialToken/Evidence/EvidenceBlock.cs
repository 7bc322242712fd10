namespace Did.Sdk.SocialToken;

/// <summary>
/// The block evidence is read at: the block a finality tag names now, or a block already chosen
/// (number and hash: for re-checking evidence, or reading at a snapshot), optionally required to have
/// reached a finality.
/// </summary>
public sealed record EvidenceBlock
{
    private EvidenceBlock(Finality? tag, ulong? number, string? hash, Finality? requiredFinality)
    {
        Tag = tag;
        Number = number;
        Hash = hash;
        RequiredFinality = requiredFinality;
    }

    /// <summary>The tag whose current block is read, or null for a pinned block.</summary>
    public Finality? Tag { get; }

    /// <summary>The pinned block's number, or null for a tag.</summary>
    public ulong? Number { get; }

    /// <summary>The pinned block's hash (0x…), or null for a tag.</summary>
    public string? Hash { get; }

    /// <summary>The finality a pinned block must have reached; until then the evidence is pending.</summary>
    public Finality? RequiredFinality { get; }

    /// <summary>The block <paramref name="finality"/> names when the evidence is read.</summary>
    public static EvidenceBlock At(Finality finality) => new(finality, null, null, null);

    /// <summary>
    /// Exactly the block <paramref name="number"/> with <paramref name="hash"/>; with
    /// <paramref name="requiredFinality"/> the evidence is pending until the chain's block at that tag reaches it.
    /// </summary>
    public static EvidenceBlock Pinned(ulong number, string hash, Finality? requiredFinality = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(hash);
        return new(null, number, hash, requiredFinality);
    }
}
