// The one entry point through which the JOSE layer parses untrusted JSON (RFC 7515 §4, RFC 7517 §4).
using System.Text.Json;
using System.Text.Json.Nodes;
using Did.Sdk.Json;

namespace Did.Sdk.Jose;

/// <summary>
/// Parses untrusted JSON for the JOSE layer: the strict policy of <see cref="StrictJson"/>, then a
/// check that every property name and string value can be read. An escaped lone surrogate
/// (<c>"\ud800"</c>) is valid UTF-8 and valid JSON syntax, but System.Text.Json throws
/// <see cref="InvalidOperationException"/> when it is unescaped; that check turns it into a typed error here
/// instead of an exception at a later read. (Redundant once StrictJson unescapes everything itself.)
/// </summary>
internal static class JoseJson
{
    /// <summary>Parses <paramref name="utf8Json"/>; failures carry <c>invalidJson</c>.</summary>
    public static Result<JsonNode> Parse(ReadOnlySpan<byte> utf8Json)
    {
        var node = ParseWithoutStringCheck(utf8Json);
        if (!node.Succeeded)
        {
            return node;
        }

        return IsReadable(node.Value) ? node : LoneSurrogate();
    }

    /// <summary>
    /// The strict parse alone; callers must call <see cref="IsReadable"/> (or <see cref="CheckReadable"/>)
    /// before reading strings. Lets a caller apply cheap structural bounds before the full walk.
    /// </summary>
    public static Result<JsonNode> ParseWithoutStringCheck(ReadOnlySpan<byte> utf8Json)
    {
        try
        {
            return StrictJson.ParseNode(utf8Json);
        }
        catch (InvalidOperationException)
        {
            // The duplicate-name check unescapes member names and throws on a lone surrogate.
            return LoneSurrogate();
        }
    }

    /// <summary>Null when <paramref name="node"/> is readable, else the <c>invalidJson</c> error.</summary>
    public static SdkError? CheckReadable(JsonNode node) => IsReadable(node) ? null : LoneSurrogate().Error;

    private static Result<JsonNode> LoneSurrogate()
        => Result<JsonNode>.Failure(ErrorCodes.InvalidJson, "The JSON contains a string or member name that is not valid UTF-16 (a lone surrogate escape).");

    /// <summary>True when every member name and string under <paramref name="node"/> unescapes to valid UTF-16.</summary>
    public static bool IsReadable(JsonNode? node)
    {
        try
        {
            Walk(node);
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>The string value of <paramref name="node"/>, or false when it is not a readable JSON string.</summary>
    public static bool TryGetString(JsonNode? node, out string? value)
    {
        value = null;
        if (node is not JsonValue v || v.GetValueKind() != JsonValueKind.String)
        {
            return false;
        }

        try
        {
            value = v.GetValue<string>();
            return true;
        }
        catch (InvalidOperationException)
        {
            // A lone surrogate escape in a node that was not parsed through Parse.
            return false;
        }
    }

    // Depth is bounded by StrictJson.MaxDepth for parsed input; objects built in code are trusted.
    private static void Walk(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, value) in obj)
                {
                    _ = name.Length;
                    Walk(value);
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    Walk(item);
                }

                break;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                _ = value.GetValue<string>();
                break;
        }
    }
}
