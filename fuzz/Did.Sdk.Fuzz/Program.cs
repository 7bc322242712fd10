// Fuzz harness for every Did.Sdk parser that reads untrusted bytes (docs/security.md).
//
//   Did.Sdk.Fuzz <target>                       under afl-fuzz (SharpFuzz persistent mode, stdin/@@ input)
//   Did.Sdk.Fuzz <target> --replay PATH...      run the target over files or directories; report every exception
//   Did.Sdk.Fuzz --smoke CORPUS [--seconds N]   CI: every target over CORPUS/<target> plus deterministic mutations
//   Did.Sdk.Fuzz --list                         the target names
//
// The SDK's contract: untrusted input never throws; parsers return Result<T> or a typed error, and only
// OperationCanceledException propagates. A finding is any exception that escapes a target (afl-fuzz
// sees it as a crash), a hang or an out-of-memory.
using System.Diagnostics;
using System.Globalization;
using Did.Sdk.Fuzz;
using SharpFuzz;

// Instrumented SDK code writes to afl-fuzz's coverage map, which SharpFuzz maps in Fuzzer.Run: nothing
// may touch the SDK (the Targets type's static keys included) before that, so target names live apart
// in TargetNames. The replay and smoke modes give instrumented code a private map instead.

if (args.Length == 0 || args[0] is "-h" or "--help")
{
    Console.Error.WriteLine("usage: Did.Sdk.Fuzz <target> [--replay PATH...] | --smoke CORPUS [--seconds N] | --list");
    Console.Error.WriteLine("targets: " + string.Join(' ', TargetNames.All));
    return 2;
}

if (args[0] == "--list")
{
    foreach (var target in TargetNames.All)
    {
        Console.WriteLine(target);
    }

    return 0;
}

if (args[0] == "--smoke")
{
    if (args.Length < 2)
    {
        Console.Error.WriteLine("--smoke needs the corpus directory");
        return 2;
    }

    Coverage.UsePrivateMap();
    double seconds = args.Length >= 4 && args[2] == "--seconds" ? double.Parse(args[3], CultureInfo.InvariantCulture) : 40;
    return Smoke.Run(args[1], TimeSpan.FromSeconds(seconds));
}

string name = args[0];
if (!TargetNames.All.Contains(name, StringComparer.Ordinal))
{
    Console.Error.WriteLine($"unknown target '{args[0]}'; targets: {string.Join(' ', TargetNames.All)}");
    return 2;
}

if (args.Length >= 2 && args[1] == "--replay")
{
    Coverage.UsePrivateMap();
    Targets.TryGet(name, out var target);
    int failures = 0, count = 0;
    var watch = Stopwatch.StartNew();
    var slowest = (File: "", Time: TimeSpan.Zero);
    foreach (var file in Smoke.Files(args.Skip(2)))
    {
        count++;
        var input = File.ReadAllBytes(file);
        var one = Stopwatch.StartNew();
        var error = Smoke.Try(target!, input);
        if (one.Elapsed > slowest.Time)
        {
            slowest = (file, one.Elapsed);
        }

        if (error is not null)
        {
            failures++;
            Console.Error.WriteLine($"{file}: {error}");
        }
    }

    Console.Error.WriteLine($"{args[0]}: {count} inputs, {failures} failing, {watch.Elapsed.TotalSeconds:F1} s; slowest {slowest.Time.TotalMilliseconds:F1} ms ({slowest.File})");
    return failures == 0 ? 0 : 1;
}

// afl-fuzz: SharpFuzz's persistent loop. An exception escaping the target is reported as a crash.
Action<byte[]>? fuzzTarget = null;
Fuzzer.Run(stream =>
{
    if (fuzzTarget is null)
    {
        Targets.TryGet(name, out fuzzTarget);
    }

    using var buffer = new MemoryStream();
    stream.CopyTo(buffer);
    fuzzTarget!(buffer.ToArray());
});
return 0;
