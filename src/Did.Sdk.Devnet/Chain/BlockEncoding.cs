// Block and receipt encodings of the execution layer: receipt RLP (EIP-658 status, EIP-2718 typed
// envelopes), the 2048-bit logs bloom (Yellow Paper §4.3.1), the transactions/receipts trie roots
// (Merkle-Patricia trie keyed by RLP(index)), header RLP and hash (Prague fields, EIP-7685 requests
// hash), and the EIP-1559 base fee update rule as geth computes it (eip1559.CalcBaseFee).
using System.Numerics;
using System.Security.Cryptography;
using Did.Sdk.Ethereum;
using Did.Sdk.Ethereum.Rlp;
using Did.Sdk.Ethereum.Transactions;
using Nethereum.Merkle.Patricia;
using BlockHeader = Nethereum.Model.BlockHeader;
using BlockHeaderEncoder = Nethereum.Model.BlockHeaderEncoder;

namespace Did.Sdk.Devnet.Chain;

internal static class BlockEncoding
{
    /// <summary>keccak256(rlp([])): the uncles hash of every post-merge block.</summary>
    public static readonly byte[] EmptyUnclesHash = Keccak256.Hash([0xC0]);

    /// <summary>The root of an empty trie: keccak256(rlp("")).</summary>
    public static readonly byte[] EmptyTrieRoot = Keccak256.Hash([0x80]);

    /// <summary>EIP-7685 requests hash of a block without requests: sha256 of nothing.</summary>
    public static readonly byte[] EmptyRequestsHash = SHA256.HashData([]);

    public static byte[] Bloom(IEnumerable<LogRecord> logs)
    {
        var bloom = new byte[256];
        foreach (var log in logs)
        {
            AddToBloom(bloom, log.Address.ToArray());
            foreach (var topic in log.Topics)
            {
                AddToBloom(bloom, topic);
            }
        }

        return bloom;
    }

    public static void AddToBloom(byte[] bloom, ReadOnlySpan<byte> value)
    {
        Span<byte> hash = stackalloc byte[32];
        Keccak256.Hash(value, hash);
        for (var i = 0; i < 6; i += 2)
        {
            var bit = ((hash[i] << 8) | hash[i + 1]) & 2047;
            bloom[255 - (bit >> 3)] |= (byte)(1 << (bit & 7));
        }
    }

    /// <summary>True when every bit of <paramref name="value"/>'s bloom entry is set in <paramref name="bloom"/> (a possible match).</summary>
    public static bool BloomMayContain(byte[] bloom, ReadOnlySpan<byte> value)
    {
        Span<byte> hash = stackalloc byte[32];
        Keccak256.Hash(value, hash);
        for (var i = 0; i < 6; i += 2)
        {
            var bit = ((hash[i] << 8) | hash[i + 1]) & 2047;
            if ((bloom[255 - (bit >> 3)] & (byte)(1 << (bit & 7))) == 0)
            {
                return false;
            }
        }

        return true;
    }

    public static void OrInto(byte[] target, byte[] bloom)
    {
        for (var i = 0; i < target.Length; i++)
        {
            target[i] |= bloom[i];
        }
    }

    /// <summary>The consensus encoding of a receipt: <c>[type ‖] rlp([status, cumulativeGasUsed, bloom, logs])</c>.</summary>
    public static byte[] EncodeReceipt(TransactionType type, ReceiptRecord receipt)
    {
        var logs = receipt.Logs.Select(l => RlpItem.FromList(
            RlpItem.FromBytes(l.Address.ToArray()),
            RlpItem.FromList(l.Topics.Select(t => RlpItem.FromBytes(t))),
            RlpItem.FromBytes(l.Data)));
        var body = RlpCodec.Encode(RlpItem.FromList(
            RlpItem.FromInteger(receipt.Succeeded ? 1UL : 0UL),
            RlpItem.FromInteger(receipt.CumulativeGasUsed),
            RlpItem.FromBytes(receipt.Bloom),
            RlpItem.FromList(logs)));
        return type == TransactionType.Legacy ? body : [(byte)type, .. body];
    }

    /// <summary>The root of the trie that maps <c>rlp(index)</c> to each item.</summary>
    public static byte[] TrieRoot(IReadOnlyList<byte[]> items)
    {
        if (items.Count == 0)
        {
            return EmptyTrieRoot;
        }

        var trie = new PatriciaTrie();
        var storage = new InMemoryTrieStorage();
        for (var i = 0; i < items.Count; i++)
        {
            trie.Put(RlpCodec.Encode(RlpItem.FromInteger((ulong)i)), items[i], storage);
        }

        return trie.Root.GetHash();
    }

    /// <summary>The base fee of the block after <paramref name="parent"/> (EIP-1559, elasticity 2, denominator 8).</summary>
    public static BigInteger NextBaseFee(Block parent)
    {
        var target = new BigInteger(parent.GasLimit / 2);
        var used = new BigInteger(parent.GasUsed);
        if (target.IsZero || used == target)
        {
            return parent.BaseFee;
        }

        if (used > target)
        {
            var delta = BigInteger.Max(BigInteger.One, parent.BaseFee * (used - target) / target / 8);
            return parent.BaseFee + delta;
        }

        var decrease = parent.BaseFee * (target - used) / target / 8;
        return BigInteger.Max(parent.BaseFee - decrease, BigInteger.Zero);
    }

    /// <summary>The RLP of a header with the Cancun fields and, when <paramref name="prague"/>, the EIP-7685 requests hash.</summary>
    public static byte[] EncodeHeader(HeaderFields h, bool prague)
    {
        var header = new BlockHeader
        {
            ParentHash = h.ParentHash,
            UnclesHash = EmptyUnclesHash,
            Coinbase = h.Miner,
            StateRoot = h.StateRoot,
            TransactionsHash = h.TransactionsRoot,
            ReceiptHash = h.ReceiptsRoot,
            BlockNumber = h.Number,
            LogsBloom = h.LogsBloom,
            Difficulty = 0,
            Timestamp = checked((long)h.Timestamp),
            GasLimit = checked((long)h.GasLimit),
            GasUsed = checked((long)h.GasUsed),
            MixHash = h.MixHash,
            ExtraData = h.ExtraData,
            Nonce = new byte[8],
            BaseFee = h.BaseFee,
            WithdrawalsRoot = EmptyTrieRoot,
            BlobGasUsed = 0,
            ExcessBlobGas = 0,
            ParentBeaconBlockRoot = new byte[32],
            RequestsHash = prague ? EmptyRequestsHash : null,
        };
        return BlockHeaderEncoder.Current.Encode(header);
    }

    /// <summary>The PREVRANDAO of a block: deterministic, so a replayed chain has the same hashes.</summary>
    public static byte[] MixHash(byte[] parentHash, ulong number)
    {
        Span<byte> input = stackalloc byte[40];
        parentHash.CopyTo(input);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(input[32..], number);
        return Keccak256.Hash(input);
    }

    /// <summary>The length of the RLP of the whole block <c>[header, transactions, uncles, withdrawals]</c>.</summary>
    public static int BlockSize(byte[] headerRlp, IReadOnlyList<TransactionRecord> transactions)
    {
        var txPayload = 0;
        foreach (var tx in transactions)
        {
            var raw = tx.Signed.RawBytes.Length;
            txPayload += tx.Fields.Type == TransactionType.Legacy ? raw : StringLength(raw);
        }

        return ListLength(headerRlp.Length + ListLength(txPayload) + 1 + 1);
    }

    private static int StringLength(int length) => length + (length < 56 ? 1 : 1 + LengthOfLength(length));

    private static int ListLength(int payload) => payload + (payload < 56 ? 1 : 1 + LengthOfLength(payload));

    private static int LengthOfLength(int length) => length < 0x100 ? 1 : length < 0x10000 ? 2 : length < 0x1000000 ? 3 : 4;
}

/// <summary>The header fields the devnet sets; the rest are post-merge constants.</summary>
internal sealed record HeaderFields(
    byte[] ParentHash,
    string Miner,
    byte[] StateRoot,
    byte[] TransactionsRoot,
    byte[] ReceiptsRoot,
    byte[] LogsBloom,
    ulong Number,
    ulong GasLimit,
    ulong GasUsed,
    ulong Timestamp,
    byte[] ExtraData,
    byte[] MixHash,
    BigInteger BaseFee);
