// EIP-712 type strings: atomic types, struct references, arrays (the grammar of §"Definition of typed structured data").
using System.Globalization;

namespace Did.Sdk.Ethereum;

/// <content>EIP-712 type strings: atomic types, struct references, arrays (the grammar of §"Definition of typed structured data").</content>
public sealed partial class Eip712TypedData
{
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
}
