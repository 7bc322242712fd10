using System.Numerics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Did.Sdk.Ethereum;
using Did.Sdk.Ethereum.Abi;
using Did.Sdk.Ethereum.Rlp;
using Did.Sdk.Ethereum.Rpc;
using Did.Sdk.Ethereum.Transactions;
using Microsoft.Extensions.Time.Testing;

namespace Did.Sdk.Devnet.Tests;

internal static class TestSupport
{
    public const ulong ChainId = 31337;
    public static readonly DateTimeOffset GenesisTime = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);
    public static readonly BigInteger Gwei = 1_000_000_000;

    /// <summary>keccak256("DIDAttributeChanged(address,bytes32,bytes,uint256,uint256)").</summary>
    public static readonly byte[] AttributeChangedTopic = Keccak256.Hash(Encoding.ASCII.GetBytes("DIDAttributeChanged(address,bytes32,bytes,uint256,uint256)"));

    public static FakeTimeProvider Clock() => new(GenesisTime);

    public static async Task<Devnet> StartAsync(Action<DevnetOptions>? configure = null, TimeProvider? time = null)
    {
        var options = new DevnetOptions { TimeProvider = time ?? Clock(), GenesisTime = GenesisTime };
        configure?.Invoke(options);
        return await Devnet.StartAsync(options);
    }

    public static async Task<JsonElement> CallAsync(this Devnet devnet, string method, params JsonNode?[] parameters)
        => (await devnet.Rpc.SendAsync(method, new JsonArray(parameters))).ThrowIfFailed();

    public static async Task<SdkError> FailAsync(this Devnet devnet, string method, params JsonNode?[] parameters)
    {
        var result = await devnet.Rpc.SendAsync(method, new JsonArray(parameters));
        Assert.False(result.Succeeded, $"{method} succeeded: {(result.Succeeded ? result.Value.GetRawText() : null)}");
        return result.Error!;
    }

    public static ulong Number(this JsonElement element) => Quantity.TryParseUInt64(element.GetString(), out var value) ? value : throw new FormatException(element.GetRawText());

    public static BigInteger Big(this JsonElement element) => Quantity.TryParse(element.GetString(), out var value) ? value : throw new FormatException(element.GetRawText());

    public static EthereumTransaction Eip1559(ulong nonce, EthereumAddress? to, byte[]? data = null, BigInteger value = default, ulong gas = 200_000, ulong chainId = ChainId)
        => new()
        {
            Type = TransactionType.Eip1559,
            ChainId = chainId,
            Nonce = nonce,
            MaxPriorityFeePerGas = Gwei,
            MaxFeePerGas = 10 * Gwei,
            GasLimit = gas,
            To = to,
            Value = value,
            Data = data ?? [],
        };

    public static SignedTransaction Sign(this DevnetAccount account, EthereumTransaction transaction)
    {
        using var key = account.CreateKey();
        return transaction.Sign(key);
    }

    public static async Task<string> SendAsync(this Devnet devnet, DevnetAccount from, EthereumTransaction transaction)
        => (await devnet.CallAsync("eth_sendRawTransaction", from.Sign(transaction).ToRawHex())).GetString()!;

    /// <summary>A raw transaction with one RLP field replaced (indexes as in the signed list).</summary>
    public static string WithField(SignedTransaction signed, int index, ReadOnlySpan<byte> value)
    {
        var raw = signed.RawBytes;
        var typed = raw[0] < 0xC0;
        var list = RlpCodec.Decode(typed ? raw[1..] : raw).ThrowIfFailed();
        var items = list.Items.ToList();
        items[index] = RlpItem.FromBytes(value);
        var encoded = RlpCodec.Encode(RlpItem.FromList(items));
        return Hex.Encode(typed ? [raw[0], .. encoded] : encoded);
    }

    public static byte[] Compressed(EthereumPrivateKey key)
    {
        var publicKey = key.PublicKey;
        var compressed = new byte[33];
        compressed[0] = (byte)((publicKey[64] & 1) == 0 ? 2 : 3);
        publicKey[1..33].CopyTo(compressed.AsSpan(1));
        return compressed;
    }

    public static byte[] Bytes32(string text)
    {
        var word = new byte[32];
        Encoding.UTF8.GetBytes(text).CopyTo(word, 0);
        return word;
    }

    /// <summary>setAttribute(identity, name, value, validity), as the spike sent it to hardhat.</summary>
    public static byte[] SetAttribute(EthereumAddress identity, string name, byte[] value, ulong validity = 86400)
        => AbiCodec.EncodeCall("setAttribute(address,bytes32,bytes,uint256)", identity, Bytes32(name), value, new BigInteger(validity));

    public static byte[] Changed(EthereumAddress identity) => AbiCodec.EncodeCall("changed(address)", identity);

    public static string? FindRepoFile(params string[] parts)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Did.Sdk.sln")))
            {
                var path = Path.Combine([dir.FullName, .. parts]);
                return File.Exists(path) ? path : null;
            }
        }

        return null;
    }

    public static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Did.Sdk.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Repository root not found.");
    }

    private static readonly string TempRoot = CreateTempRoot();

    /// <summary>A path in a directory of this test run, deleted when the test process exits.</summary>
    public static string TempFile(string name)
    {
        var directory = Path.Combine(TempRoot, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        return Path.Combine(directory, name);
    }

    private static string CreateTempRoot()
    {
        var root = Path.Combine(Path.GetTempPath(), "didsdk-devnet-tests-" + Environment.ProcessId);
        Directory.CreateDirectory(root);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        };
        return root;
    }
}
