// Recursive Length Prefix serialization (Ethereum Yellow Paper, Appendix B). Decoding accepts only the
// canonical encoding, as execution clients do for transactions: a single byte below 0x80 is never
// wrapped, lengths are minimal and have no leading zero bytes, and no bytes follow the item.

using System.Buffers;

namespace Did.Sdk.Ethereum.Rlp;

/// <summary>Encodes <see cref="RlpItem"/> values and strictly decodes canonical RLP.</summary>
public static class RlpCodec
{
    /// <summary>The canonical encoding of <paramref name="item"/>.</summary>
    public static byte[] Encode(RlpItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        Write(buffer, item);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// Decodes exactly one canonical item that spans all of <paramref name="input"/>. Fails with
    /// <c>invalidRlp</c> (truncated, non-canonical or trailing data) or <c>inputTooLarge</c> (size or
    /// nesting beyond <paramref name="options"/>).
    /// </summary>
    public static Result<RlpItem> Decode(ReadOnlySpan<byte> input, RlpDecodeOptions? options = null)
    {
        options ??= RlpDecodeOptions.Default;
        if (input.Length > options.MaxInputSize)
        {
            return Result<RlpItem>.Failure(ErrorCodes.InputTooLarge, $"The RLP input is larger than {options.MaxInputSize} bytes.");
        }

        if (input.IsEmpty)
        {
            return Result<RlpItem>.Failure(EthereumErrorCodes.InvalidRlp, "The RLP input is empty.");
        }

        var position = 0;
        var error = ReadItem(input, ref position, 0, options.MaxDepth, out var item);
        if (error is not null)
        {
            return Result<RlpItem>.Failure(error);
        }

        return position == input.Length
            ? item!
            : Result<RlpItem>.Failure(EthereumErrorCodes.InvalidRlp, "Bytes follow the RLP item.");
    }

    private static SdkError? ReadItem(ReadOnlySpan<byte> input, ref int position, int depth, int maxDepth, out RlpItem? item)
    {
        item = null;
        var prefix = input[position];
        if (prefix < 0x80)
        {
            item = RlpItem.FromBytes(input.Slice(position, 1));
            position++;
            return null;
        }

        var isList = prefix >= 0xC0;
        var error = ReadLength(input, ref position, isList, out var length);
        if (error is not null)
        {
            return error;
        }

        var payload = input.Slice(position, length);
        if (!isList)
        {
            if (length == 1 && payload[0] < 0x80)
            {
                return Invalid("A single byte below 0x80 must be encoded as itself.");
            }

            item = RlpItem.FromBytes(payload);
            position += length;
            return null;
        }

        if (depth > maxDepth)
        {
            return new SdkError(ErrorCodes.InputTooLarge, $"RLP lists are nested deeper than {maxDepth}.");
        }

        var items = new List<RlpItem>();
        var inner = 0;
        while (inner < payload.Length)
        {
            error = ReadItem(payload, ref inner, depth + 1, maxDepth, out var child);
            if (error is not null)
            {
                return error;
            }

            items.Add(child!);
        }

        position += length;
        item = RlpItem.FromList(items);
        return null;
    }

    private static SdkError? ReadLength(ReadOnlySpan<byte> input, ref int position, bool isList, out int length)
    {
        length = 0;
        var offset = isList ? 0xC0 : 0x80;
        var prefix = input[position++];
        if (prefix - offset <= 55)
        {
            length = prefix - offset;
        }
        else
        {
            var lengthOfLength = prefix - offset - 55;
            if (lengthOfLength > 4 || input.Length - position < lengthOfLength)
            {
                return Invalid("The RLP length prefix is truncated or larger than the input.");
            }

            if (input[position] == 0)
            {
                return Invalid("An RLP length has a leading zero byte.");
            }

            long value = 0;
            for (var i = 0; i < lengthOfLength; i++)
            {
                value = (value << 8) | input[position + i];
            }

            position += lengthOfLength;
            if (value <= 55)
            {
                return Invalid("A length up to 55 must use the short RLP form.");
            }

            if (value > int.MaxValue)
            {
                return Invalid("The RLP length is larger than the input.");
            }

            length = (int)value;
        }

        return input.Length - position < length
            ? Invalid("The RLP item is longer than the input.")
            : null;
    }

    private static SdkError Invalid(string message) => new(EthereumErrorCodes.InvalidRlp, message);

    private static void Write(System.Buffers.ArrayBufferWriter<byte> buffer, RlpItem item)
    {
        if (!item.IsList)
        {
            var bytes = item.Bytes;
            if (bytes.Length == 1 && bytes[0] < 0x80)
            {
                buffer.Write(bytes);
                return;
            }

            WriteHeader(buffer, 0x80, bytes.Length);
            buffer.Write(bytes);
            return;
        }

        var inner = new System.Buffers.ArrayBufferWriter<byte>();
        foreach (var child in item.Items)
        {
            Write(inner, child);
        }

        WriteHeader(buffer, 0xC0, inner.WrittenCount);
        buffer.Write(inner.WrittenSpan);
    }

    private static void WriteHeader(System.Buffers.ArrayBufferWriter<byte> buffer, int offset, int length)
    {
        if (length <= 55)
        {
            buffer.Write([(byte)(offset + length)]);
            return;
        }

        Span<byte> be = stackalloc byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(be, length);
        var start = 0;
        while (be[start] == 0)
        {
            start++;
        }

        buffer.Write([(byte)(offset + 55 + (4 - start))]);
        buffer.Write(be[start..]);
    }
}
