// Multicall3 (mds1/multicall, deployed at 0xcA11bde05977b3631167028862bE2a173976CA11 on hundreds of
// chains): aggregate3((address target, bool allowFailure, bytes callData)[]) returns
// ((bool success, bytes returnData)[]), ABI-encoded per the Solidity ABI specification (tuples and
// dynamic arrays by offset). Decoding reads untrusted return data: every offset and length is checked.
using System.Numerics;
using Did.Sdk.Ethereum.Abi;

namespace Did.Sdk.Ethereum.Multicall;

/// <summary>One call inside an <c>aggregate3</c>.</summary>
/// <param name="Target">The contract called.</param>
/// <param name="CallData">The call data (selector and arguments).</param>
/// <param name="AllowFailure">When false, a failing call reverts the whole aggregate.</param>
public sealed record Multicall3Call(EthereumAddress Target, ReadOnlyMemory<byte> CallData, bool AllowFailure = true);

/// <summary>The outcome of one call inside an <c>aggregate3</c>.</summary>
/// <param name="Success">True when the call did not revert.</param>
/// <param name="ReturnData">The call's return data (or revert data).</param>
public sealed record Multicall3Result(bool Success, ReadOnlyMemory<byte> ReturnData);

/// <summary>Encoding and strict decoding of Multicall3's <c>aggregate3</c>.</summary>
public static class Multicall3
{
    /// <summary>The canonical deployment address, the same on every chain where it is deployed.</summary>
    public static EthereumAddress Address { get; } = EthereumAddress.Parse("0xcA11bde05977b3631167028862bE2a173976CA11").ThrowIfFailed();

    /// <summary>The most calls one aggregate carries here (a bound on request and response size).</summary>
    public const int MaxCalls = 5_000;

    private const int Word = 32;
    private static readonly byte[] Aggregate3Selector = AbiCodec.Selector("aggregate3((address,bool,bytes)[])");

    /// <summary>The call data of <c>aggregate3(calls)</c>.</summary>
    /// <exception cref="ArgumentException">No calls, or more than <see cref="MaxCalls"/>.</exception>
    public static byte[] EncodeAggregate3(IReadOnlyList<Multicall3Call> calls)
    {
        ArgumentNullException.ThrowIfNull(calls);
        if (calls.Count is 0 or > MaxCalls)
        {
            throw new ArgumentException($"An aggregate has 1 to {MaxCalls} calls.", nameof(calls));
        }

        // Head: selector, offset of the array (0x20). Array: length, one offset per element (relative
        // to the start of the offsets), then each tuple: target, allowFailure, offset of callData (0x60),
        // callData length, callData padded to words.
        var tuples = calls.Select(EncodeTuple).ToArray();
        int size = 4 + Word + Word + (Word * calls.Count) + tuples.Sum(t => t.Length);
        var output = new byte[size];
        Aggregate3Selector.CopyTo(output, 0);
        int position = 4;
        WriteWord(output, ref position, Word);
        WriteWord(output, ref position, calls.Count);
        int offset = Word * calls.Count;
        foreach (var tuple in tuples)
        {
            WriteWord(output, ref position, offset);
            offset += tuple.Length;
        }

        foreach (var tuple in tuples)
        {
            tuple.CopyTo(output, position);
            position += tuple.Length;
        }

        return output;
    }

    /// <summary>
    /// Decodes the return data of <c>aggregate3</c>: exactly <paramref name="expectedCount"/> results.
    /// Fails with <c>invalidAbiData</c> for anything else (a lying node, a contract that is not Multicall3).
    /// </summary>
    public static Result<IReadOnlyList<Multicall3Result>> DecodeAggregate3(ReadOnlySpan<byte> data, int expectedCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(expectedCount);
        if (!TryReadOffset(data, 0, data.Length, out int arrayStart) || !TryReadOffset(data, arrayStart, data.Length, out int count) || count != expectedCount)
        {
            return Invalid("The aggregate3 answer does not hold one result per call.");
        }

        int offsetsStart = arrayStart + Word;
        var results = new Multicall3Result[count];
        for (int i = 0; i < count; i++)
        {
            if (!TryReadOffset(data, offsetsStart + (i * Word), data.Length, out int relative)
                || !TryAdd(offsetsStart, relative, data.Length, out int tupleStart)
                || !TryReadWord(data, tupleStart, out var successWord) || successWord > 1
                || !TryReadOffset(data, tupleStart + Word, data.Length, out int bytesRelative)
                || !TryAdd(tupleStart, bytesRelative, data.Length, out int bytesStart)
                || !TryReadOffset(data, bytesStart, data.Length, out int length)
                || bytesStart + Word + (long)length > data.Length)
            {
                return Invalid($"Result {i} of the aggregate3 answer is malformed.");
            }

            results[i] = new Multicall3Result(successWord == 1, data.Slice(bytesStart + Word, length).ToArray());
        }

        return results;
    }

    private static byte[] EncodeTuple(Multicall3Call call)
    {
        int padded = (call.CallData.Length + Word - 1) / Word * Word;
        var tuple = new byte[(4 * Word) + padded];
        call.Target.CopyTo(tuple.AsSpan(12, 20));
        tuple[(2 * Word) - 1] = call.AllowFailure ? (byte)1 : (byte)0;
        int position = 2 * Word;
        WriteWord(tuple, ref position, 3 * Word);
        WriteWord(tuple, ref position, call.CallData.Length);
        call.CallData.Span.CopyTo(tuple.AsSpan(position));
        return tuple;
    }

    private static void WriteWord(byte[] output, ref int position, int value)
    {
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(output.AsSpan(position + Word - 4, 4), value);
        position += Word;
    }

    private static bool TryReadWord(ReadOnlySpan<byte> data, int position, out BigInteger value)
    {
        value = default;
        if (position < 0 || position > data.Length - Word)
        {
            return false;
        }

        value = new BigInteger(data.Slice(position, Word), isUnsigned: true, isBigEndian: true);
        return true;
    }

    // A word that must be a small non-negative integer (an offset or a length) within the data.
    private static bool TryReadOffset(ReadOnlySpan<byte> data, int position, int limit, out int value)
    {
        value = 0;
        if (!TryReadWord(data, position, out var word) || word > limit)
        {
            return false;
        }

        value = (int)word;
        return true;
    }

    private static bool TryAdd(int a, int b, int limit, out int sum)
    {
        long total = (long)a + b;
        sum = (int)Math.Min(total, int.MaxValue);
        return total <= limit;
    }

    private static Result<IReadOnlyList<Multicall3Result>> Invalid(string message) => Result<IReadOnlyList<Multicall3Result>>.Failure(EthereumErrorCodes.InvalidAbiData, message);
}
