using System.Numerics;
using System.Text.Json;
using Did.Sdk.Ethereum.Abi;

namespace Did.Sdk.Ethereum.Tests;

public sealed class AbiCodecTests
{
    private static readonly string[] RegistryEvents =
    [
        "DIDOwnerChanged(address indexed identity, address owner, uint256 previousChange)",
        "DIDDelegateChanged(address indexed identity, bytes32 delegateType, address delegate, uint256 validTo, uint256 previousChange)",
        "DIDAttributeChanged(address indexed identity, bytes32 name, bytes value, uint256 validTo, uint256 previousChange)",
    ];

    [Theory]
    [InlineData("")]
    [InlineData("uint7")]
    [InlineData("uint264")]
    [InlineData("bytes33")]
    [InlineData("bytes0")]
    [InlineData("uint08")]
    [InlineData("(uint256,bool)")]
    [InlineData("uint256[2]")]
    [InlineData("fixed128x18")]
    public void Parse_UnsupportedType_ReturnsInvalidAbi(string name)
    {
        var result = AbiType.Parse(name);
        Assert.False(result.Succeeded);
        Assert.Equal(EthereumErrorCodes.InvalidAbi, result.Error.Code);
    }

    [Fact]
    public void Decode_OffsetOutsideData_ReturnsInvalidAbiData()
    {
        var data = new byte[32];
        data[31] = 0x40;
        var result = AbiCodec.Decode([AbiType.DynamicBytes], data);
        Assert.False(result.Succeeded);
        Assert.Equal(EthereumErrorCodes.InvalidAbiData, result.Error.Code);
    }

    [Fact]
    public void Decode_AddressWithDirtyPadding_ReturnsInvalidAbiData()
    {
        var data = new byte[32];
        data[0] = 1;
        Assert.False(AbiCodec.Decode([AbiType.Address], data).Succeeded);
    }

    [Fact]
    public void Decode_BoolTwo_ReturnsInvalidAbiData()
    {
        var data = new byte[32];
        data[31] = 2;
        Assert.False(AbiCodec.Decode([AbiType.Bool], data).Succeeded);
    }

    [Fact]
    public void Decode_HugeArrayLength_ReturnsInvalidAbiData()
    {
        var data = new byte[64];
        data[31] = 0x20;
        data[60] = 0x7f;
        Assert.False(AbiCodec.Decode([AbiType.ArrayOf(AbiType.Uint256)], data).Succeeded);
    }

    [Fact]
    public void Decode_InvalidUtf8String_ReturnsInvalidAbiData()
    {
        var data = AbiCodec.Encode([AbiType.DynamicBytes], [new byte[] { 0xff, 0xfe }]);
        Assert.False(AbiCodec.Decode([AbiType.Utf8String], data).Succeeded);
    }

    [Fact]
    public void Decode_Int8OutOfRange_ReturnsInvalidAbiData()
    {
        var data = new byte[32];
        data[31] = 0x80;
        Assert.False(AbiCodec.Decode([AbiType.SignedOf(8)], data).Succeeded);
    }

    [Fact]
    public void EncodeCall_SolidityDocsBaz_MatchesDocumentedEncoding()
    {
        // Solidity ABI specification, "Examples": baz(69, true).
        var encoded = AbiCodec.EncodeCall("baz(uint32,bool)", 69, true);
        Assert.Equal(
            "0xcdcd77c0" + "0000000000000000000000000000000000000000000000000000000000000045" + "0000000000000000000000000000000000000000000000000000000000000001",
            Hex.Encode(encoded));
    }

    [Fact]
    public void EncodeCall_SolidityDocsSam_MatchesDocumentedEncoding()
    {
        // Solidity ABI specification, "Examples": sam("dave", true, [1, 2, 3]).
        var encoded = AbiCodec.EncodeCall("sam(bytes,bool,uint256[])", "dave"u8.ToArray(), true, new object[] { BigInteger.One, new BigInteger(2), new BigInteger(3) });
        var expected = "0xa5643bf2"
            + "0000000000000000000000000000000000000000000000000000000000000060"
            + "0000000000000000000000000000000000000000000000000000000000000001"
            + "00000000000000000000000000000000000000000000000000000000000000a0"
            + "0000000000000000000000000000000000000000000000000000000000000004"
            + "6461766500000000000000000000000000000000000000000000000000000000"
            + "0000000000000000000000000000000000000000000000000000000000000003"
            + "0000000000000000000000000000000000000000000000000000000000000001"
            + "0000000000000000000000000000000000000000000000000000000000000002"
            + "0000000000000000000000000000000000000000000000000000000000000003";
        Assert.Equal(expected, Hex.Encode(encoded));
    }

    [Fact]
    public void Selector_RegistryFunctions_MatchVectors()
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Vectors", "EthrRegistry", "EthereumDIDRegistry.signatures.json")));
        foreach (var function in doc.RootElement.GetProperty("functions").EnumerateArray())
        {
            Assert.Equal(function.GetProperty("selector").GetString(), Hex.Encode(AbiCodec.Selector(function.GetProperty("function").GetString()!)));
        }
    }

    [Fact]
    public void Topic0_RegistryEvents_MatchVectors()
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Vectors", "EthrRegistry", "EthereumDIDRegistry.signatures.json")));
        var expected = doc.RootElement.GetProperty("events").EnumerateArray().ToDictionary(e => e.GetProperty("event").GetString()!, e => e.GetProperty("topic0").GetString());
        foreach (var declaration in RegistryEvents)
        {
            var ev = AbiEvent.Parse(declaration);
            Assert.Equal(expected[ev.Signature], Hex.Encode(ev.Topic0.Span));
        }
    }

    [Fact]
    public void TryDecode_AttributeChangedLog_ReturnsValues()
    {
        var ev = AbiEvent.Parse(RegistryEvents[2]);
        var identity = EthereumAddress.Parse("0xf3beac30c498d9e26865f34fcaa57dbb935b0d74").ThrowIfFailed();
        var name = new byte[32];
        "did/svc/HubService"u8.CopyTo(name);
        var data = AbiCodec.Encode([AbiType.Bytes32, AbiType.DynamicBytes, AbiType.Uint256, AbiType.Uint256], [name, "https://hubs.uport.me"u8.ToArray(), new BigInteger(99), new BigInteger(7)]);
        var topic = new byte[32];
        identity.CopyTo(topic.AsSpan(12));

        Assert.True(ev.TryDecode([ev.Topic0.ToArray(), topic], data, out var decoded));
        Assert.Equal(identity, decoded.Values["identity"]);
        Assert.Equal(new BigInteger(7), decoded.Values["previousChange"]);
        Assert.Equal("https://hubs.uport.me"u8.ToArray(), (byte[])decoded.Values["value"]);
        Assert.False(ev.TryDecode([ev.Topic0.ToArray()], data, out _));
    }

    [Fact]
    public void EncodeDecode_RandomValues_RoundTrip()
    {
        var types = new[] { AbiType.Address, AbiType.Bool, AbiType.Uint256, AbiType.SignedOf(64), AbiType.Bytes32, AbiType.DynamicBytes, AbiType.Utf8String, AbiType.ArrayOf(AbiType.Address) };
        Gen.Select(Gen.Byte.Array[20], Gen.Bool, Gen.Byte.Array[32], Gen.Long, Gen.Byte.Array[0, 100], Gen.String[0, 40], Gen.Byte.Array[20].Array[0, 4])
            .Sample((address, flag, word, signed, bytes, text, addresses) =>
            {
                object[] values =
                [
                    EthereumAddress.FromBytes(address), flag, new BigInteger(word, isUnsigned: true, isBigEndian: true), new BigInteger(signed),
                    word, bytes, text, addresses.Select(a => (object)EthereumAddress.FromBytes(a)).ToArray(),
                ];
                var decoded = AbiCodec.Decode(types, AbiCodec.Encode(types, values)).ThrowIfFailed();
                for (var i = 0; i < 4; i++)
                {
                    Assert.Equal(values[i], decoded[i]);
                }

                Assert.Equal(word, (byte[])decoded[4]);
                Assert.Equal(bytes, (byte[])decoded[5]);
                Assert.Equal(System.Text.Encoding.UTF8.GetString(System.Text.Encoding.UTF8.GetBytes(text)), decoded[6]);
                Assert.Equal(addresses.Length, ((object[])decoded[7]).Length);
            });
    }

    [Fact]
    public void Decode_RandomBytes_NeverThrows()
    {
        var types = new[] { AbiType.Utf8String, AbiType.ArrayOf(AbiType.DynamicBytes), AbiType.Address };
        Gen.Byte.Array[0, 300].Sample(data => { _ = AbiCodec.Decode(types, data); });
    }
}
