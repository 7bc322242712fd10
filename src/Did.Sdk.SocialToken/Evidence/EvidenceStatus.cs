namespace Did.Sdk.SocialToken;

/// <summary>Whether evidence is an answer yet.</summary>
public enum EvidenceStatus
{
    /// <summary>Read at a block that has reached the finality asked for: an answer.</summary>
    Final,

    /// <summary>The block has not reached the finality asked for yet: not an answer; ask again later.</summary>
    Pending,
}
