using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Did.Sdk.Dao;

// The typed reads shared by the DAO layer's parsers of untrusted JSON (proposal files, receipts).
internal static class DaoJson
{
    public static string? Text(JsonNode? node, int maxLength = 1024)
        => node is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>() is { Length: > 0 } s && s.Length <= maxLength ? s : null;

    // A non-negative integer written without fraction or exponent.
    public static ulong? Integer(JsonNode? node)
        => node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && ulong.TryParse(v.ToJsonString(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;

    // A uint256 as a canonical decimal string (JSON numbers cannot carry it).
    public static BigInteger? UInt256(JsonNode? node)
        => Text(node, 78) is { } s && s.All(char.IsAsciiDigit) && (s == "0" || s[0] != '0') && BigInteger.Parse(s, CultureInfo.InvariantCulture) is var n && n.GetBitLength() <= 256 ? n : null;
}
