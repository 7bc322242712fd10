// Solidity contract ABI specification, "Formal Specification of the Encoding" (head/tail encoding of
// tuples, 32-byte words, dynamic types by offset) and "Function Selector". Decoding is strict: offsets
// and lengths must stay inside the data, padding must be zero, bools 0 or 1, strings valid UTF-8.
using System.Numerics;
using System.Text;

namespace Did.Sdk.Ethereum.Abi;

/// <summary>ABI encoding and decoding of values of the <see cref="AbiType"/> subset.</summary>
public static class AbiCodec
{
    private const int Word = 32;
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The 4-byte selector of a function signature such as <c>changed(address)</c>.</summary>
    public static byte[] Selector(string signature)
    {
        ArgumentException.ThrowIfNullOrEmpty(signature);
        return Keccak256.Hash(Encoding.UTF8.GetBytes(signature))[..4];
    }

    /// <summary>
    /// Encodes a call: the selector of <paramref name="signature"/> (for example
    /// <c>identityOwner(address)</c>) followed by the encoded arguments.
    /// </summary>
    /// <exception cref="ArgumentException">The signature is malformed or the arguments do not match its types.</exception>
    public static byte[] EncodeCall(string signature, params object[] arguments)
    {
        ArgumentException.ThrowIfNullOrEmpty(signature);
        ArgumentNullException.ThrowIfNull(arguments);
        var open = signature.IndexOf('(', StringComparison.Ordinal);
        if (open <= 0 || signature[^1] != ')')
        {
            throw new ArgumentException("Expected name(type,...).", nameof(signature));
        }

        var inner = signature[(open + 1)..^1];
        var types = inner.Length == 0
            ? []
            : inner.Split(',').Select(t => AbiType.TryParse(t, out var type) ? type : throw new ArgumentException($"Unsupported ABI type '{t}'.", nameof(signature))).ToArray();
        var encoded = Encode(types, arguments);
        var result = new byte[4 + encoded.Length];
        Selector(signature).CopyTo(result, 0);
        encoded.CopyTo(result, 4);
        return result;
    }

    /// <summary>Encodes values as an ABI tuple of <paramref name="types"/>.</summary>
    /// <exception cref="ArgumentException">A value does not fit its type (a programming error).</exception>
    public static byte[] Encode(IReadOnlyList<AbiType> types, IReadOnlyList<object> values)
    {
        ArgumentNullException.ThrowIfNull(types);
        ArgumentNullException.ThrowIfNull(values);
        if (types.Count != values.Count)
        {
            throw new ArgumentException("One value per type is required.", nameof(values));
        }

        using var stream = new MemoryStream();
        EncodeTuple(stream, types, values);
        return stream.ToArray();
    }

    /// <summary>
    /// Decodes an ABI tuple of <paramref name="types"/>. Fails with <c>invalidAbiData</c> when the data is
    /// short, an offset or length points outside it, padding is not zero, or a value is out of range.
    /// </summary>
    public static Result<IReadOnlyList<object>> Decode(IReadOnlyList<AbiType> types, ReadOnlySpan<byte> data)
    {
        ArgumentNullException.ThrowIfNull(types);
        var values = new object[types.Count];
        string? error = null;
        var reader = new Reader(data.ToArray());
        for (var i = 0; i < types.Count && error is null; i++)
        {
            error = reader.ReadAt(types[i], 0, i * Word, depth: 0, out values[i]);
        }

        return error is null
            ? values
            : Result<IReadOnlyList<object>>.Failure(EthereumErrorCodes.InvalidAbiData, error);
    }

    /// <summary>Decodes one value of <paramref name="type"/> from a single ABI word or tuple.</summary>
    public static Result<object> DecodeSingle(AbiType type, ReadOnlySpan<byte> data)
    {
        var result = Decode([type], data);
        return result.Succeeded ? Result<object>.Success(result.Value[0]) : Result<object>.Failure(result.Error);
    }

    private static void EncodeTuple(MemoryStream stream, IReadOnlyList<AbiType> types, IReadOnlyList<object> values)
    {
        var heads = new byte[types.Count * Word];
        using var tail = new MemoryStream();
        for (var i = 0; i < types.Count; i++)
        {
            if (types[i].IsDynamic)
            {
                WriteUnsigned(heads.AsSpan(i * Word, Word), new BigInteger(heads.Length + tail.Length));
                EncodeValue(tail, types[i], values[i]);
            }
            else
            {
                using var one = new MemoryStream();
                EncodeValue(one, types[i], values[i]);
                one.ToArray().CopyTo(heads, i * Word);
            }
        }

        stream.Write(heads);
        tail.Position = 0;
        tail.CopyTo(stream);
    }

    private static void EncodeValue(MemoryStream stream, AbiType type, object value)
    {
        ArgumentNullException.ThrowIfNull(value);
        Span<byte> word = stackalloc byte[Word];
        word.Clear();
        switch (type.Kind)
        {
            case AbiTypeKind.Address:
                (value is EthereumAddress a ? a : throw Mismatch(type)).CopyTo(word[12..]);
                stream.Write(word);
                break;
            case AbiTypeKind.Bool:
                word[31] = value is bool b ? (byte)(b ? 1 : 0) : throw Mismatch(type);
                stream.Write(word);
                break;
            case AbiTypeKind.UnsignedInteger:
            {
                var n = ToBigInteger(value, type);
                if (n.Sign < 0 || n.GetBitLength() > type.Size)
                {
                    throw new ArgumentException($"Value out of range for {type.Name}.", nameof(value));
                }

                WriteUnsigned(word, n);
                stream.Write(word);
                break;
            }

            case AbiTypeKind.SignedInteger:
            {
                var n = ToBigInteger(value, type);
                var limit = BigInteger.One << (type.Size - 1);
                if (n < -limit || n >= limit)
                {
                    throw new ArgumentException($"Value out of range for {type.Name}.", nameof(value));
                }

                WriteUnsigned(word, n.Sign < 0 ? (BigInteger.One << 256) + n : n);
                stream.Write(word);
                break;
            }

            case AbiTypeKind.FixedBytes:
            {
                var bytes = value as byte[] ?? throw Mismatch(type);
                if (bytes.Length != type.Size)
                {
                    throw new ArgumentException($"{type.Name} needs exactly {type.Size} bytes.", nameof(value));
                }

                bytes.CopyTo(word);
                stream.Write(word);
                break;
            }

            case AbiTypeKind.Bytes:
            case AbiTypeKind.Text:
            {
                var bytes = type.Kind == AbiTypeKind.Text
                    ? Encoding.UTF8.GetBytes(value as string ?? throw Mismatch(type))
                    : value as byte[] ?? throw Mismatch(type);
                WriteUnsigned(word, bytes.Length);
                stream.Write(word);
                stream.Write(bytes);
                stream.Write(new byte[(Word - (bytes.Length % Word)) % Word]);
                break;
            }

            case AbiTypeKind.Array:
            {
                var items = value as System.Collections.IEnumerable ?? throw Mismatch(type);
                var list = items.Cast<object>().ToArray();
                WriteUnsigned(word, list.Length);
                stream.Write(word);
                EncodeTuple(stream, Enumerable.Repeat(type.Element!, list.Length).ToArray(), list);
                break;
            }
        }
    }

    private static BigInteger ToBigInteger(object value, AbiType type) => value switch
    {
        BigInteger n => n,
        int n => n,
        long n => n,
        uint n => n,
        ulong n => n,
        _ => throw Mismatch(type),
    };

    private static ArgumentException Mismatch(AbiType type) => new($"The value does not fit ABI type {type.Name}.");

    private static void WriteUnsigned(Span<byte> word, BigInteger value)
    {
        word.Clear();
        var bytes = value.ToByteArray(isUnsigned: true, isBigEndian: true);
        bytes.CopyTo(word[(Word - bytes.Length)..]);
    }

    private sealed class Reader(byte[] data)
    {
        private const int MaxDepth = 8;

        // Reads the value of `type` whose head word sits at `baseOffset + slot`; dynamic offsets are relative to baseOffset.
        public string? ReadAt(AbiType type, int baseOffset, int slot, int depth, out object value)
        {
            value = null!;
            if (depth > MaxDepth)
            {
                return "ABI data nests too deeply.";
            }

            if (!TryWord(baseOffset + slot, out var head))
            {
                return "ABI data is shorter than its head.";
            }

            if (!type.IsDynamic)
            {
                return ReadStatic(type, head, out value);
            }

            if (!TryIndex(head, out var offset) || baseOffset + (long)offset > data.Length)
            {
                return "An ABI offset points outside the data.";
            }

            var start = baseOffset + offset;
            if (!TryWord(start, out var lengthWord) || !TryIndex(lengthWord, out var length))
            {
                return "An ABI length is missing or too large.";
            }

            var contentStart = start + Word;
            if (type.Kind == AbiTypeKind.Array)
            {
                if ((long)length * Word > data.Length - contentStart)
                {
                    return "An ABI array is longer than the data.";
                }

                var items = new object[length];
                for (var i = 0; i < length; i++)
                {
                    var error = ReadAt(type.Element!, contentStart, i * Word, depth + 1, out items[i]);
                    if (error is not null)
                    {
                        return error;
                    }
                }

                value = items;
                return null;
            }

            var padded = ((long)length + Word - 1) / Word * Word;
            if (padded > data.Length - contentStart)
            {
                return "ABI bytes are longer than the data.";
            }

            var content = data.AsSpan(contentStart, length);
            if (data.AsSpan(contentStart + length, (int)(padded - length)).ContainsAnyExcept((byte)0))
            {
                return "ABI bytes padding is not zero.";
            }

            if (type.Kind == AbiTypeKind.Text)
            {
                try
                {
                    value = StrictUtf8.GetString(content);
                }
                catch (DecoderFallbackException)
                {
                    return "An ABI string is not valid UTF-8.";
                }
            }
            else
            {
                value = content.ToArray();
            }

            return null;
        }

        private static string? ReadStatic(AbiType type, ReadOnlySpan<byte> word, out object value)
        {
            value = null!;
            switch (type.Kind)
            {
                case AbiTypeKind.Address:
                    if (word[..12].ContainsAnyExcept((byte)0))
                    {
                        return "An ABI address has non-zero padding.";
                    }

                    value = EthereumAddress.FromBytes(word[12..]);
                    return null;
                case AbiTypeKind.Bool:
                    if (word[..31].ContainsAnyExcept((byte)0) || word[31] > 1)
                    {
                        return "An ABI bool is neither 0 nor 1.";
                    }

                    value = word[31] == 1;
                    return null;
                case AbiTypeKind.UnsignedInteger:
                {
                    var n = new BigInteger(word, isUnsigned: true, isBigEndian: true);
                    if (n.GetBitLength() > type.Size)
                    {
                        return $"An ABI {type.Name} is out of range.";
                    }

                    value = n;
                    return null;
                }

                case AbiTypeKind.SignedInteger:
                {
                    var n = new BigInteger(word, isUnsigned: false, isBigEndian: true);
                    var limit = BigInteger.One << (type.Size - 1);
                    if (n < -limit || n >= limit)
                    {
                        return $"An ABI {type.Name} is out of range.";
                    }

                    value = n;
                    return null;
                }

                default:
                    if (word[type.Size..].ContainsAnyExcept((byte)0))
                    {
                        return $"An ABI {type.Name} has non-zero padding.";
                    }

                    value = word[..type.Size].ToArray();
                    return null;
            }
        }

        private bool TryWord(int offset, out ReadOnlySpan<byte> word)
        {
            word = default;
            if (offset < 0 || offset > data.Length - Word)
            {
                return false;
            }

            word = data.AsSpan(offset, Word);
            return true;
        }

        private static bool TryIndex(ReadOnlySpan<byte> word, out int index)
        {
            index = 0;
            if (word[..28].ContainsAnyExcept((byte)0))
            {
                return false;
            }

            var n = (uint)((word[28] << 24) | (word[29] << 16) | (word[30] << 8) | word[31]);
            if (n > int.MaxValue)
            {
                return false;
            }

            index = (int)n;
            return true;
        }
    }
}
