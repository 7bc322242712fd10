namespace Did.Sdk.Devnet;

/// <summary>What a reorg did.</summary>
/// <param name="Depth">How many blocks were replaced.</param>
/// <param name="ReplacedBlockHashes">The hashes of the replaced blocks, oldest first.</param>
/// <param name="NewBlockHashes">The hashes of the blocks that replaced them, oldest first.</param>
/// <param name="ReplayedTransactions">The hashes of the transactions included again, in their new order.</param>
/// <param name="DroppedTransactions">The hashes of the transactions no longer on the chain.</param>
public sealed record DevnetReorgResult(
    int Depth,
    IReadOnlyList<string> ReplacedBlockHashes,
    IReadOnlyList<string> NewBlockHashes,
    IReadOnlyList<string> ReplayedTransactions,
    IReadOnlyList<string> DroppedTransactions);
