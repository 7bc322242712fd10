using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Did.Sdk.Ethereum;
using Did.Sdk.Ethereum.Abi;
using Did.Sdk.Ethereum.Transactions;

namespace Did.Sdk.Devnet.Tests;

/// <summary>The genesis predeploys: their code is the published code (see src/Did.Sdk.Devnet/Genesis/PROVENANCE.md) and it runs.</summary>
public class PredeployTests
{
    private static readonly string? RegistryArtifact = TestSupport.FindRepoFile(
        "tests", "Did.Sdk.Interop.Tests", "node", "node_modules", "ethr-did-registry", "artifacts", "contracts", "EthereumDIDRegistry.sol", "EthereumDIDRegistry.json");

    private static readonly string? Multicall3Artifact = TestSupport.FindRepoFile("contracts", "artifacts", "Multicall3.json");

    private static (byte[] Creation, byte[] Runtime) ReadArtifact(string path)
    {
        using var artifact = JsonDocument.Parse(File.ReadAllBytes(path));
        return (Hex.Decode(artifact.RootElement.GetProperty("bytecode").GetString()).ThrowIfFailed(),
            Hex.Decode(artifact.RootElement.GetProperty("deployedBytecode").GetString()).ThrowIfFailed());
    }

    private static async Task<byte[]> CodeAsync(Devnet devnet, EthereumAddress address)
        => Hex.Decode((await devnet.CallAsync("eth_getCode", address.ToString(), "latest")).GetString()).ThrowIfFailed();

    [Fact]
    public async Task Registry_Code_IsTheEmbeddedEthrDidRegistry130RuntimeCode()
    {
        await using var devnet = await TestSupport.StartAsync();

        var code = await CodeAsync(devnet, devnet.RegistryAddress);

        Assert.Equal(5064, code.Length);
        Assert.Equal("6920d526cf18c357b628ad98942c45781a9cc7f5d8e763ff801570db4f8f55e8", Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(code)));
    }

    [Fact]
    public async Task Registry_NpmArtifactInstalled_EmbeddedCodeEqualsDeployedBytecodeAndCreationLeavesIt()
    {
        if (RegistryArtifact is null)
        {
            return; // node_modules not installed (npm ci in tests/Did.Sdk.Interop.Tests/node); the sha256 test above still pins the code.
        }

        var (creation, runtime) = ReadArtifact(RegistryArtifact);
        await using var devnet = await TestSupport.StartAsync();

        var hash = await devnet.SendAsync(devnet.Accounts[0], TestSupport.Eip1559(0, null, creation, gas: 2_000_000));
        var receipt = await devnet.CallAsync("eth_getTransactionReceipt", hash);
        var deployed = EthereumAddress.Parse(receipt.GetProperty("contractAddress").GetString()).ThrowIfFailed();

        Assert.Equal(runtime, await CodeAsync(devnet, devnet.RegistryAddress));
        Assert.Equal(EthereumAddress.Parse("0x5FbDB2315678afecb367f032d93F642f64180aa3").ThrowIfFailed(), deployed);
        Assert.Equal(runtime, await CodeAsync(devnet, deployed));
        Assert.Equal(1_145_770UL, receipt.GetProperty("gasUsed").Number()); // what hardhat 2.29.1 charged for the same deployment
    }

    [Fact]
    public async Task Multicall3_ContractsArtifactInRepository_EmbeddedCodeEqualsAndCreationLeavesIt()
    {
        if (Multicall3Artifact is null)
        {
            return; // contracts/artifacts/Multicall3.json arrives with the contracts branch; the sha256 in PROVENANCE.md pins the code until then.
        }

        var (creation, runtime) = ReadArtifact(Multicall3Artifact);
        await using var devnet = await TestSupport.StartAsync();

        var hash = await devnet.SendAsync(devnet.Accounts[0], TestSupport.Eip1559(0, null, creation, gas: 2_000_000));
        var deployed = EthereumAddress.Parse((await devnet.CallAsync("eth_getTransactionReceipt", hash)).GetProperty("contractAddress").GetString()).ThrowIfFailed();

        Assert.Equal(runtime, await CodeAsync(devnet, devnet.Multicall3Address));
        Assert.Equal(runtime, await CodeAsync(devnet, deployed));
    }

    [Fact]
    public async Task Multicall3_Aggregate3_ReadsTheRegistryAndTheChain()
    {
        await using var devnet = await TestSupport.StartAsync();
        var code = await CodeAsync(devnet, devnet.Multicall3Address);
        var identity = devnet.Accounts[4].Address;
        var calls = new JsonObject { ["to"] = devnet.Multicall3Address.ToString(), ["data"] = Hex.Encode(AbiCodec.EncodeCall("getChainId()")) };

        var chainId = await devnet.CallAsync("eth_call", calls, "latest");
        var owner = await devnet.CallAsync("eth_call", new JsonObject
        {
            ["to"] = devnet.Multicall3Address.ToString(),
            ["data"] = Hex.Encode(AbiCodec.EncodeCall("getEthBalance(address)", identity)),
        }, "latest");

        Assert.Equal(3808, code.Length);
        Assert.Equal("2756d7c52baee85cacb504f6ee1df7aad6809ac8d94a4a111d76991f90d36d6e", Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(code)));
        Assert.Equal(new BigInteger(31337), new BigInteger(Hex.Decode(chainId.GetString()).ThrowIfFailed(), isUnsigned: true, isBigEndian: true));
        Assert.Equal(BigInteger.Parse("10000000000000000000000", System.Globalization.CultureInfo.InvariantCulture), new BigInteger(Hex.Decode(owner.GetString()).ThrowIfFailed(), isUnsigned: true, isBigEndian: true));
    }

    [Fact]
    public async Task Deploy_RevertingInitCode_StatusZeroWithTheCreateAddressAsGeth()
    {
        await using var devnet = await TestSupport.StartAsync();
        await devnet.SendAsync(devnet.Accounts[0], TestSupport.Eip1559(0, devnet.Accounts[1].Address, value: 1, gas: 21_000));

        // Init code: REVERT(0, 0).
        var hash = await devnet.SendAsync(devnet.Accounts[0], TestSupport.Eip1559(1, null, Convert.FromHexString("60006000fd")));
        var receipt = await devnet.CallAsync("eth_getTransactionReceipt", hash);

        Assert.Equal("0x0", receipt.GetProperty("status").GetString());
        Assert.Equal("0xe7f1725e7734ce288f8367e1bb143e90bb3f0512", receipt.GetProperty("contractAddress").GetString());
        Assert.Equal("0x", (await devnet.CallAsync("eth_getCode", "0xe7f1725e7734ce288f8367e1bb143e90bb3f0512", "latest")).GetString());
    }

    [Fact]
    public async Task DeployedContract_CreateAddress_FromSenderAndNonce()
    {
        await using var devnet = await TestSupport.StartAsync();

        // Init code that returns the 1-byte runtime code 0x00 (STOP).
        var hash = await devnet.SendAsync(devnet.Accounts[0], TestSupport.Eip1559(0, null, Convert.FromHexString("600a600c600039600a6000f3600000000000000000000000")));
        var receipt = await devnet.CallAsync("eth_getTransactionReceipt", hash);

        Assert.Equal("0x5fbdb2315678afecb367f032d93f642f64180aa3", receipt.GetProperty("contractAddress").GetString());
        Assert.Equal(JsonValueKind.Null, receipt.GetProperty("to").ValueKind);
    }
}
