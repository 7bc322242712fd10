// Entry point: `dotnet run -c Release --project tests/Did.Sdk.Benchmarks -- --filter '*'`.
// Without a --job argument every benchmark runs with BenchJobs.Short (see docs/benchmarks.md);
// `-- --targets` runs only the paired ratios of the targets (PairedRatios) and the SD-JWT peer
// comparison (`-- --targets sd-jwt`: only the SD-JWT pair); `-- --ethr` the did:ethr resolution comparison with ethr-did-resolver on a local node;
// `-- --verification [web-seconds]` the verifier targets (warm ratio, cold round trips, web API under load);
// `-- --social-token [--rtt-ms 0,5,20]` the social-token evidence and transfer-watcher targets on the embedded devnet over HTTP;
// `-- --dao [--rtt-ms 0,5,20] [--holders 10000] [--rounds 1]` the DAO eligibility targets (bulk power read against snapshot.js, check throughput);
// `-- --devnet` the embedded devnet's targets against hardhat (start-up, setAttribute throughput, cold resolution with 64 events).
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;

if (args.Length > 0 && args[0] == "--targets")
{
    Did.Sdk.Benchmarks.PairedRatios.Run(args.Length > 1 ? args[1] : null);
    return;
}

if (args.Length > 0 && args[0] == "--ethr")
{
    await Did.Sdk.Benchmarks.EthrResolutionBench.RunAsync();
    return;
}

if (args.Length > 0 && args[0] == "--verification")
{
    await Did.Sdk.Benchmarks.VerificationBench.RunAsync(args[1..]);
    return;
}

if (args.Length > 0 && args[0] == "--devnet")
{
    await Did.Sdk.Benchmarks.DevnetBench.RunAsync();
    return;
}

if (args.Length > 0 && args[0] == "--dao")
{
    await Did.Sdk.Benchmarks.DaoBench.RunAsync(args[1..]);
    return;
}

if (args.Length > 0 && args[0] == "--social-token")
{
    await Did.Sdk.Benchmarks.SocialTokenBench.RunAsync(args[1..]);
    return;
}

IConfig config = DefaultConfig.Instance
    .AddColumn(StatisticColumn.Median, StatisticColumn.OperationsPerSecond);
if (!args.Any(a => a.StartsWith("--job", StringComparison.Ordinal) || a == "-j"))
{
    // Short enough for the whole suite in about ten minutes on two cores; ratios are what matter.
    config = config.AddJob(Did.Sdk.Benchmarks.BenchJobs.Short);
}

BenchmarkSwitcher.FromAssembly(typeof(Did.Sdk.Benchmarks.PairedRatios).Assembly).Run(args, config);
