using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using Did.Sdk.Jose;
using Perfolizer.Horology;

namespace Did.Sdk.Benchmarks;

/// <summary>The suite's jobs.</summary>
internal static class BenchJobs
{
    /// <summary>
    /// One launch, 5 warm-up and 15 measured iterations of 400 ms: the whole suite runs in under ten
    /// minutes on two cores. Ratios within a run are the robust output on a shared machine.
    /// </summary>
    public static Job Short { get; } = Job.Default
        .WithLaunchCount(1)
        .WithWarmupCount(5)
        .WithIterationCount(15)
        .WithIterationTime(TimeInterval.FromMilliseconds(400))
        .WithId("Short15");

    /// <summary><see cref="Short"/> in a process where the SDK's default secp256k1 backend is the managed one.</summary>
    public static Job ShortManagedSecp256k1 { get; } = Short
        .WithEnvironmentVariable(Secp256k1.BackendEnvironmentVariable, "managed")
        .WithId("Short15-managed");
}

/// <summary>Adds <see cref="BenchJobs.ShortManagedSecp256k1"/> to the benchmarks it is applied to.</summary>
public sealed class ManagedSecp256k1Config : ManualConfig
{
    /// <summary>Creates the config.</summary>
    public ManagedSecp256k1Config() => AddJob(BenchJobs.ShortManagedSecp256k1);
}
