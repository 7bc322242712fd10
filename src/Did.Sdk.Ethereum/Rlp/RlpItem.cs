// Recursive Length Prefix items (Ethereum Yellow Paper, Appendix B): a byte string or a list of items.

using System.Numerics;

namespace Did.Sdk.Ethereum.Rlp;

/// <summary>
/// An RLP item: either a byte string or a list of items. Integers are byte strings holding the
/// big-endian value without leading zero bytes (zero is the empty string).
/// </summary>
public sealed class RlpItem
{
    private readonly byte[]? _bytes;
    private readonly RlpItem[]? _items;

    private RlpItem(byte[]? bytes, RlpItem[]? items)
    {
        _bytes = bytes;
        _items = items;
    }

    /// <summary>True for a list, false for a byte string.</summary>
    public bool IsList => _items is not null;

    /// <summary>The bytes of a string item.</summary>
    /// <exception cref="InvalidOperationException">The item is a list.</exception>
    public ReadOnlySpan<byte> Bytes => _bytes ?? throw new InvalidOperationException("The RLP item is a list, not a byte string.");

    /// <summary>The elements of a list item.</summary>
    /// <exception cref="InvalidOperationException">The item is a byte string.</exception>
    public IReadOnlyList<RlpItem> Items => _items ?? throw new InvalidOperationException("The RLP item is a byte string, not a list.");

    /// <summary>A byte string item (the input is copied).</summary>
    public static RlpItem FromBytes(ReadOnlySpan<byte> bytes) => new(bytes.ToArray(), null);

    /// <summary>A list item.</summary>
    public static RlpItem FromList(params IEnumerable<RlpItem> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var array = items.ToArray();
        foreach (var item in array)
        {
            ArgumentNullException.ThrowIfNull(item, nameof(items));
        }

        return new RlpItem(null, array);
    }

    /// <summary>The canonical integer encoding of <paramref name="value"/> (big-endian, no leading zeros).</summary>
    public static RlpItem FromInteger(ulong value)
    {
        Span<byte> buffer = stackalloc byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(buffer, value);
        var start = 0;
        while (start < 8 && buffer[start] == 0)
        {
            start++;
        }

        return new RlpItem(buffer[start..].ToArray(), null);
    }

    /// <summary>The canonical integer encoding of a non-negative <paramref name="value"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is negative.</exception>
    public static RlpItem FromInteger(BigInteger value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        return new RlpItem(value.IsZero ? [] : value.ToByteArray(isUnsigned: true, isBigEndian: true), null);
    }

    /// <summary>
    /// Reads a canonical unsigned integer of at most <paramref name="maxBytes"/> bytes. False for a list,
    /// a leading zero byte, or a longer value.
    /// </summary>
    public bool TryGetInteger(int maxBytes, out BigInteger value)
    {
        value = BigInteger.Zero;
        if (_bytes is null || _bytes.Length > maxBytes || (_bytes.Length > 0 && _bytes[0] == 0))
        {
            return false;
        }

        value = new BigInteger(_bytes, isUnsigned: true, isBigEndian: true);
        return true;
    }

    /// <summary>Reads a canonical unsigned 64-bit integer; false as <see cref="TryGetInteger(int, out BigInteger)"/>.</summary>
    public bool TryGetUInt64(out ulong value)
    {
        value = 0;
        if (!TryGetInteger(8, out var big))
        {
            return false;
        }

        value = (ulong)big;
        return true;
    }
}
