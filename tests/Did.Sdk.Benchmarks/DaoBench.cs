// Issue 15's targets, measured in one run on the embedded devnet (docs/benchmarks.md, "DAO eligibility"):
//  (T1) voting power of 10,000 addresses at a snapshot block: VotingPowerReader (Multicall3 aggregate3 calls in
//       one JSON-RPC batch pinned by the block's hash, the hash read first: 2 round trips) against
//       @snapshot-labs/snapshot.js 0.17.5's utils.multicall (how Snapshot's erc20-balance-of strategy reads:
//       Multicall `aggregate` pages of 500 calls, sent in parallel, one eth_call each), on the same node, same
//       block, same addresses; both through one proxy on 127.0.0.1 that counts HTTP requests and can add a delay
//       to each (emulated network round trip, --rtt-ms). Paired, alternating A B B A; the balances must match.
//  (T2) VotingEligibility.CheckAsync with SqliteEligibilityStore against the PresentationVerifier.VerifyAsync it
//       wraps: throughput, paired A B B A rounds, every check by a new identity (each claim succeeds), both warm.
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Numerics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Did.Sdk.Dao;
using Did.Sdk.Devnet;
using Did.Sdk.Ethereum;
using Did.Sdk.Ethereum.Multicall;
using Did.Sdk.Ethereum.Rpc;
using Did.Sdk.Ethereum.Transactions;
using Did.Sdk.Ethr;
using Did.Sdk.SdJwt;
using Did.Sdk.SocialToken;
using Did.Sdk.Verification;
using Did.Sdk.Verification.Policy;

namespace Did.Sdk.Benchmarks;

/// <summary><c>--dao</c>: bulk voting-power read against snapshot.js, and eligibility-check throughput.</summary>
internal static class DaoBench
{
    private const string Audience = "https://dao.example";
    private static readonly BigInteger Unit = BigInteger.Pow(10, 18);

    public static async Task RunAsync(string[] args)
    {
        int[] rtts = IntList(args, "--rtt-ms") ?? [0, 5, 20];
        int holders = IntList(args, "--holders")?[0] ?? 10_000;
        int rounds = IntList(args, "--rounds")?[0] ?? 1;
        if (holders < 1_000)
        {
            throw new ArgumentException("--holders is at least 1000: the first 1,000 holders are (T2)'s voters.");
        }

        var nodeDirectory = SdJwtPeer.FindNodeDirectory() ?? throw new InvalidOperationException("Run `npm ci` in tests/Did.Sdk.Interop.Tests/node first.");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"DAO eligibility benchmark, {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC, load average {LoadAverage()}"));

        await using var devnet = await global::Did.Sdk.Devnet.Devnet.StartAsync(new DevnetOptions { AllowBlocksWithSameTimestamp = true, SafeEveryBlocks = 1, FinalityDelayBlocks = 0 });
        await using var server = await devnet.ServeHttpAsync();
        using var creator = devnet.Accounts[0].CreateKey();
        var sender = InProcessSender(devnet, creator);
        var coin = (await SocialTokenContracts.DeployCreatorCoinAsync(sender, "Ada Coin", "ADA", creator.Address, 1_000_000_000 * Unit)).ThrowIfFailed();

        // 10,000 holders: the creator moves their tokens to Multicall3, and aggregate3 transactions of 400
        // transfers each (sent by Multicall3, which holds them) give every address its amount.
        var setup = Stopwatch.StartNew();
        var voterKeys = Enumerable.Range(0, 1_000).Select(_ => EthereumPrivateKey.Generate()).ToArray();
        var addresses = voterKeys.Select(k => k.Address).Concat(Enumerable.Range(0, Math.Max(0, holders - voterKeys.Length)).Select(_ => EthereumPrivateKey.Generate().Address)).Take(holders).ToArray();
        var amounts = addresses.Select((_, i) => (BigInteger)(10 + (i * 7919 % 5000)) * Unit + i).ToArray();
        var total = amounts.Aggregate(BigInteger.Zero, (a, b) => a + b);
        (await sender.SendAsync(coin, SocialTokenContracts.Transfer(Multicall3.Address, total))).ThrowIfFailed();
        foreach (var chunk in Enumerable.Range(0, addresses.Length).Chunk(400))
        {
            var calls = chunk.Select(i => new Multicall3Call(coin, SocialTokenContracts.Transfer(addresses[i], amounts[i]), AllowFailure: false)).ToList();
            (await sender.SendAsync(Multicall3.Address, Multicall3.EncodeAggregate3(calls))).ThrowIfFailed();
        }

        await devnet.MineAsync();
        var inProcess = new EthereumClient(devnet.Rpc, new EthereumClientOptions { ChainId = devnet.ChainId });
        var snapshotBlock = (await inProcess.GetBlockAsync(BlockTag.Latest)).ThrowIfFailed();
        await devnet.MineAsync();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"setup: creator coin, {addresses.Length:N0} holders funded by {(addresses.Length + 399) / 400} Multicall3 transactions, {setup.Elapsed.TotalSeconds:0.0} s; snapshot block {snapshotBlock.Number}"));

        await using (var js = new SnapshotJs(nodeDirectory))
        {
            bool warm = false;
            foreach (int rtt in rtts)
            {
                await PowerReadAsync(devnet, server.Url, js, coin, addresses, amounts, snapshotBlock, rtt, rounds, warm);
                warm = true;
            }
        }

        // Where the time goes: the same read with no HTTP at all (the devnet's EVM running the 10,000 balanceOf).
        long inProcessStart = Stopwatch.GetTimestamp();
        (await new VotingPowerReader(inProcess).ReadAsync([new VotingPowerTerm { Token = coin }], addresses, snapshotBlock.Number, snapshotBlock.Hash)).ThrowIfFailed();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"the same VotingPowerReader read in-process (no HTTP, no proxy; the devnet's EVM alone): {Stopwatch.GetElapsedTime(inProcessStart).TotalMilliseconds:0} ms"));

        await CheckThroughputAsync(devnet, creator, coin, voterKeys, snapshotBlock);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"load average at the end {LoadAverage()}"));
        foreach (var key in voterKeys)
        {
            key.Dispose();
        }
    }

    // (T1) ------------------------------------------------------------------------------------------
    private static async Task PowerReadAsync(Devnet.Devnet devnet, Uri node, SnapshotJs js, EthereumAddress coin, EthereumAddress[] addresses, BigInteger[] expected, EthereumBlock block, int rttMs, int rounds, bool warm)
    {
        using var proxy = new LoopbackProxy(node, TimeSpan.FromMilliseconds(rttMs));
        using var http = new HttpClient();
        var client = new EthereumClient(new HttpEthereumRpc(http, new HttpEthereumRpcOptions { Endpoint = proxy.Url }), new EthereumClientOptions { ChainId = devnet.ChainId });
        var reader = new VotingPowerReader(client);
        VotingPowerTerm[] terms = [new VotingPowerTerm { Token = coin }];
        var request = new JsonObject
        {
            ["op"] = "balances",
            ["rpc"] = proxy.Url.ToString(),
            ["chainId"] = devnet.ChainId,
            ["multicall"] = Multicall3.Address.ToString(),
            ["token"] = coin.ToString(),
            ["addresses"] = new JsonArray([.. addresses.Select(a => (JsonNode)a.ToLowerCaseString())]),
            ["blockTag"] = block.Number,
        };

        int ourTrips = 0, ourTripsByHash = 0;
        async Task<double> OursAsync(bool byHash = false)
        {
            proxy.Reset();
            long start = Stopwatch.GetTimestamp();
            var read = (await reader.ReadAsync(terms, addresses, block.Number, byHash ? block.Hash : null)).ThrowIfFailed();
            double ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            if (read.RoundTrips != proxy.Requests || read.FailedReads.Count != 0 || !read.Powers.Select(p => p.Power).SequenceEqual(expected))
            {
                throw new InvalidOperationException($"VotingPowerReader: {read.RoundTrips} round trips reported, {proxy.Requests} HTTP requests, {read.FailedReads.Count} failed reads, or balances not the funded ones.");
            }

            if (byHash)
            {
                ourTripsByHash = proxy.Requests;
            }
            else
            {
                ourTrips = proxy.Requests;
            }

            return ms;
        }

        int theirTrips = 0;
        async Task<double> TheirsAsync()
        {
            proxy.Reset();
            var answer = await js.SendAsync(request);
            theirTrips = proxy.Requests;
            if (!answer.GetProperty("ok").GetBoolean())
            {
                throw new InvalidOperationException("snapshot.js: " + answer.GetProperty("error").GetString());
            }

            var balances = answer.GetProperty("balances");
            if (balances.GetArrayLength() != expected.Length || !balances.EnumerateArray().Select(b => BigInteger.Parse(b.GetString()!, CultureInfo.InvariantCulture)).SequenceEqual(expected))
            {
                throw new InvalidOperationException("snapshot.js read balances other than VotingPowerReader's.");
            }

            return answer.GetProperty("ms").GetDouble();
        }

        // Warm-up (first setting only; a read of 10,000 takes seconds): JIT of both sides and of the devnet's EVM
        // paths. snapshot.js's provider is given the chain id, so it sends no eth_chainId.
        if (!warm)
        {
            await OursAsync();
            await TheirsAsync();
        }

        var ratios = new double[rounds];
        var ours = new double[rounds];
        var theirs = new double[rounds];
        for (int round = 0; round < rounds; round++)
        {
            double a1 = await OursAsync();
            double b1 = await TheirsAsync();
            double b2 = await TheirsAsync();
            double a2 = await OursAsync();
            (ours[round], theirs[round]) = ((a1 + a2) / 2, (b1 + b2) / 2);
            ratios[round] = (a1 + a2) / (b1 + b2);
        }

        double byHashMs = await OursAsync(byHash: true);
        Array.Sort(ratios);
        Array.Sort(ours);
        Array.Sort(theirs);
        string setting = rttMs == 0 ? "127.0.0.1, no added delay" : $"127.0.0.1 + {rttMs} ms per HTTP request (emulated network)";
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"(T1) balanceOf of {addresses.Length:N0} addresses at block {block.Number}, over HTTP through a counting proxy ({setting}); balances identical on both sides"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| A | B | HTTP round trips A | round trips B | median latency A | median latency B | latency A ÷ B (median of {rounds} ABBA rounds; all) | target |"));
        Console.WriteLine("|---|---|---:|---:|---:|---:|---:|---|");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| VotingPowerReader (block by number: header, then {(addresses.Length + 999) / 1000} aggregate3 of ≤ 1,000 in one batch) | snapshot.js utils.multicall ({(addresses.Length + 499) / 500} aggregate pages of ≤ 500, parallel eth_calls) | {ourTrips} | {theirTrips} | {ours[rounds / 2]:0} ms | {theirs[rounds / 2]:0} ms | {ratios[rounds / 2]:0.00} ({string.Join(", ", ratios.Select(r => r.ToString("0.00", CultureInfo.InvariantCulture)))}) | A ≤ 2 round trips, A ÷ B ≤ 0.20 |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| VotingPowerReader given the block hash (one batch) | | {ourTripsByHash} | | {byHashMs:0} ms (one run) | | | |"));
    }

    // (T2) ------------------------------------------------------------------------------------------
    private static async Task CheckThroughputAsync(Devnet.Devnet devnet, EthereumPrivateKey brandWallet, EthereumAddress coin, EthereumPrivateKey[] voters, EthereumBlock snapshot)
    {
        var chain = new EthereumClient(devnet.Rpc, new EthereumClientOptions { ChainId = devnet.ChainId });
        var resolver = new CachingDidResolver(new DidResolver(new EthrDidResolver(new EthrDidResolverOptions
        {
            Networks = { new EthrNetworkOptions { ChainId = devnet.ChainId, Rpc = devnet.Rpc, RegistryAddress = devnet.RegistryAddress.ToString() } },
        })));
        string brandDid = DidOf(devnet, brandWallet.Address);
        using var brandKey = brandWallet.ToSigningKey();
        var issuer = new SocialTokenCredentialIssuer(
            (await SdJwtIssuer.ForDidAsync(brandKey, brandDid, resolver)).ThrowIfFailed(),
            new SocialTokenIssuerOptions
            {
                Token = new SocialToken.SocialToken(devnet.ChainId, coin, TokenStandard.Erc20, "ADA", 18),
                Tiers = [new SocialTokenTier("bronze", 10), new SocialTokenTier("silver", 100), new SocialTokenTier("gold", 1000)],
                Domain = "brand.example",
                Uri = "https://brand.example/credentials",
            },
            resolver,
            chain);
        var issueClock = Stopwatch.StartNew();
        var credentials = new SdJwtToken[voters.Length];
        for (int i = 0; i < voters.Length; i++)
        {
            string did = DidOf(devnet, voters[i].Address);
            string message = issuer.CreateChallenge(did, voters[i].Address).ToString();
            var request = new SocialTokenHolderRequest { Did = did, SiweMessage = message, Signature = EthereumSigner.SignPersonalMessage(voters[i], Encoding.UTF8.GetBytes(message)).ToBytes() };
            credentials[i] = (await issuer.IssueHolderCredentialAsync(request)).ThrowIfFailed().Credential;
        }

        issueClock.Stop();
        var policy = new VerificationPolicyBuilder().RequireCredential("member", SocialTokenIssuerOptions.HolderVct).TrustIssuer(brandDid).ResolveDidsAt(Finality.Finalized).Build();
        var proposal = new Proposal
        {
            Id = "bench-1",
            ChainId = devnet.ChainId,
            Terms = [new VotingPowerTerm { Token = coin }],
            SnapshotBlockNumber = snapshot.Number,
            SnapshotBlockHash = snapshot.Hash,
            MinimumPower = Unit,
            Policy = policy,
        };
        var verifier = new PresentationVerifier(policy, new SdJwtVerifier(new SdJwtVerificationOptions(), resolver), resolver, chain);
        var dir = Directory.CreateTempSubdirectory("did-sdk-dao-bench-");
        try
        {
            using var tool = devnet.Accounts[5].CreateKey();
            using var toolKey = tool.ToSigningKey();
            var eligibility = new VotingEligibility(proposal, verifier, resolver, chain, new SqliteEligibilityStore(Path.Combine(dir.FullName, "votes.db")), toolKey, DidOf(devnet, tool.Address) + "#controller");

            // Presentations made ahead (the holder's work is not the verifier's): A verifies voters 0.., B checks
            // each voter once, in order, so every claim is a new identity's.
            int nextVoter = 0;
            int verifierVoter = 0;
            async Task<(string Nonce, string Presentation)[]> PrepareAsync(int count, bool forChecks)
            {
                var prepared = new (string, string)[count];
                for (int i = 0; i < count; i++)
                {
                    int v = forChecks ? nextVoter++ : verifierVoter++ % voters.Length;
                    var request = (await verifier.CreateRequestAsync(Audience)).ThrowIfFailed();
                    using var key = voters[v].ToSigningKey();
                    prepared[i] = (request.Nonce, new SdJwtHolder().Present(credentials[v], [SdJwtClaimPath.Create("tier")], key, Audience, request.Nonce).ThrowIfFailed().ToCompact());
                }

                return prepared;
            }

            async Task<double> VerifyAsync((string Nonce, string Presentation)[] batch)
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

            async Task<double> CheckAsync((string Nonce, string Presentation)[] batch)
            {
                long start = Stopwatch.GetTimestamp();
                foreach (var (nonce, presentation) in batch)
                {
                    var result = await eligibility.CheckAsync(presentation, nonce);
                    if (result.Outcome != EligibilityOutcome.Eligible)
                    {
                        throw new InvalidOperationException(result.Error?.ToString());
                    }
                }

                return Stopwatch.GetElapsedTime(start).TotalMilliseconds / batch.Length;
            }

            const int Batch = 50;
            const int Rounds = 8;
            for (int warm = 0; warm < 2; warm++)
            {
                await VerifyAsync(await PrepareAsync(Batch, forChecks: false));
                await CheckAsync(await PrepareAsync(Batch, forChecks: true));
            }

            var ratios = new double[Rounds];
            var verifyTimes = new double[Rounds];
            var checkTimes = new double[Rounds];
            for (int round = 0; round < Rounds; round++)
            {
                var a1 = await PrepareAsync(Batch, forChecks: false);
                var b1 = await PrepareAsync(Batch, forChecks: true);
                var b2 = await PrepareAsync(Batch, forChecks: true);
                var a2 = await PrepareAsync(Batch, forChecks: false);
                double va = await VerifyAsync(a1);
                double cb = await CheckAsync(b1);
                double cb2 = await CheckAsync(b2);
                double va2 = await VerifyAsync(a2);
                (verifyTimes[round], checkTimes[round]) = ((va + va2) / 2, (cb + cb2) / 2);
                ratios[round] = (va + va2) / (cb + cb2);
            }

            // Where a check's time goes beyond the verification: the power read (one pinned Multicall3 batch on
            // the devnet's EVM) and a claim in SQLite, each timed alone.
            var reader = new VotingPowerReader(chain);
            var terms = proposal.Terms;
            long readStart = Stopwatch.GetTimestamp();
            for (int i = 0; i < 100; i++)
            {
                (await reader.ReadAsync(terms, [voters[i].Address], snapshot.Number, snapshot.Hash)).ThrowIfFailed();
            }

            double readMs = Stopwatch.GetElapsedTime(readStart).TotalMilliseconds / 100;
            var store = new SqliteEligibilityStore(Path.Combine(dir.FullName, "claims-alone.db"));
            long claimStart = Stopwatch.GetTimestamp();
            for (int i = 0; i < 100; i++)
            {
                (await store.ClaimAsync(new EligibilityClaim { ProposalId = "p", Nullifier = "n" + i.ToString(CultureInfo.InvariantCulture), Wallets = [voters[i].Address], Power = Unit, Receipt = "r" })).ThrowIfFailed();
            }

            double claimMs = Stopwatch.GetElapsedTime(claimStart).TotalMilliseconds / 100;
            long headerStart = Stopwatch.GetTimestamp();
            for (int i = 0; i < 100; i++)
            {
                (await chain.GetBlockAsync(BlockTag.Finalized)).ThrowIfFailed();
            }

            double headerMs = Stopwatch.GetElapsedTime(headerStart).TotalMilliseconds / 100;
            Array.Sort(ratios);
            Array.Sort(verifyTimes);
            Array.Sort(checkTimes);
            Console.WriteLine();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"(T2) SocialTokenHolder presentations (did:ethr issuer and holders, ES256K, warm DID cache), {nextVoter} checks by {nextVoter} distinct identities, all eligible; {voters.Length} credentials issued in {issueClock.Elapsed.TotalSeconds:0.0} s (setup)"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| A | B | median µs A | median µs B | throughput B ÷ A (median of {Rounds} ABBA rounds of {Batch}) | range | target |"));
            Console.WriteLine("|---|---|---:|---:|---:|---|---|");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| PresentationVerifier.VerifyAsync (the proposal's policy) | VotingEligibility.CheckAsync, SqliteEligibilityStore | {verifyTimes[Rounds / 2] * 1000:0} | {checkTimes[Rounds / 2] * 1000:0} | {ratios[Rounds / 2]:0.00}× | {ratios[0]:0.00}–{ratios[^1]:0.00} | ≥ 0.5× |"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"parts of a check timed alone: the finalized header (the snapshot block's finality, read on every check) {headerMs * 1000:0} µs; power read of one wallet at the pinned block (in-process devnet) {readMs * 1000:0} µs; SQLite claim (WAL, one transaction) {claimMs * 1000:0} µs"));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static string DidOf(Devnet.Devnet devnet, EthereumAddress address) => $"did:ethr:0x{devnet.ChainId:x}:{address}";

    private static EthereumTransactionSender InProcessSender(Devnet.Devnet devnet, EthereumPrivateKey key)
        => new(new EthereumClient(devnet.Rpc, new EthereumClientOptions { ChainId = devnet.ChainId }), key, devnet.ChainId, new EthereumTransactionSenderOptions { ReceiptPollInterval = TimeSpan.FromMilliseconds(1) });

    private static int[]? IntList(string[] args, string name)
    {
        int at = Array.IndexOf(args, name);
        if (at < 0)
        {
            return null;
        }

        var list = at + 1 < args.Length ? args[at + 1].Split(',') : [];
        return list.Length == 0 ? throw new ArgumentException(name + " takes whole numbers, comma-separated.")
            : [.. list.Select(s => int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out int v) ? v : throw new ArgumentException(name + " takes whole numbers, comma-separated."))];
    }

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

    /// <summary>tests/Did.Sdk.Interop.Tests/node/snapshot-multicall.mjs, one JSON line per request.</summary>
    private sealed class SnapshotJs : IAsyncDisposable
    {
        private readonly Process _process;

        public SnapshotJs(string nodeDirectory)
        {
            _process = Process.Start(new ProcessStartInfo("node", ["snapshot-multicall.mjs"])
            {
                WorkingDirectory = nodeDirectory,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            }) ?? throw new InvalidOperationException("node did not start.");
        }

        public async Task<JsonElement> SendAsync(JsonObject request)
        {
            await _process.StandardInput.WriteLineAsync(request.ToJsonString());
            await _process.StandardInput.FlushAsync();
            string line = await _process.StandardOutput.ReadLineAsync() ?? throw new InvalidOperationException("snapshot-multicall.mjs ended.");
            using var document = JsonDocument.Parse(line);
            return document.RootElement.Clone();
        }

        public async ValueTask DisposeAsync()
        {
            _process.StandardInput.Close();
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await _process.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill();
            }

            _process.Dispose();
        }
    }
}
