// Disclosures, RFC 9901 §4.2.1 (object properties) and §4.2.2 (array elements).
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
        if (encoded.Length == 0 || !Base64Url.TryDecode(encoded, out byte[]? bytes))
        {
            return Invalid("The disclosure is not canonical base64url.");
        }

        var node = StrictJson.ParseNode(bytes);
        if (!node.Succeeded)
        {
            return Invalid("The disclosure is not strict JSON: " + node.Error.Message);
        }

        if (node.Value is not JsonArray array || array.Count is not (2 or 3))
        {
            return Invalid("A disclosure is a JSON array of two or three elements.");
        }

        if (!IsString(array[0]))
        {
            return Invalid("The disclosure salt is not a string.");
        }

        string salt = array[0]!.GetValue<string>();
        if (array.Count == 2)
        {
            return new SdJwtDisclosure(encoded, salt, null, array[1]);
        }

        if (!IsString(array[1]))
        {
            return Invalid("The disclosure claim name is not a string.");
        }

        return new SdJwtDisclosure(encoded, salt, array[1]!.GetValue<string>(), array[2]);
    }

    private static bool IsString(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.String;

    private static Result<SdJwtDisclosure> Invalid(string message) => Result<SdJwtDisclosure>.Failure(SdJwtErrorCodes.InvalidDisclosure, message);
}
