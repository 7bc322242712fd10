// The same SD-JWT operations in the reference implementation (@sd-jwt/sd-jwt-vc 0.19 on Node, through
// tests/Did.Sdk.Interop.Tests/node/sdjwt.mjs), timed by its own loop in the same run as ours.
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Did.Sdk.Benchmarks;

/// <summary>Ops/s of SD-JWT issue, present + KB and verify + KB here and in @sd-jwt/core (<c>--targets</c>).</summary>
internal static class SdJwtPeer
{
    public static void Run()
    {
        var nodeDirectory = FindNodeDirectory();
        if (nodeDirectory is null)
        {
            Console.WriteLine("SD-JWT peer comparison skipped: run `npm ci` in tests/Did.Sdk.Interop.Tests/node first.");
            return;
        }

        using var node = Process.Start(new ProcessStartInfo("node", ["sdjwt.mjs"])
        {
            WorkingDirectory = nodeDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("node did not start.");

        Console.WriteLine();
        Console.WriteLine("| SD-JWT (10 claims, 5 revealed) | Did.Sdk ops/s | @sd-jwt/core 0.19 ops/s | Did.Sdk ÷ @sd-jwt | Did.Sdk ÷ raw signature ops |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        foreach (var alg in new[] { "EdDSA", "ES256", "ES256K" })
        {
            var bench = new SdJwtBenchmarks { Alg = alg };
            bench.Setup();
            var issuerJwk = bench.IssuerKey.ExportPrivateJwk().ToJsonObject();
            var holderJwk = bench.HolderKey.ExportPrivateJwk().ToJsonObject();
            var claims = bench.Claims;
            claims["cnf"] = new JsonObject { ["jwk"] = bench.HolderKey.VerificationKey.ToJwk().ToJsonObject() };
            var frame = new JsonObject { ["_sd"] = new JsonArray(Enumerable.Range(0, 10).Select(i => (JsonNode?)JsonValue.Create("claim" + i)).ToArray()) };
            var presentationFrame = new JsonObject();
            for (var i = 0; i < 10; i += 2)
            {
                presentationFrame["claim" + i] = true;
            }

            var verify = Peer(node, new JsonObject
            {
                ["op"] = "bench", ["what"] = "verify", ["iterations"] = 400, ["alg"] = alg, ["presentation"] = bench.Presentation,
                ["issuerJwk"] = bench.IssuerKey.VerificationKey.ToJwk().ToJsonObject(), ["nonce"] = SdJwtBenchmarks.Nonce, ["requireKb"] = true,
            });
            var issue = Peer(node, new JsonObject
            {
                ["op"] = "bench", ["what"] = "issue", ["iterations"] = 400, ["alg"] = alg, ["privateJwk"] = issuerJwk, ["claims"] = claims, ["disclosureFrame"] = frame,
            });
            var present = Peer(node, new JsonObject
            {
                ["op"] = "bench", ["what"] = "present", ["iterations"] = 400, ["credential"] = bench.Credential, ["presentationFrame"] = presentationFrame,
                ["kb"] = new JsonObject { ["alg"] = alg, ["privateJwk"] = holderJwk, ["aud"] = SdJwtBenchmarks.Audience, ["nonce"] = SdJwtBenchmarks.Nonce },
            });

            Row($"verify + KB-JWT, {alg}", OpsPerSecond(() => bench.VerifyWithKeyBinding()), verify, OpsPerSecond(() => bench.RawVerifyTwice()), "two raw verifies");
            Row($"issue, {alg}", OpsPerSecond(() => bench.Issue() > 0), issue, OpsPerSecond(() => bench.RawSign() > 0), "one raw sign");
            Row($"present + KB-JWT, {alg}", OpsPerSecond(() => bench.PresentWithKeyBinding() > 0), present, OpsPerSecond(() => bench.RawSignKeyBinding() > 0), "one raw sign");
            bench.Cleanup();
        }

        node.StandardInput.Close();
        node.WaitForExit(10_000);
    }

    private static void Row(string name, double ours, double theirs, double raw, string rawName)
        => Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {ours:N0} | {theirs:N0} | {ours / theirs:0.00}× | {ours / raw:0.000}× ({rawName}) |"));

    private static double Peer(Process node, JsonObject request)
    {
        node.StandardInput.WriteLine(request.ToJsonString());
        node.StandardInput.Flush();
        using var response = JsonDocument.Parse(node.StandardOutput.ReadLine() ?? throw new InvalidOperationException("sdjwt.mjs ended."));
        if (!response.RootElement.GetProperty("ok").GetBoolean())
        {
            throw new InvalidOperationException("sdjwt.mjs: " + response.RootElement.GetProperty("error").GetString());
        }

        return response.RootElement.GetProperty("opsPerSecond").GetDouble();
    }

    // Warm-up 0.5 s, then the best of three 1-second windows (the peer's loop is measured the same way
    // after its own warm-up; best-of damps other processes' load on a shared machine).
    private static double OpsPerSecond(Func<bool> operation)
    {
        Measure(operation, TimeSpan.FromMilliseconds(500));
        return Enumerable.Range(0, 3).Max(_ => Measure(operation, TimeSpan.FromSeconds(1)));
    }

    private static double Measure(Func<bool> operation, TimeSpan window)
    {
        var watch = Stopwatch.StartNew();
        long count = 0;
        while (watch.Elapsed < window)
        {
            if (!operation())
            {
                throw new InvalidOperationException("A measured operation failed.");
            }

            count++;
        }

        return count / watch.Elapsed.TotalSeconds;
    }

    internal static string? FindNodeDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "Did.Sdk.Interop.Tests", "node");
            if (Directory.Exists(Path.Combine(candidate, "node_modules", "@sd-jwt", "sd-jwt-vc")))
            {
                return candidate;
            }
        }

        return null;
    }
}
