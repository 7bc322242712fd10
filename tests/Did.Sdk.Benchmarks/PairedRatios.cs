// Interleaved A/B timing for the targets. On a shared machine the load changes between two
// BenchmarkDotNet benchmarks that run a minute apart; timing A and B in alternating short blocks
// (A B B A) and taking the median of the per-round ratios cancels most of that drift.
using System.Diagnostics;
using System.Globalization;

namespace Did.Sdk.Benchmarks;

/// <summary>Runs the target comparisons as paired, interleaved measurements (<c>--targets</c>).</summary>
internal static class PairedRatios
{
    private const int Rounds = 61;
    private static readonly TimeSpan Block = TimeSpan.FromMilliseconds(15);

    /// <summary>Runs every comparison, or with <paramref name="scope"/> <c>sd-jwt</c> only the SD-JWT pair (no peer run).</summary>
    public static void Run(string? scope = null)
    {
        if (scope is "sd-jwt" or "accounts")
        {
            Console.WriteLine("| comparison | A | B | speed of B relative to A (median of 61 ABBA rounds) | IQR | target |");
            Console.WriteLine("|---|---|---|---:|---|---|");
            if (scope == "sd-jwt")
            {
                RunSdJwtPair();
            }
            else
            {
                RunAccountPairs();
            }

            return;
        }

        var ed25519 = new Ed25519Benchmarks();
        var es256 = new Es256Benchmarks();
        var secp = new Secp256k1Benchmarks();
        ed25519.Setup();
        es256.Setup();
        secp.Setup();

        // Let tiered JIT finish for every measured method before any pair is timed.
        foreach (var operation in new Func<bool>[] { ed25519.RawVerify, ed25519.JwsVerify, es256.RawVerify, es256.JwsVerify, secp.RawVerify, secp.JwsVerify, secp.NativeVerify, secp.ManagedVerify, secp.JwsVerifyOnManagedBackend })
        {
            Calibrate(operation);
        }

        Console.WriteLine("| comparison | A | B | speed of B relative to A (median of 61 ABBA rounds) | IQR | target |");
        Console.WriteLine("|---|---|---|---:|---|---|");
        Report("EdDSA JWS verify vs raw NSec verify", "Ed25519 RawVerify", ed25519.RawVerify, "JwsVerify", ed25519.JwsVerify, "≥ 0.90");
        Report("ES256 JWS verify vs raw ECDsa verify", "Es256 RawVerify", es256.RawVerify, "JwsVerify", es256.JwsVerify, "—");
        Report("ES256K JWS verify (native) vs raw libsecp256k1 verify", "Secp256k1 RawVerify", secp.RawVerify, "JwsVerify", secp.JwsVerify, "≥ 0.80");
        Report("ES256K JWS verify (native) vs managed verify", "Secp256k1 ManagedVerify", secp.ManagedVerify, "JwsVerify", secp.JwsVerify, "≥ 4.00");
        Report("ES256K JWS verify, native vs managed backend (managed side: same steps in-process)", "JWS steps on Managed", secp.JwsVerifyOnManagedBackend, "JwsVerify", secp.JwsVerify, "≥ 4.00");
        Report("native vs managed secp256k1 verify (backends alone)", "Secp256k1 ManagedVerify", secp.ManagedVerify, "NativeVerify", secp.NativeVerify, "—");

        RunSdJwtPair();
        RunAccountPairs();
        ed25519.Cleanup();
        es256.Cleanup();
        secp.Cleanup();
        SdJwtPeer.Run();
    }

    private static void RunSdJwtPair()
    {
        var sdJwt = new SdJwtBenchmarks { Alg = "EdDSA" };
        sdJwt.Setup();
        Calibrate(sdJwt.VerifyWithKeyBinding);
        Calibrate(sdJwt.RawVerifyTwice);
        Report("SD-JWT verify + KB-JWT (EdDSA) vs two raw NSec verifies", "RawVerifyTwice", sdJwt.RawVerifyTwice, "VerifyWithKeyBinding", sdJwt.VerifyWithKeyBinding, "≥ 0.80");
        sdJwt.Cleanup();
    }

    // Issue 9: a did:ethr issuer checked by recovery, warm caches.
    private static void RunAccountPairs()
    {
        var accounts = new AccountIssuerBenchmarks();
        accounts.Setup();
        foreach (var operation in new Func<bool>[] { accounts.VerifyWithJwkIssuer, accounts.VerifyWithDidEthrIssuer, accounts.PlainEs256KVerify, accounts.RecoveryVerifyWarm, accounts.RecoveryVerifyCold })
        {
            Calibrate(operation);
        }

        Report("SD-JWT VC verify + KB, did:ethr issuer (recovery, warm cache) vs issuer key as JWK", "VerifyWithJwkIssuer", accounts.VerifyWithJwkIssuer, "VerifyWithDidEthrIssuer", accounts.VerifyWithDidEthrIssuer, "≥ 0.80");
        Report("ES256K by address recovery (account seen before) vs plain ES256K verify (native)", "PlainEs256KVerify", accounts.PlainEs256KVerify, "RecoveryVerifyWarm", accounts.RecoveryVerifyWarm, "≥ 0.80");
        Report("ES256K by address recovery (new account: recover both ids) vs plain ES256K verify (native)", "PlainEs256KVerify", accounts.PlainEs256KVerify, "RecoveryVerifyCold", accounts.RecoveryVerifyCold, "—");
        accounts.Cleanup();
    }

    private static void Report(string title, string nameA, Func<bool> a, string nameB, Func<bool> b, string target)
    {
        int opsA = Calibrate(a);
        int opsB = Calibrate(b);
        var ratios = new double[Rounds];
        for (int round = 0; round < Rounds; round++)
        {
            // A B B A: a linear load change over the round affects both sides equally.
            double perA = Time(a, opsA);
            double perB = Time(b, opsB);
            perB += Time(b, opsB);
            perA += Time(a, opsA);
            ratios[round] = perA / perB; // > 1 when B is faster
        }

        Array.Sort(ratios);
        double median = ratios[Rounds / 2];
        string iqr = string.Create(CultureInfo.InvariantCulture, $"{ratios[Rounds / 4]:0.000}–{ratios[3 * Rounds / 4]:0.000}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {title} | {nameA} | {nameB} | {median:0.000}× | {iqr} | {target} |"));
    }

    private static int Calibrate(Func<bool> operation)
    {
        // Warm up (JIT tiering, caches) for about half a second, then size a block to ~15 ms.
        var watch = Stopwatch.StartNew();
        long count = 0;
        while (watch.Elapsed < TimeSpan.FromMilliseconds(500))
        {
            if (!operation())
            {
                throw new InvalidOperationException("A measured operation failed.");
            }

            count++;
        }

        return (int)Math.Max(1, count * Block.Ticks / watch.Elapsed.Ticks);
    }

    private static double Time(Func<bool> operation, int ops)
    {
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < ops; i++)
        {
            operation();
        }

        return Stopwatch.GetElapsedTime(start).TotalNanoseconds / ops;
    }
}
