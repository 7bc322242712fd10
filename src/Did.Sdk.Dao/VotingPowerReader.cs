// Voting power of many addresses at a snapshot block: every read in Multicall3 aggregate3 calls pinned by
// the block's hash (EIP-1898), as many aggregate3 calls as needed sent in one JSON-RPC batch, with the
// block's header in the same batch so a reorg of the snapshot block is seen. A snapshot given by number costs
// one more round trip first, for its hash. For each votes token the same aggregate3 also reads its ERC-6372
// CLOCK_MODE() and clock(), so the snapshot says which timepoint getPastVotes takes to re-check it later.
using System.Globalization;
using System.Numerics;
using Did.Sdk.Ethereum;
using Did.Sdk.Ethereum.Abi;
using Did.Sdk.Ethereum.Multicall;
using Did.Sdk.Ethereum.Rpc;
using Did.Sdk.SocialToken;

namespace Did.Sdk.Dao;

/// <summary>Reads voting power for many addresses at one block in at most two JSON-RPC round trips.</summary>
public sealed class VotingPowerReader
{
    /// <summary>The most addresses one read takes.</summary>
    public const int MaxAddresses = 100_000;

    private static readonly byte[] ClockModeCall = AbiCodec.EncodeCall("CLOCK_MODE()");
    private static readonly byte[] ClockCall = AbiCodec.EncodeCall("clock()");
    private readonly EthereumClient _client;
    private readonly int _callsPerAggregate;

    /// <summary>Creates the reader; each <c>aggregate3</c> carries at most <paramref name="callsPerAggregate"/> calls.</summary>
    public VotingPowerReader(EthereumClient client, int callsPerAggregate = 1_000)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentOutOfRangeException.ThrowIfLessThan(callsPerAggregate, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(callsPerAggregate, Multicall3.MaxCalls);
        _client = client;
        _callsPerAggregate = callsPerAggregate;
    }

    /// <summary>
    /// The weighted sum of <paramref name="terms"/> for each of <paramref name="addresses"/> at block
    /// <paramref name="blockNumber"/> (with <paramref name="blockHash"/> when known: one round trip fewer).
    /// Fails with <c>evidenceBlockReorged</c> when the block is no longer the chain's, and the transport codes.
    /// </summary>
    /// <exception cref="ArgumentException">No terms, no addresses or too many, or a PastVotes term without a timepoint.</exception>
    public async ValueTask<Result<VotingPowerSnapshot>> ReadAsync(IReadOnlyList<VotingPowerTerm> terms, IReadOnlyList<EthereumAddress> addresses, ulong blockNumber, string? blockHash = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(terms);
        ArgumentNullException.ThrowIfNull(addresses);
        if (terms.Count == 0 || addresses.Count is 0 or > MaxAddresses || terms.Any(t => t.Source == VotingPowerSource.PastVotes && t.Timepoint is null))
        {
            throw new ArgumentException($"A read has terms (PastVotes with a timepoint) and 1 to {MaxAddresses} addresses.");
        }

        int roundTrips = 0;
        if (blockHash is null)
        {
            var header = await _client.GetBlockAsync(BlockTag.AtNumber(blockNumber), cancellationToken).ConfigureAwait(false);
            roundTrips++;
            if (!header.Succeeded)
            {
                return header.Error;
            }

            blockHash = header.Value.Hash;
        }

        var calls = new List<Multicall3Call>(terms.Count * addresses.Count);
        foreach (var term in terms)
        {
            foreach (var address in addresses)
            {
                var query = term.Source switch
                {
                    VotingPowerSource.Votes => TokenQuery.Votes(term.Token, address),
                    VotingPowerSource.PastVotes => TokenQuery.PastVotes(term.Token, address, term.Timepoint!.Value),
                    _ => TokenQuery.BalanceOf(term.Token, address),
                };
                calls.Add(new Multicall3Call(term.Token, query.EncodeCall()));
            }
        }

        int powerCalls = calls.Count;
        var clocked = terms.Where(t => t.Source != VotingPowerSource.Balance).Select(t => t.Token).Distinct().ToList();
        foreach (var token in clocked)
        {
            calls.Add(new Multicall3Call(token, ClockModeCall));
            calls.Add(new Multicall3Call(token, ClockCall));
        }

        var batch = _client.CreateBatch();
        var chainCheck = batch.VerifyChainId();
        var chainId = batch.ChainId();
        var pinned = batch.Block(BlockTag.AtNumber(blockNumber));
        var safe = batch.Block(BlockTag.Safe);
        var finalized = batch.Block(BlockTag.Finalized);
        var chunks = calls.Chunk(_callsPerAggregate).Select(chunk => (Count: chunk.Length, Item: batch.CallAtBlockHash(Multicall3.Address, Multicall3.EncodeAggregate3(chunk), blockHash))).ToList();
        await batch.SendAsync(cancellationToken).ConfigureAwait(false);
        roundTrips++;
        foreach (var result in new[] { chainCheck.Result.Error, chainId.Result.Error, pinned.Result.Error })
        {
            if (result is not null)
            {
                return result.Code == EthereumErrorCodes.RpcNotFound ? Reorged(blockNumber) : result;
            }
        }

        if (!string.Equals(pinned.Result.Value!.Hash, blockHash, StringComparison.OrdinalIgnoreCase))
        {
            return Reorged(blockNumber);
        }

        var powers = new BigInteger[addresses.Count];
        var failed = new HashSet<EthereumAddress>();
        var clockAnswers = new List<Multicall3Result>(clocked.Count * 2);
        int call = 0;
        foreach (var (count, item) in chunks)
        {
            if (!item.Result.Succeeded)
            {
                return item.Result.Error.Message.Contains("canonical", StringComparison.OrdinalIgnoreCase) ? Reorged(blockNumber) : item.Result.Error;
            }

            var decoded = Multicall3.DecodeAggregate3(item.Result.Value, count);
            if (!decoded.Succeeded)
            {
                return decoded.Error;
            }

            foreach (var answer in decoded.Value)
            {
                if (call >= powerCalls)
                {
                    clockAnswers.Add(answer);
                    call++;
                    continue;
                }

                int termIndex = call / addresses.Count, addressIndex = call % addresses.Count;
                call++;
                if (!answer.Success || answer.ReturnData.Length != 32 || !AbiCodec.DecodeSingle(AbiType.Uint256, answer.ReturnData.Span).TryGetValue(out var value))
                {
                    failed.Add(addresses[addressIndex]);
                    continue;
                }

                powers[addressIndex] += (BigInteger)value * terms[termIndex].Weight;
            }
        }

        var reached = finalized.Result.Succeeded && finalized.Result.Value.Number >= blockNumber ? Finality.Finalized
            : safe.Result.Succeeded && safe.Result.Value.Number >= blockNumber ? Finality.Safe
            : Finality.Latest;
        return new VotingPowerSnapshot
        {
            ChainId = chainId.Result.Value,
            BlockNumber = blockNumber,
            BlockHash = pinned.Result.Value.Hash,
            Finality = reached,
            Powers = addresses.Select((a, i) => (a, powers[i])).ToArray(),
            FailedReads = [.. failed],
            Clocks = [.. clocked.Select((token, i) => Clock(token, clockAnswers[2 * i], clockAnswers[(2 * i) + 1])).OfType<TokenClock>()],
            RoundTrips = roundTrips,
        };
    }

    // A token without CLOCK_MODE() counts blocks (ERC20Votes before ERC-6372); one without a readable clock()
    // has no timepoint to report.
    private static TokenClock? Clock(EthereumAddress token, Multicall3Result mode, Multicall3Result clock)
    {
        if (!clock.Success || clock.ReturnData.Length != 32 || !AbiCodec.DecodeSingle(AbiType.UnsignedOf(48), clock.ReturnData.Span).TryGetValue(out var timepoint))
        {
            return null;
        }

        string clockMode = mode.Success && AbiCodec.DecodeSingle(AbiType.Utf8String, mode.ReturnData.Span).TryGetValue(out var text) && text is string { Length: <= 256 } s ? s : TokenClock.DefaultMode;
        return new TokenClock { Token = token, Mode = clockMode, Timepoint = (ulong)(BigInteger)timepoint };
    }

    private static Result<VotingPowerSnapshot> Reorged(ulong number)
        => Result<VotingPowerSnapshot>.Failure(SocialTokenErrorCodes.EvidenceBlockReorged, string.Create(CultureInfo.InvariantCulture, $"The snapshot block {number} is no longer on the chain."));
}
