namespace Did.Sdk.Devnet;

/// <summary>The devnet's head blocks: <c>latest</c>, <c>safe</c> (posted in a batch) and <c>finalized</c>.</summary>
/// <param name="Latest">The latest block number.</param>
/// <param name="LatestHash">Its hash (0x-prefixed lower-case hex).</param>
/// <param name="Safe">The safe block number.</param>
/// <param name="SafeHash">Its hash.</param>
/// <param name="Finalized">The finalized block number.</param>
/// <param name="FinalizedHash">Its hash.</param>
public sealed record DevnetHeads(ulong Latest, string LatestHash, ulong Safe, string SafeHash, ulong Finalized, string FinalizedHash);
