// EIP-712 "Typed structured data hashing and signing": §"Definition of typed structured data", §"Definition
// of encodeType", §"Definition of encodeData", §"Definition of hashStruct", §"Definition of domainSeparator",
// and the signing digest keccak256(0x19 ‖ 0x01 ‖ domainSeparator ‖ hashStruct(message)). JSON input as in
// eth_signTypedData_v4, with go-ethereum's validation rules (signer/core/apitypes).

using System.Buffers;
using System.Globalization;
using System.Numerics;
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
public sealed class Eip712TypedData
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

    /// <summary>Atomic types: address, bool, string, bytes, bytes1..32, int8..256, uint8..256 (and int/uint).</summary>
    private readonly record struct AtomicType(AtomicKind Kind, int Size, bool Signed)
    {
        public static bool TryParse(string type, out AtomicType atomic)
        {
            atomic = default;
            switch (type)
            {
                case "address": atomic = new(AtomicKind.Address, 20, false); return true;
                case "bool": atomic = new(AtomicKind.Bool, 1, false); return true;
                case "string": atomic = new(AtomicKind.String, 0, false); return true;
                case "bytes": atomic = new(AtomicKind.Bytes, 0, false); return true;
                case "int": atomic = new(AtomicKind.Integer, 256, true); return true;
                case "uint": atomic = new(AtomicKind.Integer, 256, false); return true;
            }

            if (type.StartsWith("bytes", StringComparison.Ordinal) && TryParseSize(type.AsSpan(5), out var n) && n is >= 1 and <= 32)
            {
                atomic = new(AtomicKind.FixedBytes, n, false);
                return true;
            }

            if (type.StartsWith("uint", StringComparison.Ordinal) && TryParseSize(type.AsSpan(4), out n) && n is >= 8 and <= 256 && n % 8 == 0)
            {
                atomic = new(AtomicKind.Integer, n, false);
                return true;
            }

            if (type.StartsWith("int", StringComparison.Ordinal) && TryParseSize(type.AsSpan(3), out n) && n is >= 8 and <= 256 && n % 8 == 0)
            {
                atomic = new(AtomicKind.Integer, n, true);
                return true;
            }

            return false;
        }
    }

    private enum AtomicKind
    {
        Address,
        Bool,
        String,
        Bytes,
        FixedBytes,
        Integer,
    }

    /// <summary>A resolved type: atomic, struct, or array (Length -1 = dynamic) of an element type.</summary>
    private sealed record TypeRef(string Name, AtomicType? Atomic, string? Struct, TypeRef? Element, int Length)
    {
        public static bool TryParse(string type, Dictionary<string, Eip712Field[]> types, out TypeRef result)
        {
            result = null!;
            if (type.EndsWith(']'))
            {
                // T[N] or T[]: the outermost dimension is the last bracket pair (Solidity order).
                var open = type.LastIndexOf('[');
                if (open <= 0)
                {
                    return false;
                }

                var size = type.AsSpan(open + 1, type.Length - open - 2);
                var length = -1;
                if (!size.IsEmpty && (!TryParseSize(size, out length) || length == 0))
                {
                    return false;
                }

                if (!TryParse(type[..open], types, out var element))
                {
                    return false;
                }

                result = new TypeRef(type, null, null, element, length);
                return true;
            }

            if (AtomicType.TryParse(type, out var atomic))
            {
                result = new TypeRef(type, atomic, null, null, 0);
                return true;
            }

            if (types.ContainsKey(type))
            {
                result = new TypeRef(type, null, type, null, 0);
                return true;
            }

            return false;
        }
    }

    /// <summary>Parses a decimal size without sign or leading zeros.</summary>
    private static bool TryParseSize(ReadOnlySpan<char> text, out int value)
    {
        value = 0;
        if (text.IsEmpty || text.Length > 7 || (text[0] == '0') || !int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value))
        {
            value = 0;
            return false;
        }

        return true;
    }

    private sealed class Encoder(Dictionary<string, Eip712Field[]> types)
    {
        private static readonly SearchValues<char> HexDigits = SearchValues.Create("0123456789abcdefABCDEF");
        private static readonly SearchValues<char> DecimalDigits = SearchValues.Create("0123456789");

        private readonly Dictionary<string, TypeRef> _refs = new(StringComparer.Ordinal);
        private readonly Dictionary<string, byte[]> _typeHashes = new(StringComparer.Ordinal);
        private readonly Dictionary<string, HashSet<string>> _fieldNames = new(StringComparer.Ordinal);

        public string EncodeType(string typeName)
        {
            var dependencies = new SortedSet<string>(StringComparer.Ordinal);
            CollectDependencies(typeName, dependencies);
            dependencies.Remove(typeName);
            var builder = new StringBuilder();
            AppendSignature(builder, typeName);
            foreach (var dependency in dependencies)
            {
                AppendSignature(builder, dependency);
            }

            return builder.ToString();
        }

        public byte[] EncodeData(string typeName, JsonElement data, string path)
        {
            if (data.ValueKind != JsonValueKind.Object)
            {
                throw new Eip712Exception(path + " must be an object of type " + typeName + ".");
            }

            var fields = types[typeName];
            if (!_fieldNames.TryGetValue(typeName, out var names))
            {
                names = new HashSet<string>(fields.Select(f => f.Name), StringComparer.Ordinal);
                _fieldNames[typeName] = names;
            }

            var count = 0;
            foreach (var member in data.EnumerateObject())
            {
                if (!names.Contains(member.Name))
                {
                    throw new Eip712Exception(path + " has a member '" + member.Name + "' that " + typeName + " does not define.");
                }

                count++;
            }

            if (count != fields.Length)
            {
                throw new Eip712Exception(path + " lacks fields of " + typeName + ".");
            }

            var output = new byte[32 * (fields.Length + 1)];
            TypeHash(typeName).CopyTo(output, 0);
            for (var i = 0; i < fields.Length; i++)
            {
                var field = fields[i];
                EncodeValue(Resolve(field.Type), data.GetProperty(field.Name), path + "." + field.Name, output.AsSpan(32 * (i + 1), 32));
            }

            return output;
        }

        private byte[] TypeHash(string typeName)
        {
            if (!_typeHashes.TryGetValue(typeName, out var hash))
            {
                hash = Keccak256.Hash(Encoding.UTF8.GetBytes(EncodeType(typeName)));
                _typeHashes[typeName] = hash;
            }

            return hash;
        }

        private TypeRef Resolve(string type)
        {
            if (!_refs.TryGetValue(type, out var typeRef))
            {
                if (!TypeRef.TryParse(type, types, out typeRef))
                {
                    throw new Eip712Exception("Unknown type '" + type + "'.");
                }

                _refs[type] = typeRef;
            }

            return typeRef;
        }

        private void CollectDependencies(string typeName, SortedSet<string> found)
        {
            // An explicit stack: type references are flat in JSON, so recursion depth would be chosen
            // by the input (a long chain T0 -> T1 -> ... would exhaust the thread's stack).
            var pending = new Stack<string>();
            pending.Push(typeName);
            while (pending.Count > 0)
            {
                var current = pending.Pop();
                if (!found.Add(current))
                {
                    continue;
                }

                foreach (var field in types[current])
                {
                    var typeRef = Resolve(field.Type);
                    while (typeRef.Element is not null)
                    {
                        typeRef = typeRef.Element;
                    }

                    if (typeRef.Struct is not null && !found.Contains(typeRef.Struct))
                    {
                        pending.Push(typeRef.Struct);
                    }
                }
            }
        }

        private void AppendSignature(StringBuilder builder, string typeName)
        {
            builder.Append(typeName).Append('(');
            var fields = types[typeName];
            for (var i = 0; i < fields.Length; i++)
            {
                if (i > 0)
                {
                    builder.Append(',');
                }

                builder.Append(fields[i].Type).Append(' ').Append(fields[i].Name);
            }

            builder.Append(')');
        }

        private void EncodeValue(TypeRef type, JsonElement value, string path, Span<byte> destination)
        {
            if (type.Element is not null)
            {
                if (value.ValueKind != JsonValueKind.Array)
                {
                    throw new Eip712Exception(path + " must be an array (" + type.Name + ").");
                }

                var length = value.GetArrayLength();
                if (type.Length >= 0 && length != type.Length)
                {
                    throw new Eip712Exception(path + " must have " + type.Length.ToString(CultureInfo.InvariantCulture) + " elements.");
                }

                var concatenated = new byte[32 * length];
                var index = 0;
                foreach (var item in value.EnumerateArray())
                {
                    EncodeValue(type.Element, item, path + "[" + index.ToString(CultureInfo.InvariantCulture) + "]", concatenated.AsSpan(32 * index, 32));
                    index++;
                }

                Keccak256.Hash(concatenated, destination);
                return;
            }

            if (type.Struct is not null)
            {
                Keccak256.Hash(EncodeData(type.Struct, value, path), destination);
                return;
            }

            EncodeAtomic(type.Atomic!.Value, type.Name, value, path, destination);
        }

        private static void EncodeAtomic(AtomicType type, string typeName, JsonElement value, string path, Span<byte> destination)
        {
            destination.Clear();
            switch (type.Kind)
            {
                case AtomicKind.String:
                    if (value.ValueKind != JsonValueKind.String)
                    {
                        throw Mismatch(path, typeName);
                    }

                    Keccak256.Hash(Encoding.UTF8.GetBytes(value.GetString()!), destination);
                    return;

                case AtomicKind.Bool:
                    if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                    {
                        throw Mismatch(path, typeName);
                    }

                    destination[31] = value.GetBoolean() ? (byte)1 : (byte)0;
                    return;

                case AtomicKind.Bytes:
                    Keccak256.Hash(HexValue(value, path, typeName), destination);
                    return;

                case AtomicKind.FixedBytes:
                    var bytes = HexValue(value, path, typeName);
                    if (bytes.Length != type.Size)
                    {
                        throw new Eip712Exception(path + " must be exactly " + type.Size.ToString(CultureInfo.InvariantCulture) + " bytes (" + typeName + ").");
                    }

                    bytes.CopyTo(destination);
                    return;

                case AtomicKind.Address:
                    var address = value.ValueKind == JsonValueKind.String ? value.GetString()! : string.Empty;
                    if (address.Length != 42 || !Hex.TryDecode(address, destination[12..], out _))
                    {
                        throw Mismatch(path, typeName);
                    }

                    return;

                case AtomicKind.Integer:
                    EncodeInteger(ParseInteger(value, path, typeName), type, path, typeName, destination);
                    return;
            }
        }

        private static byte[] HexValue(JsonElement value, string path, string typeName)
            => value.ValueKind == JsonValueKind.String && Hex.TryDecode(value.GetString(), out var bytes)
                ? bytes
                : throw Mismatch(path, typeName);

        private static void EncodeInteger(BigInteger value, AtomicType type, string path, string typeName, Span<byte> destination)
        {
            var min = type.Signed ? -(BigInteger.One << (type.Size - 1)) : BigInteger.Zero;
            var max = (BigInteger.One << (type.Signed ? type.Size - 1 : type.Size)) - 1;
            if (value < min || value > max)
            {
                throw new Eip712Exception(path + " is out of range for " + typeName + ".");
            }

            // 256-bit two's complement, big-endian.
            var encoded = value.Sign < 0 ? (BigInteger.One << 256) + value : value;
            var bytes = encoded.ToByteArray(isUnsigned: true, isBigEndian: true);
            bytes.CopyTo(destination[(32 - bytes.Length)..]);
        }

        private static BigInteger ParseInteger(JsonElement value, string path, string typeName)
        {
            if (value.ValueKind == JsonValueKind.Number)
            {
                return TryParseJsonNumber(value.GetRawText(), out var number) ? number : throw Mismatch(path, typeName);
            }

            if (value.ValueKind != JsonValueKind.String)
            {
                throw Mismatch(path, typeName);
            }

            var text = value.GetString()!.AsSpan();
            if (text.Length is 0 or > MaxIntegerTextLength)
            {
                throw Mismatch(path, typeName);
            }

            var negative = text[0] == '-';
            if (negative)
            {
                text = text[1..];
            }

            BigInteger magnitude;
            if (text.StartsWith("0x", StringComparison.Ordinal))
            {
                var digits = text[2..];
                if (digits.IsEmpty || digits.ContainsAnyExcept(HexDigits)
                    || !BigInteger.TryParse("0" + digits.ToString(), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out magnitude))
                {
                    throw Mismatch(path, typeName);
                }
            }
            else if (text.IsEmpty || text.ContainsAnyExcept(DecimalDigits)
                || !BigInteger.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out magnitude))
            {
                throw Mismatch(path, typeName);
            }

            return negative ? -magnitude : magnitude;
        }

        /// <summary>A JSON number with an integral value (5, 5.0, 5e2, 2.5e1); false for fractions.</summary>
        private static bool TryParseJsonNumber(string raw, out BigInteger value)
        {
            value = BigInteger.Zero;
            var text = raw.AsSpan();
            var negative = text[0] == '-';
            if (negative)
            {
                text = text[1..];
            }

            var exponent = 0;
            var e = text.IndexOfAny('e', 'E');
            if (e >= 0)
            {
                if (!int.TryParse(text[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out exponent)
                    || Math.Abs(exponent) > MaxExponent)
                {
                    return false;
                }

                text = text[..e];
            }

            var dot = text.IndexOf('.');
            var digits = dot < 0 ? text.ToString() : string.Concat(text[..dot], text[(dot + 1)..]);
            if (dot >= 0)
            {
                exponent -= text.Length - dot - 1;
            }

            digits = digits.TrimStart('0');
            if (digits.Length == 0)
            {
                return true;
            }

            if (digits.Length > MaxIntegerTextLength)
            {
                return false;
            }

            // Drop trailing zeros against a negative exponent; anything left over is a fraction.
            while (exponent < 0 && digits.EndsWith('0'))
            {
                digits = digits[..^1];
                exponent++;
            }

            if (exponent < 0)
            {
                return false;
            }

            value = BigInteger.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture) * BigInteger.Pow(10, exponent);
            if (negative)
            {
                value = -value;
            }

            return true;
        }

        private static Eip712Exception Mismatch(string path, string typeName)
            => new(path + " is not a valid " + typeName + " value.");
    }

    private sealed class Eip712Exception(string message) : Exception(message);
}
