// Token Status List (draft-ietf-oauth-status-list-20) §4.1 (Status List: byte array, LSB-first
// packing of 1/2/4/8-bit entries) and §4.2 (JSON form: zlib-compressed, base64url in `lst`).
using System.IO.Compression;
using Did.Sdk.Jose;
using Org.BouncyCastle.Utilities.Zlib;

namespace Did.Sdk.SdJwt.StatusList;

/// <summary>
/// A status list: <see cref="Count"/> entries of <see cref="Bits"/> bits each, packed least
/// significant bits first (status <c>i</c> sits in byte <c>i·bits/8</c> at shift <c>(i mod 8/bits)·bits</c>).
/// Mutable and not thread-safe; <see cref="StatusListRegistry"/> serializes access to the lists it owns.
/// </summary>
public sealed class StatusList
{
    /// <summary>The default bound on a decompressed list, in bytes (16 MiB: 2^27 one-bit entries).</summary>
    public const int DefaultMaxDecompressedBytes = 16 * 1024 * 1024;

    private readonly byte[] _bytes;

    private StatusList(int bits, int count, byte[] bytes)
    {
        Bits = bits;
        Count = count;
        _bytes = bytes;
    }

    /// <summary>Bits per entry: 1, 2, 4 or 8.</summary>
    public int Bits { get; }

    /// <summary>The number of entries (indexes 0 to Count − 1).</summary>
    public int Count { get; }

    /// <summary>The packed byte array (uncompressed), <c>⌈Count·Bits/8⌉</c> bytes.</summary>
    public ReadOnlySpan<byte> Bytes => _bytes;

    /// <summary>The largest status value an entry can hold: <c>2^Bits − 1</c>.</summary>
    public int MaxValue => (1 << Bits) - 1;

    /// <summary>True for the bit sizes the draft allows: 1, 2, 4, 8.</summary>
    public static bool IsValidBits(int bits) => bits is 1 or 2 or 4 or 8;

    /// <summary>Creates a list of <paramref name="count"/> entries, all VALID (0).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bits"/> is not 1, 2, 4 or 8, or <paramref name="count"/> is not positive or too large.</exception>
    public static StatusList Create(int bits, int count)
    {
        ThrowIfInvalidBits(bits);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        long byteCount = ((count * (long)bits) + 7) / 8;
        ArgumentOutOfRangeException.ThrowIfGreaterThan(byteCount, Array.MaxLength, nameof(count));
        return new StatusList(bits, count, new byte[byteCount]);
    }

    /// <summary>
    /// Wraps a packed byte array (copied). The list has <c>bytes·8/bits</c> entries. Fails with
    /// <c>invalidStatusList</c> for bad <paramref name="bits"/> or an empty array.
    /// </summary>
    public static Result<StatusList> FromBytes(int bits, ReadOnlySpan<byte> bytes)
    {
        if (!IsValidBits(bits))
        {
            return Result<StatusList>.Failure(StatusListErrorCodes.InvalidStatusList, $"bits is {bits}; it must be 1, 2, 4 or 8.");
        }

        if (bytes.IsEmpty)
        {
            return Result<StatusList>.Failure(StatusListErrorCodes.InvalidStatusList, "The status list is empty.");
        }

        long count = bytes.Length * 8L / bits;
        if (count > int.MaxValue)
        {
            return Result<StatusList>.Failure(StatusListErrorCodes.StatusListDecompressedTooLarge, "The status list has more than 2^31 − 1 entries.");
        }

        return new StatusList(bits, (int)count, bytes.ToArray());
    }

    /// <summary>
    /// Decodes the JSON form: <paramref name="lst"/> is base64url of the zlib-compressed byte array.
    /// Fails with <c>invalidStatusList</c> (bits, base64url, zlib, empty) or
    /// <c>statusListDecompressedTooLarge</c> when inflating would exceed <paramref name="maxDecompressedBytes"/>.
    /// </summary>
    public static Result<StatusList> FromLst(int bits, string lst, int maxDecompressedBytes = DefaultMaxDecompressedBytes)
    {
        ArgumentNullException.ThrowIfNull(lst);
        if (!Base64Url.TryDecode(lst, out byte[]? compressed))
        {
            return Result<StatusList>.Failure(StatusListErrorCodes.InvalidStatusList, "lst is not canonical base64url.");
        }

        return Decompress(bits, compressed, maxDecompressedBytes);
    }

    /// <summary>
    /// Decodes a zlib-compressed byte array (the CBOR form's <c>lst</c>). Inflates at most
    /// <paramref name="maxDecompressedBytes"/> bytes, so a decompression bomb fails with
    /// <c>statusListDecompressedTooLarge</c> after bounded work and memory.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxDecompressedBytes"/> is not positive.</exception>
    public static Result<StatusList> Decompress(int bits, ReadOnlySpan<byte> compressed, int maxDecompressedBytes = DefaultMaxDecompressedBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDecompressedBytes, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxDecompressedBytes, Array.MaxLength - 1);
        if (!IsValidBits(bits))
        {
            return Result<StatusList>.Failure(StatusListErrorCodes.InvalidStatusList, $"bits is {bits}; it must be 1, 2, 4 or 8.");
        }

        var inflated = Inflate(compressed, maxDecompressedBytes);
        return inflated.Succeeded ? FromBytes(bits, inflated.Value) : inflated.Error;
    }

    /// <summary>The status at <paramref name="index"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is negative or not below <see cref="Count"/>.</exception>
    public TokenStatus Get(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        return GetUnchecked(index);
    }

    /// <summary>The status at <paramref name="index"/>; false when the index is outside the list.</summary>
    public bool TryGet(long index, out TokenStatus status)
    {
        if (index < 0 || index >= Count)
        {
            status = default;
            return false;
        }

        status = GetUnchecked((int)index);
        return true;
    }

    /// <summary>Sets the status at <paramref name="index"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The index is outside the list, or the value does not fit in <see cref="Bits"/>.</exception>
    public void Set(int index, TokenStatus status)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        if ((int)status > MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(status), status, $"A {Bits}-bit list holds values up to {MaxValue}.");
        }

        int perByte = 8 / Bits;
        int shift = index % perByte * Bits;
        ref byte b = ref _bytes[index / perByte];
        b = (byte)((b & ~(MaxValue << shift)) | ((int)status << shift));
    }

    /// <summary>The zlib-compressed byte array (best compression), as the CBOR form carries it.</summary>
    public byte[] Compress()
    {
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            zlib.Write(_bytes);
        }

        return output.ToArray();
    }

    /// <summary>The JSON form's <c>lst</c>: base64url of <see cref="Compress"/>.</summary>
    public string ToLst() => Base64Url.Encode(Compress());

    private TokenStatus GetUnchecked(int index)
    {
        int perByte = 8 / Bits;
        int shift = index % perByte * Bits;
        return (TokenStatus)((_bytes[index / perByte] >> shift) & MaxValue);
    }

    // ZLibStream (and DeflateStream) stop quietly at the end of the input: a stream cut before its
    // final block or its Adler-32, or followed by other bytes, reads as if it were complete. The zlib
    // port in BouncyCastle reports Z_STREAM_END only after the final block and a matching Adler-32,
    // and leaves unread input in avail_in, so both cases are refused here (RFC 1950 §2.2).
    private static Result<byte[]> Inflate(ReadOnlySpan<byte> compressed, int maxBytes)
    {
        var z = new ZStream();
        if (z.inflateInit() != JZlib.Z_OK)
        {
            throw new InvalidOperationException("zlib inflateInit failed.");
        }

        try
        {
            z.next_in = compressed.ToArray();
            z.next_in_index = 0;
            z.avail_in = compressed.Length;
            var buffer = new byte[Math.Min(maxBytes + 1, Math.Max(1024, compressed.Length * 4))];
            int total = 0;
            while (true)
            {
                if (total == buffer.Length)
                {
                    if (total > maxBytes)
                    {
                        return TooLarge(maxBytes);
                    }

                    Array.Resize(ref buffer, (int)Math.Min(maxBytes + 1L, buffer.Length * 2L));
                }

                z.next_out = buffer;
                z.next_out_index = total;
                z.avail_out = buffer.Length - total;
                int rc = z.inflate(JZlib.Z_NO_FLUSH);
                int produced = buffer.Length - total - z.avail_out;
                total += produced;
                if (total > maxBytes)
                {
                    return TooLarge(maxBytes);
                }

                if (rc == JZlib.Z_STREAM_END)
                {
                    break;
                }

                if (rc == JZlib.Z_BUF_ERROR || (rc == JZlib.Z_OK && produced == 0 && z.avail_in == 0))
                {
                    if (z.avail_in == 0)
                    {
                        return Invalid("lst is a truncated zlib stream (no final block or no Adler-32).");
                    }

                    continue;
                }

                if (rc != JZlib.Z_OK)
                {
                    return Invalid("lst is not valid zlib data" + (z.msg is { Length: > 0 } m ? ": " + m : "."));
                }
            }

            if (z.avail_in != 0)
            {
                return Invalid($"lst has {z.avail_in} bytes after the end of its zlib stream.");
            }

            return buffer[..total];
        }
        finally
        {
            z.inflateEnd();
            z.free();
        }

        static Result<byte[]> TooLarge(int max) => Result<byte[]>.Failure(StatusListErrorCodes.StatusListDecompressedTooLarge, $"The status list inflates to more than {max} bytes.");
        static Result<byte[]> Invalid(string message) => Result<byte[]>.Failure(StatusListErrorCodes.InvalidStatusList, message);
    }

    private static void ThrowIfInvalidBits(int bits)
    {
        if (!IsValidBits(bits))
        {
            throw new ArgumentOutOfRangeException(nameof(bits), bits, "bits must be 1, 2, 4 or 8.");
        }
    }
}
