// Reading JSON-RPC positional parameters as the execution-apis define them: quantities, data, addresses,
// 32-byte hashes, block parameters (tag, number, or EIP-1898 {blockHash | blockNumber}) and the
// transaction call object.
using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Did.Sdk.Devnet.Chain;
using Did.Sdk.Ethereum;
using Did.Sdk.Ethereum.Rpc;

namespace Did.Sdk.Devnet.Rpc;

internal static class RpcParams
{
    public static JsonNode? At(JsonArray parameters, int index) => index < parameters.Count ? parameters[index] : null;

    public static RpcFault Invalid(int index, string message) => RpcFault.InvalidParams($"invalid argument {index}: {message}");

    public static RpcFault Missing(int index) => RpcFault.InvalidParams($"missing value for required argument {index}");

    public static string? AsString(JsonNode? node)
        => node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    public static Outcome<string> String(JsonArray parameters, int index)
    {
        var node = At(parameters, index);
        if (node is null)
        {
            return Missing(index);
        }

        return AsString(node) is { } text ? text : Invalid(index, "expected a string");
    }

    public static Outcome<byte[]> Data(JsonArray parameters, int index)
    {
        var text = String(parameters, index);
        if (!text.Ok)
        {
            return text.Fault;
        }

        return Hex.TryDecode(text.Value!, out var bytes) ? bytes : Invalid(index, "hex string without 0x prefix or with an odd number of digits");
    }

    public static Outcome<EthereumAddress> Address(JsonArray parameters, int index)
    {
        var text = String(parameters, index);
        if (!text.Ok)
        {
            return text.Fault;
        }

        return ParseAddress(text.Value) is { } address ? address : Invalid(index, "hex string has length " + Math.Max(0, text.Value!.Length - 2) + ", want 40 for common.Address");
    }

    public static EthereumAddress? ParseAddress(string? text)
        => text is { Length: 42 } && EthereumAddress.TryParse(text.ToLowerInvariant(), out var address) ? address : null;

    public static Outcome<string> Hash(JsonArray parameters, int index)
    {
        var text = String(parameters, index);
        if (!text.Ok)
        {
            return text.Fault;
        }

        var hash = text.Value!;
        return hash.Length == 66 && Hex.TryDecode(hash, out _) ? hash.ToLowerInvariant() : Invalid(index, "hex string has length " + Math.Max(0, hash.Length - 2) + ", want 64 for common.Hash");
    }

    /// <summary>A quantity given as a hex string or (as hardhat accepts) a JSON number.</summary>
    public static BigInteger? AsQuantity(JsonNode? node)
    {
        if (node is not JsonValue value)
        {
            return null;
        }

        switch (value.GetValueKind())
        {
            case JsonValueKind.String:
                return Quantity.TryParse(value.GetValue<string>(), out var parsed) ? parsed : null;
            case JsonValueKind.Number:
                var text = value.ToJsonString();
                return text.Length <= 20 && text.All(char.IsAsciiDigit) && BigInteger.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : null;
            default:
                return null;
        }
    }

    public static Outcome<BigInteger> QuantityAt(JsonArray parameters, int index)
    {
        var node = At(parameters, index);
        if (node is null)
        {
            return Missing(index);
        }

        return AsQuantity(node) is { } value ? value : Invalid(index, "expected a hex quantity");
    }

    public static bool AsBool(JsonNode? node, bool fallback)
        => node is JsonValue value && value.GetValueKind() is JsonValueKind.True or JsonValueKind.False ? value.GetValue<bool>() : fallback;

    /// <summary>A block parameter; missing means latest. Numbers above the head are "header not found".</summary>
    public static Outcome<Block> Block(DevnetChain chain, JsonArray parameters, int index)
    {
        var node = At(parameters, index);
        if (node is null)
        {
            return chain.Latest;
        }

        if (node is JsonObject obj)
        {
            if (obj["blockHash"] is { } hashNode)
            {
                var hash = AsString(hashNode);
                if (hash is not { Length: 66 } || !Hex.TryDecode(hash, out _))
                {
                    return Invalid(index, "invalid block hash");
                }

                return chain.GetBlockByHash(hash) is { } byHash ? byHash : RpcFault.Server($"header for hash not found");
            }

            node = obj["blockNumber"];
            if (node is null)
            {
                return Invalid(index, "expected blockHash or blockNumber");
            }
        }

        var tag = AsString(node);
        if (tag is not null && chain.ByTag(tag) is { } tagged)
        {
            return tagged;
        }

        var number = AsQuantity(node);
        if (number is null || number > ulong.MaxValue)
        {
            return Invalid(index, "expected a block tag (latest, safe, finalized, earliest, pending) or a hex block number");
        }

        return chain.GetBlock((ulong)number.Value) is { } block ? block : RpcFault.Server("header not found");
    }

    /// <summary>The transaction call object of eth_call and eth_estimateGas.</summary>
    public static Outcome<CallRequest> Call(JsonArray parameters, int index)
    {
        if (At(parameters, index) is not JsonObject call)
        {
            return At(parameters, index) is null ? Missing(index) : Invalid(index, "expected a transaction call object");
        }

        EthereumAddress? from = null, to = null;
        if (call["from"] is { } f && (from = ParseAddress(AsString(f))) is null)
        {
            return Invalid(index, "invalid from address");
        }

        if (call["to"] is { } t && (to = ParseAddress(AsString(t))) is null)
        {
            return Invalid(index, "invalid to address");
        }

        ulong? gas = null;
        if (call["gas"] is { } g)
        {
            if (AsQuantity(g) is not { } value || value > ulong.MaxValue)
            {
                return Invalid(index, "invalid gas");
            }

            gas = (ulong)value;
        }

        var amount = BigInteger.Zero;
        if (call["value"] is { } v && (AsQuantity(v) is not { } parsedValue || (amount = parsedValue) < 0))
        {
            return Invalid(index, "invalid value");
        }

        byte[]? data = null, input = null;
        if (call["data"] is { } d && !Hex.TryDecode(AsString(d), out data))
        {
            return Invalid(index, "invalid data");
        }

        if (call["input"] is { } i && !Hex.TryDecode(AsString(i), out input))
        {
            return Invalid(index, "invalid input");
        }

        if (data is not null && input is not null && !data.AsSpan().SequenceEqual(input))
        {
            return Invalid(index, "both \"data\" and \"input\" are set and not equal. Please use \"input\" to pass transaction call data");
        }

        return new CallRequest(from, to, gas, amount, input ?? data ?? []);
    }
}
