using System.Numerics;
using System.Text;
using System.Text.Json;
using Did.Sdk.Ethereum;

namespace Did.Sdk.Interop.Tests;

/// <summary>
/// Hand-written ABI encoding of the few EthereumDIDRegistry calls the harness sends (Solidity ABI
/// spec: head/tail encoding, 32-byte words). Small and local until the SDK's ABI encoder is merged.
/// </summary>
internal static class RegistryAbi
{
    public static byte[] Selector(string signature) => Keccak256.Hash(Encoding.ASCII.GetBytes(signature))[..4];

    public static string Topic(string eventSignature) => Hex.Encode(Keccak256.Hash(Encoding.ASCII.GetBytes(eventSignature)));

    public static byte[] ChangeOwner(EthereumAddress identity, EthereumAddress newOwner)
        => [.. Selector("changeOwner(address,address)"), .. Word(identity), .. Word(newOwner)];

    public static byte[] SetAttribute(EthereumAddress identity, string name, byte[] value, BigInteger validity)
    {
        var padded = new byte[(value.Length + 31) / 32 * 32];
        value.CopyTo(padded, 0);
        return
        [
            .. Selector("setAttribute(address,bytes32,bytes,uint256)"),
            .. Word(identity), .. Bytes32(name), .. Word(new BigInteger(4 * 32)), .. Word(validity),
            .. Word(new BigInteger(value.Length)), .. padded,
        ];
    }

    public static byte[] Bytes32(string text)
    {
        var word = new byte[32];
        Encoding.UTF8.GetBytes(text).CopyTo(word, 0);
        return word;
    }

    public static byte[] Word(EthereumAddress address)
    {
        var word = new byte[32];
        address.CopyTo(word.AsSpan(12));
        return word;
    }

    public static byte[] Word(BigInteger value)
    {
        var word = new byte[32];
        var bytes = value.ToByteArray(isUnsigned: true, isBigEndian: true);
        bytes.CopyTo(word, 32 - bytes.Length);
        return word;
    }

    /// <summary>The expected topic0 of an event from the copied signatures vector file.</summary>
    public static string VectorTopic(string eventSignature)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Vectors", "Ethr", "EthereumDIDRegistry.signatures.json")));
        return doc.RootElement.GetProperty("events").EnumerateArray()
            .Single(e => e.GetProperty("event").GetString() == eventSignature)
            .GetProperty("topic0").GetString()!;
    }

    /// <summary>The expected selector of a function from the copied signatures vector file.</summary>
    public static string VectorSelector(string functionSignature)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Vectors", "Ethr", "EthereumDIDRegistry.signatures.json")));
        return doc.RootElement.GetProperty("functions").EnumerateArray()
            .Single(e => e.GetProperty("function").GetString() == functionSignature)
            .GetProperty("selector").GetString()!;
    }
}
