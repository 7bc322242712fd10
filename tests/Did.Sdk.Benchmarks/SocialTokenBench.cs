// Issue 13 targets, on the embedded devnet over HTTP (Devnet.ServeHttpAsync, HttpEthereumRpc through a
// handler that counts HTTP requests: one request is one JSON-RPC round trip, a batch is one).
//  (a) token evidence of one identity, 4 wallets x 3 tokens: TokenEvidenceReader's pinned read (one
//      Multicall3 aggregate3 batched with the headers) against the same 12 balanceOf reads sent one
//      eth_call at a time; paired ABBA rounds, median of the per-round latency ratios. Target >= 5x.
//  (b) TransferWatcher catching up over 10,000 blocks holding 1,000 transfers: JSON-RPC round trips of
//      one scan, without a getLogs block-range limit and with provider-like limits
//      (EthereumClientOptions.MaxBlockRange: windows go 50 to a JSON-RPC batch). Target <= 20.
// On 127.0.0.1 the devnet's interpreted EVM (about 1 ms per balanceOf) dominates both sides, so (a) is
// also run with emulated network round-trip times (--rtt-ms 5,20: a delay per HTTP request, as a node
// that is not on the same machine adds).
using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using Did.Sdk.Devnet;
using Did.Sdk.Ethereum;
using Did.Sdk.Ethereum.Rpc;
using Did.Sdk.Ethereum.Transactions;
using Did.Sdk.SdJwt.StatusList;
using Did.Sdk.SocialToken;

namespace Did.Sdk.Benchmarks;

/// <summary><c>--social-token</c>: evidence read latency ratio and transfer-watcher round trips.</summary>
internal static class SocialTokenBench
{
    private const int Rounds = 61;
    private static readonly BigInteger Unit = BigInteger.Pow(10, 18);

    public static async Task RunAsync(string[] args)
    {
        int[] rtts = [0, 5, 20];
        int at = Array.IndexOf(args, "--rtt-ms");
        if (at >= 0)
        {
            var list = at + 1 < args.Length ? args[at + 1].Split(',') : [];
            rtts = new int[list.Length];
            for (int i = 0; i < list.Length; i++)
            {
                if (!int.TryParse(list[i], NumberStyles.None, CultureInfo.InvariantCulture, out rtts[i]))
                {
                    throw new ArgumentException("--rtt-ms takes whole numbers of milliseconds, comma-separated (0 = none).");
                }
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"social-token benchmark, {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC, load average {LoadAverage()}"));
        foreach (var rtt in rtts)
        {
            await EvidenceAsync(rtt);
        }

        await WatcherAsync();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"load average at the end {LoadAverage()}"));
    }

    // (a) -------------------------------------------------------------------------------------------
    private static async Task EvidenceAsync(int rttMs)
    {
        await using var devnet = await global::Did.Sdk.Devnet.Devnet.StartAsync(new DevnetOptions { AllowBlocksWithSameTimestamp = true });
        await using var server = await devnet.ServeHttpAsync();
        using var counter = new CountingHandler(TimeSpan.FromMilliseconds(rttMs));
        using var http = new HttpClient(counter);
        var client = new EthereumClient(new HttpEthereumRpc(http, new HttpEthereumRpcOptions { Endpoint = server.Url }), new EthereumClientOptions { ChainId = devnet.ChainId });

        // Setup in-process: two creator coins and a profile NFT, four wallets holding some of each.
        using var creator = devnet.Accounts[0].CreateKey();
        var sender = InProcessSender(devnet, creator);
        var coinA = (await SocialTokenContracts.DeployCreatorCoinAsync(sender, "Ada Coin", "ADA", creator.Address, 1_000_000 * Unit)).ThrowIfFailed();
        var coinB = (await SocialTokenContracts.DeployCreatorCoinAsync(sender, "Bo Coin", "BO", creator.Address, 1_000_000 * Unit)).ThrowIfFailed();
        var nft = (await SocialTokenContracts.DeployProfileNftAsync(sender, "Ada Profile", "ADAP", creator.Address, soulbound: false)).ThrowIfFailed();
        var wallets = Enumerable.Range(0, 4).Select(_ => EthereumPrivateKey.Generate().Address).ToArray();
        for (int i = 0; i < wallets.Length; i++)
        {
            (await sender.SendAsync(coinA, SocialTokenContracts.Transfer(wallets[i], (i + 1) * 10 * Unit))).ThrowIfFailed();
            (await sender.SendAsync(coinB, SocialTokenContracts.Transfer(wallets[i], (i + 1) * 7 * Unit))).ThrowIfFailed();
            (await sender.SendAsync(nft, SocialTokenContracts.MintNft(wallets[i]))).ThrowIfFailed();
        }

        var head = (await client.GetBlockAsync(BlockTag.Latest)).ThrowIfFailed();
        var queries = wallets.SelectMany(w => new[] { TokenQuery.BalanceOf(coinA, w), TokenQuery.BalanceOf(coinB, w), TokenQuery.BalanceOf(nft, w) }).ToArray();
        var block = EvidenceBlock.Pinned(head.Number, head.Hash);
        var reader = new TokenEvidenceReader(client);
        var expected = (await reader.ReadAsync(queries, block)).ThrowIfFailed(); // learns the chain id and that Multicall3 is there
        if (expected.Method != "multicall3" || expected.Readings.Any(r => !r.Succeeded))
        {
            throw new InvalidOperationException("The pinned read did not go through Multicall3.");
        }

        async Task<bool> Pinned()
        {
            var evidence = await reader.ReadAsync(queries, block);
            return evidence.Succeeded && evidence.Value.Readings[11].Amount == expected.Readings[11].Amount;
        }

        async Task<bool> OneAtATime()
        {
            var number = BlockTag.AtNumber(head.Number);
            BigInteger last = BigInteger.MinusOne;
            foreach (var query in queries)
            {
                var answer = await client.CallAsync(query.Contract, query.EncodeCall(), number);
                if (!answer.Succeeded)
                {
                    return false;
                }

                last = new BigInteger(answer.Value, isUnsigned: true, isBigEndian: true);
            }

            return last == expected.Readings[11].Amount;
        }

        counter.Reset();
        await Pinned();
        long pinnedTrips = counter.Requests;
        counter.Reset();
        await OneAtATime();
        long singleTrips = counter.Requests;
        if (pinnedTrips != 1)
        {
            throw new InvalidOperationException($"The warm pinned read took {pinnedTrips} round trips, not 1.");
        }

        var (ratio, q1, q3, medianA, medianB) = await PairAsync(OneAtATime, Pinned);
        string setting = rttMs == 0 ? "127.0.0.1, no added delay" : $"127.0.0.1 + {rttMs} ms per HTTP request (emulated network)";
        Console.WriteLine();
        Console.WriteLine($"(a) evidence: 4 wallets x 3 tokens = 12 balanceOf reads at a pinned block, over HTTP ({setting})");
        Console.WriteLine("| A | B | round trips A | round trips B | median latency A | median latency B | latency A ÷ B (median of 61 ABBA rounds) | IQR | target |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---:|---|---|");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| 12 × eth_call, one at a time | TokenEvidenceReader pinned (Multicall3 + headers, one batch) | {singleTrips} | {pinnedTrips} | {medianA:0.00} ms | {medianB:0.00} ms | {ratio:0.00}× | {q1:0.00}–{q3:0.00} | ≥ 5× |"));
    }

    private static async Task<(double Ratio, double Q1, double Q3, double MedianA, double MedianB)> PairAsync(Func<Task<bool>> a, Func<Task<bool>> b)
    {
        // Warm-up: JIT tiering of both paths and of the devnet's EVM (about 2 s each); then blocks of
        // about 50 ms of the slower side.
        var warm = Stopwatch.StartNew();
        foreach (var operation in new[] { a, b })
        {
            warm.Restart();
            while (warm.Elapsed < TimeSpan.FromSeconds(2))
            {
                if (!await operation())
                {
                    throw new InvalidOperationException("A measured operation failed.");
                }
            }
        }

        double slowest = Math.Max(await TimeAsync(a, 1), await TimeAsync(b, 1));
        int ops = (int)Math.Clamp(50 / slowest, 1, 20);
        var ratios = new double[Rounds];
        var timesA = new double[Rounds];
        var timesB = new double[Rounds];
        for (int round = 0; round < Rounds; round++)
        {
            double perA = await TimeAsync(a, ops);
            double perB = await TimeAsync(b, ops);
            perB += await TimeAsync(b, ops);
            perA += await TimeAsync(a, ops);
            ratios[round] = perA / perB;
            timesA[round] = perA / 2;
            timesB[round] = perB / 2;
        }

        Array.Sort(ratios);
        Array.Sort(timesA);
        Array.Sort(timesB);
        return (ratios[Rounds / 2], ratios[Rounds / 4], ratios[3 * Rounds / 4], timesA[Rounds / 2], timesB[Rounds / 2]);
    }

    private static async Task<double> TimeAsync(Func<Task<bool>> operation, int ops)
    {
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < ops; i++)
        {
            if (!await operation())
            {
                throw new InvalidOperationException("A measured operation failed.");
            }
        }

        return Stopwatch.GetElapsedTime(start).TotalMilliseconds / ops;
    }

    // (b) -------------------------------------------------------------------------------------------
    private static async Task WatcherAsync()
    {
        const int blocks = 10_000;
        const int transfers = 1_000;
        const int holders = 200;
        await using var devnet = await global::Did.Sdk.Devnet.Devnet.StartAsync(new DevnetOptions { AllowBlocksWithSameTimestamp = true });
        await using var server = await devnet.ServeHttpAsync();
        using var creator = devnet.Accounts[0].CreateKey();
        var sender = InProcessSender(devnet, creator);
        var coin = (await SocialTokenContracts.DeployCreatorCoinAsync(sender, "Ada Coin", "ADA", creator.Address, 1_000_000_000 * Unit)).ThrowIfFailed();
        var start = (await new EthereumClient(devnet.Rpc).GetBlockNumberAsync()).ThrowIfFailed() + 1;
        var wallets = Enumerable.Range(0, holders).Select(_ => EthereumPrivateKey.Generate().Address).ToArray();

        // 10,000 blocks from `start`, one transfer in every tenth (automining puts each in its own block).
        var setup = Stopwatch.StartNew();
        int sent = 0;
        for (int i = 0; i < blocks; i++)
        {
            if (i % (blocks / transfers) == 0)
            {
                (await sender.SendAsync(coin, SocialTokenContracts.Transfer(wallets[sent % holders], (sent + 1) * Unit))).ThrowIfFailed();
                sent++;
            }
            else
            {
                await devnet.MineAsync();
            }
        }

        var last = (await new EthereumClient(devnet.Rpc).GetBlockNumberAsync()).ThrowIfFailed();
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"(b) transfer watcher: blocks {start}–{last} ({last - start + 1} blocks, {sent} transfers to {holders} wallets; setup {setup.Elapsed.TotalSeconds:0.0} s), 100 tracked credentials of 2 wallets each, one catch-up scan over HTTP"));
        Console.WriteLine("| eth_getLogs block-range limit (EthereumClientOptions.MaxBlockRange) | round trips | of which eth_getLogs (a batch of windows is one) | transfers seen | rechecked | revoked | scan time | target |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---|");
        foreach (ulong? limit in new ulong?[] { null, 10_000, 2_000, 1_000, 500, 100 })
        {
            using var counter = new CountingHandler(TimeSpan.Zero);
            using var http = new HttpClient(counter);
            var client = new EthereumClient(new HttpEthereumRpc(http, new HttpEthereumRpcOptions { Endpoint = server.Url }), new EthereumClientOptions { ChainId = devnet.ChainId, MaxBlockRange = limit });
            var statusLists = new StatusListRegistry();
            const string uri = "https://issuer.example/status/1";
            statusLists.CreateList(uri, 1, 1024);
            var watcher = new TransferWatcher(client, new SocialToken.SocialToken(devnet.ChainId, coin, TokenStandard.Erc20, "ADA", 18), statusLists, uri, start, Finality.Latest);
            for (int c = 0; c < 100; c++)
            {
                // Half the thresholds are met by the holdings, half are not (revoked).
                var threshold = c % 2 == 0 ? Unit : 1_000_000 * Unit;
                watcher.Track(new TrackedCredential($"did:pkh:eip155:{devnet.ChainId}:{wallets[2 * c]}", [wallets[2 * c], wallets[(2 * c) + 1]], threshold, statusLists.Allocate(uri).Index));
            }

            counter.Reset();
            var timer = Stopwatch.StartNew();
            var scan = (await watcher.ScanAsync()).ThrowIfFailed();
            timer.Stop();
            if (scan.Transfers != transfers || scan.ToBlock != last)
            {
                throw new InvalidOperationException($"The scan saw {scan.Transfers} transfers up to block {scan.ToBlock}.");
            }

            string name = limit is null ? "none" : limit.Value.ToString("N0", CultureInfo.InvariantCulture) + " blocks";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {counter.Requests} | {counter.Method("eth_getLogs")} | {scan.Transfers} | {scan.Rechecked} | {scan.Revoked.Count} | {timer.Elapsed.TotalMilliseconds:0} ms | ≤ 20 |"));
        }
    }

    private static EthereumTransactionSender InProcessSender(Devnet.Devnet devnet, EthereumPrivateKey key)
        => new(new EthereumClient(devnet.Rpc, new EthereumClientOptions { ChainId = devnet.ChainId }), key, devnet.ChainId, new EthereumTransactionSenderOptions { ReceiptPollInterval = TimeSpan.FromMilliseconds(1) });

    private static string LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Split(' ')[0];
        }
        catch (IOException)
        {
            return "n/a";
        }
    }

    /// <summary>Counts HTTP requests (JSON-RPC round trips) and their first method; optionally delays each by an emulated network round trip.</summary>
    private sealed class CountingHandler(TimeSpan delay) : DelegatingHandler(new SocketsHttpHandler())
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _methods = new();
        private long _requests;

        public long Requests => Interlocked.Read(ref _requests);

        public int Method(string name) => _methods.GetValueOrDefault(name);

        public void Reset()
        {
            Interlocked.Exchange(ref _requests, 0);
            _methods.Clear();
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _requests);
            if (request.Content is not null)
            {
                var body = await request.Content.ReadAsStringAsync(cancellationToken);
                int at = body.IndexOf("\"method\":\"", StringComparison.Ordinal);
                if (at >= 0)
                {
                    int from = at + 10;
                    _methods.AddOrUpdate(body[from..body.IndexOf('"', from)], 1, (_, n) => n + 1);
                }
            }

            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, cancellationToken);
            }

            return await base.SendAsync(request, cancellationToken);
        }
    }
}

