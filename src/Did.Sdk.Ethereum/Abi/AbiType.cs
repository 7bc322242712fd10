// Solidity contract ABI specification, "Types" and "Formal Specification of the Encoding": the subset
// of types that registry and token reads need (address, bool, uintN/intN, bytesN, bytes, string, T[]).
using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Did.Sdk.Ethereum.Abi;

/// <summary>The kinds of ABI type supported here.</summary>
public enum AbiTypeKind
{
    /// <summary><c>address</c> (20 bytes).</summary>
    Address,

    /// <summary><c>bool</c>.</summary>
    Bool,

    /// <summary><c>uintN</c> for N in 8..256, a multiple of 8.</summary>
    UnsignedInteger,

    /// <summary><c>intN</c> (two's complement) for N in 8..256, a multiple of 8.</summary>
    SignedInteger,

    /// <summary><c>bytesN</c> for N in 1..32.</summary>
    FixedBytes,

    /// <summary><c>bytes</c> (dynamic).</summary>
    Bytes,

    /// <summary><c>string</c> (dynamic, UTF-8).</summary>
    Text,

    /// <summary><c>T[]</c>, a dynamic array.</summary>
    Array,
}

/// <summary>
/// An ABI type of the supported subset. Values are carried as <see cref="EthereumAddress"/> (address),
/// <see cref="bool"/>, <see cref="System.Numerics.BigInteger"/> (uintN/intN), <see cref="byte"/>[]
/// (bytesN, bytes), <see cref="string"/> and <see cref="IReadOnlyList{T}"/> of <see cref="object"/> (arrays).
/// </summary>
public sealed class AbiType : IEquatable<AbiType>
{
    private AbiType(AbiTypeKind kind, int size, AbiType? element)
    {
        Kind = kind;
        Size = size;
        Element = element;
        Name = kind switch
        {
            AbiTypeKind.Address => "address",
            AbiTypeKind.Bool => "bool",
            AbiTypeKind.UnsignedInteger => "uint" + size.ToString(CultureInfo.InvariantCulture),
            AbiTypeKind.SignedInteger => "int" + size.ToString(CultureInfo.InvariantCulture),
            AbiTypeKind.FixedBytes => "bytes" + size.ToString(CultureInfo.InvariantCulture),
            AbiTypeKind.Bytes => "bytes",
            AbiTypeKind.Text => "string",
            _ => element!.Name + "[]",
        };
    }

    /// <summary><c>address</c></summary>
    public static AbiType Address { get; } = new(AbiTypeKind.Address, 160, null);

    /// <summary><c>bool</c></summary>
    public static AbiType Bool { get; } = new(AbiTypeKind.Bool, 8, null);

    /// <summary><c>uint256</c></summary>
    public static AbiType Uint256 { get; } = new(AbiTypeKind.UnsignedInteger, 256, null);

    /// <summary><c>int256</c></summary>
    public static AbiType Int256 { get; } = new(AbiTypeKind.SignedInteger, 256, null);

    /// <summary><c>bytes32</c></summary>
    public static AbiType Bytes32 { get; } = new(AbiTypeKind.FixedBytes, 32, null);

    /// <summary><c>bytes</c></summary>
    public static AbiType DynamicBytes { get; } = new(AbiTypeKind.Bytes, 0, null);

    /// <summary><c>string</c></summary>
    public static AbiType Utf8String { get; } = new(AbiTypeKind.Text, 0, null);

    /// <summary>The kind of type.</summary>
    public AbiTypeKind Kind { get; }

    /// <summary>Bits for uintN/intN, bytes for bytesN, otherwise 0 (160 for address, 8 for bool).</summary>
    public int Size { get; }

    /// <summary>The element type of an array, otherwise null.</summary>
    public AbiType? Element { get; }

    /// <summary>The canonical name used in signatures, for example <c>uint256</c> or <c>address[]</c>.</summary>
    public string Name { get; }

    /// <summary>True for types encoded out of line (bytes, string, arrays).</summary>
    public bool IsDynamic => Kind is AbiTypeKind.Bytes or AbiTypeKind.Text or AbiTypeKind.Array;

    /// <summary>A dynamic array of <paramref name="element"/>.</summary>
    public static AbiType ArrayOf(AbiType element)
    {
        ArgumentNullException.ThrowIfNull(element);
        return new AbiType(AbiTypeKind.Array, 0, element);
    }

    /// <summary><c>uintN</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bits"/> is not a multiple of 8 in 8..256.</exception>
    public static AbiType UnsignedOf(int bits) => TryInteger(AbiTypeKind.UnsignedInteger, bits, out var t) ? t : throw new ArgumentOutOfRangeException(nameof(bits));

    /// <summary><c>intN</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bits"/> is not a multiple of 8 in 8..256.</exception>
    public static AbiType SignedOf(int bits) => TryInteger(AbiTypeKind.SignedInteger, bits, out var t) ? t : throw new ArgumentOutOfRangeException(nameof(bits));

    /// <summary><c>bytesN</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is not in 1..32.</exception>
    public static AbiType FixedBytes(int length)
        => length is >= 1 and <= 32 ? new AbiType(AbiTypeKind.FixedBytes, length, null) : throw new ArgumentOutOfRangeException(nameof(length));

    /// <summary>
    /// Parses a type name of the subset (<c>uint</c> and <c>int</c> mean 256 bits). Fails with
    /// <c>invalidAbi</c> for tuples, fixed-size arrays, fixed-point types and malformed names.
    /// </summary>
    public static Result<AbiType> Parse(string? name)
        => TryParse(name, out var type) ? type : Result<AbiType>.Failure(EthereumErrorCodes.InvalidAbi, $"Unsupported or malformed ABI type '{name}'.");

    /// <summary>Like <see cref="Parse"/>; false instead of an error.</summary>
    public static bool TryParse(string? name, [NotNullWhen(true)] out AbiType? type)
    {
        type = null;
        if (string.IsNullOrEmpty(name) || name.Length > 64)
        {
            return false;
        }

        if (name.EndsWith("[]", StringComparison.Ordinal))
        {
            if (!TryParse(name[..^2], out var element))
            {
                return false;
            }

            type = ArrayOf(element);
            return true;
        }

        switch (name)
        {
            case "address": type = Address; return true;
            case "bool": type = Bool; return true;
            case "bytes": type = DynamicBytes; return true;
            case "string": type = Utf8String; return true;
            case "uint": type = Uint256; return true;
            case "int": type = Int256; return true;
        }

        if (name.StartsWith("uint", StringComparison.Ordinal))
        {
            return TryDigits(name.AsSpan(4), out var bits) && TryInteger(AbiTypeKind.UnsignedInteger, bits, out type);
        }

        if (name.StartsWith("int", StringComparison.Ordinal))
        {
            return TryDigits(name.AsSpan(3), out var bits) && TryInteger(AbiTypeKind.SignedInteger, bits, out type);
        }

        if (name.StartsWith("bytes", StringComparison.Ordinal) && TryDigits(name.AsSpan(5), out var length) && length is >= 1 and <= 32)
        {
            type = new AbiType(AbiTypeKind.FixedBytes, length, null);
            return true;
        }

        return false;
    }

    /// <inheritdoc />
    public bool Equals(AbiType? other) => other is not null && other.Name == Name;

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as AbiType);

    /// <inheritdoc />
    public override int GetHashCode() => Name.GetHashCode(StringComparison.Ordinal);

    /// <inheritdoc />
    public override string ToString() => Name;

    private static bool TryDigits(ReadOnlySpan<char> text, out int value)
    {
        value = 0;
        return text.Length is >= 1 and <= 3 && text[0] != '0'
            && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    private static bool TryInteger(AbiTypeKind kind, int bits, [NotNullWhen(true)] out AbiType? type)
    {
        type = bits is >= 8 and <= 256 && bits % 8 == 0 ? new AbiType(kind, bits, null) : null;
        return type is not null;
    }
}
