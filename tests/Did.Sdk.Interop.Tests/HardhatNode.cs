using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Numerics;
using System.Reflection;
using System.Text;
using System.Text.Json;
using Did.Sdk.Ethereum;
using Did.Sdk.Ethereum.Transactions;

namespace Did.Sdk.Interop.Tests;

/// <summary>
/// One hardhat node per test run (chainId 10, 127.0.0.1, a free port) with the real EthereumDIDRegistry
/// deployed from the ethr-did-registry npm artifact by a transaction this SDK signed. Disposing kills the
/// process tree the fixture started, and nothing else.
/// </summary>
public sealed class HardhatNode : IAsyncLifetime, IDifferentialChain
{
    /// <summary>Hardhat's well-known development account #0 (public test key, funded on every hardhat node).</summary>
    public const string Account0PrivateKey = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";

    public const ulong ChainId = 10;

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly StringBuilder _output = new();
    private Process? _process;
    private HttpClient? _http;

    public string NodeDirectory { get; } = typeof(HardhatNode).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "InteropNodeDirectory").Value!;

    public Uri RpcUrl { get; private set; } = null!;

    internal TestJsonRpc Rpc { get; private set; } = null!;

    public EthereumPrivateKey Account0 { get; } = EthereumPrivateKey.Import(Convert.FromHexString(Account0PrivateKey.AsSpan(2))).ThrowIfFailed();

    public EthereumAddress Registry { get; private set; }

    public JsonElement DeploymentReceipt { get; private set; }

    public async Task InitializeAsync()
    {
        if (!Directory.Exists(Path.Combine(NodeDirectory, "node_modules", "hardhat")))
        {
            throw new InvalidOperationException(
                $"The interop tests need the npm packages in {NodeDirectory}. Run `npm ci --no-audit --no-fund` in that folder (Node 20+), then run the tests again.");
        }

        var port = FreePort();
        RpcUrl = new Uri($"http://127.0.0.1:{port}/");
        var start = new ProcessStartInfo("npx", ["--no-install", "hardhat", "node", "--hostname", "127.0.0.1", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            WorkingDirectory = NodeDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        _process = Process.Start(start) ?? throw new InvalidOperationException("npx did not start.");
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        _http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        Rpc = new TestJsonRpc(_http, RpcUrl);
        try
        {
            await WaitForChainIdAsync();
            await DeployRegistryAsync();
        }
        catch
        {
            // Do not rely on DisposeAsync after a failed start: stop the node now.
            StopNode();
            throw;
        }
    }

    public Task DisposeAsync()
    {
        _http?.Dispose();
        StopNode();
        Account0.Dispose();
        return Task.CompletedTask;
    }

    private void StopNode()
    {
        if (_process is not null)
        {
            try
            {
                if (!_process.HasExited)
                {
                    _process.Kill(entireProcessTree: true);
                    _process.WaitForExit(10_000);
                }
            }
            finally
            {
                _process.Dispose();
                _process = null;
            }
        }
    }

    /// <summary>Signs with this SDK, sends, and returns the receipt (status checked by the caller).</summary>
    internal async Task<(SignedTransaction Signed, JsonElement Receipt)> SendAsync(EthereumPrivateKey key, EthereumTransaction transaction)
    {
        var nonce = await Rpc.GetNonceAsync(key.Address.ToString());
        var signed = (transaction with { Nonce = nonce, ChainId = ChainId }).Sign(key);
        var receipt = await Rpc.SendAndWaitAsync(signed.ToRawHex(), signed.HashHex);
        return (signed, receipt);
    }

    /// <summary>A fresh random account funded with 1 ETH by a legacy EIP-155 transfer from account #0.</summary>
    public async Task<EthereumPrivateKey> NewFundedAccountAsync()
    {
        var key = EthereumPrivateKey.Generate();
        var (_, receipt) = await SendAsync(Account0, new EthereumTransaction
        {
            Type = TransactionType.Legacy,
            GasPrice = 10_000_000_000,
            GasLimit = 21_000,
            To = key.Address,
            Value = BigInteger.Pow(10, 18),
        });
        Assert.Equal("0x1", receipt.GetProperty("status").GetString());
        return key;
    }

    internal string Output()
    {
        lock (_output)
        {
            return _output.ToString();
        }
    }

    private async Task WaitForChainIdAsync()
    {
        // A bounded wait for start-up (not a timing assertion): give up after StartTimeout.
        using var deadline = new CancellationTokenSource(StartTimeout);
        Exception? last = null;
        while (!deadline.IsCancellationRequested)
        {
            if (_process!.HasExited)
            {
                throw new InvalidOperationException($"hardhat node exited with code {_process.ExitCode} before answering:\n{Output()}");
            }

            try
            {
                var chainId = await Rpc.CallAsync("eth_chainId");
                Assert.Equal("0xa", chainId.GetString());
                return;
            }
            catch (HttpRequestException e)
            {
                last = e;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"hardhat node did not answer eth_chainId on {RpcUrl} within {StartTimeout.TotalSeconds} s ({last?.Message}).\n{Output()}");
    }

    private async Task DeployRegistryAsync()
    {
        var artifactPath = Path.Combine(NodeDirectory, "node_modules", "ethr-did-registry", "artifacts", "contracts", "EthereumDIDRegistry.sol", "EthereumDIDRegistry.json");
        using var artifact = JsonDocument.Parse(await File.ReadAllBytesAsync(artifactPath));
        var bytecode = Convert.FromHexString(artifact.RootElement.GetProperty("bytecode").GetString().AsSpan(2));
        var (signed, receipt) = await SendAsync(Account0, new EthereumTransaction
        {
            Type = TransactionType.Eip1559,
            MaxPriorityFeePerGas = 1_000_000_000,
            MaxFeePerGas = 10_000_000_000,
            GasLimit = 3_000_000,
            To = null,
            Data = bytecode,
        });
        Assert.Equal(Account0.Address, signed.Sender);
        if (receipt.GetProperty("status").GetString() != "0x1")
        {
            throw new InvalidOperationException($"The registry deployment failed: {receipt.GetRawText()}");
        }

        DeploymentReceipt = receipt;
        Registry = EthereumAddress.Parse(receipt.GetProperty("contractAddress").GetString()).ThrowIfFailed();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            if (_output.Length < 64 * 1024)
            {
                _output.AppendLine(line);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

[CollectionDefinition(Name)]
public sealed class HardhatCollection : ICollectionFixture<HardhatNode>
{
    public const string Name = "hardhat";
}
