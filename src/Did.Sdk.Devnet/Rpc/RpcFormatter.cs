// JSON-RPC result objects as geth writes them (execution-apis schemas: Block, TransactionInfo,
// ReceiptInfo, Log): quantities without leading zeros, data as 0x-hex, addresses in lower case.
using System.Numerics;
using System.Text.Json.Nodes;
using Did.Sdk.Devnet.Chain;
using Did.Sdk.Ethereum;
using Did.Sdk.Ethereum.Rpc;
using Did.Sdk.Ethereum.Transactions;

namespace Did.Sdk.Devnet.Rpc;

internal static class RpcFormatter
{
    public static JsonObject Block(Block block, bool fullTransactions, bool prague)
    {
        var transactions = new JsonArray();
        for (var i = 0; i < block.Transactions.Count; i++)
        {
            transactions.Add(fullTransactions ? Transaction(block.Transactions[i], block, i) : (JsonNode)block.Transactions[i].HashHex);
        }

        var json = new JsonObject
        {
            ["number"] = Quantity.Format(block.Number),
            ["hash"] = block.HashHex,
            ["parentHash"] = Hex.Encode(block.ParentHash),
            ["nonce"] = "0x0000000000000000",
            ["sha3Uncles"] = Hex.Encode(BlockEncoding.EmptyUnclesHash),
            ["logsBloom"] = Hex.Encode(block.LogsBloom),
            ["transactionsRoot"] = Hex.Encode(block.TransactionsRoot),
            ["stateRoot"] = Hex.Encode(block.StateRoot),
            ["receiptsRoot"] = Hex.Encode(block.ReceiptsRoot),
            ["miner"] = block.Miner,
            ["difficulty"] = "0x0",
            ["totalDifficulty"] = "0x0",
            ["extraData"] = Hex.Encode(block.ExtraData),
            ["size"] = Quantity.Format((ulong)block.Size),
            ["gasLimit"] = Quantity.Format(block.GasLimit),
            ["gasUsed"] = Quantity.Format(block.GasUsed),
            ["timestamp"] = Quantity.Format(block.Timestamp),
            ["transactions"] = transactions,
            ["uncles"] = new JsonArray(),
            ["mixHash"] = Hex.Encode(block.MixHash),
            ["baseFeePerGas"] = Quantity.Format(block.BaseFee),
            ["withdrawals"] = new JsonArray(),
            ["withdrawalsRoot"] = Hex.Encode(BlockEncoding.EmptyTrieRoot),
            ["blobGasUsed"] = "0x0",
            ["excessBlobGas"] = "0x0",
            ["parentBeaconBlockRoot"] = Hex.Encode(new byte[32]),
        };
        if (prague)
        {
            json["requestsHash"] = Hex.Encode(BlockEncoding.EmptyRequestsHash);
        }

        return json;
    }

    /// <summary>A transaction object; <paramref name="block"/> null for a pending one.</summary>
    public static JsonObject Transaction(TransactionRecord tx, Block? block, int index)
    {
        var f = tx.Fields;
        var signature = tx.Signed.Signature;
        var json = new JsonObject
        {
            ["blockHash"] = block?.HashHex,
            ["blockNumber"] = block is null ? null : Quantity.Format(block.Number),
            ["from"] = tx.From.ToLowerCaseString(),
            ["gas"] = Quantity.Format(f.GasLimit),
            ["gasPrice"] = Quantity.Format(block is null ? tx.FeeCap : tx.EffectiveGasPrice(block.BaseFee)),
            ["hash"] = tx.HashHex,
            ["input"] = Hex.Encode(f.Data.Span),
            ["nonce"] = Quantity.Format(f.Nonce),
            ["to"] = f.To?.ToLowerCaseString(),
            ["transactionIndex"] = block is null ? null : Quantity.Format((ulong)index),
            ["value"] = Quantity.Format(f.Value),
            ["type"] = Quantity.Format((ulong)f.Type),
        };
        if (f.Type == TransactionType.Eip1559)
        {
            json["maxFeePerGas"] = Quantity.Format(f.MaxFeePerGas);
            json["maxPriorityFeePerGas"] = Quantity.Format(f.MaxPriorityFeePerGas);
            json["accessList"] = new JsonArray(f.AccessList.Select(e => (JsonNode)new JsonObject
            {
                ["address"] = e.Address.ToLowerCaseString(),
                ["storageKeys"] = new JsonArray(e.StorageKeys.Select(k => (JsonNode)Hex.Encode(k.Span)).ToArray()),
            }).ToArray());
            json["chainId"] = Quantity.Format(f.ChainId ?? 0);
            json["v"] = Quantity.Format((ulong)signature.YParity);
            json["yParity"] = Quantity.Format((ulong)signature.YParity);
        }
        else
        {
            if (f.ChainId is { } chainId)
            {
                json["chainId"] = Quantity.Format(chainId);
            }

            var v = f.ChainId is { } id ? (new BigInteger(id) * 2) + 35 + signature.YParity : 27 + signature.YParity;
            json["v"] = Quantity.Format(v);
        }

        json["r"] = Quantity.Format(new BigInteger(signature.R, isUnsigned: true, isBigEndian: true));
        json["s"] = Quantity.Format(new BigInteger(signature.S, isUnsigned: true, isBigEndian: true));
        return json;
    }

    public static JsonObject Receipt(Block block, int index)
    {
        var tx = block.Transactions[index];
        var receipt = block.Receipts[index];
        var logs = new JsonArray();
        for (var i = 0; i < receipt.Logs.Count; i++)
        {
            logs.Add(Log(block, index, receipt.FirstLogIndex + i, receipt.Logs[i]));
        }

        return new JsonObject
        {
            ["type"] = Quantity.Format((ulong)tx.Fields.Type),
            ["status"] = receipt.Succeeded ? "0x1" : "0x0",
            ["cumulativeGasUsed"] = Quantity.Format(receipt.CumulativeGasUsed),
            ["logs"] = logs,
            ["logsBloom"] = Hex.Encode(receipt.Bloom),
            ["transactionHash"] = tx.HashHex,
            ["transactionIndex"] = Quantity.Format((ulong)index),
            ["blockHash"] = block.HashHex,
            ["blockNumber"] = Quantity.Format(block.Number),
            ["gasUsed"] = Quantity.Format(receipt.GasUsed),
            ["effectiveGasPrice"] = Quantity.Format(receipt.EffectiveGasPrice),
            ["from"] = tx.From.ToLowerCaseString(),
            ["to"] = tx.Fields.To?.ToLowerCaseString(),
            ["contractAddress"] = receipt.ContractAddress?.ToLowerCaseString(),
        };
    }

    public static JsonObject Log(Block block, int transactionIndex, int logIndex, LogRecord log)
        => new()
        {
            ["address"] = log.Address.ToLowerCaseString(),
            ["topics"] = new JsonArray(log.Topics.Select(t => (JsonNode)Hex.Encode(t)).ToArray()),
            ["data"] = Hex.Encode(log.Data),
            ["blockNumber"] = Quantity.Format(block.Number),
            ["blockHash"] = block.HashHex,
            ["blockTimestamp"] = Quantity.Format(block.Timestamp),
            ["transactionHash"] = block.Transactions[transactionIndex].HashHex,
            ["transactionIndex"] = Quantity.Format((ulong)transactionIndex),
            ["logIndex"] = Quantity.Format((ulong)logIndex),
            ["removed"] = false,
        };
}
