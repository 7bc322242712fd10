// did:ethr resolution latency and JSON-RPC round trips, this SDK against ethr-did-resolver 11.1.3 on
// the same local hardhat node (tests/Did.Sdk.Interop.Tests/node/devnet.mjs), for identities with 0, 8
// and 64 registry events. Both talk to the node through a counting proxy on 127.0.0.1: one HTTP request
// is one round trip (a JSON-RPC batch is one).
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Did.Sdk.Ethereum;
using Did.Sdk.Ethereum.Rpc;
using Did.Sdk.Ethereum.Transactions;
using Did.Sdk.Ethr;

namespace Did.Sdk.Benchmarks;

/// <summary><c>--ethr</c>: resolution latency and round trips against ethr-did-resolver.</summary>
internal static class EthrResolutionBench
{
    private const int Iterations = 15;

    public static async Task RunAsync()
    {
        var nodeDirectory = SdJwtPeer.FindNodeDirectory() ?? throw new InvalidOperationException("Run `npm ci` in tests/Did.Sdk.Interop.Tests/node first.");
        var port = LoopbackProxy.FreePort();
        using var devnet = Process.Start(new ProcessStartInfo("node", ["devnet.mjs", "--port", port.ToString(CultureInfo.InvariantCulture)])
        {
            WorkingDirectory = nodeDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("node did not start.");
        devnet.ErrorDataReceived += (_, _) => { };
        devnet.BeginErrorReadLine();
        try
        {
            using var info = JsonDocument.Parse(await devnet.StandardOutput.ReadLineAsync() ?? throw new InvalidOperationException("devnet.mjs ended."));
            var upstream = new Uri(info.RootElement.GetProperty("rpcUrl").GetString()!);
            var registry = EthereumAddress.Parse(info.RootElement.GetProperty("registry").GetString()).ThrowIfFailed();
            var keys = info.RootElement.GetProperty("accounts").EnumerateArray()
                .Select(a => EthereumPrivateKey.Import(Convert.FromHexString(a.GetProperty("privateKey").GetString()![2..])).ThrowIfFailed()).ToArray();
            using var http = new HttpClient();
            var client = new EthereumClient(new HttpEthereumRpc(http, new HttpEthereumRpcOptions { Endpoint = upstream }), new EthereumClientOptions { ChainId = 10 });

            // Identities: dev account #0 with no events, #1 with 8, #2 with 64 (service attributes).
            var eventsOf = new[] { 0, 8, 64 };
            for (var i = 1; i < 3; i++)
            {
                var controller = new EthrDidController(client, registry, keys[i].Address);
                var sender = new EthereumTransactionSender(client, keys[i], 10, new EthereumTransactionSenderOptions { ReceiptPollInterval = TimeSpan.FromMilliseconds(10) });
                for (var e = 0; e < eventsOf[i]; e++)
                {
                    (await controller.SetAttributeAsync(sender, "did/svc/Service" + e, Encoding.UTF8.GetBytes("https://s" + e + ".example"), TimeSpan.FromDays(365))).ThrowIfFailed();
                }
            }

            using var proxy = new LoopbackProxy(upstream);
            Console.WriteLine("| events | resolver | cold ms | cold round trips | warm ms | warm round trips | inside TTL round trips |");
            Console.WriteLine("|---:|---|---:|---:|---:|---:|---:|");
            for (var i = 0; i < 3; i++)
            {
                var did = $"did:ethr:0xa:{keys[i].Address}";
                var options = new EthrDidResolverOptions { Networks = { new EthrNetworkOptions { ChainId = 10, RpcUrl = proxy.Url, RegistryAddress = registry.ToString() } } };
                var parsed = Did.Parse(did).ThrowIfFailed();

                var (coldMs, coldTrips) = await MeasureAsync(proxy, () => new EthrDidResolver(options).ResolveAsync(parsed, DidResolutionOptions.Default));
                var warmResolver = new EthrDidResolver(options);
                (await warmResolver.ResolveAsync(parsed, DidResolutionOptions.Default)).ThrowIfFailed();
                var (warmMs, warmTrips) = await MeasureAsync(proxy, () => warmResolver.ResolveAsync(parsed, DidResolutionOptions.Default));
                var cached = new CachingDidResolver(new DidResolver(new EthrDidResolver(options)));
                (await cached.ResolveAsync(did)).ThrowIfFailed();
                var (_, ttlTrips) = await MeasureAsync(proxy, () => cached.ResolveAsync(did));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {eventsOf[i]} | Did.Sdk | {coldMs:0.00} | {coldTrips:0.#} | {warmMs:0.00} | {warmTrips:0.#} | {ttlTrips:0.#} |"));

                var (jsColdMs, jsColdTrips) = await ReferenceAsync(nodeDirectory, proxy, registry, did, "cold");
                var (jsWarmMs, jsWarmTrips) = await ReferenceAsync(nodeDirectory, proxy, registry, did, "warm");
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {eventsOf[i]} | ethr-did-resolver | {jsColdMs:0.00} | {jsColdTrips:0.#} | {jsWarmMs:0.00} | {jsWarmTrips:0.#} | — |"));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {eventsOf[i]} | latency Did.Sdk ÷ ethr-did-resolver | {coldMs / jsColdMs:0.00} | | {warmMs / jsWarmMs:0.00} | | |"));
            }

            foreach (var key in keys)
            {
                key.Dispose();
            }
        }
        finally
        {
            // devnet.mjs stops the hardhat node it started on SIGTERM.
            Process.Start("kill", ["-TERM", devnet.Id.ToString(CultureInfo.InvariantCulture)])?.WaitForExit(5000);
            devnet.WaitForExit(10_000);
        }
    }

    private static async Task<(double Ms, double RoundTrips)> MeasureAsync(LoopbackProxy proxy, Func<ValueTask<DidResolutionResult>> resolve)
    {
        (await resolve()).ThrowIfFailed(); // warm-up
        proxy.Reset();
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < Iterations; i++)
        {
            (await resolve()).ThrowIfFailed();
        }

        return (watch.Elapsed.TotalMilliseconds / Iterations, (double)proxy.Requests / Iterations);
    }

    private static async Task<(double Ms, double RoundTrips)> ReferenceAsync(string nodeDirectory, LoopbackProxy proxy, EthereumAddress registry, string did, string mode)
    {
        proxy.Reset();
        using var process = Process.Start(new ProcessStartInfo("node", ["bench-ethr.mjs", proxy.Url.ToString(), registry.ToString(), "10", did, Iterations.ToString(CultureInfo.InvariantCulture), mode])
        {
            WorkingDirectory = nodeDirectory,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("node did not start.");
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        using var result = JsonDocument.Parse(output);
        // The reference's own warm-up resolution went through the proxy too.
        return (result.RootElement.GetProperty("meanMs").GetDouble(), (double)proxy.Requests / (Iterations + 1));
    }
}
