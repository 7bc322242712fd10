// Disclosures, RFC 9901 §4.2.1 (object properties) and §4.2.2 (array elements).
using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Did.Sdk.Jose;
using Did.Sdk.Json;

namespace Did.Sdk.SdJwt;

/// <summary>
/// One disclosure: a salt, a claim name (absent for an array element) and a value, with the exact
/// base64url text it was received or issued as (the digest is computed over that text).
/// </summary>
public sealed class SdJwtDisclosure
{
    private readonly JsonNode? _value;

    private SdJwtDisclosure(string encoded, string salt, string? claimName, JsonNode? value)
    {
        Encoded = encoded;
        Salt = salt;
        ClaimName = claimName;
        _value = value;
    }

    /// <summary>The base64url text of the disclosure.</summary>
    public string Encoded { get; }

    /// <summary>The salt. Secret to anyone the disclosure is not shown to.</summary>
    public string Salt { get; }

    /// <summary>The claim name, or null for an array-element disclosure.</summary>
    public string? ClaimName { get; }

    /// <summary>True for an array-element disclosure (two elements).</summary>
    public bool IsArrayElement => ClaimName is null;

    /// <summary>A copy of the disclosed value (null for JSON null).</summary>
    public JsonNode? Value => _value?.DeepClone();

    internal JsonNode? ValueNode => _value;

    /// <summary>The base64url digest of <see cref="Encoded"/> under <paramref name="algorithm"/>.</summary>
    public string ComputeDigest(SdJwtHashAlgorithm algorithm)
    {
        ArgumentNullException.ThrowIfNull(algorithm);
        return algorithm.Digest(Encoded);
    }

    /// <inheritdoc />
    public override string ToString() => ClaimName is null ? "[array element]" : ClaimName;

    internal static SdJwtDisclosure Create(string salt, string? claimName, JsonNode? value, SdJwtJsonStyle style)
    {
        var array = new JsonArray { JsonValue.Create(salt) };
        if (claimName is not null)
        {
            array.Add(JsonValue.Create(claimName));
        }

        array.Add(value?.DeepClone());
        string json = SdJwtJson.Write(array, style);
        return new SdJwtDisclosure(Base64Url.Encode(Encoding.UTF8.GetBytes(json)), salt, claimName, value?.DeepClone());
    }

    /// <summary>
    /// Parses a disclosure. Fails with <c>invalidDisclosure</c> for text that is not canonical base64url
    /// of a strict JSON array of [salt, name, value] or [salt, value] with string salt and name.
    /// </summary>
    public static Result<SdJwtDisclosure> Parse(string encoded)
    {
        ArgumentNullException.ThrowIfNull(encoded);
        if (encoded.Length == 0 || encoded.Length % 4 == 1)
        {
            return Invalid("The disclosure is not canonical base64url.");
        }

        int max = Base64Url.GetMaxDecodedLength(encoded.Length);
        byte[]? rented = max > StackLimit ? ArrayPool<byte>.Shared.Rent(max) : null;
        Span<byte> buffer = rented ?? stackalloc byte[StackLimit];
        try
        {
            if (!Base64Url.TryDecode(encoded, buffer, out int length))
            {
                return Invalid("The disclosure is not canonical base64url.");
            }

            return ParseJson(encoded, buffer[..length]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private const int StackLimit = 512;

    // One strict reader pass over the array (StrictJson's rules: depth, no comments or trailing commas,
    // valid UTF-8, strings that unescape); structured and numeric values are then parsed on their own
    // with StrictJson, which adds the duplicate-member check. Values come out without a parent node.
    private static Result<SdJwtDisclosure> ParseJson(string encoded, ReadOnlySpan<byte> json)
    {
        if (!System.Text.Unicode.Utf8.IsValid(json))
        {
            return Invalid("The disclosure is not strict JSON: it is not valid UTF-8.");
        }

        var reader = new Utf8JsonReader(json, new JsonReaderOptions
        {
            MaxDepth = StrictJson.MaxDepth,
            AllowTrailingCommas = false,
            CommentHandling = JsonCommentHandling.Disallow,
        });
        string? first = null;
        string? second = null;
        bool secondIsString = false;
        JsonNode? value = null;
        int count = 0;
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
            {
                return Invalid("A disclosure is a JSON array of two or three elements.");
            }

            bool firstIsString = false;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                count++;
                if (count > 3)
                {
                    reader.Skip();
                    continue;
                }

                bool isString = reader.TokenType == JsonTokenType.String;
                if (count == 1)
                {
                    firstIsString = isString;
                    first = isString ? reader.GetString() : null;
                    reader.Skip();
                    continue;
                }

                // Elements 2 and 3: the last one read is the value; a string second element may also be the name.
                if (count == 3)
                {
                    second = secondIsString ? value!.GetValue<string>() : null;
                }
                else
                {
                    secondIsString = isString;
                }

                if (ReadValue(ref reader, json, out value) is { } error)
                {
                    return Invalid("The disclosure is not strict JSON: " + error.Message);
                }
            }

            // The reader refuses a second top-level value and an unfinished document; this is belt and braces.
            if (reader.TokenType != JsonTokenType.EndArray || reader.CurrentDepth != 0 || reader.Read())
            {
                return Invalid("The disclosure is not strict JSON: it is incomplete or has content after the array.");
            }

            if (count is not (2 or 3))
            {
                return Invalid("A disclosure is a JSON array of two or three elements.");
            }

            if (!firstIsString)
            {
                return Invalid("The disclosure salt is not a string.");
            }

            if (count == 3 && !secondIsString)
            {
                return Invalid("The disclosure claim name is not a string.");
            }
        }
        catch (JsonException ex)
        {
            return Invalid("The disclosure is not strict JSON: " + ex.Message);
        }
        catch (InvalidOperationException)
        {
            return Invalid("The disclosure is not strict JSON: a string is not valid Unicode (an escaped lone surrogate).");
        }

        return new SdJwtDisclosure(encoded, first!, count == 3 ? second : null, value);
    }

    private static SdkError? ReadValue(ref Utf8JsonReader reader, ReadOnlySpan<byte> json, out JsonNode? value)
    {
        value = null;
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                value = JsonValue.Create(reader.GetString()!);
                return null;
            case JsonTokenType.True or JsonTokenType.False:
                value = JsonValue.Create(reader.TokenType == JsonTokenType.True);
                return null;
            case JsonTokenType.Null:
                return null;
            default:
                int start = (int)reader.TokenStartIndex;
                reader.Skip();
                var node = StrictJson.ParseNode(json[start..(int)reader.BytesConsumed]);
                value = node.Value;
                return node.Succeeded ? null : node.Error;
        }
    }

    private static Result<SdJwtDisclosure> Invalid(string message) => Result<SdJwtDisclosure>.Failure(SdJwtErrorCodes.InvalidDisclosure, message);
}
