using System.Text.Json;

namespace Did.Sdk.Ethereum.Tests;

public sealed class Eip712TypedDataTests
{
    private const string Domain = "\"EIP712Domain\":[{\"name\":\"chainId\",\"type\":\"uint256\"}]";

    public static TheoryData<string, string> InvalidValues => new()
    {
        // type, JSON value
        { "uint8", "256" },
        { "uint8", "-1" },
        { "uint8", "\"-1\"" },
        { "uint8", "\"0x100\"" },
        { "uint8", "1.5" },
        { "uint8", "\"1.0\"" },
        { "uint8", "\"\"" },
        { "uint8", "\"0x\"" },
        { "uint8", "\"+1\"" },
        { "uint8", "\" 1\"" },
        { "uint8", "true" },
        { "uint8", "null" },
        { "uint256", "\"115792089237316195423570985008687907853269984665640564039457584007913129639936\"" },
        { "uint256", "1e78" },
        { "int8", "128" },
        { "int8", "-129" },
        { "int256", "\"57896044618658097711785492504343953926634992332820282019728792003956564819968\"" },
        { "bytes4", "\"0x010203\"" },
        { "bytes4", "\"0x0102030405\"" },
        { "bytes4", "\"01020304\"" },
        { "bytes", "\"0x123\"" },
        { "bytes", "[1,2]" },
        { "address", "\"0x123\"" },
        { "address", "\"5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed\"" },
        { "address", "\"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAedaa\"" },
        { "address", "1" },
        { "bool", "1" },
        { "bool", "\"true\"" },
        { "string", "1" },
        { "string", "null" },
        { "string[2]", "[\"a\"]" },
        { "string[2]", "[\"a\",\"b\",\"c\"]" },
        { "string[]", "\"a\"" },
        { "uint8[][]", "[1]" },
    };

    public static TheoryData<string> InvalidDocuments => new()
    {
        // Missing EIP712Domain.
        "{\"types\":{\"M\":[{\"name\":\"a\",\"type\":\"uint8\"}]},\"primaryType\":\"M\",\"domain\":{},\"message\":{\"a\":1}}",
        // Unknown top-level member.
        "{\"types\":{" + Domain + "},\"primaryType\":\"EIP712Domain\",\"domain\":{\"chainId\":1},\"message\":{},\"extra\":1}",
        // Primary type not defined.
        "{\"types\":{" + Domain + "},\"primaryType\":\"M\",\"domain\":{\"chainId\":1},\"message\":{}}",
        // Missing message field.
        "{\"types\":{" + Domain + ",\"M\":[{\"name\":\"a\",\"type\":\"uint8\"}]},\"primaryType\":\"M\",\"domain\":{\"chainId\":1},\"message\":{}}",
        // Missing domain field.
        "{\"types\":{" + Domain + "},\"primaryType\":\"EIP712Domain\",\"domain\":{},\"message\":{}}",
        // Type contains itself.
        "{\"types\":{" + Domain + ",\"M\":[{\"name\":\"a\",\"type\":\"M\"}]},\"primaryType\":\"M\",\"domain\":{\"chainId\":1},\"message\":{\"a\":{}}}",
        // Duplicate field name.
        "{\"types\":{" + Domain + ",\"M\":[{\"name\":\"a\",\"type\":\"uint8\"},{\"name\":\"a\",\"type\":\"uint8\"}]},\"primaryType\":\"M\",\"domain\":{\"chainId\":1},\"message\":{\"a\":1}}",
        // Empty field name, unknown field member.
        "{\"types\":{" + Domain + ",\"M\":[{\"name\":\"\",\"type\":\"uint8\"}]},\"primaryType\":\"M\",\"domain\":{\"chainId\":1},\"message\":{\"\":1}}",
        "{\"types\":{" + Domain + ",\"M\":[{\"name\":\"a\",\"type\":\"uint8\",\"x\":\"y\"}]},\"primaryType\":\"M\",\"domain\":{\"chainId\":1},\"message\":{\"a\":1}}",
        // Struct named like an atomic type, malformed type names and array sizes.
        "{\"types\":{" + Domain + ",\"uint8\":[{\"name\":\"a\",\"type\":\"bool\"}]},\"primaryType\":\"EIP712Domain\",\"domain\":{\"chainId\":1},\"message\":{}}",
        "{\"types\":{" + Domain + ",\"M\":[{\"name\":\"a\",\"type\":\"uint7\"}]},\"primaryType\":\"M\",\"domain\":{\"chainId\":1},\"message\":{\"a\":1}}",
        "{\"types\":{" + Domain + ",\"M\":[{\"name\":\"a\",\"type\":\"bytes33\"}]},\"primaryType\":\"M\",\"domain\":{\"chainId\":1},\"message\":{\"a\":\"0x00\"}}",
        "{\"types\":{" + Domain + ",\"M\":[{\"name\":\"a\",\"type\":\"bytes0\"}]},\"primaryType\":\"M\",\"domain\":{\"chainId\":1},\"message\":{\"a\":\"0x\"}}",
        "{\"types\":{" + Domain + ",\"M\":[{\"name\":\"a\",\"type\":\"uint08\"}]},\"primaryType\":\"M\",\"domain\":{\"chainId\":1},\"message\":{\"a\":1}}",
        "{\"types\":{" + Domain + ",\"M\":[{\"name\":\"a\",\"type\":\"uint8[0]\"}]},\"primaryType\":\"M\",\"domain\":{\"chainId\":1},\"message\":{\"a\":[]}}",
        "{\"types\":{" + Domain + ",\"M\":[{\"name\":\"a\",\"type\":\"uint8[x]\"}]},\"primaryType\":\"M\",\"domain\":{\"chainId\":1},\"message\":{\"a\":[]}}",
        "{\"types\":{" + Domain + ",\"M\":[{\"name\":\"a\",\"type\":\"[]\"}]},\"primaryType\":\"M\",\"domain\":{\"chainId\":1},\"message\":{\"a\":[]}}",
        // More array dimensions than JSON can nest (bounds type resolution).
        "{\"types\":{" + Domain + ",\"M\":[{\"name\":\"a\",\"type\":\"uint8" + string.Concat(Enumerable.Repeat("[]", 40)) + "\"}]},\"primaryType\":\"M\",\"domain\":{\"chainId\":1},\"message\":{\"a\":[]}}",
        // Wrong shapes.
        "[]",
        "{\"types\":[],\"primaryType\":\"M\",\"domain\":{},\"message\":{}}",
        "{\"types\":{" + Domain + "},\"primaryType\":1,\"domain\":{\"chainId\":1},\"message\":{}}",
        "{\"types\":{" + Domain + "},\"primaryType\":\"EIP712Domain\",\"domain\":[],\"message\":{}}",
        "{\"types\":{" + Domain + "},\"primaryType\":\"EIP712Domain\",\"domain\":{\"chainId\":1},\"message\":null}",
    };

    public static TheoryData<string, string, string> ValidValues => new()
    {
        // type, JSON value, expected 32-byte word (hex) for atomic values
        { "uint8", "255", "00000000000000000000000000000000000000000000000000000000000000ff" },
        { "uint8", "5.0", "0000000000000000000000000000000000000000000000000000000000000005" },
        { "uint8", "2.5e1", "0000000000000000000000000000000000000000000000000000000000000019" },
        { "uint16", "1e3", "00000000000000000000000000000000000000000000000000000000000003e8" },
        { "uint8", "\"0xff\"", "00000000000000000000000000000000000000000000000000000000000000ff" },
        { "uint8", "\"0XFF\"".Replace("0X", "0x", StringComparison.Ordinal), "00000000000000000000000000000000000000000000000000000000000000ff" },
        { "uint8", "\"007\"", "0000000000000000000000000000000000000000000000000000000000000007" },
        { "int8", "-128", "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff80" },
        { "int8", "\"-1\"", "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff" },
        { "int", "\"-0x2\"", "fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe" },
        { "uint256", "\"115792089237316195423570985008687907853269984665640564039457584007913129639935\"", "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff" },
        { "bytes4", "\"0x01020304\"", "0102030400000000000000000000000000000000000000000000000000000000" },
        { "bool", "true", "0000000000000000000000000000000000000000000000000000000000000001" },
        { "address", "\"0xCCCcccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC\"", "000000000000000000000000cccccccccccccccccccccccccccccccccccccccc" },
    };

    [Fact]
    public void Parse_DuplicateJsonMembers_ReturnsInvalidJson()
    {
        var result = Eip712TypedData.Parse("{\"types\":{},\"types\":{},\"primaryType\":\"M\",\"domain\":{},\"message\":{}}");
        Assert.False(result.Succeeded);
        Assert.Equal("invalidJson", result.Error.Code);
    }

    [Theory]
    [MemberData(nameof(InvalidDocuments))]
    public void Parse_InvalidDocument_ReturnsInvalidTypedData(string json)
    {
        var result = Eip712TypedData.Parse(json);
        Assert.False(result.Succeeded);
        Assert.Equal("invalidTypedData", result.Error.Code);
    }

    [Theory]
    [MemberData(nameof(InvalidValues))]
    public void Parse_ValueNotMatchingType_ReturnsInvalidTypedData(string type, string value)
    {
        var result = Eip712TypedData.Parse(SingleField(type, value));
        Assert.False(result.Succeeded, type + " " + value + " must be rejected");
        Assert.Equal("invalidTypedData", result.Error.Code);
        Assert.StartsWith("message.a", result.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EncodeData_UnknownTypeOrBadValue_ReturnsInvalidTypedData()
    {
        var typedData = Eip712TypedData.Parse(SingleField("uint8", "1")).ThrowIfFailed();
        using var bad = JsonDocument.Parse("{\"a\":300}");
        Assert.Equal("invalidTypedData", typedData.EncodeData("Nope", bad.RootElement).Error!.Code);
        Assert.Equal("invalidTypedData", typedData.HashStruct("M", bad.RootElement).Error!.Code);
        Assert.Throws<ArgumentException>(() => typedData.EncodeType("Nope"));
    }

    [Theory]
    [MemberData(nameof(ValidValues))]
    public void Parse_ValidAtomicValue_EncodesWord(string type, string value, string expectedWord)
    {
        var typedData = Eip712TypedData.Parse(SingleField(type, value)).ThrowIfFailed();
        Assert.Equal(expectedWord, Convert.ToHexStringLower(typedData.MessageEncoding.Span[32..64]));
    }

    [Fact]
    public void Parse_SameValueInEveryNumberForm_GivesSameHash()
    {
        var forms = new[] { "1000", "1e3", "1000.0", "\"1000\"", "\"0x3e8\"", "\"0x03E8\"" };
        var hashes = forms.Select(f => Convert.ToHexString(Eip712TypedData.Parse(SingleField("uint256", f)).ThrowIfFailed().Hash.Span)).Distinct();
        Assert.Single(hashes);
    }

    [Fact]
    public void EncodeType_NestedAndArrayDependencies_AreSortedAfterPrimary()
    {
        var json = "{\"types\":{" + Domain + ",\"Z\":[{\"name\":\"b\",\"type\":\"B[2][]\"},{\"name\":\"a\",\"type\":\"A\"}],"
            + "\"B\":[{\"name\":\"x\",\"type\":\"uint8\"}],\"A\":[{\"name\":\"y\",\"type\":\"B\"}]},"
            + "\"primaryType\":\"Z\",\"domain\":{\"chainId\":1},"
            + "\"message\":{\"b\":[[{\"x\":1},{\"x\":2}]],\"a\":{\"y\":{\"x\":3}}}}";
        var typedData = Eip712TypedData.Parse(json).ThrowIfFailed();
        Assert.Equal("Z(B[2][] b,A a)A(B y)B(uint8 x)", typedData.EncodeType("Z"));
        Assert.Equal("A(B y)B(uint8 x)", typedData.EncodeType("A"));
        Assert.Equal(3, typedData.Types["Z"].Count + typedData.Types["A"].Count);
        Assert.Equal(32 * 3, typedData.MessageEncoding.Length);
    }

    [Fact]
    public void Hash_DomainPrimaryType_OmitsMessageHash()
    {
        var typedData = Eip712TypedData.Parse("{\"types\":{" + Domain + "},\"primaryType\":\"EIP712Domain\",\"domain\":{\"chainId\":1},\"message\":{}}").ThrowIfFailed();
        Assert.True(typedData.MessageHash.IsEmpty);
        Assert.Equal(Keccak256.Hash([0x19, 0x01, .. typedData.DomainSeparator.Span]), typedData.Hash.ToArray());
    }

    private static string SingleField(string type, string value)
        => "{\"types\":{" + Domain + ",\"M\":[{\"name\":\"a\",\"type\":\"" + type + "\"}]},"
            + "\"primaryType\":\"M\",\"domain\":{\"chainId\":1},\"message\":{\"a\":" + value + "}}";
}
