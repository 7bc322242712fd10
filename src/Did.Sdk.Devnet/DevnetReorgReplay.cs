namespace Did.Sdk.Devnet;

/// <summary>What a reorg does with the transactions of the blocks it replaces.</summary>
public enum DevnetReorgReplay
{
    /// <summary>The transactions are dropped: the new blocks are empty.</summary>
    Drop = 0,

    /// <summary>
    /// The transactions are replayed in another order (senders in reverse order of first appearance,
    /// each sender's nonces kept in order), all in the last new block, so they land in other blocks with
    /// other timestamps. Those that no longer validate are dropped.
    /// </summary>
    Reorder = 1,
}
