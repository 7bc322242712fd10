// EIP-712 encodeData: values of the JSON message encoded by their declared types, with go-ethereum's validation rules.
using System.Buffers;
using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;

namespace Did.Sdk.Ethereum;

/// <content>EIP-712 encodeData: values of the JSON message encoded by their declared types, with go-ethereum's validation rules.</content>
public sealed partial class Eip712TypedData
{
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
}
