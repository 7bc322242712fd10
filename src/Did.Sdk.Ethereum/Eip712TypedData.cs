// EIP-712 "Typed structured data hashing and signing": §"Definition of typed structured data", §"Definition
// of encodeType", §"Definition of encodeData", §"Definition of hashStruct", §"Definition of domainSeparator",
// and the signing digest keccak256(0x19 ‖ 0x01 ‖ domainSeparator ‖ hashStruct(message)). JSON input as in
// eth_signTypedData_v4, with go-ethereum's validation rules (signer/core/apitypes).

using System.Globalization;
using System.Text;
using System.Text.Json;
using Did.Sdk.Json;

namespace Did.Sdk.Ethereum;

/// <summary>A field of an EIP-712 struct type: its name and its type string (for example <c>uint256[]</c>).</summary>
/// <param name="Name">The field name.</param>
/// <param name="Type">The field type as written in the JSON.</param>
public sealed record Eip712Field(string Name, string Type);

/// <summary>
/// EIP-712 typed data (<c>types</c>, <c>primaryType</c>, <c>domain</c>, <c>message</c>) parsed and fully
/// validated from untrusted JSON. Every hash is computed during <see cref="Parse(string)"/>, so a parsed
/// value always has a <see cref="Hash"/>.
/// </summary>
/// <remarks>
/// <para>Accepted values: integers as JSON numbers with an integral value (<c>5</c>, <c>5.0</c>, <c>5e2</c>),
/// decimal strings (<c>"-12"</c>) or <c>0x</c>-hex strings, range-checked against their width; <c>bytes</c> and
/// <c>bytesN</c> as <c>0x</c>-hex strings (bytesN exactly N bytes); <c>address</c> as <c>0x</c> and 40 hex digits
/// (any case, the checksum is not enforced because the signature binds the bytes); <c>bool</c> as JSON
/// booleans; <c>string</c> as JSON strings. <c>int</c>/<c>uint</c> are accepted as 256-bit aliases and kept as
/// written in <c>encodeType</c> (as go-ethereum does).</para>
/// <para>Rejected with <c>invalidTypedData</c>: unknown or malformed types, type names that are not identifiers
/// (such as <c>Person[]</c>), a struct field of its own type, duplicate or empty field names, values that do
/// not match their type, missing or extra fields in the domain or a struct, fixed-size arrays of the wrong
/// length, out-of-range or fractional integers, unknown top-level members, and a <c>types</c> object without
/// <c>EIP712Domain</c>.</para>
/// <para>When <see cref="PrimaryType"/> is <c>EIP712Domain</c>, the digest is keccak256(0x1901 ‖ domainSeparator)
/// with no message hash, as MetaMask's <c>signTypedData_v4</c> does.</para>
/// </remarks>
public sealed partial class Eip712TypedData
{
    /// <summary>The name of the domain struct type.</summary>
    public const string DomainTypeName = "EIP712Domain";

    private const int MaxIntegerTextLength = 100;
    private const int MaxExponent = 100;
    private const int MaxTypeLength = 1024;

    /// <summary>The largest typed-data JSON accepted, in bytes (256 KiB); larger input is <c>inputTooLarge</c>.</summary>
    public const int MaxInputBytes = 256 * 1024;

    /// <summary>The most struct types (including <c>EIP712Domain</c>) accepted in <c>types</c>.</summary>
    public const int MaxTypes = 256;

    /// <summary>The most fields accepted in one struct type.</summary>
    public const int MaxFieldsPerType = 256;

    private readonly Dictionary<string, Eip712Field[]> _types;
    private readonly byte[] _domainSeparator;
    private readonly byte[]? _messageEncoding;
    private readonly byte[]? _messageHash;
    private readonly byte[] _hash;

    private Eip712TypedData(Dictionary<string, Eip712Field[]> types, string primaryType, JsonElement domain, JsonElement message)
    {
        _types = types;
        Types = types.ToDictionary(t => t.Key, t => (IReadOnlyList<Eip712Field>)t.Value.AsReadOnly(), StringComparer.Ordinal).AsReadOnly();
        PrimaryType = primaryType;
        Domain = domain;
        Message = message;

        var encoder = new Encoder(types);
        _domainSeparator = Keccak256.Hash(encoder.EncodeData(DomainTypeName, domain, "domain"));
        if (primaryType != DomainTypeName)
        {
            _messageEncoding = encoder.EncodeData(primaryType, message, "message");
            _messageHash = Keccak256.Hash(_messageEncoding);
        }

        var digestInput = new byte[2 + 32 + (_messageHash?.Length ?? 0)];
        digestInput[0] = 0x19;
        digestInput[1] = 0x01;
        _domainSeparator.CopyTo(digestInput, 2);
        _messageHash?.CopyTo(digestInput, 34);
        _hash = Keccak256.Hash(digestInput);
    }

    /// <summary>The name of the message's struct type.</summary>
    public string PrimaryType { get; }

    /// <summary>The struct types by name, including <c>EIP712Domain</c>.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<Eip712Field>> Types { get; }

    /// <summary>The domain object as parsed.</summary>
    public JsonElement Domain { get; }

    /// <summary>The message object as parsed.</summary>
    public JsonElement Message { get; }

    /// <summary><c>hashStruct("EIP712Domain", domain)</c>, 32 bytes.</summary>
    public ReadOnlyMemory<byte> DomainSeparator => _domainSeparator;

    /// <summary><c>encodeData(primaryType, message)</c>; empty when <see cref="PrimaryType"/> is <c>EIP712Domain</c>.</summary>
    public ReadOnlyMemory<byte> MessageEncoding => _messageEncoding ?? [];

    /// <summary><c>hashStruct(primaryType, message)</c>, 32 bytes; empty when <see cref="PrimaryType"/> is <c>EIP712Domain</c>.</summary>
    public ReadOnlyMemory<byte> MessageHash => _messageHash ?? [];

    /// <summary>The digest to sign: keccak256(0x19 ‖ 0x01 ‖ domainSeparator ‖ hashStruct(message)), 32 bytes.</summary>
    public ReadOnlyMemory<byte> Hash => _hash;

    /// <summary>Parses and validates typed data from JSON text; fails with <c>invalidJson</c> or <c>invalidTypedData</c>.</summary>
    public static Result<Eip712TypedData> Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return Parse(Encoding.UTF8.GetBytes(json));
    }

    /// <summary>Parses and validates typed data from UTF-8 JSON; fails with <c>invalidJson</c> or <c>invalidTypedData</c>.</summary>
    public static Result<Eip712TypedData> Parse(ReadOnlyMemory<byte> utf8Json)
    {
        if (utf8Json.Length > MaxInputBytes)
        {
            return Result<Eip712TypedData>.Failure(ErrorCodes.InputTooLarge, $"The typed data is {utf8Json.Length} bytes; the limit is {MaxInputBytes}.");
        }

        var document = StrictJson.ParseDocument(utf8Json);
        if (!document.Succeeded)
        {
            return Result<Eip712TypedData>.Failure(document.Error);
        }

        using var doc = document.Value;
        try
        {
            return FromRoot(doc.RootElement);
        }
        catch (Eip712Exception ex)
        {
            return Result<Eip712TypedData>.Failure(EthereumErrorCodes.InvalidTypedData, ex.Message);
        }
    }

    /// <summary>
    /// <c>encodeType</c> of a struct type: its signature followed by the signatures of the struct types it
    /// references, sorted by name, for example <c>Mail(Person from,Person to,string contents)Person(string name,address wallet)</c>.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="typeName"/> is not a struct type of this data.</exception>
    public string EncodeType(string typeName)
    {
        ArgumentNullException.ThrowIfNull(typeName);
        if (!_types.ContainsKey(typeName))
        {
            throw new ArgumentException("Unknown struct type '" + typeName + "'.", nameof(typeName));
        }

        return new Encoder(_types).EncodeType(typeName);
    }

    /// <summary><c>typeHash</c> = keccak256(<see cref="EncodeType"/>), 32 bytes.</summary>
    /// <exception cref="ArgumentException"><paramref name="typeName"/> is not a struct type of this data.</exception>
    public byte[] TypeHash(string typeName) => Keccak256.Hash(Encoding.UTF8.GetBytes(EncodeType(typeName)));

    /// <summary>
    /// <c>encodeData</c> of any value of one of this data's struct types; fails with <c>invalidTypedData</c>
    /// when the value does not match the type.
    /// </summary>
    public Result<byte[]> EncodeData(string typeName, JsonElement data)
    {
        ArgumentNullException.ThrowIfNull(typeName);
        if (!_types.ContainsKey(typeName))
        {
            return Result<byte[]>.Failure(EthereumErrorCodes.InvalidTypedData, "Unknown struct type '" + typeName + "'.");
        }

        try
        {
            return new Encoder(_types).EncodeData(typeName, data, "data");
        }
        catch (Eip712Exception ex)
        {
            return Result<byte[]>.Failure(EthereumErrorCodes.InvalidTypedData, ex.Message);
        }
    }

    /// <summary><c>hashStruct</c> = keccak256(<see cref="EncodeData"/>) of a value of one of this data's struct types.</summary>
    public Result<byte[]> HashStruct(string typeName, JsonElement data)
    {
        var encoded = EncodeData(typeName, data);
        return encoded.Succeeded ? Keccak256.Hash(encoded.Value) : encoded;
    }

    private static Eip712TypedData FromRoot(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new Eip712Exception("Typed data must be a JSON object.");
        }

        JsonElement? types = null, primaryType = null, domain = null, message = null;
        foreach (var member in root.EnumerateObject())
        {
            switch (member.Name)
            {
                case "types": types = member.Value; break;
                case "primaryType": primaryType = member.Value; break;
                case "domain": domain = member.Value; break;
                case "message": message = member.Value; break;
                default: throw new Eip712Exception("Unknown member '" + member.Name + "'.");
            }
        }

        if (types is not { ValueKind: JsonValueKind.Object })
        {
            throw new Eip712Exception("'types' must be an object.");
        }

        if (primaryType is not { ValueKind: JsonValueKind.String } || string.IsNullOrEmpty(primaryType.Value.GetString()))
        {
            throw new Eip712Exception("'primaryType' must be a non-empty string.");
        }

        if (domain is not { ValueKind: JsonValueKind.Object })
        {
            throw new Eip712Exception("'domain' must be an object.");
        }

        if (message is not { ValueKind: JsonValueKind.Object })
        {
            throw new Eip712Exception("'message' must be an object.");
        }

        var parsedTypes = ParseTypes(types.Value);
        var primary = primaryType.Value.GetString()!;
        if (!parsedTypes.ContainsKey(primary))
        {
            throw new Eip712Exception("The primary type '" + primary + "' is not defined.");
        }

        return new Eip712TypedData(parsedTypes, primary, domain.Value.Clone(), message.Value.Clone());
    }

    private static Dictionary<string, Eip712Field[]> ParseTypes(JsonElement types)
    {
        var result = new Dictionary<string, Eip712Field[]>(StringComparer.Ordinal);
        foreach (var type in types.EnumerateObject())
        {
            // Bounds every walk over type references (encodeType, hashStruct) and their cost.
            if (result.Count >= MaxTypes)
            {
                throw new Eip712Exception("'types' defines more than " + MaxTypes.ToString(CultureInfo.InvariantCulture) + " struct types.");
            }

            if (!IsIdentifier(type.Name) || AtomicType.TryParse(type.Name, out _))
            {
                throw new Eip712Exception("'" + type.Name + "' is not a valid struct type name.");
            }

            if (type.Value.ValueKind != JsonValueKind.Array)
            {
                throw new Eip712Exception("The fields of '" + type.Name + "' must be an array.");
            }

            var fields = new List<Eip712Field>();
            var names = new HashSet<string>(StringComparer.Ordinal);
            if (type.Value.GetArrayLength() > MaxFieldsPerType)
            {
                throw new Eip712Exception("'" + type.Name + "' has more than " + MaxFieldsPerType.ToString(CultureInfo.InvariantCulture) + " fields.");
            }

            foreach (var field in type.Value.EnumerateArray())
            {
                var parsed = ParseField(type.Name, field, names);

                // Bounds the recursion of type resolution: no more array dimensions than JSON nesting allows.
                if (parsed.Type.Length > MaxTypeLength || parsed.Type.AsSpan().Count('[') > StrictJson.MaxDepth)
                {
                    throw new Eip712Exception("The type of '" + type.Name + "." + parsed.Name + "' is too long.");
                }

                fields.Add(parsed);
            }

            result.Add(type.Name, [.. fields]);
        }

        if (!result.ContainsKey(DomainTypeName))
        {
            throw new Eip712Exception("'types' must define EIP712Domain.");
        }

        // Every field type must resolve: atomic, a defined struct, or arrays of those.
        foreach (var (name, fields) in result)
        {
            foreach (var field in fields)
            {
                if (!TypeRef.TryParse(field.Type, result, out _))
                {
                    throw new Eip712Exception("Field '" + name + "." + field.Name + "' has unknown type '" + field.Type + "'.");
                }

                if (field.Type == name)
                {
                    throw new Eip712Exception("Type '" + name + "' cannot contain itself.");
                }
            }
        }

        return result;
    }

    private static Eip712Field ParseField(string typeName, JsonElement field, HashSet<string> names)
    {
        if (field.ValueKind != JsonValueKind.Object)
        {
            throw new Eip712Exception("Each field of '" + typeName + "' must be an object with 'name' and 'type'.");
        }

        string? name = null, type = null;
        foreach (var member in field.EnumerateObject())
        {
            if (member.Value.ValueKind != JsonValueKind.String)
            {
                throw new Eip712Exception("Field members of '" + typeName + "' must be strings.");
            }

            switch (member.Name)
            {
                case "name": name = member.Value.GetString(); break;
                case "type": type = member.Value.GetString(); break;
                default: throw new Eip712Exception("Unknown field member '" + member.Name + "' in '" + typeName + "'.");
            }
        }

        if (string.IsNullOrEmpty(name) || string.IsNullOrEmpty(type))
        {
            throw new Eip712Exception("Each field of '" + typeName + "' needs a non-empty 'name' and 'type'.");
        }

        if (!names.Add(name))
        {
            throw new Eip712Exception("Duplicate field '" + name + "' in '" + typeName + "'.");
        }

        return new Eip712Field(name, type);
    }

    private static bool IsIdentifier(string name)
    {
        if (name.Length == 0 || !(char.IsAsciiLetter(name[0]) || name[0] is '_' or '$'))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '$'))
            {
                return false;
            }
        }

        return true;
    }

    private sealed class Eip712Exception(string message) : Exception(message);
}
