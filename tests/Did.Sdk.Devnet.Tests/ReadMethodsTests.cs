using System.Text.Json;
using System.Text.Json.Nodes;
using Did.Sdk.Ethereum;
using Did.Sdk.Ethereum.Rpc;
using Did.Sdk.Ethereum.Transactions;

namespace Did.Sdk.Devnet.Tests;

/// <summary>State and transaction reads in the shapes nodes return.</summary>
public class ReadMethodsTests
{
    [Fact]
    public async Task GetStorageAt_BadSlot_InvalidParams()
    {
        await using var devnet = await TestSupport.StartAsync();

        var error = await devnet.FailAsync("eth_getStorageAt", devnet.RegistryAddress.ToString(), "0x" + new string('1', 65), "latest");

        Assert.StartsWith("JSON-RPC error -32602:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetTransactionByHash_Unknown_Null()
    {
        await using var devnet = await TestSupport.StartAsync();

        Assert.Equal(JsonValueKind.Null, (await devnet.CallAsync("eth_getTransactionByHash", "0x" + new string('a', 64))).ValueKind);
        Assert.Equal(JsonValueKind.Null, (await devnet.CallAsync("eth_getTransactionReceipt", "0x" + new string('a', 64))).ValueKind);
        Assert.Equal(JsonValueKind.Null, (await devnet.CallAsync("eth_getBlockByNumber", "0x64", false)).ValueKind);
    }

    [Fact]
    public async Task GetStorageAtAndCode_HistoricalBlocks_SeeThatState()
    {
        await using var devnet = await TestSupport.StartAsync();
        var owner = devnet.Accounts[0];
        await devnet.SendAsync(owner, TestSupport.Eip1559(0, devnet.RegistryAddress, TestSupport.SetAttribute(owner.Address, "did/svc/Hub", [1])));

        // changed[identity] is the mapping at slot 2 of EthereumDIDRegistry: keccak256(pad(identity) ‖ pad(2)).
        var key = new byte[64];
        owner.Address.CopyTo(key.AsSpan(12));
        key[63] = 2;
        var slot = Hex.Encode(Keccak256.Hash(key));
        var before = await devnet.CallAsync("eth_getStorageAt", devnet.RegistryAddress.ToString(), slot, "0x0");
        var after = await devnet.CallAsync("eth_getStorageAt", devnet.RegistryAddress.ToString(), slot, "latest");
        var noCode = await devnet.CallAsync("eth_getCode", owner.Address.ToString(), "latest");

        Assert.Equal("0x" + new string('0', 64), before.GetString());
        Assert.Equal("0x" + new string('0', 63) + "1", after.GetString());
        Assert.Equal("0x", noCode.GetString());
    }

    [Fact]
    public async Task GetTransactionByHash_Eip1559_FieldsAsGeth()
    {
        await using var devnet = await TestSupport.StartAsync();
        var tx = TestSupport.Eip1559(0, devnet.Accounts[1].Address, value: 3, gas: 30_000) with
        {
            AccessList = [new AccessListEntry(devnet.RegistryAddress, [new byte[32]])],
        };
        var signed = devnet.Accounts[0].Sign(tx);
        await devnet.CallAsync("eth_sendRawTransaction", signed.ToRawHex());

        var json = await devnet.CallAsync("eth_getTransactionByHash", signed.HashHex);

        Assert.Equal("0x2", json.GetProperty("type").GetString());
        Assert.Equal("0x7a69", json.GetProperty("chainId").GetString());
        Assert.Equal(Quantity.Format((ulong)signed.Signature.YParity), json.GetProperty("yParity").GetString());
        Assert.Equal(json.GetProperty("yParity").GetString(), json.GetProperty("v").GetString());
        Assert.Equal(devnet.RegistryAddress.ToLowerCaseString(), json.GetProperty("accessList")[0].GetProperty("address").GetString());
        Assert.Equal("0x0", json.GetProperty("transactionIndex").GetString());
        Assert.Equal("0x3", json.GetProperty("value").GetString());
        Assert.Equal(Hex.Encode(new byte[0]), json.GetProperty("input").GetString());
        var receipt = await devnet.CallAsync("eth_getTransactionReceipt", signed.HashHex);
        Assert.Equal(receipt.GetProperty("effectiveGasPrice").GetString(), json.GetProperty("gasPrice").GetString());
    }

    [Fact]
    public async Task GasPriceAndPriorityFee_FromTheNextBaseFee()
    {
        await using var devnet = await TestSupport.StartAsync();

        var tip = (await devnet.CallAsync("eth_maxPriorityFeePerGas")).Big();
        var price = (await devnet.CallAsync("eth_gasPrice")).Big();

        Assert.Equal(TestSupport.Gwei, tip);
        Assert.Equal(875_000_000 + TestSupport.Gwei, price);
    }
}
