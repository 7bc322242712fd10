// Issue 14's targets, measured in one run on the embedded devnet (docs/benchmarks.md, "Verifier"):
//  (a) PresentationVerifier.VerifyAsync on a SocialTokenHolder presentation (did:ethr issuer and holder,
//      warm DID cache, chain check served from the per-block cache) against the bare SD-JWT verify + KB-JWT
//      it wraps: throughput ratio, paired rounds;
//  (b) a cold verification (new caches): JSON-RPC round trips over HTTP, counted by a handler;
//  (c) the web API under 16 concurrent loopback clients for 30 s against the same flow in-process with 16
//      concurrent tasks: throughput ratio and errors.
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Did.Sdk.Ethereum.Rpc;
using Did.Sdk.Ethr;
using Did.Sdk.Examples.VerifierApi;
using Did.Sdk.SdJwt;
using Did.Sdk.Verification;

namespace Did.Sdk.Benchmarks;

internal static class VerificationBench
{
    private const string Audience = "https://verifier.example";

    public static async Task RunAsync(string[] args)
    {
        int webSeconds = args.Length > 0 && int.TryParse(args[0], CultureInfo.InvariantCulture, out var s) ? s : 30;
        await using var world = await DemoWorld.StartAsync();
        var policy = world.GoldMemberPolicy();
        var chain = new EthereumClient(world.Devnet.Rpc, new EthereumClientOptions { ChainId = world.Devnet.ChainId });

        // (a) Warm: the DIDs in a cache, the finalized block's readings in the verifier's per-block cache.
        var resolver = new CachingDidResolver(DemoWorld.Resolver(world.Devnet));
        var bare = new SdJwtVerifier(new SdJwtVerificationOptions(), resolver);
        var verifier = new PresentationVerifier(policy, new SdJwtVerifier(new SdJwtVerificationOptions(), resolver), resolver, chain, options: new PresentationVerifierOptions { HeadCacheDuration = TimeSpan.FromMinutes(10) });
        const int Batch = 200;
        async Task<(string Nonce, string Presentation)[]> PrepareAsync()
        {
            var prepared = new (string, string)[Batch];
            for (int i = 0; i < Batch; i++)
            {
                var request = (await verifier.CreateRequestAsync(Audience)).ThrowIfFailed();
                prepared[i] = (request.Nonce, world.Present(Audience, request.Nonce));
            }

            return prepared;
        }

        async Task<double> BareAsync((string Nonce, string Presentation)[] batch)
        {
            long start = Stopwatch.GetTimestamp();
            foreach (var (nonce, presentation) in batch)
            {
                var result = await bare.VerifyAsync(presentation, SdJwtVerificationRequest.KeyBound(Audience, nonce) with { Finality = Finality.Finalized });
                if (!result.Succeeded)
                {
                    throw new InvalidOperationException(result.Error.ToString());
                }
            }

            return Stopwatch.GetElapsedTime(start).TotalMilliseconds / batch.Length;
        }

        async Task<double> PolicyAsync((string Nonce, string Presentation)[] batch)
        {
            long start = Stopwatch.GetTimestamp();
            foreach (var (nonce, presentation) in batch)
            {
                var decision = await verifier.VerifyAsync(presentation, nonce);
                if (!decision.Accepted)
                {
                    throw new InvalidOperationException(decision.Error?.ToString());
                }
            }

            return Stopwatch.GetElapsedTime(start).TotalMilliseconds / batch.Length;
        }

        for (int warm = 0; warm < 5; warm++)
        {
            var batch = await PrepareAsync();
            await BareAsync(batch);
            await PolicyAsync(batch);
        }

        const int Rounds = 21;
        var ratios = new double[Rounds];
        var bareTimes = new double[Rounds];
        var policyTimes = new double[Rounds];
        for (int round = 0; round < Rounds; round++)
        {
            var batch = await PrepareAsync();
            var other = await PrepareAsync();
            double b1 = await BareAsync(batch);
            double p1 = await PolicyAsync(batch);
            double p2 = await PolicyAsync(other);
            double b2 = await BareAsync(other);
            (bareTimes[round], policyTimes[round]) = ((b1 + b2) / 2, (p1 + p2) / 2);
            ratios[round] = (b1 + b2) / (p1 + p2);
        }

        Array.Sort(ratios);
        Array.Sort(bareTimes);
        Array.Sort(policyTimes);
        Console.WriteLine();
        Console.WriteLine("(a) warm: SocialTokenHolder presentation, did:ethr issuer and holder, ES256K, chain check from the per-block cache");
        Console.WriteLine("| A | B | median µs A | median µs B | throughput B ÷ A (median of 21 ABBA rounds of 200) | IQR | target |");
        Console.WriteLine("|---|---|---:|---:|---:|---|---|");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| SdJwtVerifier.VerifyAsync + KB-JWT | PresentationVerifier.VerifyAsync (gold-member policy) | {bareTimes[Rounds / 2] * 1000:0} | {policyTimes[Rounds / 2] * 1000:0} | {ratios[Rounds / 2]:0.00}× | {ratios[Rounds / 4]:0.00}–{ratios[3 * Rounds / 4]:0.00} | ≥ 0.7× |"));

        // (b) Cold, over HTTP: every JSON-RPC request counted (a batch is one round trip).
        await using (var server = await world.Devnet.ServeHttpAsync())
        {
            var counter = new CountingHandler();
            using var http = new HttpClient(counter);
            var rpc = new HttpEthereumRpc(http, new HttpEthereumRpcOptions { Endpoint = server.Url });
            var coldResolver = new CachingDidResolver(new DidResolver(new EthrDidResolver(new EthrDidResolverOptions
            {
                Networks = { new EthrNetworkOptions { ChainId = world.Devnet.ChainId, Rpc = rpc, RegistryAddress = world.Devnet.RegistryAddress.ToString() } },
            })));
            var cold = new PresentationVerifier(policy, new SdJwtVerifier(new SdJwtVerificationOptions(), coldResolver), coldResolver, new EthereumClient(rpc, new EthereumClientOptions { ChainId = world.Devnet.ChainId }));
            var request = (await cold.CreateRequestAsync(Audience)).ThrowIfFailed();
            string presentation = world.Present(Audience, request.Nonce);
            counter.Reset();
            var decision = await cold.VerifyAsync(presentation, request.Nonce);
            int coldTrips = counter.Count;
            request = (await cold.CreateRequestAsync(Audience)).ThrowIfFailed();
            presentation = world.Present(Audience, request.Nonce);
            counter.Reset();
            var warmDecision = await cold.VerifyAsync(presentation, request.Nonce);
            Console.WriteLine();
            Console.WriteLine("(b) round trips of one verification over HTTP (issuer and holder did:ethr at finalized, balanceAtLeast at finalized)");
            Console.WriteLine("| verification | decision | JSON-RPC round trips | target |");
            Console.WriteLine("|---|---|---:|---|");
            Console.WriteLine($"| cold (new DID cache, new verifier) | {decision.Outcome} | {coldTrips} | ≤ 4 |");
            Console.WriteLine($"| second (DIDs cached, the block's readings cached) | {warmDecision.Outcome} | {counter.Count} | |");
        }

        // (c) The web API against the same flow in-process, 16 concurrent clients each.
        await using var api = await VerifierApiApp.BuildAsync(new VerifierApiOptions { Port = 0, Demo = world, Audience = Audience, RateLimitPerSecond = 1_000_000 });
        await api.StartAsync();
        var url = new Uri(api.Urls.First());
        var inProcessVerifier = new PresentationVerifier(policy, new SdJwtVerifier(new SdJwtVerificationOptions(), resolver), resolver, chain);
        async Task<bool> InProcessAsync()
        {
            var request = (await inProcessVerifier.CreateRequestAsync(Audience)).ThrowIfFailed();
            return (await inProcessVerifier.VerifyAsync(world.Present(Audience, request.Nonce), request.Nonce)).Accepted;
        }

        using var client = new HttpClient { BaseAddress = url };
        async Task<bool> OverHttpAsync()
        {
            using var created = await client.PostAsync(new Uri("/requests", UriKind.Relative), null);
            string nonce = (await created.Content.ReadFromJsonAsync<JsonObject>())!["nonce"]!.GetValue<string>();
            using var verified = await client.PostAsJsonAsync(new Uri("/verify", UriKind.Relative), new { nonce, presentation = world.Present(Audience, nonce) });
            return verified.IsSuccessStatusCode && (await verified.Content.ReadFromJsonAsync<JsonObject>())!["decision"]!.GetValue<string>() == "accepted";
        }

        await LoadAsync(InProcessAsync, 16, TimeSpan.FromSeconds(3));
        await LoadAsync(OverHttpAsync, 16, TimeSpan.FromSeconds(3));
        var inProcess = await LoadAsync(InProcessAsync, 16, TimeSpan.FromSeconds(webSeconds / 3.0));
        var overHttp = await LoadAsync(OverHttpAsync, 16, TimeSpan.FromSeconds(webSeconds));
        Console.WriteLine();
        Console.WriteLine($"(c) the flow (create a request, the holder presents, verify) with 16 concurrent clients; web API for {webSeconds} s on 127.0.0.1");
        Console.WriteLine("| | verifications | errors | per second | target |");
        Console.WriteLine("|---|---:|---:|---:|---|");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| in-process, 16 tasks | {inProcess.Ok} | {inProcess.Errors} | {inProcess.PerSecond:0} | |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| web API, 16 HTTP clients | {overHttp.Ok} | {overHttp.Errors} | {overHttp.PerSecond:0} ({overHttp.PerSecond / inProcess.PerSecond:0.00}× in-process) | ≥ 0.6×, 0 errors |"));
        await api.StopAsync();
    }

    private static async Task<(long Ok, long Errors, double PerSecond)> LoadAsync(Func<Task<bool>> operation, int clients, TimeSpan duration)
    {
        long ok = 0, errors = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            while (clock.Elapsed < duration)
            {
                try
                {
                    if (await operation())
                    {
                        Interlocked.Increment(ref ok);
                    }
                    else
                    {
                        Interlocked.Increment(ref errors);
                    }
                }
                catch (HttpRequestException)
                {
                    Interlocked.Increment(ref errors);
                }
            }
        })));
        return (ok, errors, ok / clock.Elapsed.TotalSeconds);
    }

    private sealed class CountingHandler() : DelegatingHandler(new SocketsHttpHandler())
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public void Reset() => Interlocked.Exchange(ref _count, 0);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _count);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
