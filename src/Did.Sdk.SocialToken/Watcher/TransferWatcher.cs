// Transfer-driven revocation: the token's ERC-20/ERC-721 Transfer events since the last scanned block,
// up to the block the chosen finality names (so a reorg can never un-revoke or wrongly revoke), then one
// pinned read of the holdings of every identity those transfers touched; a credential whose identity fell
// below its tier has its status-list entry set to INVALID.
using System.Collections.Concurrent;
using System.Numerics;
using Did.Sdk.Ethereum;
using Did.Sdk.Ethereum.Abi;
using Did.Sdk.Ethereum.Rpc;
using Did.Sdk.SdJwt.StatusList;

namespace Did.Sdk.SocialToken;

/// <summary>
/// Watches one token and revokes the holder credentials its transfers invalidate. Cost per scan: one
/// round trip for the head, the log query (range-split only if the node refuses the range), and one
/// pinned read for all touched identities. Not thread-safe: scan from one place.
/// </summary>
public sealed class TransferWatcher
{
    private static readonly byte[] TransferTopic = AbiEvent.Parse("Transfer(address indexed from, address indexed to, uint256 value)").Topic0.ToArray();
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
    /// <param name="token">The token.</param>
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
        if (token.Standard == TokenStandard.Erc1155)
        {
            throw new ArgumentException("ERC-1155 transfers (TransferSingle/TransferBatch) are not watched here.", nameof(token));
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
    public void Track(TrackedCredential credential)
    {
        ArgumentNullException.ThrowIfNull(credential);
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

        var logs = await _client.GetLogsAsync(new LogFilter(_next, to.Number, _token.Contract, [TransferTopic]), cancellationToken).ConfigureAwait(false);
        if (!logs.Succeeded)
        {
            return logs.Error;
        }

        var touched = new HashSet<EthereumAddress>();
        foreach (var log in logs.Value)
        {
            foreach (var topic in log.Topics.Skip(1).Take(2))
            {
                if (topic.Length == 32)
                {
                    touched.Add(EthereumAddress.FromBytes(topic.AsSpan(12)));
                }
            }
        }

        var affected = _tracked.Values.Where(c => c.Wallets.Any(touched.Contains)).ToList();
        var revoked = new List<(TrackedCredential, BigInteger)>();
        if (affected.Count > 0)
        {
            var wallets = affected.SelectMany(c => c.Wallets).Distinct().ToArray();
            var evidence = await _reader.ReadAsync(wallets.Select(w => TokenQuery.BalanceOf(_token.Contract, w)).ToArray(), EvidenceBlock.Pinned(to.Number, to.Hash), cancellationToken).ConfigureAwait(false);
            if (!evidence.Succeeded)
            {
                return evidence.Error;
            }

            var balances = new Dictionary<EthereumAddress, BigInteger>();
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
                var holding = credential.Wallets.Aggregate(BigInteger.Zero, (sum, w) => sum + balances[w]);
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
            Transfers = logs.Value.Count,
            Rechecked = affected.Count,
            Revoked = revoked,
        };
        _next = to.Number + 1;
        _lastHash = to.Hash;
        return scan;
    }
}
