// The embedded devnet's targets against hardhat 2.29.1 on the same machine, in one run (issue 11):
// start-up to the first answered eth_chainId (the did-sdk CLI's `devnet start` against `hardhat node`, both
// as fresh processes), setAttribute transactions mined per second (pre-signed, sent one after another:
// the devnet in-process and over HTTP, hardhat over HTTP), and a cold did:ethr resolution of an identity
// with 64 registry events (a new resolver each time: the devnet in-process, hardhat over HTTP).
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Did.Sdk.Devnet;
using Did.Sdk.Ethereum;
using Did.Sdk.Ethereum.Abi;
using Did.Sdk.Ethereum.Rpc;
using Did.Sdk.Ethereum.Transactions;
using Did.Sdk.Ethr;

namespace Did.Sdk.Benchmarks;

/// <summary><c>--devnet</c>: start-up, transaction throughput and cold resolution, devnet against hardhat.</summary>
internal static class DevnetBench
{
    private const ulong ChainId = 10;
    private const int StartRuns = 3;
    private const int Transactions = 300;
    private const int Resolutions = 15;

    public static async Task RunAsync()
    {
        var nodeDirectory = SdJwtPeer.FindNodeDirectory() ?? throw new InvalidOperationException("Run `npm ci` in tests/Did.Sdk.Interop.Tests/node first.");
        string cli = Path.Combine(RepositoryRoot(), "src", "Did.Sdk.Cli", "bin", "Release", "net10.0", "did-sdk");
        if (!File.Exists(cli))
        {
            throw new InvalidOperationException($"Build the CLI first: dotnet build src/Did.Sdk.Cli -c Release ({cli}).");
        }

        using var http = new HttpClient();
        Console.WriteLine("| measure | devnet | hardhat 2.29.1 | devnet ÷ hardhat | target | verdict |");
        Console.WriteLine("|---|---:|---:|---:|---|---|");

        // 1. Start-up: a fresh process until its first eth_chainId answer (median of StartRuns, alternating).
        var devnetStarts = new List<double>();
        var hardhatStarts = new List<double>();
        for (int run = 0; run < StartRuns; run++)
        {
            devnetStarts.Add(await StartUpAsync(http, port => new ProcessStartInfo(cli, ["devnet", "start", "--port", port, "--chain-id", "10"]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false }));
            hardhatStarts.Add(await StartUpAsync(http, port => new ProcessStartInfo("npx", ["--no-install", "hardhat", "node", "--hostname", "127.0.0.1", "--port", port]) { WorkingDirectory = nodeDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false }));
        }

        double devnetStart = Median(devnetStarts), hardhatStart = Median(hardhatStarts);
        Row("process start → first eth_chainId (ms, median of 3)", devnetStart, hardhatStart, devnetStart / hardhatStart, "≤ 0.20", devnetStart / hardhatStart <= 0.20);

        // A hardhat node with the registry (devnet.mjs), and the devnet in-process and served over HTTP.
        var port = LoopbackProxy.FreePort();
        using var hardhat = Process.Start(new ProcessStartInfo("node", ["devnet.mjs", "--port", port.ToString(CultureInfo.InvariantCulture)])
        {
            WorkingDirectory = nodeDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("node did not start.");
        hardhat.ErrorDataReceived += (_, _) => { };
        hardhat.BeginErrorReadLine();
        await using var devnet = await Devnet.Devnet.StartAsync(new DevnetOptions { ChainId = ChainId });
        await using var server = await devnet.ServeHttpAsync();
        try
        {
            using var info = JsonDocument.Parse(await hardhat.StandardOutput.ReadLineAsync() ?? throw new InvalidOperationException("devnet.mjs ended."));
            var hardhatUrl = new Uri(info.RootElement.GetProperty("rpcUrl").GetString()!);
            var hardhatRegistry = EthereumAddress.Parse(info.RootElement.GetProperty("registry").GetString()).ThrowIfFailed();
            var hardhatRpc = new HttpEthereumRpc(http, new HttpEthereumRpcOptions { Endpoint = hardhatUrl });
            var devnetHttpRpc = new HttpEthereumRpc(http, new HttpEthereumRpcOptions { Endpoint = server.Url });

            // 2. setAttribute throughput: pre-signed transactions of fresh accounts (one per chain and path).
            double inProcess = await ThroughputAsync(devnet.Rpc, devnet.RegistryAddress, devnet.Accounts[1].CreateKey());
            double overHttp = await ThroughputAsync(devnetHttpRpc, devnet.RegistryAddress, devnet.Accounts[2].CreateKey());
            using var hardhatKey = EthereumPrivateKey.Import(Convert.FromHexString(info.RootElement.GetProperty("accounts")[1].GetProperty("privateKey").GetString()![2..])).ThrowIfFailed();
            double hardhatRate = await ThroughputAsync(hardhatRpc, hardhatRegistry, hardhatKey);
            Row("setAttribute mined per second, devnet in-process", inProcess, hardhatRate, inProcess / hardhatRate, "≥ 10", inProcess / hardhatRate >= 10);
            Row("setAttribute mined per second, devnet over HTTP", overHttp, hardhatRate, overHttp / hardhatRate, "≥ 2", overHttp / hardhatRate >= 2);

            // 3. Cold resolution of an identity with 64 events (service attributes), a new resolver each time.
            using var devnetIdentity = devnet.Accounts[3].CreateKey();
            using var hardhatIdentity = EthereumPrivateKey.Import(Convert.FromHexString(info.RootElement.GetProperty("accounts")[2].GetProperty("privateKey").GetString()![2..])).ThrowIfFailed();
            await GiveEventsAsync(devnet.Rpc, devnet.RegistryAddress, devnetIdentity);
            await GiveEventsAsync(hardhatRpc, hardhatRegistry, hardhatIdentity);
            double devnetCold = await ColdResolutionAsync(devnet.Rpc, devnet.RegistryAddress, devnetIdentity.Address);
            double hardhatCold = await ColdResolutionAsync(hardhatRpc, hardhatRegistry, hardhatIdentity.Address);
            Row("cold did:ethr resolution, 64 events (ms; devnet in-process)", devnetCold, hardhatCold, hardhatCold / devnetCold, "≥ 10 (hardhat ÷ devnet)", hardhatCold / devnetCold >= 10);
        }
        finally
        {
            // devnet.mjs stops the hardhat node it started on SIGTERM.
            Process.Start("kill", ["-TERM", hardhat.Id.ToString(CultureInfo.InvariantCulture)])?.WaitForExit(5000);
            hardhat.WaitForExit(10_000);
        }
    }

    private static void Row(string what, double devnet, double hardhat, double ratio, string target, bool met)
        => Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {what} | {devnet:0.##} | {hardhat:0.##} | {ratio:0.00} | {target} | {(met ? "met" : "not met")} |"));

    private static async Task<double> StartUpAsync(HttpClient http, Func<string, ProcessStartInfo> start)
    {
        int port = LoopbackProxy.FreePort();
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start(port.ToString(CultureInfo.InvariantCulture))) ?? throw new InvalidOperationException("The node did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var request = """{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]}""";
            while (watch.Elapsed < TimeSpan.FromSeconds(60))
            {
                try
                {
                    using var response = await http.PostAsync(new Uri($"http://127.0.0.1:{port}/"), new StringContent(request, Encoding.UTF8, "application/json"));
                    if (response.IsSuccessStatusCode && (await response.Content.ReadAsStringAsync()).Contains("\"result\"", StringComparison.Ordinal))
                    {
                        return watch.Elapsed.TotalMilliseconds;
                    }
                }
                catch (HttpRequestException)
                {
                    // Not listening yet.
                }

                await Task.Delay(5);
            }

            throw new TimeoutException("The node did not answer eth_chainId within 60 s.");
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    // Transactions mined per second: Transactions pre-signed setAttribute calls sent one after another, each
    // followed by its receipt (both chains automine, one block per transaction).
    private static async Task<double> ThroughputAsync(IEthereumRpc rpc, EthereumAddress registry, EthereumPrivateKey key)
    {
        using (key)
        {
            var nonce = await CallAsync(rpc, "eth_getTransactionCount", key.Address.ToString(), "latest");
            ulong first = Convert.ToUInt64(nonce.GetString(), 16);
            var signed = Enumerable.Range(0, Transactions + 20).Select(i => new EthereumTransaction
            {
                ChainId = ChainId,
                Nonce = first + (ulong)i,
                MaxFeePerGas = 100_000_000_000,
                MaxPriorityFeePerGas = 1_000_000_000,
                GasLimit = 100_000,
                To = registry,
                Data = AbiCodec.EncodeCall("setAttribute(address,bytes32,bytes,uint256)", key.Address, Bytes32("did/pub/Secp256k1/veriKey/hex"), new byte[33], (System.Numerics.BigInteger)86_400),
            }.Sign(key)).ToList();
            for (int i = 0; i < 20; i++)
            {
                await SendAsync(rpc, signed[i]); // warm-up
            }

            var watch = Stopwatch.StartNew();
            foreach (var transaction in signed.Skip(20))
            {
                await SendAsync(rpc, transaction);
            }

            return Transactions / watch.Elapsed.TotalSeconds;
        }
    }

    private static async Task SendAsync(IEthereumRpc rpc, SignedTransaction transaction)
    {
        await CallAsync(rpc, "eth_sendRawTransaction", transaction.ToRawHex());
        var receipt = await CallAsync(rpc, "eth_getTransactionReceipt", transaction.HashHex);
        if (receipt.ValueKind != JsonValueKind.Object || receipt.GetProperty("status").GetString() != "0x1")
        {
            throw new InvalidOperationException($"setAttribute {transaction.HashHex} was not mined successfully.");
        }
    }

    private static async Task GiveEventsAsync(IEthereumRpc rpc, EthereumAddress registry, EthereumPrivateKey identity)
    {
        var client = new EthereumClient(rpc, new EthereumClientOptions { ChainId = ChainId });
        var controller = new EthrDidController(client, registry, identity.Address);
        var sender = new EthereumTransactionSender(client, identity, ChainId, new EthereumTransactionSenderOptions { ReceiptPollInterval = TimeSpan.FromMilliseconds(5) });
        for (int e = 0; e < 64; e++)
        {
            (await controller.SetAttributeAsync(sender, "did/svc/Service" + e, Encoding.UTF8.GetBytes("https://s" + e + ".example"), TimeSpan.FromDays(365))).ThrowIfFailed();
        }
    }

    private static async Task<double> ColdResolutionAsync(IEthereumRpc rpc, EthereumAddress registry, EthereumAddress identity)
    {
        var options = new EthrDidResolverOptions { Networks = { new EthrNetworkOptions { ChainId = ChainId, Rpc = rpc, RegistryAddress = registry.ToString() } } };
        var did = Did.Parse($"did:ethr:0xa:{identity}").ThrowIfFailed();
        var first = await new EthrDidResolver(options).ResolveAsync(did, DidResolutionOptions.Default);
        if (first.DidDocument?.Service?.Count != 64)
        {
            throw new InvalidOperationException("The identity does not resolve with its 64 services.");
        }

        var watch = Stopwatch.StartNew();
        for (int i = 0; i < Resolutions; i++)
        {
            (await new EthrDidResolver(options).ResolveAsync(did, DidResolutionOptions.Default)).ThrowIfFailed();
        }

        return watch.Elapsed.TotalMilliseconds / Resolutions;
    }

    private static async Task<JsonElement> CallAsync(IEthereumRpc rpc, string method, params string[] parameters)
        => (await rpc.SendAsync(method, new JsonArray([.. parameters.Select(p => (JsonNode)p)]))).ThrowIfFailed();

    private static byte[] Bytes32(string text)
    {
        var bytes = new byte[32];
        Encoding.UTF8.GetBytes(text).CopyTo(bytes, 0);
        return bytes;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Did.Sdk.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Run from the repository.");
    }
}
