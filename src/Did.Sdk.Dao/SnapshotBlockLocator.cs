// A snapshot given as a time is mapped to the L2 block that was the chain's head at that time: the last block
// whose header timestamp is at or before it. Only L2 headers are read, never an L1 block number: on rollups
// whose contracts see L1 numbers in block.number (Arbitrum) or whose blocks come every 2 s (OP Stack), any
// arithmetic from L1 numbers or block times gives the wrong block (sx-monorepo#2049).
//
// The block is decided only once a block after the time exists at the finality asked for; until then later
// blocks could still fall at or before the time, so the answer is "pending". The search is k-ary: each round
// trip reads up to 32 headers spread over the interval that still holds the answer in one JSON-RPC batch, so
// ten million blocks take five round trips after the head.
using System.Globalization;
using Did.Sdk.Ethereum;
using Did.Sdk.Ethereum.Rpc;
using Did.Sdk.Verification;

namespace Did.Sdk.Dao;

/// <summary>Maps a time to the L2 block that was the head at that time, by header search.</summary>
public sealed class SnapshotBlockLocator
{
    private const int ProbesPerRoundTrip = 32;
    private readonly EthereumClient _client;

    /// <summary>Creates the locator over <paramref name="client"/>.</summary>
    public SnapshotBlockLocator(EthereumClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
    }

    /// <summary>
    /// The last block with a timestamp at or before <paramref name="unixSeconds"/>, among the blocks that have
    /// reached <paramref name="finality"/>. Fails with <c>finalityPending</c> while no block after that time
    /// has reached it, <c>invalidProposal</c> when the time is before the chain's first block, and the
    /// transport codes.
    /// </summary>
    public async ValueTask<Result<EthereumBlock>> FindAsync(ulong unixSeconds, Finality finality, CancellationToken cancellationToken = default)
    {
        var head = await _client.GetBlockAsync(BlockTag.Of(finality), cancellationToken).ConfigureAwait(false);
        return head.Succeeded ? await FindAsync(unixSeconds, finality, head.Value, cancellationToken).ConfigureAwait(false) : head.Error;
    }

    /// <summary>As <see cref="FindAsync(ulong, Finality, CancellationToken)"/>, with the head at <paramref name="finality"/> already read.</summary>
    public async ValueTask<Result<EthereumBlock>> FindAsync(ulong unixSeconds, Finality finality, EthereumBlock head, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(head);
        if (head.Timestamp <= unixSeconds)
        {
            return Result<EthereumBlock>.Failure(VerificationErrorCodes.FinalityPending, string.Create(CultureInfo.InvariantCulture, $"No {finality.ToString().ToLowerInvariant()} block is later than the snapshot time {unixSeconds} yet (that block is {head.Number}, at {head.Timestamp}): the snapshot block is not decided."));
        }

        // Invariant: block `low` is at or before the time (once known), block `high` is after it.
        ulong low = 0, high = head.Number;
        EthereumBlock? lowBlock = null;
        bool lowKnown = false;
        while (true)
        {
            var probes = Probes(low, high, includeLow: !lowKnown);
            if (probes.Count == 0)
            {
                return lowBlock!;
            }

            var batch = _client.CreateBatch();
            var items = probes.Select(n => (Number: n, Item: batch.Block(BlockTag.AtNumber(n)))).ToList();
            await batch.SendAsync(cancellationToken).ConfigureAwait(false);
            foreach (var (number, item) in items)
            {
                if (!item.Result.Succeeded)
                {
                    return item.Result.Error;
                }

                if (item.Result.Value.Number != number)
                {
                    return Result<EthereumBlock>.Failure(EthereumErrorCodes.RpcMalformedResponse, string.Create(CultureInfo.InvariantCulture, $"The node answered block {item.Result.Value.Number} when asked for block {number}."));
                }

                if (item.Result.Value.Timestamp <= unixSeconds)
                {
                    low = number;
                    lowBlock = item.Result.Value;
                    lowKnown = true;
                }
                else
                {
                    high = Math.Min(high, number);
                    break;
                }
            }

            if (!lowKnown)
            {
                return Result<EthereumBlock>.Failure(DaoErrorCodes.InvalidProposal, string.Create(CultureInfo.InvariantCulture, $"The snapshot time {unixSeconds} is before the chain's first block."));
            }

            if (high - low == 1)
            {
                return lowBlock!;
            }
        }
    }

    // Up to 32 block numbers spread over (low, high), ascending; block `low` itself first when not yet read.
    private static List<ulong> Probes(ulong low, ulong high, bool includeLow)
    {
        var probes = new List<ulong>(ProbesPerRoundTrip + 1);
        if (includeLow)
        {
            probes.Add(low);
        }

        ulong gap = high - low - 1;
        if (gap <= ProbesPerRoundTrip)
        {
            for (ulong n = low + 1; n < high; n++)
            {
                probes.Add(n);
            }
        }
        else
        {
            for (int i = 1; i <= ProbesPerRoundTrip; i++)
            {
                ulong n = low + (ulong)((UInt128)(high - low) * (ulong)i / (ProbesPerRoundTrip + 1));
                if (n > low && n < high && (probes.Count == 0 || probes[^1] != n))
                {
                    probes.Add(n);
                }
            }
        }

        return probes;
    }
}
