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
        if (ValidateBeforeParse(utf8Json.Span) is { } error)
        {
            return Result<JsonDocument>.Failure(error);
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
        if (ValidateBeforeParse(utf8Json) is { } error)
        {
            return Result<JsonNode>.Failure(error);
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

    // What the tree parsers (same depth, comment and comma rules) do not check themselves: UTF-8
    // validity, and escaped lone surrogates, which only fail when a string is materialized. Text without
    // a backslash has no escapes, so the full reader pass is needed only when one is present.
    private static SdkError? ValidateBeforeParse(ReadOnlySpan<byte> utf8Json)
        => utf8Json.Contains((byte)'\\')
            ? Validate(utf8Json)
            : System.Text.Unicode.Utf8.IsValid(utf8Json) ? null : new SdkError(ErrorCodes.InvalidJson, InvalidUtf8);

    /// <summary>
    /// Checks untrusted UTF-8 JSON against the strict policy without building anything: well-formed,
    /// valid UTF-8, depth ≤ <see cref="MaxDepth"/>, no comments or trailing commas, and every string
    /// and member name decodable to UTF-16. Returns null when the input passes, else an
    /// <c>invalidJson</c> error. Duplicate member names are detected by the parsers that build trees.
    /// </summary>
    /// <remarks>
    /// System.Text.Json checks the UTF-8 of raw strings and the syntax of escapes while reading, but
    /// an escaped lone surrogate (<c>"\ud800"</c>) only fails when the value is materialized, as an
    /// <see cref="InvalidOperationException"/> far from the parse. This pass materializes every escaped
    /// string once so that such input is rejected here.
    /// </remarks>
    public static SdkError? Validate(ReadOnlySpan<byte> utf8Json)
    {
        if (!System.Text.Unicode.Utf8.IsValid(utf8Json))
        {
            return new SdkError(ErrorCodes.InvalidJson, InvalidUtf8);
        }

        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions
        {
            MaxDepth = MaxDepth,
            AllowTrailingCommas = false,
            CommentHandling = JsonCommentHandling.Disallow,
        });
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && reader.ValueIsEscaped)
                {
                    _ = reader.GetString();
                }
            }

            return reader.BytesConsumed == utf8Json.Length && reader.CurrentDepth == 0
                ? null
                : new SdkError(ErrorCodes.InvalidJson, "The JSON is incomplete.");
        }
        catch (JsonException ex)
        {
            return new SdkError(ErrorCodes.InvalidJson, "The JSON is malformed: " + ex.Message);
        }
        catch (InvalidOperationException)
        {
            return new SdkError(ErrorCodes.InvalidJson, "The JSON has a string that is not valid Unicode (an escaped lone surrogate).");
        }
    }

    /// <summary>Parses untrusted JSON text into a <see cref="JsonNode"/>; see the UTF-8 overload.</summary>
    public static Result<JsonNode> ParseNode(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return ParseNode(System.Text.Encoding.UTF8.GetBytes(json));
    }
}
