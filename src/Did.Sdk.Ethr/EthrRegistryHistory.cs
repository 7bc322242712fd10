// ERC-1056 (EthereumDIDRegistry): the changed(identity) pointer and the previousChange linked list of
// DIDOwnerChanged / DIDDelegateChanged / DIDAttributeChanged events (did:ethr method specification,
// §"Read (Resolve)": "Controller Address", "Enumerating Contract Events to build the DID Document").
using System.Collections.Concurrent;
using System.Numerics;
using System.Text;
using Did.Sdk.Ethereum;
using Did.Sdk.Ethereum.Abi;
using Did.Sdk.Ethereum.Rpc;

namespace Did.Sdk.Ethr;

/// <summary>The kind of a registry event.</summary>
internal enum RegistryEventKind
{
    OwnerChanged,
    DelegateChanged,
    AttributeChanged,
}

/// <summary>A decoded registry event, shaped as ethr-did-resolver's log parser shapes it.</summary>
internal sealed record RegistryEvent(
    RegistryEventKind Kind,
    ulong BlockNumber,
    EthereumAddress Owner,
    string? TypeOrName,
    EthereumAddress Delegate,
    byte[] Value,
    BigInteger ValidTo);

/// <summary>The events of one identity, oldest first, as seen at a pinned block.</summary>
internal sealed record RegistryHistory(IReadOnlyList<RegistryEvent> Events, ulong TopBlock, string? TopBlockHash);

/// <summary>Reads and caches the registry history of identities on one network.</summary>
internal sealed class EthrRegistryHistory
{
    internal static readonly AbiEvent OwnerChanged = AbiEvent.Parse("DIDOwnerChanged(address indexed identity, address owner, uint256 previousChange)");
    internal static readonly AbiEvent DelegateChanged = AbiEvent.Parse("DIDDelegateChanged(address indexed identity, bytes32 delegateType, address delegate, uint256 validTo, uint256 previousChange)");
    internal static readonly AbiEvent AttributeChanged = AbiEvent.Parse("DIDAttributeChanged(address indexed identity, bytes32 name, bytes value, uint256 validTo, uint256 previousChange)");
    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    private readonly EthrNetwork _network;
    private readonly int _maxEvents;
    private readonly int _maxCached;
    private readonly ulong _maxRange;
    private readonly ConcurrentDictionary<EthereumAddress, RegistryHistory> _cache = new();

    public EthrRegistryHistory(EthrNetwork network, int maxEvents, int maxCached, ulong maxRange)
    {
        _maxRange = maxRange;
        _network = network;
        _maxEvents = maxEvents;
        _maxCached = maxCached;
    }

    /// <summary>
    /// The identity's events up to <paramref name="pinned"/>, walking <c>previousChange</c> from
    /// <c>changed(identity)</c> at that block. A cached history is reused only under the same top block
    /// hash, so a reorg that replaced the block invalidates it.
    /// </summary>
    public async ValueTask<Result<RegistryHistory>> ReadAsync(EthereumAddress identity, ulong pinned, ulong top, Dictionary<ulong, EthereumBlock> blocks, CancellationToken cancellationToken, IReadOnlyList<EthereumLog>? prefetchedLogs = null, bool wideQueryTried = false)
    {
        var client = _network.Client;
        if (top > pinned)
        {
            return Inconsistent($"changed(identity) at block {pinned} points after it, to block {top}.");
        }

        var pointer = top;
        _cache.TryGetValue(identity, out var cached);
        var newer = new List<List<RegistryEvent>>();
        var visited = new HashSet<ulong>();
        var count = 0;
        var previous = pinned + 1;
        string? topHash = null;
        IReadOnlyList<RegistryEvent>? tail = null;

        // Range-aware read: one eth_getLogs over every block the walk may visit. The linked list is still
        // followed over the answer, block by block; a block the answer lacks (a provider cap, a pruned
        // node) is read on its own, and logs off the list are ignored.
        Dictionary<ulong, List<EthereumLog>>? prefetched = prefetchedLogs?.GroupBy(l => l.BlockNumber).ToDictionary(g => g.Key, g => g.ToList());
        var floor = cached is not null && cached.TopBlock < top ? cached.TopBlock + 1 : _network.DeploymentBlock ?? 0;
        if (prefetched is null && !wideQueryTried && top != 0 && (cached is null || cached.TopBlock != top) && floor <= top && top - floor < _maxRange)
        {
            var wide = await _network.Client.GetLogsAsync(Filter(identity, floor, top) with { SplitRefusedRanges = false }, cancellationToken).ConfigureAwait(false);
            if (wide.Succeeded)
            {
                prefetched = wide.Value.GroupBy(l => l.BlockNumber).ToDictionary(g => g.Key, g => g.ToList());
            }
        }

        while (pointer != 0)
        {
            if (pointer >= previous || !visited.Add(pointer) || (_network.DeploymentBlock is { } deployed && pointer < deployed))
            {
                return Inconsistent($"previousChange points from block {previous} to block {pointer}: a cycle, a forward pointer or a block before the registry's deployment.");
            }

            if (cached is not null && pointer == cached.TopBlock && cached.TopBlockHash is not null)
            {
                if (!blocks.TryGetValue(pointer, out var header))
                {
                    var block = await client.GetBlockAsync(BlockTag.AtNumber(pointer), cancellationToken).ConfigureAwait(false);
                    if (!block.Succeeded)
                    {
                        return block.Error;
                    }

                    header = block.Value;
                    blocks[pointer] = header;
                }

                if (header.Hash == cached.TopBlockHash)
                {
                    topHash ??= cached.TopBlockHash;
                    tail = cached.Events;
                    count += cached.Events.Count;
                    if (count > _maxEvents)
                    {
                        return TooLarge();
                    }

                    break;
                }

                _cache.TryRemove(identity, out _);
                cached = null;
            }

            var (events, next, hash, error) = prefetched is not null && prefetched.TryGetValue(pointer, out var known)
                ? ProcessBlock(identity, pointer, known)
                : await ReadBlockAsync(identity, pointer, cancellationToken).ConfigureAwait(false);
            if (error is not null)
            {
                return error;
            }

            topHash ??= hash;
            count += events.Count;
            if (count > _maxEvents)
            {
                return TooLarge();
            }

            newer.Add(events);
            previous = pointer;
            pointer = next;
        }

        var all = new List<RegistryEvent>(count);
        if (tail is not null)
        {
            all.AddRange(tail);
        }

        for (var i = newer.Count - 1; i >= 0; i--)
        {
            all.AddRange(newer[i]);
        }

        var history = new RegistryHistory(all, top, topHash);
        if (_maxCached > 0 && history.TopBlock != 0)
        {
            if (_cache.Count >= _maxCached)
            {
                _cache.Clear();
            }

            _cache[identity] = history;
        }

        return history;
    }

    /// <summary>The top block and its hash of the identity's cached history, or null.</summary>
    public (ulong Block, string Hash)? PeekCachedTop(EthereumAddress identity)
        => _cache.TryGetValue(identity, out var cached) && cached.TopBlockHash is not null && cached.TopBlock != 0 ? (cached.TopBlock, cached.TopBlockHash) : null;

    /// <summary>
    /// What a resolution at <paramref name="pinned"/> can fetch up front, in the same round trip as the
    /// registry calls: the header of the cached top block (for the reorg check) and one log query over
    /// the blocks the walk may visit (from after the cached top, or from the deployment), when the range
    /// is within the configured bound.
    /// </summary>
    public (ulong? CachedTop, LogFilter? Logs) Prefetch(EthereumAddress identity, ulong pinned)
    {
        _cache.TryGetValue(identity, out var cached);
        var floor = cached is not null ? cached.TopBlock + 1 : _network.DeploymentBlock ?? 0;
        var logs = floor <= pinned && pinned - floor < _maxRange ? Filter(identity, floor, pinned) : null;
        return (cached is { TopBlockHash: not null } && cached.TopBlock <= pinned ? cached.TopBlock : null, logs);
    }

    private static LogFilter Filter(EthereumAddress identity, ulong from, ulong to, EthereumAddress registry)
    {
        var identityTopic = new byte[32];
        identity.CopyTo(identityTopic.AsSpan(12));
        return new LogFilter(from, to, registry, [null, identityTopic]);
    }

    private LogFilter Filter(EthereumAddress identity, ulong from, ulong to) => Filter(identity, from, to, _network.Registry);

    private async ValueTask<(List<RegistryEvent> Events, ulong Next, string? Hash, SdkError? Error)> ReadBlockAsync(EthereumAddress identity, ulong block, CancellationToken cancellationToken)
    {
        var logs = await _network.Client.GetLogsAsync(Filter(identity, block, block), cancellationToken).ConfigureAwait(false);
        return logs.Succeeded ? ProcessBlock(identity, block, logs.Value) : ([], 0, null, logs.Error);
    }

    private static (List<RegistryEvent> Events, ulong Next, string? Hash, SdkError? Error) ProcessBlock(EthereumAddress identity, ulong block, IReadOnlyList<EthereumLog> blockLogs)
    {
        var events = new List<RegistryEvent>();
        string? hash = null;
        var next = BigInteger.Zero;
        var registryLogs = 0;
        foreach (var log in blockLogs.OrderBy(l => l.LogIndex))
        {
            if (hash is not null && log.BlockHash != hash)
            {
                return ([], 0, null, new SdkError(EthrErrorCodes.HistoryInconsistent, $"The logs of block {block} come from different block hashes (a reorg during the query)."));
            }

            hash = log.BlockHash;
            if (!TryDecode(log, identity, out var decoded, out var previousChange))
            {
                continue;
            }

            registryLogs++;
            if (previousChange > block)
            {
                return ([], 0, null, new SdkError(EthrErrorCodes.HistoryInconsistent, $"A registry log at block {block} claims a previous change at a later block {previousChange}."));
            }

            // ethr-did-resolver: the earliest previousChange below this block, over every registry log of the block.
            if (previousChange > 0 && previousChange < block && (next.IsZero || previousChange < next))
            {
                next = previousChange;
            }

            if (decoded is not null)
            {
                events.Add(decoded);
            }
        }

        if (registryLogs == 0)
        {
            return ([], 0, null, new SdkError(EthrErrorCodes.HistoryInconsistent, $"No registry logs for the identity at block {block}, yet previousChange points there. The node may lack historical logs; use an archive node."));
        }

        return (events, (ulong)next, hash, null);
    }

    // Decodes a registry log of this identity. False for logs of other events or identities (ignored).
    // `decoded` is null for events ethr-did-resolver skips (a bytes32 name or type that is not UTF-8).
    private static bool TryDecode(EthereumLog log, EthereumAddress identity, out RegistryEvent? decoded, out BigInteger previousChange)
    {
        decoded = null;
        previousChange = BigInteger.Zero;
        DecodedEvent? ev = null;
        var kind = RegistryEventKind.OwnerChanged;
        foreach (var (candidate, k) in new[] { (OwnerChanged, RegistryEventKind.OwnerChanged), (DelegateChanged, RegistryEventKind.DelegateChanged), (AttributeChanged, RegistryEventKind.AttributeChanged) })
        {
            if (candidate.TryDecode(log.Topics, log.Data, out ev))
            {
                kind = k;
                break;
            }
        }

        if (ev is null || (EthereumAddress)ev.Values["identity"] != identity)
        {
            return false;
        }

        previousChange = (BigInteger)ev.Values["previousChange"];
        switch (kind)
        {
            case RegistryEventKind.OwnerChanged:
                decoded = new RegistryEvent(kind, log.BlockNumber, (EthereumAddress)ev.Values["owner"], null, default, [], BigInteger.Zero);
                break;
            case RegistryEventKind.DelegateChanged:
                if (Bytes32ToString((byte[])ev.Values["delegateType"]) is { } type)
                {
                    decoded = new RegistryEvent(kind, log.BlockNumber, default, type, (EthereumAddress)ev.Values["delegate"], [], (BigInteger)ev.Values["validTo"]);
                }

                break;
            default:
                if (Bytes32ToString((byte[])ev.Values["name"]) is { } name)
                {
                    decoded = new RegistryEvent(kind, log.BlockNumber, default, name, default, (byte[])ev.Values["value"], (BigInteger)ev.Values["validTo"]);
                }

                break;
        }

        return true;
    }

    // ethr-did-resolver bytes32toString: strict UTF-8 of all 32 bytes, then trailing NULs removed.
    internal static string? Bytes32ToString(byte[] bytes)
    {
        try
        {
            return StrictUtf8.GetString(bytes).TrimEnd('\0');
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    private static SdkError Inconsistent(string message) => new(EthrErrorCodes.HistoryInconsistent, message);

    private SdkError TooLarge() => new(EthrErrorCodes.HistoryTooLarge, $"The identity's history exceeds {_maxEvents} events.");
}
