using System.Numerics;
using Did.Sdk.Ethereum;
using Did.Sdk.Ethereum.Abi;
using Did.Sdk.Ethereum.Rpc;
using Did.Sdk.Ethereum.Transactions;
using Did.Sdk.Ethr;

namespace Did.Sdk.Devnet.Tests;

/// <summary>The predeployed ERC-1056 registry driven by the SDK's own transaction and client code, through both doors.</summary>
public class RegistryTests
{
    private const string VeriKey = "did/pub/Secp256k1/veriKey/hex";

    [Fact]
    public async Task SetAttribute_NonOwner_RevertsWithBadActorAndCharges26290Gas()
    {
        await using var devnet = await TestSupport.StartAsync();
        using var ownerKey = devnet.Accounts[0].CreateKey();
        var data = TestSupport.SetAttribute(devnet.Accounts[0].Address, VeriKey, TestSupport.Compressed(ownerKey));
        var call = new System.Text.Json.Nodes.JsonObject { ["from"] = devnet.Accounts[1].Address.ToLowerCaseString(), ["to"] = devnet.RegistryAddress.ToLowerCaseString(), ["data"] = Hex.Encode(data) };

        var refused = await devnet.FailAsync("eth_call", call, "latest");
        var estimate = await new EthereumClient(devnet.Rpc).EstimateGasAsync(devnet.Accounts[1].Address, devnet.RegistryAddress, data);
        var hash = await devnet.SendAsync(devnet.Accounts[1], TestSupport.Eip1559(0, devnet.RegistryAddress, data));
        var receipt = await devnet.CallAsync("eth_getTransactionReceipt", hash);

        Assert.Equal("JSON-RPC error 3: execution reverted: bad_actor", refused.Message);
        Assert.Equal(EthereumErrorCodes.TransactionReverted, estimate.Error?.Code);
        Assert.Equal("0x0", receipt.GetProperty("status").GetString());
        Assert.Equal(26_290UL, receipt.GetProperty("gasUsed").Number());
        Assert.Equal(0, receipt.GetProperty("logs").GetArrayLength());
    }

    [Fact]
    public async Task SetAttribute_SignedByHand_GasAndLogAsHardhat()
    {
        await using var devnet = await TestSupport.StartAsync();
        var owner = devnet.Accounts[0];
        using var key = owner.CreateKey();
        var value = TestSupport.Compressed(key);
        var client = new EthereumClient(devnet.Rpc, new EthereumClientOptions { ChainId = TestSupport.ChainId });
        var signed = TestSupport.Eip1559(0, devnet.RegistryAddress, TestSupport.SetAttribute(owner.Address, VeriKey, value)).Sign(key);

        var sent = await client.SendRawTransactionAsync(signed);
        var receipt = (await client.GetTransactionReceiptAsync(sent.ThrowIfFailed())).ThrowIfFailed();
        var again = (await client.GetTransactionReceiptAsync((await client.SendRawTransactionAsync(TestSupport.Eip1559(1, devnet.RegistryAddress, TestSupport.SetAttribute(owner.Address, VeriKey, value)).Sign(key))).ThrowIfFailed())).ThrowIfFailed();

        // The gas hardhat 2.29.1 charged for the same calls (spike, docs/devnet.md).
        Assert.Equal(new BigInteger(52_022), receipt.GasUsed);
        Assert.Equal(new BigInteger(34_922), again.GasUsed);
        var log = Assert.Single(receipt.Logs);
        Assert.Equal(devnet.RegistryAddress, log.Address);
        Assert.Equal(TestSupport.AttributeChangedTopic, log.Topics[0]);
        Assert.Equal(receipt.BlockHash, log.BlockHash);
        Assert.Equal(signed.HashHex, log.TransactionHash);
        Assert.Equal(0UL, log.LogIndex);
        var fields = AbiCodec.Decode([AbiType.Bytes32, AbiType.DynamicBytes, AbiType.Uint256, AbiType.Uint256], log.Data).ThrowIfFailed();
        Assert.Equal(TestSupport.Bytes32(VeriKey), fields[0]);
        Assert.Equal(value, fields[1]);
        var block = (await client.GetBlockAsync(BlockTag.AtNumber(receipt.BlockNumber))).ThrowIfFailed();
        Assert.Equal(block.Timestamp + 86400, (ulong)(BigInteger)fields[2]);
        Assert.Equal(BigInteger.Zero, fields[3]);
    }

    [Fact]
    public async Task SetAttribute_ThroughControllerInProcess_LogFoundByGetLogs()
    {
        await using var devnet = await TestSupport.StartAsync();
        await WriteAndReadBackAsync(devnet, devnet.Rpc);
    }

    [Fact]
    public async Task SetAttribute_ThroughControllerOverHttp_LogFoundByGetLogs()
    {
        await using var devnet = await TestSupport.StartAsync();
        await using var server = await devnet.ServeHttpAsync();
        using var http = new HttpClient();
        var rpc = new HttpEthereumRpc(http, new HttpEthereumRpcOptions { Endpoint = server.Url, MaxRetries = 0 });

        Assert.Equal("127.0.0.1", server.Url.Host);
        await WriteAndReadBackAsync(devnet, rpc);
    }

    private static async Task WriteAndReadBackAsync(Devnet devnet, IEthereumRpc rpc)
    {
        var owner = devnet.Accounts[2];
        using var key = owner.CreateKey();
        var client = new EthereumClient(rpc, new EthereumClientOptions { ChainId = TestSupport.ChainId });
        var sender = new EthereumTransactionSender(client, key, TestSupport.ChainId, new EthereumTransactionSenderOptions { ReceiptPollInterval = TimeSpan.FromMilliseconds(10) });
        var controller = new EthrDidController(client, devnet.RegistryAddress, owner.Address);

        var receipt = (await controller.SetAttributeAsync(sender, VeriKey, TestSupport.Compressed(key), TimeSpan.FromDays(1))).ThrowIfFailed();
        var logs = (await client.GetLogsAsync(new LogFilter(0, receipt.BlockNumber, devnet.RegistryAddress, [TestSupport.AttributeChangedTopic, Word(owner.Address)]))).ThrowIfFailed();
        var changed = (await client.CallAsync(devnet.RegistryAddress, TestSupport.Changed(owner.Address), BlockTag.Latest)).ThrowIfFailed();
        var changedBefore = (await client.CallAsync(devnet.RegistryAddress, TestSupport.Changed(owner.Address), BlockTag.AtNumber(receipt.BlockNumber - 1))).ThrowIfFailed();

        Assert.True(receipt.Succeeded);
        var log = Assert.Single(logs);
        Assert.Equal(receipt.TransactionHash, log.TransactionHash);
        Assert.Equal(receipt.BlockNumber, (ulong)(BigInteger)AbiCodec.DecodeSingle(AbiType.Uint256, changed).ThrowIfFailed());
        Assert.Equal(BigInteger.Zero, (BigInteger)AbiCodec.DecodeSingle(AbiType.Uint256, changedBefore).ThrowIfFailed());
    }

    [Fact]
    public async Task Call_AtEachHistoricalBlock_SeesThatBlocksState()
    {
        await using var devnet = await TestSupport.StartAsync();
        var owner = devnet.Accounts[0];
        for (ulong nonce = 0; nonce < 3; nonce++)
        {
            await devnet.SendAsync(owner, TestSupport.Eip1559(nonce, devnet.RegistryAddress, TestSupport.SetAttribute(owner.Address, VeriKey, [(byte)nonce])));
        }

        var client = new EthereumClient(devnet.Rpc);
        for (ulong block = 0; block <= 3; block++)
        {
            var changed = (await client.CallAsync(devnet.RegistryAddress, TestSupport.Changed(owner.Address), BlockTag.AtNumber(block))).ThrowIfFailed();
            Assert.Equal(new BigInteger(block), (BigInteger)AbiCodec.DecodeSingle(AbiType.Uint256, changed).ThrowIfFailed());
            Assert.Equal(block, (await client.GetTransactionCountAsync(owner.Address, BlockTag.AtNumber(block))).ThrowIfFailed());
        }

        var byHash = await devnet.CallAsync("eth_call", new System.Text.Json.Nodes.JsonObject { ["to"] = devnet.RegistryAddress.ToLowerCaseString(), ["data"] = Hex.Encode(TestSupport.Changed(owner.Address)) },
            new System.Text.Json.Nodes.JsonObject { ["blockHash"] = (await devnet.CallAsync("eth_getBlockByNumber", "0x2", false)).GetProperty("hash").GetString() });
        Assert.Equal(new BigInteger(2), new BigInteger(Hex.Decode(byHash.GetString()).ThrowIfFailed(), isUnsigned: true, isBigEndian: true));
        var future = await devnet.FailAsync("eth_call", new System.Text.Json.Nodes.JsonObject { ["to"] = devnet.RegistryAddress.ToLowerCaseString() }, "0x63");
        Assert.Equal("JSON-RPC error -32000: header not found", future.Message);
    }

    [Fact]
    public async Task EstimateGas_SetAttribute_CoversTheGasUsed()
    {
        await using var devnet = await TestSupport.StartAsync();
        var owner = devnet.Accounts[0];
        var data = TestSupport.SetAttribute(owner.Address, VeriKey, new byte[33]);

        var estimate = (await new EthereumClient(devnet.Rpc).EstimateGasAsync(owner.Address, devnet.RegistryAddress, data)).ThrowIfFailed();
        var hash = await devnet.SendAsync(owner, TestSupport.Eip1559(0, devnet.RegistryAddress, data, gas: estimate));
        var receipt = await devnet.CallAsync("eth_getTransactionReceipt", hash);

        Assert.Equal("0x1", receipt.GetProperty("status").GetString());
        Assert.InRange(estimate, receipt.GetProperty("gasUsed").Number(), receipt.GetProperty("gasUsed").Number() * 11 / 10);
    }

    [Fact]
    public async Task EstimateGas_ThirdSetAttribute_IsTheMinimumThatSucceeds()
    {
        await using var devnet = await TestSupport.StartAsync();
        var owner = devnet.Accounts[0];
        var data = TestSupport.SetAttribute(owner.Address, VeriKey, new byte[33]);
        await devnet.SendAsync(owner, TestSupport.Eip1559(0, devnet.RegistryAddress, data));
        var client = new EthereumClient(devnet.Rpc);

        var estimate = (await client.EstimateGasAsync(owner.Address, devnet.RegistryAddress, data)).ThrowIfFailed();
        var tooLittle = await devnet.SendAsync(owner, TestSupport.Eip1559(1, devnet.RegistryAddress, data, gas: estimate - 1));
        var enough = await devnet.SendAsync(owner, TestSupport.Eip1559(2, devnet.RegistryAddress, data, gas: estimate));

        Assert.Equal("0x0", (await devnet.CallAsync("eth_getTransactionReceipt", tooLittle)).GetProperty("status").GetString());
        Assert.Equal("0x1", (await devnet.CallAsync("eth_getTransactionReceipt", enough)).GetProperty("status").GetString());
    }

    private static byte[] Word(EthereumAddress address)
    {
        var word = new byte[32];
        address.CopyTo(word.AsSpan(12));
        return word;
    }
}
