// Several typed JSON-RPC reads in one round trip (JSON-RPC 2.0 batch), each parsed and checked as the
// single-request methods of EthereumClient parse and check it.
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Did.Sdk.Ethereum.Rpc;

/// <summary>The result of one request of an <see cref="EthereumBatch"/>, available after <see cref="EthereumBatch.SendAsync"/>.</summary>
/// <typeparam name="T">The parsed value.</typeparam>
public sealed class BatchItem<T>
    where T : notnull
{
    private Result<T>? _result;

    /// <summary>The parsed result; throws before the batch was sent.</summary>
    public Result<T> Result => _result ?? throw new InvalidOperationException("The batch has not been sent.");

    internal void Set(Result<T> result) => _result = result;
}

/// <summary>
/// Collects reads (<see cref="VerifyChainId"/>, <see cref="Block"/>, <see cref="Code"/>, <see cref="Call"/>,
/// <see cref="Logs"/>) and sends them as one JSON-RPC batch: one round trip. Each item gets its own
/// result, parsed and validated like the matching <see cref="EthereumClient"/> method; a transport
/// failure fails every item. Create with <see cref="EthereumClient.CreateBatch"/>; send once.
/// </summary>
public sealed class EthereumBatch
{
    private readonly EthereumClient _client;
    private readonly List<(RpcRequest Request, Action<Result<JsonElement>> Complete)> _items = [];
    private bool _sent;

    internal EthereumBatch(EthereumClient client) => _client = client;

    /// <summary>The number of requests collected.</summary>
    public int Count => _items.Count;

    /// <summary>
    /// <c>eth_chainId</c>, checked against <see cref="EthereumClientOptions.ChainId"/> (<c>chainIdMismatch</c>);
    /// nothing is sent when the client has already verified it. The item is true once verified.
    /// </summary>
    public BatchItem<bool> VerifyChainId()
    {
        var item = new BatchItem<bool>();
        if (_client.ChainIdVerifiedOrUnset)
        {
            item.Set(true);
            return item;
        }

        Add(RpcRequest.Create("eth_chainId"), r => item.Set(_client.CompleteChainIdCheck(r)));
        return item;
    }

    /// <summary><c>eth_chainId</c>: the node's chain id (whatever the client is configured for).</summary>
    public BatchItem<ulong> ChainId()
    {
        var item = new BatchItem<ulong>();
        Add(RpcRequest.Create("eth_chainId"), r => item.Set(EthereumClient.ToUInt64(r, "chain id")));
        return item;
    }

    /// <summary><c>eth_getBlockByNumber</c> without transactions; <c>rpcNotFound</c> for a missing block.</summary>
    public BatchItem<EthereumBlock> Block(BlockTag block)
    {
        var item = new BatchItem<EthereumBlock>();
        Add(RpcRequest.Create("eth_getBlockByNumber", block.ToString(), false), r => item.Set(EthereumClient.ParseBlock(r, block)));
        return item;
    }

    /// <summary><c>eth_getCode</c> at <paramref name="block"/>.</summary>
    public BatchItem<byte[]> Code(EthereumAddress address, BlockTag block)
    {
        var item = new BatchItem<byte[]>();
        Add(RpcRequest.Create("eth_getCode", address.ToLowerCaseString(), block.ToString()), r => item.Set(EthereumClient.ParseBytes(r, "code")));
        return item;
    }

    /// <summary><c>eth_call</c> of <paramref name="data"/> on <paramref name="to"/> at <paramref name="block"/>.</summary>
    public BatchItem<byte[]> Call(EthereumAddress to, ReadOnlyMemory<byte> data, BlockTag block)
    {
        var item = new BatchItem<byte[]>();
        var call = new JsonObject { ["to"] = to.ToLowerCaseString(), ["data"] = Hex.Encode(data.Span) };
        Add(RpcRequest.Create("eth_call", call, block.ToString()), r => item.Set(EthereumClient.ParseBytes(r, "call result")));
        return item;
    }

    /// <summary>
    /// <c>eth_call</c> at the block with <paramref name="blockHash"/> (EIP-1898 <c>{ blockHash, requireCanonical: true }</c>):
    /// the node answers from exactly that block or fails, so a reorg between choosing the block and
    /// reading it cannot go unnoticed.
    /// </summary>
    public BatchItem<byte[]> CallAtBlockHash(EthereumAddress to, ReadOnlyMemory<byte> data, string blockHash)
    {
        ArgumentException.ThrowIfNullOrEmpty(blockHash);
        var item = new BatchItem<byte[]>();
        var call = new JsonObject { ["to"] = to.ToLowerCaseString(), ["data"] = Hex.Encode(data.Span) };
        var block = new JsonObject { ["blockHash"] = blockHash, ["requireCanonical"] = true };
        Add(RpcRequest.Create("eth_call", call, block), r => item.Set(EthereumClient.ParseBytes(r, "call result")));
        return item;
    }

    /// <summary>
    /// One <c>eth_getLogs</c> over the whole range of <paramref name="filter"/>, without splitting: a node
    /// that refuses the range fails this item (use <see cref="EthereumClient.GetLogsAsync"/> then). Logs
    /// outside the filter are dropped; more than <see cref="EthereumClientOptions.MaxLogs"/> is <c>tooManyLogs</c>.
    /// </summary>
    public BatchItem<IReadOnlyList<EthereumLog>> Logs(LogFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var item = new BatchItem<IReadOnlyList<EthereumLog>>();
        Add(RpcRequest.Create("eth_getLogs", filter.ToJson(filter.FromBlock, filter.ToBlock)), r => item.Set(_client.ParseLogs(r, filter, filter.FromBlock, filter.ToBlock)));
        return item;
    }

    /// <summary>Sends every collected request in one batch (nothing when empty) and completes the items.</summary>
    /// <exception cref="InvalidOperationException">The batch was already sent.</exception>
    public async ValueTask SendAsync(CancellationToken cancellationToken = default)
    {
        if (_sent)
        {
            throw new InvalidOperationException("A batch is sent once.");
        }

        _sent = true;
        if (_items.Count == 0)
        {
            return;
        }

        if (_items.Count == 1)
        {
            var single = await _client.Rpc.SendAsync(_items[0].Request.Method, _items[0].Request.Parameters, cancellationToken).ConfigureAwait(false);
            _items[0].Complete(single);
            return;
        }

        var results = await _client.Rpc.SendBatchAsync(_items.Select(i => i.Request).ToArray(), cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < _items.Count; i++)
        {
            _items[i].Complete(results.Count == _items.Count
                ? results[i]
                : Result<JsonElement>.Failure(EthereumErrorCodes.RpcMalformedResponse, string.Create(CultureInfo.InvariantCulture, $"The batch answer has {results.Count} results for {_items.Count} requests.")));
        }
    }

    private void Add(RpcRequest request, Action<Result<JsonElement>> complete)
    {
        if (_sent)
        {
            throw new InvalidOperationException("The batch was already sent.");
        }

        _items.Add((request, complete));
    }
}
