// did:ethr method specification §"Read (Resolve)", "Versioning" (versionId = block number, versionTime),
// "Deactivate"; W3C DID Resolution metadata; ethr-did-resolver 11.1.3 (src/resolver.ts) for the exact
// document shape and error names. Rollup finality: every read is pinned to one block chosen by tag.
using System.Globalization;
using System.Numerics;
using System.Text.Json;
using Did.Sdk.Ethereum;
using Did.Sdk.Ethereum.Abi;
using Did.Sdk.Ethereum.Rpc;

namespace Did.Sdk.Ethr;

/// <summary>
/// Resolves <c>did:ethr[:&lt;network&gt;]:&lt;address | compressed public key&gt;</c> from the ERC-1056 registry
/// over JSON-RPC. Every read of one resolution is pinned to a single block chosen by
/// <see cref="DidResolutionOptions.Finality"/> (or the <c>blockTag</c> extension option: <c>latest</c>,
/// <c>safe</c>, <c>finalized</c>); the block's number,
/// hash and tag are reported in <c>didResolutionMetadata</c> (<c>blockNumber</c>, <c>blockHash</c>,
/// <c>blockTag</c>, <c>chainId</c>).
/// </summary>
/// <remarks>
/// Failure codes: <c>invalidDid</c>, <c>unknownNetwork</c>, <c>invalidOptions</c>,
/// <c>representationNotSupported</c>, <c>notFound</c> (a <c>versionId</c> past the pinned block),
/// <c>registryNotFound</c>, <c>historyTooLarge</c>, <c>historyInconsistent</c>, <c>chainIdMismatch</c>
/// and the transport codes <c>rpcError</c>, <c>rpcTimeout</c>, <c>rpcUnavailable</c>,
/// <c>rpcMalformedResponse</c>, <c>rpcResponseTooLarge</c>.
/// </remarks>
public sealed class EthrDidResolver : IDidMethodResolver, IDisposable
{
    /// <summary>The resolution option (in <see cref="DidResolutionOptions.Extensions"/>) that selects the block tag.</summary>
    public const string BlockTagOption = "blockTag";

    private static readonly string[] MethodNames = ["ethr"];
    private readonly Dictionary<string, (EthrNetwork Network, EthrRegistryHistory History)> _networks = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly string _defaultTag;

    // Created here (no factory given) and so owned here; a factory's clients are the factory's.
    private readonly HttpClient? _ownedClient;

    /// <summary>Creates the resolver.</summary>
    /// <param name="options">The networks and bounds; validated here.</param>
    /// <param name="httpClientFactory">The factory for networks configured by <see cref="EthrNetworkOptions.RpcUrl"/>; when null one shared <see cref="HttpClient"/> is created.</param>
    /// <param name="timeProvider">The clock (delegate expiry for the latest version); <see cref="TimeProvider.System"/> when null.</param>
    /// <exception cref="ArgumentException">The options are invalid or two networks share a name or chain id.</exception>
    public EthrDidResolver(EthrDidResolverOptions options, IHttpClientFactory? httpClientFactory = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _time = timeProvider ?? TimeProvider.System;
        _defaultTag = options.DefaultBlockTag;
        HttpClient? shared = null;
        foreach (var config in options.Networks)
        {
            var known = EthrKnownNetworks.ForOptions(config);
            var chainId = config.ChainId ?? known!.ChainId;
            var name = config.Name ?? known?.Name;
            var rpc = config.Rpc;
            if (rpc is null)
            {
                var rpcOptions = new HttpEthereumRpcOptions
                {
                    Endpoint = config.RpcUrl,
                    HttpClientName = options.HttpClientName,
                    Timeout = options.RpcTimeout,
                    MaxRetries = options.RpcMaxRetries,
                };
                rpc = httpClientFactory is not null
                    ? new HttpEthereumRpc(httpClientFactory, rpcOptions, _time)
                    : new HttpEthereumRpc(shared ??= new HttpClient(), rpcOptions, _time);
                _ownedClient = shared;
            }

            var client = new EthereumClient(rpc, new EthereumClientOptions { ChainId = chainId });
            var registry = EthereumAddress.Parse(config.RegistryAddress ?? known!.RegistryAddress).ThrowIfFailed();
            var network = new EthrNetwork(name, chainId, registry, config.DeploymentBlock ?? known?.DeploymentBlock, client);
            var entry = (network, new EthrRegistryHistory(network, options.MaxEventsPerResolution, options.MaxCachedHistories, options.MaxLogQueryRange));
            if ((name is not null && !_networks.TryAdd(name, entry)) || !_networks.TryAdd(network.HexChainId, entry))
            {
                throw new ArgumentException($"Two networks share the name '{name}' or chain id {chainId}.", nameof(options));
            }
        }
    }

    /// <inheritdoc />
    public IReadOnlyCollection<string> Methods => MethodNames;

    /// <summary>Disposes the <see cref="HttpClient"/> the resolver created when no factory was given.</summary>
    public void Dispose() => _ownedClient?.Dispose();

    /// <inheritdoc />
    public async ValueTask<DidResolutionResult> ResolveAsync(Did did, DidResolutionOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(did);
        options ??= DidResolutionOptions.Default;
        if (did.Method != "ethr")
        {
            return DidResolutionResult.Failure(DidResolutionErrors.MethodNotSupported, $"{did.Method} is not the ethr method.");
        }

        if (options.Accept is not (null or MediaTypes.DidJson or MediaTypes.DidLdJson))
        {
            return DidResolutionResult.Failure(DidResolutionErrors.RepresentationNotSupported, $"The DID resolver does not support the requested 'accept' format: {options.Accept}");
        }

        var parsed = EthrDid.Parse(did.MethodSpecificId);
        if (!parsed.Succeeded)
        {
            return DidResolutionResult.Failure(parsed.Error);
        }

        var networkId = parsed.Value.Network ?? "mainnet";
        if (!_networks.TryGetValue(networkId, out var entry)
            && !(networkId.StartsWith("0x", StringComparison.OrdinalIgnoreCase) && _networks.TryGetValue(networkId.ToLowerInvariant(), out entry)))
        {
            return DidResolutionResult.Failure(EthrErrorCodes.UnknownNetwork, $"The DID resolver does not have a configuration for network: {networkId}");
        }

        var request = ParseOptions(options);
        if (!request.Succeeded)
        {
            return DidResolutionResult.Failure(request.Error);
        }

        var result = await ResolveCoreAsync(did.ToString(), parsed.Value, entry.Network, entry.History, request.Value, options.Accept, cancellationToken).ConfigureAwait(false);
        return result.Succeeded ? result.Value : DidResolutionResult.Failure(result.Error);
    }

    private Result<ResolutionRequest> ParseOptions(DidResolutionOptions options)
    {
        if (options.VersionId is not null && options.VersionTime is not null)
        {
            return InvalidOptions("Conflicting options: versionId and versionTime cannot both be set.");
        }

        ulong? versionId = null;
        if (options.VersionId is { } text)
        {
            if (text.Length is 0 or > 20 || !text.All(char.IsAsciiDigit) || !ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                return InvalidOptions("versionId must be a decimal block number.");
            }

            versionId = number;
        }

        var tagName = options.Finality switch
        {
            Finality.Latest => "latest",
            Finality.Safe => "safe",
            Finality.Finalized => "finalized",
            _ => _defaultTag,
        };
        if (options.Extensions?.TryGetValue(BlockTagOption, out var requested) == true)
        {
            if (requested is not ("latest" or "safe" or "finalized"))
            {
                return InvalidOptions("blockTag must be latest, safe or finalized.");
            }

            if (options.Finality is not null && requested != tagName)
            {
                return InvalidOptions("Conflicting options: the blockTag extension and Finality name different tags.");
            }

            tagName = requested;
        }

        var tag = tagName switch { "safe" => BlockTag.Safe, "finalized" => BlockTag.Finalized, _ => BlockTag.Latest };
        return new ResolutionRequest(tag, versionId, options.VersionTime);
    }

    private async ValueTask<Result<DidResolutionResult>> ResolveCoreAsync(string did, EthrDid id, EthrNetwork network, EthrRegistryHistory registry, ResolutionRequest request, string? accept, CancellationToken cancellationToken)
    {
        var client = network.Client;
        var read = await TryWarmStateAsync(id, network, registry, request, cancellationToken).ConfigureAwait(false)
            ?? await ReadStateAsync(id, network, registry, request, cancellationToken).ConfigureAwait(false);
        if (!read.Succeeded)
        {
            return read.Error;
        }

        var (head, changedValue, owner, blocks, prefetchedLogs, wideQueryTried) = read.Value;
        var history = await registry.ReadAsync(id.Address, head.Number, changedValue, blocks, cancellationToken, prefetchedLogs, wideQueryTried).ConfigureAwait(false);
        if (!history.Succeeded)
        {
            return history.Error;
        }

        if (!OwnerAgrees(id.Address, owner, history.Value))
        {
            return new SdkError(EthrErrorCodes.HistoryInconsistent, "The owner implied by the registry events disagrees with identityOwner at the resolved block.");
        }

        // Round trip 3: every block header the document's metadata and version selection can need.
        await FetchHeadersAsync(client, blocks, HeadersNeeded(history.Value.Events, request), cancellationToken).ConfigureAwait(false);

        ulong? height = null;
        BigInteger now;
        if (request.VersionId is { } versionId)
        {
            if (versionId > head.Number)
            {
                return new SdkError(DidResolutionErrors.NotFound, $"versionId {versionId} is after the resolved block {head.Number} ({request.Tag}).");
            }

            var block = await GetBlockAsync(client, blocks, versionId, cancellationToken).ConfigureAwait(false);
            if (!block.Succeeded)
            {
                return block.Error;
            }

            height = versionId;
            now = block.Value.Timestamp;
        }
        else if (request.VersionTime is { } versionTime)
        {
            now = versionTime.ToUnixTimeSeconds();
            height = 0;
            foreach (var number in history.Value.Events.Select(e => e.BlockNumber).Distinct())
            {
                var block = await GetBlockAsync(client, blocks, number, cancellationToken).ConfigureAwait(false);
                if (!block.Succeeded)
                {
                    return block.Error;
                }

                if (block.Value.Timestamp <= now && number > height)
                {
                    height = number;
                }
            }
        }
        else
        {
            now = _time.GetUtcNow().ToUnixTimeSeconds();
        }

        var state = EthrDocumentBuilder.Build(did, id, network.ChainId, history.Value.Events, height, now, accept is null or MediaTypes.DidLdJson);
        DateTimeOffset? updated = null;
        DateTimeOffset? nextUpdate = null;
        if (state.VersionId != 0)
        {
            var block = await GetBlockAsync(client, blocks, state.VersionId, cancellationToken).ConfigureAwait(false);
            if (!block.Succeeded)
            {
                return block.Error;
            }

            updated = block.Value.Time;
        }

        if (state.NextVersionId is { } next)
        {
            var block = await GetBlockAsync(client, blocks, next, cancellationToken).ConfigureAwait(false);
            if (!block.Succeeded)
            {
                return block.Error;
            }

            nextUpdate = block.Value.Time;
        }

        var metadata = new DidDocumentMetadata
        {
            Deactivated = state.Deactivated ? true : null,
            VersionId = state.VersionId != 0 ? state.VersionId.ToString(CultureInfo.InvariantCulture) : null,
            Updated = updated,
            NextVersionId = state.NextVersionId?.ToString(CultureInfo.InvariantCulture),
            NextUpdate = nextUpdate,
        };
        var resolution = new Dictionary<string, JsonElement>(StringComparer.Ordinal)
        {
            ["blockTag"] = JsonSerializer.SerializeToElement(request.Tag.Tag!, EthrJsonContext.Default.String),
            ["blockNumber"] = JsonSerializer.SerializeToElement(head.Number, EthrJsonContext.Default.UInt64),
            ["blockHash"] = JsonSerializer.SerializeToElement(head.Hash, EthrJsonContext.Default.String),
            ["chainId"] = JsonSerializer.SerializeToElement(network.ChainId, EthrJsonContext.Default.UInt64),
        };
        return DidResolutionResult.Success(state.Document, metadata, accept ?? MediaTypes.DidLdJson, resolution);
    }

    private sealed record ChainState(EthereumBlock Head, ulong Changed, EthereumAddress Owner, Dictionary<ulong, EthereumBlock> Blocks, IReadOnlyList<EthereumLog>? Logs, bool WideQueryTried);

    // The cold path, in two round trips: (1) the block the tag names, with the chain id and the
    // registry's code the first time; (2) pinned to that block, both registry reads, the identity's
    // logs the walk may need and the cached history's top header (the reorg check).
    private static async ValueTask<Result<ChainState>> ReadStateAsync(EthrDid id, EthrNetwork network, EthrRegistryHistory registry, ResolutionRequest request, CancellationToken cancellationToken)
    {
        var client = network.Client;

        // Round trip 1: the block the tag names, with the chain id and the registry's code the first time.
        var first = client.CreateBatch();
        var chain = first.VerifyChainId();
        var pinned = first.Block(request.Tag);
        var code = Volatile.Read(ref network.RegistryVerified) == 0 ? first.Code(network.Registry, request.Tag) : null;
        await first.SendAsync(cancellationToken).ConfigureAwait(false);
        if (!chain.Result.Succeeded)
        {
            return chain.Result.Error!;
        }

        if (!pinned.Result.Succeeded)
        {
            return pinned.Result.Error;
        }

        var head = pinned.Result.Value;
        var at = BlockTag.AtNumber(head.Number);
        if (code is not null)
        {
            if (!code.Result.Succeeded)
            {
                return code.Result.Error;
            }

            if (code.Result.Value.Length == 0)
            {
                return new SdkError(EthrErrorCodes.RegistryNotFound, $"No contract code at the registry address {network.Registry} on chain {network.ChainId} at block {head.Number}.");
            }

            Volatile.Write(ref network.RegistryVerified, 1);
        }

        // Round trip 2, pinned to that block: both registry reads, the identity's logs the walk may need,
        // and the header of the cached history's top block (the reorg check).
        var (cachedTop, logFilter) = registry.Prefetch(id.Address, head.Number);
        var second = client.CreateBatch();
        var changedCall = second.Call(network.Registry, AbiCodec.EncodeCall("changed(address)", id.Address), at);
        var ownerCall = second.Call(network.Registry, AbiCodec.EncodeCall("identityOwner(address)", id.Address), at);
        var logs = logFilter is not null ? second.Logs(logFilter) : null;
        var cachedTopHeader = cachedTop is { } topNumber && topNumber != head.Number ? second.Block(BlockTag.AtNumber(topNumber)) : null;
        await second.SendAsync(cancellationToken).ConfigureAwait(false);
        foreach (var call in new[] { changedCall, ownerCall })
        {
            if (!call.Result.Succeeded)
            {
                return call.Result.Error;
            }
        }

        var changed = AbiCodec.DecodeSingle(AbiType.Uint256, changedCall.Result.Value);
        var owner = AbiCodec.DecodeSingle(AbiType.Address, ownerCall.Result.Value);
        if (!changed.Succeeded || !owner.Succeeded || (BigInteger)changed.Value > ulong.MaxValue)
        {
            return new SdkError(EthereumErrorCodes.RpcMalformedResponse, "changed or identityOwner returned malformed data.");
        }

        var blocks = new Dictionary<ulong, EthereumBlock> { [head.Number] = head };
        if (cachedTopHeader is { Result.Succeeded: true })
        {
            blocks[cachedTopHeader.Result.Value.Number] = cachedTopHeader.Result.Value;
        }

        // A refused or failed log query is not an error here: the walk then reads what it needs itself.
        var prefetchedLogs = logs is { Result.Succeeded: true } ? logs.Result.Value : null;
        return new ChainState(head, (ulong)(BigInteger)changed.Value, (EthereumAddress)owner.Value, blocks, prefetchedLogs, logs is not null);
    }

    // The warm path, in one round trip, once the chain id and the registry are verified: the tag's
    // block, both registry reads at the tag, and the cached history's top header. It stands only when
    // changed(identity) still points at the cached top (or is 0 for an identity without events) and that
    // block still has the cached hash: then no event was added between the tag's block and the calls,
    // and the cached history is the document's. Anything else (a change, a reorg, an error) falls back
    // to the pinned cold path. Historical requests always take the cold path.
    private static async ValueTask<Result<ChainState>?> TryWarmStateAsync(EthrDid id, EthrNetwork network, EthrRegistryHistory registry, ResolutionRequest request, CancellationToken cancellationToken)
    {
        var client = network.Client;
        if (request.VersionId is not null || request.VersionTime is not null || Volatile.Read(ref network.RegistryVerified) == 0)
        {
            return null;
        }

        // Without a cached history the expectation is "no events yet" (changed = 0).
        var cached = registry.PeekCachedTop(id.Address);
        var batch = client.CreateBatch();
        var chain = batch.VerifyChainId();
        var pinned = batch.Block(request.Tag);
        var changedCall = batch.Call(network.Registry, AbiCodec.EncodeCall("changed(address)", id.Address), request.Tag);
        var ownerCall = batch.Call(network.Registry, AbiCodec.EncodeCall("identityOwner(address)", id.Address), request.Tag);
        var topHeader = cached is { } top ? batch.Block(BlockTag.AtNumber(top.Block)) : null;
        await batch.SendAsync(cancellationToken).ConfigureAwait(false);
        if (!chain.Result.Succeeded)
        {
            return chain.Result.Error!;
        }

        if (!pinned.Result.Succeeded || !changedCall.Result.Succeeded || !ownerCall.Result.Succeeded || topHeader is { Result.Succeeded: false })
        {
            return null;
        }

        var changed = AbiCodec.DecodeSingle(AbiType.Uint256, changedCall.Result.Value);
        var owner = AbiCodec.DecodeSingle(AbiType.Address, ownerCall.Result.Value);
        var head = pinned.Result.Value;
        var expectedTop = cached?.Block ?? 0;
        if (!changed.Succeeded || !owner.Succeeded || (BigInteger)changed.Value != expectedTop || expectedTop > head.Number
            || (topHeader is not null && topHeader.Result.Value!.Hash != cached!.Value.Hash))
        {
            return null;
        }

        var blocks = new Dictionary<ulong, EthereumBlock> { [head.Number] = head };
        if (topHeader is not null)
        {
            blocks[expectedTop] = topHeader.Result.Value!;
        }

        return new ChainState(head, expectedTop, (EthereumAddress)owner.Value, blocks, null, true);
    }

    // identityOwner(identity) at the pinned block must agree with the owner the history implies
    // (the registry reports the identity itself once the owner is set to 0x0).
    private static bool OwnerAgrees(EthereumAddress identity, EthereumAddress reported, RegistryHistory history)
    {
        var implied = identity;
        foreach (var ev in history.Events)
        {
            if (ev.Kind == RegistryEventKind.OwnerChanged)
            {
                implied = ev.Owner == EthereumAddress.Zero ? identity : ev.Owner;
            }
        }

        return reported == implied;
    }

    // The headers a resolution reads after the history: for latest, the last event's block (updated);
    // for a versionId, that block and the last event at or before it and the first after it; for a
    // versionTime, every event block (the version is chosen by timestamp).
    private static List<ulong> HeadersNeeded(IReadOnlyList<RegistryEvent> events, ResolutionRequest request)
    {
        var numbers = events.Select(e => e.BlockNumber).Distinct().ToList();
        if (request.VersionTime is not null)
        {
            return numbers;
        }

        if (request.VersionId is { } v)
        {
            var needed = new List<ulong> { v };
            needed.AddRange(numbers.Where(n => n <= v).OrderDescending().Take(1));
            needed.AddRange(numbers.Where(n => n > v).Order().Take(1));
            return needed;
        }

        return numbers.Count > 0 ? [numbers.Max()] : [];
    }

    // One batch for the headers not known yet. Failures are not reported here: the reads that need a
    // header fetch it again and report the error in context.
    private static async ValueTask FetchHeadersAsync(EthereumClient client, Dictionary<ulong, EthereumBlock> blocks, List<ulong> numbers, CancellationToken cancellationToken)
    {
        var batch = client.CreateBatch();
        var items = numbers.Where(n => n != 0 && !blocks.ContainsKey(n)).Distinct().Select(n => batch.Block(BlockTag.AtNumber(n))).ToList();
        await batch.SendAsync(cancellationToken).ConfigureAwait(false);
        foreach (var item in items)
        {
            if (item.Result.Succeeded)
            {
                blocks[item.Result.Value.Number] = item.Result.Value;
            }
        }
    }

    private static async ValueTask<Result<EthereumBlock>> GetBlockAsync(EthereumClient client, Dictionary<ulong, EthereumBlock> blocks, ulong number, CancellationToken cancellationToken)
    {
        if (blocks.TryGetValue(number, out var known))
        {
            return known;
        }

        var block = await client.GetBlockAsync(BlockTag.AtNumber(number), cancellationToken).ConfigureAwait(false);
        if (block.Succeeded)
        {
            blocks[number] = block.Value;
        }

        return block;
    }

    private static Result<ResolutionRequest> InvalidOptions(string message) => Result<ResolutionRequest>.Failure(DidResolutionErrors.InvalidOptions, message);

    private sealed record ResolutionRequest(BlockTag Tag, ulong? VersionId, DateTimeOffset? VersionTime);
}
