namespace Did.Sdk.Devnet;

/// <summary>Raised after blocks were mined, replaced (reorg) or removed (snapshot revert).</summary>
public sealed class DevnetHeadsChangedEventArgs : EventArgs
{
    /// <summary>Creates the arguments.</summary>
    public DevnetHeadsChangedEventArgs(DevnetHeads heads, string reason)
    {
        ArgumentNullException.ThrowIfNull(heads);
        ArgumentNullException.ThrowIfNull(reason);
        Heads = heads;
        Reason = reason;
    }

    /// <summary>The heads after the change.</summary>
    public DevnetHeads Heads { get; }

    /// <summary>What changed them: <c>mine</c>, <c>reorg</c> or <c>revert</c>.</summary>
    public string Reason { get; }
}
