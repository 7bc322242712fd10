using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Did.Sdk.Ethereum;
using Did.Sdk.Ethereum.Transactions;

namespace Did.Sdk.Interop.Tests;

/// <summary>
/// Runs the reference resolver (ethr-did-resolver via node/resolve.mjs) on the hardhat node: the
/// baseline the SDK's own did:ethr resolver will be compared with.
/// </summary>
[Collection(HardhatCollection.Name)]
public sealed class ReferenceResolverTests(HardhatNode node)
{
    private static readonly TimeSpan ResolveTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task ResolveMjs_MissingArguments_ExitsWithUsageError()
    {
        var (exitCode, _, stderr) = await RunResolveAsync(new JsonObject { ["did"] = "did:ethr:0xa:0x0000000000000000000000000000000000000001" });
        Assert.Equal(2, exitCode);
        Assert.Contains("required", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResolveMjs_AfterChangeOwner_ControllerIsNewOwner()
    {
        using var identity = await node.NewFundedAccountAsync();
        using var newOwner = EthereumPrivateKey.Generate();
        var (_, receipt) = await node.SendAsync(identity, new EthereumTransaction
        {
            Type = TransactionType.Eip1559,
            MaxPriorityFeePerGas = 1_000_000_000,
            MaxFeePerGas = 10_000_000_000,
            GasLimit = 200_000,
            To = node.Registry,
            Data = RegistryAbi.ChangeOwner(identity.Address, newOwner.Address),
        });
        Assert.Equal("0x1", receipt.GetProperty("status").GetString());
        var did = $"did:ethr:0xa:{identity.Address}";

        var (exitCode, stdout, stderr) = await RunResolveAsync(new JsonObject
        {
            ["did"] = did,
            ["rpcUrl"] = node.RpcUrl.ToString(),
            ["registry"] = node.Registry.ToString(),
            ["chainId"] = HardhatNode.ChainId,
        });

        Assert.True(exitCode == 0, $"resolve.mjs exited with {exitCode}: {stderr}");
        using var result = JsonDocument.Parse(stdout);
        Assert.False(result.RootElement.GetProperty("didResolutionMetadata").TryGetProperty("error", out var error), error.ToString());
        var document = result.RootElement.GetProperty("didDocument");
        Assert.Equal(did, document.GetProperty("id").GetString());
        var controller = document.GetProperty("verificationMethod").EnumerateArray().Single(vm => vm.GetProperty("id").GetString() == did + "#controller");
        Assert.Equal($"eip155:10:{newOwner.Address}", controller.GetProperty("blockchainAccountId").GetString());
        Assert.Equal(
            TestJsonRpc.ParseQuantity(receipt.GetProperty("blockNumber")).ToString(System.Globalization.CultureInfo.InvariantCulture),
            result.RootElement.GetProperty("didDocumentMetadata").GetProperty("versionId").GetString());
    }

    private async Task<(int ExitCode, string Stdout, string Stderr)> RunResolveAsync(JsonObject request)
    {
        var start = new ProcessStartInfo("node", ["resolve.mjs"])
        {
            WorkingDirectory = node.NodeDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        using var timeout = new CancellationTokenSource(ResolveTimeout);
        try
        {
            await process.StandardInput.WriteAsync(request.ToJsonString());
            process.StandardInput.Close();
            var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);
            return (process.ExitCode, await stdout, await stderr);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"node resolve.mjs did not finish within {ResolveTimeout.TotalSeconds} s.");
        }
    }
}
