using System.Text;
using System.Text.Json;
using Did.Sdk.Ethereum;
using Did.Sdk.Ethereum.Transactions;

namespace Did.Sdk.Interop.Tests;

[Collection(HardhatCollection.Name)]
public sealed class RegistryTransactionTests(HardhatNode node)
{
    private const string OwnerChanged = "DIDOwnerChanged(address,address,uint256)";
    private const string AttributeChanged = "DIDAttributeChanged(address,bytes32,bytes,uint256,uint256)";

    [Fact]
    public async Task SendRawTransaction_SignedForOtherChain_IsRejectedByNode()
    {
        var wrongChain = new EthereumTransaction
        {
            Type = TransactionType.Eip1559,
            ChainId = 11,
            Nonce = 1_000_000,
            MaxPriorityFeePerGas = 1,
            MaxFeePerGas = 10_000_000_000,
            GasLimit = 21_000,
            To = node.Account0.Address,
        }.Sign(node.Account0);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => node.Rpc.CallAsync("eth_sendRawTransaction", wrongChain.ToRawHex()));
        Assert.Contains("chain", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Deploy_Registry_LandsAtFirstCreateAddressWithCode()
    {
        Assert.Equal("0x1", node.DeploymentReceipt.GetProperty("status").GetString());
        Assert.Equal(EthereumAddress.Parse("0x5FbDB2315678afecb367f032d93F642f64180aa3").ThrowIfFailed(), node.Registry);
        Assert.Equal(node.Account0.Address, EthereumAddress.Parse(node.DeploymentReceipt.GetProperty("from").GetString()).ThrowIfFailed());
    }

    [Fact]
    public async Task GetCode_Registry_IsNonEmpty()
    {
        var code = (await node.Rpc.CallAsync("eth_getCode", node.Registry.ToString(), "latest")).GetString();
        Assert.NotNull(code);
        Assert.True(code.Length > 2, "The registry address holds no code.");
    }

    [Fact]
    public async Task ChangeOwner_Eip1559_EmitsDIDOwnerChanged()
    {
        using var identity = await node.NewFundedAccountAsync();
        using var newOwner = EthereumPrivateKey.Generate();
        Assert.Equal(RegistryAbi.VectorSelector("changeOwner(address,address)"), Hex.Encode(RegistryAbi.Selector("changeOwner(address,address)")));

        var (signed, receipt) = await node.SendAsync(identity, new EthereumTransaction
        {
            Type = TransactionType.Eip1559,
            MaxPriorityFeePerGas = 1_000_000_000,
            MaxFeePerGas = 10_000_000_000,
            GasLimit = 200_000,
            To = node.Registry,
            Data = RegistryAbi.ChangeOwner(identity.Address, newOwner.Address),
        });

        Assert.Equal("0x1", receipt.GetProperty("status").GetString());
        Assert.Equal("0x2", receipt.GetProperty("type").GetString());
        Assert.Equal(signed.HashHex, receipt.GetProperty("transactionHash").GetString());
        var log = SingleLog(receipt);
        var topics = log.GetProperty("topics").EnumerateArray().Select(t => t.GetString()).ToArray();
        Assert.Equal(RegistryAbi.VectorTopic(OwnerChanged), topics[0]);
        Assert.Equal(RegistryAbi.Topic(OwnerChanged), topics[0]);
        Assert.Equal(Hex.Encode(RegistryAbi.Word(identity.Address)), topics[1]);
        var data = Convert.FromHexString(log.GetProperty("data").GetString().AsSpan(2));
        Assert.Equal(RegistryAbi.Word(newOwner.Address), data[..32]);
        Assert.Equal(new byte[32], data[32..64]); // previousChange: the identity's first event

        var owner = await node.Rpc.CallAsync("eth_call", new System.Text.Json.Nodes.JsonObject
        {
            ["to"] = node.Registry.ToString(),
            ["data"] = Hex.Encode([.. RegistryAbi.Selector("identityOwner(address)"), .. RegistryAbi.Word(identity.Address)]),
        }, "latest");
        Assert.Equal(Hex.Encode(RegistryAbi.Word(newOwner.Address)), owner.GetString());
    }

    [Fact]
    public async Task SetAttribute_LegacyEip155_EmitsDIDAttributeChanged()
    {
        using var identity = await node.NewFundedAccountAsync();
        const string name = "did/svc/HubService";
        var value = Encoding.UTF8.GetBytes("https://hubs.example.com");
        Assert.Equal(RegistryAbi.VectorSelector("setAttribute(address,bytes32,bytes,uint256)"), Hex.Encode(RegistryAbi.Selector("setAttribute(address,bytes32,bytes,uint256)")));

        var (signed, receipt) = await node.SendAsync(identity, new EthereumTransaction
        {
            Type = TransactionType.Legacy,
            GasPrice = 10_000_000_000,
            GasLimit = 200_000,
            To = node.Registry,
            Data = RegistryAbi.SetAttribute(identity.Address, name, value, 86_400),
        });

        Assert.Equal("0x1", receipt.GetProperty("status").GetString());
        Assert.Equal("0x0", receipt.GetProperty("type").GetString());
        var mined = await node.Rpc.CallAsync("eth_getTransactionByHash", signed.HashHex);
        Assert.Equal("0x" + ((HardhatNode.ChainId * 2) + 35 + (ulong)signed.Signature.YParity).ToString("x", System.Globalization.CultureInfo.InvariantCulture), mined.GetProperty("v").GetString());
        var log = SingleLog(receipt);
        var topics = log.GetProperty("topics").EnumerateArray().Select(t => t.GetString()).ToArray();
        Assert.Equal(RegistryAbi.VectorTopic(AttributeChanged), topics[0]);
        Assert.Equal(RegistryAbi.Topic(AttributeChanged), topics[0]);
        Assert.Equal(Hex.Encode(RegistryAbi.Word(identity.Address)), topics[1]);
        var data = Convert.FromHexString(log.GetProperty("data").GetString().AsSpan(2));
        Assert.Equal(RegistryAbi.Bytes32(name), data[..32]);
        var length = (int)new System.Numerics.BigInteger(data.AsSpan(128, 32), isUnsigned: true, isBigEndian: true);
        Assert.Equal(value, data.AsSpan(160, length).ToArray());
    }

    [Fact]
    public async Task DecodeSignedTransaction_MinedRawTransaction_RecoversSender()
    {
        using var identity = await node.NewFundedAccountAsync();
        var (signed, _) = await node.SendAsync(identity, new EthereumTransaction
        {
            Type = TransactionType.Eip1559,
            MaxPriorityFeePerGas = 1_000_000_000,
            MaxFeePerGas = 10_000_000_000,
            GasLimit = 21_000,
            To = node.Account0.Address,
            Value = 1,
        });
        var mined = await node.Rpc.CallAsync("eth_getTransactionByHash", signed.HashHex);

        Assert.Equal(identity.Address, EthereumAddress.Parse(mined.GetProperty("from").GetString()).ThrowIfFailed());
        var decoded = SignedTransaction.Decode(signed.ToRawHex());
        Assert.True(decoded.Succeeded);
        Assert.Equal(identity.Address, decoded.Value.Sender);
    }

    private JsonElement SingleLog(JsonElement receipt)
    {
        var log = Assert.Single(receipt.GetProperty("logs").EnumerateArray());
        Assert.Equal(node.Registry, EthereumAddress.Parse(log.GetProperty("address").GetString()).ThrowIfFailed());
        return log;
    }
}
