using System.Diagnostics;

namespace Did.Sdk.Fuzz;

/// <summary>
/// The CI smoke: every target over its seed corpus (fuzz/corpus/&lt;target&gt;, findings kept there as
/// regression inputs) and then over deterministic mutations of the seeds (bit flips, byte and token
/// insertions, truncations, splices) until the target's share of the time budget is spent. No AFL needed.
/// </summary>
internal static class Smoke
{
    private static readonly byte[][] Tokens =
    [
        "{"u8.ToArray(), "}"u8.ToArray(), "["u8.ToArray(), "]"u8.ToArray(), "\""u8.ToArray(), ":"u8.ToArray(), ","u8.ToArray(),
        "~"u8.ToArray(), "."u8.ToArray(), "null"u8.ToArray(), "-1"u8.ToArray(), "1e400"u8.ToArray(), "\\ud800"u8.ToArray(),
        "0x"u8.ToArray(), "did:"u8.ToArray(), "#"u8.ToArray(), "?"u8.ToArray(), "%"u8.ToArray(), [0xff], [0x00], [0xb8, 0x38], [0xf9, 0xff, 0xff],
    ];

    public static IEnumerable<string> Files(IEnumerable<string> paths)
    {
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                foreach (var file in Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
                {
                    yield return file;
                }
            }
            else
            {
                yield return path;
            }
        }
    }

    /// <summary>Runs <paramref name="target"/> on <paramref name="input"/>; the exception's description when it throws.</summary>
    public static string? Try(Action<byte[]> target, byte[] input)
    {
        try
        {
            target(input);
            return null;
        }
        catch (Exception e)
        {
            return e.ToString();
        }
    }

    public static int Run(string corpus, TimeSpan budget)
    {
        var names = TargetNames.All;
        var share = budget / names.Length;
        int failures = 0;
        long total = 0;
        var all = Stopwatch.StartNew();
        foreach (var name in names)
        {
            Targets.TryGet(name, out var target);
            var seeds = Files([Path.Combine(corpus, name)]).Select(File.ReadAllBytes).ToList();
            if (seeds.Count == 0)
            {
                Console.Error.WriteLine($"smoke {name}: no seeds in {Path.Combine(corpus, name)}");
                failures++;
                continue;
            }

            var watch = Stopwatch.StartNew();
            long runs = 0;
            int failed = 0;
            void Check(byte[] input, string what)
            {
                runs++;
                var error = Try(target!, input);
                if (error is not null)
                {
                    failed++;
                    if (failed <= 3)
                    {
                        Console.Error.WriteLine($"smoke {name}: {what} ({input.Length} bytes, base64 {Convert.ToBase64String(input)}) threw {error}");
                    }
                }
            }

            for (int i = 0; i < seeds.Count; i++)
            {
                Check(seeds[i], $"seed {i}");
            }

            var random = new Random(20261202);
            while (watch.Elapsed < share)
            {
                var seed = seeds[random.Next(seeds.Count)];
                Check(Mutate(seed, seeds[random.Next(seeds.Count)], random), "mutation");
            }

            total += runs;
            failures += failed;
            Console.Error.WriteLine($"smoke {name}: {seeds.Count} seeds, {runs} runs, {failed} failing, {watch.Elapsed.TotalSeconds:F1} s");
        }

        Console.WriteLine($"fuzz smoke: {names.Length} targets, {total} runs, {failures} failing, {all.Elapsed.TotalSeconds:F1} s");
        return failures == 0 ? 0 : 1;
    }

    private static byte[] Mutate(byte[] seed, byte[] other, Random random)
    {
        var data = new List<byte>(seed);
        int steps = 1 + random.Next(4);
        for (int s = 0; s < steps; s++)
        {
            int at = data.Count == 0 ? 0 : random.Next(data.Count);
            switch (random.Next(6))
            {
                case 0 when data.Count > 0:
                    data[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1 when data.Count > 0:
                    data[at] = (byte)random.Next(256);
                    break;
                case 2:
                    data.InsertRange(at, Tokens[random.Next(Tokens.Length)]);
                    break;
                case 3 when data.Count > 0:
                    data.RemoveRange(at, Math.Min(data.Count - at, 1 + random.Next(16)));
                    break;
                case 4 when other.Length > 0:
                    int from = random.Next(other.Length);
                    data.InsertRange(at, other.AsSpan(from, Math.Min(other.Length - from, 1 + random.Next(64))).ToArray());
                    break;
                default:
                    if (data.Count > 0)
                    {
                        // Repeat a slice: deep nesting, long runs.
                        int len = Math.Min(data.Count - at, 1 + random.Next(8));
                        var slice = data.GetRange(at, len);
                        for (int r = random.Next(1, 64); r > 0; r--)
                        {
                            data.InsertRange(at, slice);
                        }
                    }

                    break;
            }
        }

        return [.. data];
    }
}
