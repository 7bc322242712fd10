// Token holdings at one block, read in one JSON-RPC round trip: Multicall3 aggregate3 (or a JSON-RPC
// batch where Multicall3 is not deployed) pinned with EIP-1898 { blockHash, requireCanonical }, together
// with the headers that show the block is still the chain's and how final it is.
using System.Numerics;
using Did.Sdk.Ethereum;
using Did.Sdk.Ethereum.Abi;
using Did.Sdk.Ethereum.Multicall;
using Did.Sdk.Ethereum.Rpc;

namespace Did.Sdk.SocialToken;

/// <summary>
/// Reads token holdings (ERC-20, ERC-721, ERC-1155, ERC20Votes, ERC-5192, Ownable) of any contract at one
/// block. A pinned block, or the safe or finalized block, costs one JSON-RPC round trip; the latest block one
/// more (it is chosen first, then read by hash, since it can be replaced at its height).
/// Works against any node that serves EIP-1898 block-hash calls (geth, op-geth, nitro, hardhat, anvil,
/// the devnet). Never throws on remote failures.
/// </summary>
public sealed class TokenEvidenceReader
{
    private readonly EthereumClient _client;
    private readonly TokenEvidenceOptions _options;
    private int _multicall; // 0 unknown, 1 deployed, -1 not deployed
    private ulong _chainId;

    /// <summary>Creates a reader over <paramref name="client"/> (its chain id is checked once).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The options are out of range.</exception>
    public TokenEvidenceReader(EthereumClient client, TokenEvidenceOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
        _options = options ?? new TokenEvidenceOptions();
        _options.Validate();
        if (!_options.UseMulticall3)
        {
            _multicall = -1;
        }
    }

    /// <summary>
    /// Reads <paramref name="queries"/> at <paramref name="block"/>. Fails with <c>evidenceBlockReorged</c>
    /// when a pinned block is no longer the chain's, <c>chainIdMismatch</c> and the transport codes; a read
    /// that reverts is a <see cref="TokenReading"/> with its error, not a failure of the whole read. A pinned
    /// block that has not reached its required finality gives <see cref="EvidenceStatus.Pending"/>.
    /// </summary>
    /// <exception cref="ArgumentException">No queries, or more than the configured bound.</exception>
    public async ValueTask<Result<TokenEvidence>> ReadAsync(IReadOnlyList<TokenQuery> queries, EvidenceBlock block, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(queries);
        ArgumentNullException.ThrowIfNull(block);
        if (queries.Count == 0 || queries.Count > _options.MaxQueries)
        {
            throw new ArgumentException($"A read has 1 to {_options.MaxQueries} queries.", nameof(queries));
        }

        ulong number;
        string hash;
        if (block.Tag is { } direct and not Finality.Latest && Volatile.Read(ref _multicall) >= 0)
        {
            // One round trip: the block the tag names and the reads at that tag, checked to be the same block
            // (same number; a safe or finalized block is not replaced at its height, by definition). The latest
            // block can be replaced at the same height between two requests, so it is chosen first and read by hash.
            var (evidence, header) = await ReadAtTagAsync(queries, direct, cancellationToken).ConfigureAwait(false);
            if (evidence is not null)
            {
                return evidence;
            }

            // The tag moved between the header and the call, or Multicall3 is not there: read at the header's block.
            return await ReadPinnedAsync(queries, header!.Number, header.Hash, direct, cancellationToken).ConfigureAwait(false);
        }

        if (block.Tag is { } tag)
        {
            // One round trip to choose the block (and learn whether Multicall3 is there).
            var choose = _client.CreateBatch();
            var chain = choose.VerifyChainId();
            var head = choose.Block(BlockTag.Of(tag));
            var code = Volatile.Read(ref _multicall) == 0 ? choose.Code(Multicall3.Address, BlockTag.Of(tag)) : null;
            await choose.SendAsync(cancellationToken).ConfigureAwait(false);
            if (!chain.Result.Succeeded)
            {
                return chain.Result.Error;
            }

            if (!head.Result.Succeeded)
            {
                return head.Result.Error;
            }

            if (code is not null && code.Result.Succeeded)
            {
                Volatile.Write(ref _multicall, code.Result.Value.Length > 0 ? 1 : -1);
            }

            (number, hash) = (head.Result.Value.Number, head.Result.Value.Hash);
        }
        else
        {
            (number, hash) = (block.Number!.Value, block.Hash!);
        }

        return await ReadPinnedAsync(queries, number, hash, block.RequiredFinality ?? block.Tag, cancellationToken).ConfigureAwait(false);
    }

    // The reads at a tag, in the batch that asks for the tag's header: Multicall3 also answers the number of the
    // block it ran at (getBlockNumber), so the readings are known to be the header's block. A mismatch (the tag
    // moved between the two requests) or a missing Multicall3 returns the header for a pinned read instead.
    private async ValueTask<(Result<TokenEvidence>? Evidence, EthereumBlock? Header)> ReadAtTagAsync(IReadOnlyList<TokenQuery> queries, Finality tag, CancellationToken cancellationToken)
    {
        var batch = _client.CreateBatch();
        var chain = batch.VerifyChainId();
        var chainIdItem = Volatile.Read(ref _chainId) == 0 ? batch.ChainId() : null;
        var head = batch.Block(BlockTag.Of(tag));
        var safe = batch.Block(BlockTag.Safe);
        var finalized = batch.Block(BlockTag.Finalized);
        var latest = batch.Block(BlockTag.Latest);
        var code = Volatile.Read(ref _multicall) == 0 ? batch.Code(Multicall3.Address, BlockTag.Of(tag)) : null;
        var calls = queries.Select(q => new Multicall3Call(q.Contract, q.EncodeCall())).Append(new Multicall3Call(Multicall3.Address, GetBlockNumberCall)).ToArray();
        var aggregate = batch.Call(Multicall3.Address, Multicall3.EncodeAggregate3(calls), BlockTag.Of(tag));
        await batch.SendAsync(cancellationToken).ConfigureAwait(false);
        if (!chain.Result.Succeeded)
        {
            return (chain.Result.Error, null);
        }

        if (chainIdItem is not null)
        {
            if (!chainIdItem.Result.Succeeded)
            {
                return (chainIdItem.Result.Error, null);
            }

            Volatile.Write(ref _chainId, chainIdItem.Result.Value);
        }

        if (!head.Result.Succeeded)
        {
            return (head.Result.Error, null);
        }

        var header = head.Result.Value;
        if (code is not null && code.Result.Succeeded)
        {
            Volatile.Write(ref _multicall, code.Result.Value.Length > 0 ? 1 : -1);
        }

        if (Volatile.Read(ref _multicall) < 0 || !aggregate.Result.Succeeded)
        {
            return (null, header);
        }

        var decoded = Multicall3.DecodeAggregate3(aggregate.Result.Value, calls.Length);
        if (!decoded.Succeeded || !decoded.Value[^1].Success
            || !AbiCodec.DecodeSingle(AbiType.Uint256, decoded.Value[^1].ReturnData.Span).TryGetValue(out var ranAt) || (BigInteger)ranAt != header.Number)
        {
            return (null, header);
        }

        var reached = finalized.Result.Succeeded && finalized.Result.Value.Number >= header.Number ? Finality.Finalized
            : safe.Result.Succeeded && safe.Result.Value.Number >= header.Number ? Finality.Safe
            : Finality.Latest;
        return (new TokenEvidence
        {
            ChainId = Volatile.Read(ref _chainId),
            BlockNumber = header.Number,
            BlockHash = header.Hash,
            BlockTime = header.Time,
            Finality = reached < tag ? tag : reached,
            HeadBlockNumber = latest.Result.Succeeded ? latest.Result.Value.Number : null,
            Status = EvidenceStatus.Final,
            Readings = queries.Select((q, i) => Decode(q, (decoded.Value[i].Success, decoded.Value[i].ReturnData.ToArray(), null))).ToArray(),
            Method = "multicall3",
        }, null);
    }

    private static readonly byte[] GetBlockNumberCall = AbiCodec.EncodeCall("getBlockNumber()");

    private async ValueTask<Result<TokenEvidence>> ReadPinnedAsync(IReadOnlyList<TokenQuery> queries, ulong number, string hash, Finality? required, CancellationToken cancellationToken)
    {
        bool multicall = Volatile.Read(ref _multicall) >= 0;
        var batch = _client.CreateBatch();
        var chain = batch.VerifyChainId();
        var chainIdItem = Volatile.Read(ref _chainId) == 0 ? batch.ChainId() : null;
        var pinned = batch.Block(BlockTag.AtNumber(number));
        var safe = batch.Block(BlockTag.Safe);
        var finalized = batch.Block(BlockTag.Finalized);
        var latest = batch.Block(BlockTag.Latest);
        var code = Volatile.Read(ref _multicall) == 0 ? batch.Code(Multicall3.Address, BlockTag.AtNumber(number)) : null;
        BatchItem<byte[]>? aggregate = null;
        BatchItem<byte[]>[]? singles = null;
        if (multicall)
        {
            var calls = queries.Select(q => new Multicall3Call(q.Contract, q.EncodeCall())).ToArray();
            aggregate = batch.CallAtBlockHash(Multicall3.Address, Multicall3.EncodeAggregate3(calls), hash);
        }
        else
        {
            singles = queries.Select(q => batch.CallAtBlockHash(q.Contract, q.EncodeCall(), hash)).ToArray();
        }

        await batch.SendAsync(cancellationToken).ConfigureAwait(false);
        if (!chain.Result.Succeeded)
        {
            return chain.Result.Error;
        }

        if (chainIdItem is not null)
        {
            if (!chainIdItem.Result.Succeeded)
            {
                return chainIdItem.Result.Error;
            }

            Volatile.Write(ref _chainId, chainIdItem.Result.Value);
        }

        ulong chainId = Volatile.Read(ref _chainId);
        if (!pinned.Result.Succeeded)
        {
            return pinned.Result.Error.Code == EthereumErrorCodes.RpcNotFound
                ? Reorged(number, hash)
                : pinned.Result.Error;
        }

        if (!string.Equals(pinned.Result.Value.Hash, hash, StringComparison.OrdinalIgnoreCase))
        {
            return Reorged(number, hash);
        }

        if (code is not null && code.Result.Succeeded)
        {
            Volatile.Write(ref _multicall, code.Result.Value.Length > 0 ? 1 : -1);
            if (code.Result.Value.Length == 0)
            {
                // Multicall3 is not deployed here (or not yet at this block): read again, one call each.
                return await ReadPinnedAsync(queries, number, hash, required, cancellationToken).ConfigureAwait(false);
            }
        }

        var reached = finalized.Result.Succeeded && finalized.Result.Value.Number >= number ? Finality.Finalized
            : safe.Result.Succeeded && safe.Result.Value.Number >= number ? Finality.Safe
            : Finality.Latest;
        var evidence = new TokenEvidence
        {
            ChainId = chainId,
            BlockNumber = number,
            BlockHash = pinned.Result.Value.Hash,
            BlockTime = pinned.Result.Value.Time,
            Finality = reached,
            HeadBlockNumber = latest.Result.Succeeded ? latest.Result.Value.Number : null,
            Status = required is { } r && reached < r ? EvidenceStatus.Pending : EvidenceStatus.Final,
            Readings = [],
            Method = multicall ? "multicall3" : "batch",
        };
        if (evidence.Status == EvidenceStatus.Pending)
        {
            return evidence;
        }

        var answers = new (bool Success, byte[] Data, SdkError? Transport)[queries.Count];
        if (aggregate is not null)
        {
            if (!aggregate.Result.Succeeded)
            {
                return IsNotCanonical(aggregate.Result.Error) ? Reorged(number, hash) : aggregate.Result.Error;
            }

            var decoded = Multicall3.DecodeAggregate3(aggregate.Result.Value, queries.Count);
            if (!decoded.Succeeded)
            {
                return decoded.Error;
            }

            for (int i = 0; i < answers.Length; i++)
            {
                answers[i] = (decoded.Value[i].Success, decoded.Value[i].ReturnData.ToArray(), null);
            }
        }
        else
        {
            for (int i = 0; i < answers.Length; i++)
            {
                var result = singles![i].Result;
                if (!result.Succeeded && IsNotCanonical(result.Error))
                {
                    return Reorged(number, hash);
                }

                answers[i] = result.Succeeded ? (true, result.Value, null)
                    : IsRevert(result.Error) ? (false, [], null)
                    : (false, [], result.Error);
            }
        }

        return evidence with { Readings = queries.Select((q, i) => Decode(q, answers[i])).ToArray() };
    }

    private static TokenReading Decode(TokenQuery query, (bool Success, byte[] Data, SdkError? Transport) answer)
    {
        if (answer.Transport is not null)
        {
            return new TokenReading(query, null, null, null, answer.Transport);
        }

        if (!answer.Success)
        {
            return new TokenReading(query, null, null, null, new SdkError(SocialTokenErrorCodes.TokenReadFailed, $"{query.Kind} on {query.Contract} reverted."));
        }

        var value = AbiCodec.DecodeSingle(query.ResultType, answer.Data);
        if (!value.Succeeded || answer.Data.Length != 32)
        {
            return new TokenReading(query, null, null, null, new SdkError(SocialTokenErrorCodes.TokenReadFailed, $"{query.Kind} on {query.Contract} did not answer one {query.ResultType.Name}: is it the standard it was said to be?"));
        }

        return value.Value switch
        {
            BigInteger amount => new TokenReading(query, amount, null, null, null),
            EthereumAddress address => new TokenReading(query, null, address, null, null),
            bool flag => new TokenReading(query, null, null, flag, null),
            _ => new TokenReading(query, null, null, null, new SdkError(SocialTokenErrorCodes.TokenReadFailed, "Unexpected answer type.")),
        };
    }

    // geth and its forks answer a revert with code 3 when there is revert data and -32000 "execution
    // reverted" when there is none.
    private static bool IsRevert(SdkError error)
        => error.Code == EthereumErrorCodes.RpcError && (RpcErrors.GetRpcCode(error) == 3 || error.Message.Contains("execution reverted", StringComparison.OrdinalIgnoreCase));

    // EIP-1898: a node asked for a block hash that is no longer canonical answers with an error.
    private static bool IsNotCanonical(SdkError error)
        => error.Code == EthereumErrorCodes.RpcError && RpcErrors.GetRpcCode(error) is -32000 or -32001 && error.Message.Contains("canonical", StringComparison.OrdinalIgnoreCase);

    private static Result<TokenEvidence> Reorged(ulong number, string hash)
        => Result<TokenEvidence>.Failure(SocialTokenErrorCodes.EvidenceBlockReorged, $"Block {number} ({hash}) is no longer on the chain: a reorg replaced it.");
}
