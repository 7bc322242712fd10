// Reorgs of the unsafe tip, as a rollup sequencer may do before its batch is posted: the blocks above
// safe are replaced by as many new blocks with later timestamps; their transactions are dropped or
// replayed in another order.
using System.Text;

namespace Did.Sdk.Devnet.Chain;

internal sealed partial class DevnetChain
{
    private static readonly byte[] ReorgMarker = Encoding.ASCII.GetBytes("devnet reorg");

    /// <summary>Replaces the top <paramref name="depth"/> blocks; refused at or below <c>safe</c>.</summary>
    public Result<DevnetReorgResult> Reorg(int depth, DevnetReorgReplay replay)
    {
        DevnetReorgResult result;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var latest = (ulong)_blocks.Count - 1;
            var safe = SafeNumber(latest);
            if (depth < 1)
            {
                return new SdkError(DevnetErrorCodes.ReorgRefused, $"A reorg replaces at least one block; depth {depth} was asked.");
            }

            if ((ulong)depth > latest - safe)
            {
                var lowest = depth > (int)Math.Min(latest, int.MaxValue) ? 0 : latest - (ulong)depth + 1;
                return new SdkError(DevnetErrorCodes.ReorgRefused, $"A reorg of depth {depth} would replace block {lowest}, at or below the safe block {safe} (latest {latest}); at most {latest - safe} blocks can be replaced.");
            }

            var keep = latest - (ulong)depth;
            var replaced = TruncateLocked(keep);
            var transactions = replaced.SelectMany(b => b.Transactions).ToList();
            var replayed = replay == DevnetReorgReplay.Reorder ? Reordered(transactions) : [];

            // The pool waits: replayed transactions go first, in the last new block.
            var pool = _pool.ToList();
            _pool.Clear();
            var created = new List<Block>();
            var included = new List<string>();
            for (var i = 0; i < replaced.Count; i++)
            {
                var last = i == replaced.Count - 1;
                var block = SealLocked(replaced[i].Timestamp + 1, last ? replayed : [], out _, ReorgMarker);
                created.Add(block);
                included.AddRange(block.Transactions.Select(t => t.HashHex));
            }

            _pool.AddRange(pool.Where(p => !_transactions.ContainsKey(p.HashHex)));
            var kept = included.ToHashSet(StringComparer.Ordinal);
            result = new DevnetReorgResult(
                depth,
                replaced.Select(b => b.HashHex).ToArray(),
                created.Select(b => b.HashHex).ToArray(),
                included,
                transactions.Where(t => !kept.Contains(t.HashHex)).Select(t => t.HashHex).ToArray());
        }

        RaiseHeadsChanged("reorg");
        return result;
    }

    // Senders in reverse order of first appearance; each sender's transactions keep their nonce order.
    private static List<TransactionRecord> Reordered(List<TransactionRecord> transactions)
        => transactions
            .GroupBy(t => t.From)
            .Reverse()
            .SelectMany(g => g.OrderBy(t => t.Fields.Nonce))
            .ToList();
}
