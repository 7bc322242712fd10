using System.Numerics;

namespace Did.Sdk.Devnet.Chain;

/// <summary>A sealed block: header fields, hash, transactions, receipts and the state after it. Immutable.</summary>
internal sealed class Block
{
    public required ulong Number { get; init; }

    public required byte[] Hash { get; init; }

    public required string HashHex { get; init; }

    public required byte[] ParentHash { get; init; }

    public required ulong Timestamp { get; init; }

    public required BigInteger BaseFee { get; init; }

    public required ulong GasLimit { get; init; }

    public required ulong GasUsed { get; init; }

    public required byte[] LogsBloom { get; init; }

    public required byte[] TransactionsRoot { get; init; }

    public required byte[] ReceiptsRoot { get; init; }

    public required byte[] StateRoot { get; init; }

    public required byte[] MixHash { get; init; }

    public required byte[] ExtraData { get; init; }

    public required string Miner { get; init; }

    public required byte[] HeaderRlp { get; init; }

    public required int Size { get; init; }

    public required IReadOnlyList<TransactionRecord> Transactions { get; init; }

    public required IReadOnlyList<ReceiptRecord> Receipts { get; init; }

    /// <summary>The world state after this block.</summary>
    public required WorldState State { get; init; }

    /// <summary>What this block changed in the state.</summary>
    public required StateDiff Diff { get; init; }

    /// <summary>The RLP of <see cref="Diff"/> (see <see cref="StateDiff.Encode"/>), stored with the block in a state file.</summary>
    public required byte[] DiffRlp { get; init; }
}
