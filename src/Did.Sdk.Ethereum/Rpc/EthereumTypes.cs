// Ethereum JSON-RPC API (execution-apis): block parameter (tags latest, safe, finalized, earliest,
// pending, or a quantity), quantity and data encodings, block, log and receipt objects.
using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Did.Sdk.Ethereum.Rpc;

/// <summary>A block parameter: a tag (<c>latest</c>, <c>safe</c>, <c>finalized</c>, …) or a block number.</summary>
public readonly record struct BlockTag
{
    private BlockTag(string? tag, ulong number)
    {
        Tag = tag;
        Number = number;
    }

    /// <summary>The head of the node's canonical chain.</summary>
    public static BlockTag Latest { get; } = new("latest", 0);

    /// <summary>The latest block considered safe from reorgs by the consensus layer (rollups: derived from L1 data).</summary>
    public static BlockTag Safe { get; } = new("safe", 0);

    /// <summary>The latest finalized block.</summary>
    public static BlockTag Finalized { get; } = new("finalized", 0);

    /// <summary>The genesis block.</summary>
    public static BlockTag Earliest { get; } = new("earliest", 0);

    /// <summary>The pending state (for the next nonce of an account with transactions in the pool).</summary>
    public static BlockTag Pending { get; } = new("pending", 0);

    /// <summary>The tag name, or null for a block number.</summary>
    public string? Tag { get; }

    /// <summary>The block number, when <see cref="Tag"/> is null.</summary>
    public ulong Number { get; }

    /// <summary>True when this is a block number.</summary>
    public bool IsNumber => Tag is null;

    /// <summary>The block with number <paramref name="number"/>.</summary>
    public static BlockTag AtNumber(ulong number) => new(null, number);

    /// <summary>The tag that names the newest block at <paramref name="finality"/>: latest, safe or finalized.</summary>
    public static BlockTag Of(Finality finality) => finality switch
    {
        Finality.Finalized => Finalized,
        Finality.Safe => Safe,
        _ => Latest,
    };

    /// <summary>Parses <c>latest</c>, <c>safe</c>, <c>finalized</c>, <c>earliest</c>, a decimal number or a hex quantity; false otherwise.</summary>
    public static bool TryParse(string? text, out BlockTag tag)
    {
        tag = default;
        switch (text)
        {
            case "latest": tag = Latest; return true;
            case "safe": tag = Safe; return true;
            case "finalized": tag = Finalized; return true;
            case "earliest": tag = Earliest; return true;
            case null: return false;
        }

        if (Quantity.TryParseUInt64(text, out var n)
            || (text.Length is > 0 and <= 20 && text.All(char.IsAsciiDigit) && ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out n)))
        {
            tag = AtNumber(n);
            return true;
        }

        return false;
    }

    /// <summary>The JSON-RPC form: the tag, or the number as a hex quantity.</summary>
    public override string ToString() => Tag ?? Quantity.Format(Number);
}

/// <summary>Hex quantities of the JSON-RPC API (<c>0x</c> + hex digits, no leading zeros when written).</summary>
public static class Quantity
{
    /// <summary>Formats a number as a quantity, for example <c>0x1b4</c>.</summary>
    public static string Format(ulong value) => "0x" + value.ToString("x", CultureInfo.InvariantCulture);

    /// <summary>Formats a non-negative integer as a quantity.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public static string Format(BigInteger value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        if (value.IsZero)
        {
            return "0x0";
        }

        return "0x" + Convert.ToHexStringLower(value.ToByteArray(isUnsigned: true, isBigEndian: true)).TrimStart('0');
    }

    /// <summary>Parses a quantity that fits 64 bits (leading zeros tolerated, at most 64 digits).</summary>
    public static bool TryParseUInt64(string? text, out ulong value)
    {
        value = 0;
        if (!TryParse(text, out var big) || big > ulong.MaxValue)
        {
            return false;
        }

        value = (ulong)big;
        return true;
    }

    /// <summary>Parses a quantity (leading zeros tolerated, 1 to 64 digits).</summary>
    public static bool TryParse(string? text, out BigInteger value)
    {
        value = BigInteger.Zero;
        if (text is null || text.Length is < 3 or > 66 || text[0] != '0' || text[1] != 'x' || !text.AsSpan(2).ContainsOnlyHexDigits())
        {
            return false;
        }

        value = BigInteger.Parse("0" + text[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
        return true;
    }

    private static bool ContainsOnlyHexDigits(this ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>The header fields of a block the SDK uses.</summary>
/// <param name="Number">The block number.</param>
/// <param name="Hash">The 32-byte block hash (0x-prefixed lower-case hex).</param>
/// <param name="ParentHash">The parent's hash.</param>
/// <param name="Timestamp">The block time, in seconds since the Unix epoch.</param>
public sealed record EthereumBlock(ulong Number, string Hash, string ParentHash, ulong Timestamp)
{
    /// <summary>The block time.</summary>
    public DateTimeOffset Time => DateTimeOffset.FromUnixTimeSeconds((long)Math.Min(Timestamp, 253402300799UL));
}

/// <summary>An event log.</summary>
/// <param name="Address">The emitting contract.</param>
/// <param name="Topics">The topics (32 bytes each, at most 4).</param>
/// <param name="Data">The non-indexed data.</param>
/// <param name="BlockNumber">The block that holds the log.</param>
/// <param name="BlockHash">That block's hash (0x-prefixed lower-case hex).</param>
/// <param name="TransactionHash">The transaction that emitted the log.</param>
/// <param name="LogIndex">The log's index in its block.</param>
/// <param name="Removed">True when a reorg removed the log (subscriptions only).</param>
public sealed record EthereumLog(EthereumAddress Address, IReadOnlyList<byte[]> Topics, byte[] Data, ulong BlockNumber, string BlockHash, string TransactionHash, ulong LogIndex, bool Removed);

/// <summary>An <c>eth_getLogs</c> filter over a closed range of block numbers.</summary>
/// <param name="FromBlock">The first block.</param>
/// <param name="ToBlock">The last block (inclusive).</param>
/// <param name="Address">The emitting contract, or null for any.</param>
/// <param name="Topics">Topic constraints by position (null = any), at most 4.</param>
public sealed record LogFilter(ulong FromBlock, ulong ToBlock, EthereumAddress? Address, IReadOnlyList<byte[]?>? Topics = null)
{
    /// <summary>
    /// When true (the default) a range the provider refuses is halved and retried; when false the refusal
    /// is returned at once (for callers with a cheaper fallback than many small queries).
    /// </summary>
    public bool SplitRefusedRanges { get; init; } = true;

    internal JsonObject ToJson(ulong from, ulong to)
    {
        var json = new JsonObject { ["fromBlock"] = Quantity.Format(from), ["toBlock"] = Quantity.Format(to) };
        if (Address is { } address)
        {
            json["address"] = address.ToLowerCaseString();
        }

        if (Topics is { Count: > 0 })
        {
            json["topics"] = new JsonArray(Topics.Select(t => t is null ? null : (JsonNode)Hex.Encode(t)).ToArray());
        }

        return json;
    }

    internal bool Matches(EthereumLog log)
    {
        if (log.BlockNumber < FromBlock || log.BlockNumber > ToBlock || (Address is { } a && log.Address != a))
        {
            return false;
        }

        for (var i = 0; Topics is not null && i < Topics.Count; i++)
        {
            if (Topics[i] is { } wanted && (i >= log.Topics.Count || !log.Topics[i].AsSpan().SequenceEqual(wanted)))
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>A transaction receipt.</summary>
/// <param name="TransactionHash">The transaction hash.</param>
/// <param name="BlockNumber">The block that includes the transaction.</param>
/// <param name="BlockHash">That block's hash.</param>
/// <param name="Succeeded">True when <c>status</c> is 1.</param>
/// <param name="GasUsed">The gas the transaction used.</param>
/// <param name="ContractAddress">The created contract, for deployments.</param>
/// <param name="Logs">The logs the transaction emitted.</param>
public sealed record TransactionReceipt(string TransactionHash, ulong BlockNumber, string BlockHash, bool Succeeded, BigInteger GasUsed, EthereumAddress? ContractAddress, IReadOnlyList<EthereumLog> Logs);

/// <summary>Strict readers of JSON-RPC result objects.</summary>
internal static class RpcJson
{
    public static bool TryUInt64(JsonElement obj, string name, out ulong value)
    {
        value = 0;
        return obj.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String && Quantity.TryParseUInt64(p.GetString(), out value);
    }

    public static bool TryHash(JsonElement obj, string name, out string hash)
    {
        hash = string.Empty;
        if (!obj.TryGetProperty(name, out var p) || p.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        var text = p.GetString()!;
        if (text.Length != 66 || !Hex.TryDecode(text, out _))
        {
            return false;
        }

        hash = text.ToLowerInvariant();
        return true;
    }

    public static EthereumBlock? ReadBlock(JsonElement block)
        => block.ValueKind == JsonValueKind.Object
            && TryUInt64(block, "number", out var number)
            && TryHash(block, "hash", out var hash)
            && TryHash(block, "parentHash", out var parent)
            && TryUInt64(block, "timestamp", out var timestamp)
                ? new EthereumBlock(number, hash, parent, timestamp)
                : null;

    public static EthereumLog? ReadLog(JsonElement log)
    {
        if (log.ValueKind != JsonValueKind.Object
            || !log.TryGetProperty("address", out var a) || a.ValueKind != JsonValueKind.String || !EthereumAddress.TryParse(a.GetString()!.ToLowerInvariant(), out var address)
            || !log.TryGetProperty("topics", out var t) || t.ValueKind != JsonValueKind.Array || t.GetArrayLength() > 4
            || !log.TryGetProperty("data", out var d) || d.ValueKind != JsonValueKind.String || !Hex.TryDecode(d.GetString(), out var data)
            || !TryUInt64(log, "blockNumber", out var blockNumber)
            || !TryHash(log, "blockHash", out var blockHash)
            || !TryHash(log, "transactionHash", out var txHash)
            || !TryUInt64(log, "logIndex", out var logIndex))
        {
            return null;
        }

        var topics = new List<byte[]>(4);
        foreach (var topic in t.EnumerateArray())
        {
            if (topic.ValueKind != JsonValueKind.String || !Hex.TryDecode(topic.GetString(), out var bytes) || bytes.Length != 32)
            {
                return null;
            }

            topics.Add(bytes);
        }

        var removed = log.TryGetProperty("removed", out var r) && r.ValueKind == JsonValueKind.True;
        return new EthereumLog(address, topics, data, blockNumber, blockHash, txHash, logIndex, removed);
    }
}
