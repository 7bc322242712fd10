using System.Text.Json;
using System.Text.Json.Nodes;

namespace Did.Sdk.Json;

/// <summary>
/// The JSON reading policy for untrusted input across the SDK: duplicate member names are rejected
/// (RFC 8259 leaves them undefined; RFC 7515 §4 and RFC 9901 require rejection), nesting is bounded,
/// comments and trailing commas are refused.
/// </summary>
public static class StrictJson
{
    /// <summary>The maximum nesting depth accepted in untrusted JSON.</summary>
    public const int MaxDepth = 32;

    private const string InvalidUtf8 = "The JSON is not valid UTF-8.";

    /// <summary>Options for <see cref="JsonDocument"/> parsing of untrusted input.</summary>
    public static JsonDocumentOptions DocumentOptions { get; } = new()
    {
        MaxDepth = MaxDepth,
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
        AllowDuplicateProperties = false,
    };

    /// <summary>Options for <see cref="JsonNode"/> parsing of untrusted input.</summary>
    public static JsonNodeOptions NodeOptions { get; } = new() { PropertyNameCaseInsensitive = false };

    /// <summary>
    /// Parses untrusted UTF-8 JSON into a <see cref="JsonDocument"/> under the strict policy.
    /// Returns <c>invalidJson</c> for malformed input, duplicate members or excessive depth.
    /// </summary>
    public static Result<JsonDocument> ParseDocument(ReadOnlyMemory<byte> utf8Json)
    {
        if (!System.Text.Unicode.Utf8.IsValid(utf8Json.Span))
        {
            return Result<JsonDocument>.Failure(ErrorCodes.InvalidJson, InvalidUtf8);
        }

        try
        {
            return JsonDocument.Parse(utf8Json, DocumentOptions);
        }
        catch (JsonException ex)
        {
            return Result<JsonDocument>.Failure(ErrorCodes.InvalidJson, "The JSON is malformed: " + ex.Message);
        }
    }

    /// <summary>
    /// Parses untrusted UTF-8 JSON into a <see cref="JsonNode"/> under the strict policy.
    /// Returns <c>invalidJson</c> for malformed input, duplicate members or excessive depth, and for
    /// the JSON literal <c>null</c>.
    /// </summary>
    public static Result<JsonNode> ParseNode(ReadOnlySpan<byte> utf8Json)
    {
        // The reader validates UTF-8 inside strings only when a value is read, which would surface
        // as an InvalidOperationException far from the parse; check the whole input up front.
        if (!System.Text.Unicode.Utf8.IsValid(utf8Json))
        {
            return Result<JsonNode>.Failure(ErrorCodes.InvalidJson, InvalidUtf8);
        }

        try
        {
            var node = JsonNode.Parse(utf8Json, NodeOptions, DocumentOptions);
            return node is null
                ? Result<JsonNode>.Failure(ErrorCodes.InvalidJson, "The JSON is the literal null.")
                : Result<JsonNode>.Success(node);
        }
        catch (JsonException ex)
        {
            return Result<JsonNode>.Failure(ErrorCodes.InvalidJson, "The JSON is malformed: " + ex.Message);
        }
    }

    /// <summary>Parses untrusted JSON text into a <see cref="JsonNode"/>; see the UTF-8 overload.</summary>
    public static Result<JsonNode> ParseNode(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return ParseNode(System.Text.Encoding.UTF8.GetBytes(json));
    }
}
