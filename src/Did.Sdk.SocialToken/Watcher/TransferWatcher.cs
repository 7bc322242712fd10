// Transfer-driven revocation: the token's events since the last scanned block, up to the block the chosen
// finality names (so a reorg can never un-revoke or wrongly revoke), then one pinned read of the holdings
// of every identity those events touched; a credential whose identity fell below its tier has its
// status-list entry set to INVALID. Events: ERC-20/ERC-721 Transfer; ERC-1155 TransferSingle/TransferBatch
// that move the watched id; ERC20Votes DelegateVotesChanged (a delegate's voting power changed). An event
// touches the accounts it names (from, to, delegate); a touched credential is re-read on its own basis
// (tokens held, or voting power), so a balance-based credential re-read after a delegation change keeps
// its tier, and a votes-based one re-read after a transfer is measured on the votes that transfer moved.
using System.Collections.Concurrent;
using System.Numerics;
using Did.Sdk.Ethereum;
using Did.Sdk.Ethereum.Abi;
using Did.Sdk.Ethereum.Rpc;
using Did.Sdk.SdJwt.StatusList;

namespace Did.Sdk.SocialToken;

/// <summary>
/// Watches one token (ERC-20, ERC-721, or one id of an ERC-1155) and revokes the holder credentials its
/// transfers, and for ERC20Votes tokens its delegation changes, invalidate. Cost per scan: one
/// round trip for the head, the log query (range-split only if the node refuses the range), and one
/// pinned read for all touched identities. Not thread-safe: scan from one place.
/// </summary>
public sealed class TransferWatcher
{
    private static readonly byte[] TransferTopic = AbiEvent.Parse("Transfer(address indexed from, address indexed to, uint256 value)").Topic0.ToArray();
    private static readonly byte[] TransferSingleTopic = AbiEvent.Parse("TransferSingle(address indexed operator, address indexed from, address indexed to, uint256 id, uint256 value)").Topic0.ToArray();
    private static readonly byte[] TransferBatchTopic = AbiEvent.Parse("TransferBatch(address indexed operator, address indexed from, address indexed to, uint256[] ids, uint256[] values)").Topic0.ToArray();
    private static readonly byte[] DelegateVotesChangedTopic = AbiEvent.Parse("DelegateVotesChanged(address indexed delegate, uint256 previousVotes, uint256 newVotes)").Topic0.ToArray();
    private static readonly AbiType[] BatchData = [AbiType.ArrayOf(AbiType.Uint256), AbiType.ArrayOf(AbiType.Uint256)];
    private readonly EthereumClient _client;
    private readonly SocialToken _token;
    private readonly StatusListRegistry _statusLists;
    private readonly string _statusListUri;
    private readonly Finality _finality;
    private readonly TokenEvidenceReader _reader;
    private readonly ConcurrentDictionary<int, TrackedCredential> _tracked = new();
    private ulong _next;
    private string? _lastHash;

    /// <summary>Creates a watcher that scans from <paramref name="startBlock"/>.</summary>
    /// <param name="client">The token's chain.</param>
    /// <param name="token">The token (an ERC-1155 token with its <see cref="SocialToken.TokenId"/>).</param>
    /// <param name="statusLists">The issuer's status lists.</param>
    /// <param name="statusListUri">The list the tracked credentials' entries are in.</param>
    /// <param name="startBlock">The first block to scan (the evidence block of the oldest tracked credential, or the deployment).</param>
    /// <param name="finality">Scan only up to blocks of this finality (safe by default).</param>
    public TransferWatcher(EthereumClient client, SocialToken token, StatusListRegistry statusLists, string statusListUri, ulong startBlock, Finality finality = Finality.Safe)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(token);
        ArgumentNullException.ThrowIfNull(statusLists);
        ArgumentException.ThrowIfNullOrEmpty(statusListUri);
        if (token.Standard == TokenStandard.Erc1155 && token.TokenId is null)
        {
            throw new ArgumentException("An ERC-1155 token is watched for one id: set its TokenId.", nameof(token));
        }

        _client = client;
        _token = token;
        _statusLists = statusLists;
        _statusListUri = statusListUri;
        _next = startBlock;
        _finality = finality;
        _reader = new TokenEvidenceReader(client);
    }

    /// <summary>The next block a scan starts at.</summary>
    public ulong NextBlock => _next;

    /// <summary>Tracks <paramref name="credential"/> (replacing an earlier one with the same status index).</summary>
    /// <exception cref="ArgumentException">A votes-based credential on a token that is not ERC-20.</exception>
    public void Track(TrackedCredential credential)
    {
        ArgumentNullException.ThrowIfNull(credential);
        if (credential.Basis == HoldingBasis.Votes && _token.Standard != TokenStandard.Erc20)
        {
            throw new ArgumentException("Voting power is read from ERC-20 (ERC20Votes) tokens only.", nameof(credential));
        }

        _tracked[credential.StatusIndex] = credential;
    }

    /// <summary>
    /// Scans from <see cref="NextBlock"/> to the block at the watcher's finality and revokes what the
    /// transfers invalidated. Fails with <c>evidenceBlockReorged</c> when the last scanned block left the chain
    /// (only possible when the chosen finality was not final), <c>tooManyLogs</c>, and the transport codes;
    /// nothing is revoked and <see cref="NextBlock"/> stays where it was on failure.
    /// </summary>
    public async ValueTask<Result<TransferScan>> ScanAsync(CancellationToken cancellationToken = default)
    {
        var batch = _client.CreateBatch();
        var head = batch.Block(BlockTag.Of(_finality));
        var previous = _lastHash is not null && _next > 0 ? batch.Block(BlockTag.AtNumber(_next - 1)) : null;
        await batch.SendAsync(cancellationToken).ConfigureAwait(false);
        if (!head.Result.Succeeded)
        {
            return head.Result.Error;
        }

        if (previous is not null && (!previous.Result.Succeeded || !string.Equals(previous.Result.Value.Hash, _lastHash, StringComparison.OrdinalIgnoreCase)))
        {
            return Result<TransferScan>.Failure(SocialTokenErrorCodes.EvidenceBlockReorged, $"Block {_next - 1}, scanned last time, is no longer on the chain.");
        }

        var to = head.Result.Value;
        if (to.Number < _next)
        {
            return new TransferScan { FromBlock = _next, ToBlock = to.Number, ToBlockHash = to.Hash, Transfers = 0, Rechecked = 0, Revoked = [] };
        }

        // One log query for every event of the contract (a filter has one topic0 per position, and two or three
        // event kinds are wanted), sorted here by topic0; the node may still make it split the range.
        var logs = await _client.GetLogsAsync(new LogFilter(_next, to.Number, _token.Contract), cancellationToken).ConfigureAwait(false);
        if (!logs.Succeeded)
        {
            return logs.Error;
        }

        var touched = new HashSet<EthereumAddress>();
        int transfers = 0, voteChanges = 0;
        foreach (var log in logs.Value)
        {
            if (log.Topics.Count == 0 || log.Removed)
            {
                continue;
            }

            var topic0 = log.Topics[0];
            if (_token.Standard != TokenStandard.Erc1155 && topic0.AsSpan().SequenceEqual(TransferTopic) && log.Topics.Count >= 3)
            {
                transfers++;
                Touch(touched, log.Topics, 1, 2);
            }
            else if (_token.Standard == TokenStandard.Erc20 && topic0.AsSpan().SequenceEqual(DelegateVotesChangedTopic) && log.Topics.Count >= 2)
            {
                voteChanges++;
                Touch(touched, log.Topics, 1, 1);
            }
            else if (_token.Standard == TokenStandard.Erc1155 && log.Topics.Count >= 4 && MovesWatchedId(topic0, log.Data))
            {
                transfers++;
                Touch(touched, log.Topics, 2, 3);
            }
        }

        var affected = _tracked.Values.Where(c => c.Wallets.Any(touched.Contains)).ToList();
        var revoked = new List<(TrackedCredential, BigInteger)>();
        if (affected.Count > 0)
        {
            // Every (wallet, basis) pair of the affected credentials, read in one pinned round trip.
            var wallets = affected.SelectMany(c => c.Wallets.Select(w => (Wallet: w, c.Basis))).Distinct().ToArray();
            var evidence = await _reader.ReadAsync(wallets.Select(w => _token.HoldingQuery(w.Wallet, w.Basis)).ToArray(), EvidenceBlock.Pinned(to.Number, to.Hash), cancellationToken).ConfigureAwait(false);
            if (!evidence.Succeeded)
            {
                return evidence.Error;
            }

            var balances = new Dictionary<(EthereumAddress, HoldingBasis), BigInteger>();
            for (int i = 0; i < wallets.Length; i++)
            {
                var reading = evidence.Value.Readings[i];
                if (!reading.Succeeded)
                {
                    return reading.Error!;
                }

                balances[wallets[i]] = reading.Amount!.Value;
            }

            foreach (var credential in affected)
            {
                var holding = credential.Wallets.Aggregate(BigInteger.Zero, (sum, w) => sum + balances[(w, credential.Basis)]);
                if (holding < credential.Threshold)
                {
                    revoked.Add((credential, holding));
                }
            }

            foreach (var (credential, _) in revoked)
            {
                _statusLists.SetStatus(new StatusReference(_statusListUri, credential.StatusIndex), TokenStatus.Invalid);
                _tracked.TryRemove(credential.StatusIndex, out _);
            }
        }

        var scan = new TransferScan
        {
            FromBlock = _next,
            ToBlock = to.Number,
            ToBlockHash = to.Hash,
            Transfers = transfers,
            VoteChanges = voteChanges,
            Rechecked = affected.Count,
            Revoked = revoked,
        };
        _next = to.Number + 1;
        _lastHash = to.Hash;
        return scan;
    }

    private static void Touch(HashSet<EthereumAddress> touched, IReadOnlyList<byte[]> topics, int first, int last)
    {
        for (int i = first; i <= last; i++)
        {
            if (topics[i].Length == 32)
            {
                touched.Add(EthereumAddress.FromBytes(topics[i].AsSpan(12)));
            }
        }
    }

    // ERC-1155: TransferSingle's data is (id, value); TransferBatch's is (ids[], values[]). Only the watched id counts.
    private bool MovesWatchedId(byte[] topic0, byte[] data)
    {
        var id = _token.TokenId!.Value;
        if (topic0.AsSpan().SequenceEqual(TransferSingleTopic))
        {
            return AbiCodec.Decode([AbiType.Uint256, AbiType.Uint256], data) is { Succeeded: true } single && (BigInteger)single.Value[0] == id;
        }

        return topic0.AsSpan().SequenceEqual(TransferBatchTopic)
            && AbiCodec.Decode(BatchData, data) is { Succeeded: true } batch
            && ((object[])batch.Value[0]).Any(x => (BigInteger)x == id);
    }
}
