using Did.Sdk.Verification.Policy;

namespace Did.Sdk.Examples.VerifierApi;

/// <summary>How the verifier API runs: its policy, its chain, its request store, its limits.</summary>
public sealed record VerifierApiOptions
{
    /// <summary>The policy; the demo's gold-member policy when null and running on the embedded devnet.</summary>
    public VerificationPolicy? Policy { get; init; }

    /// <summary>The chain's JSON-RPC endpoint; null runs the embedded devnet with a demo brand and holder.</summary>
    public Uri? Rpc { get; init; }

    /// <summary>The chain id at <see cref="Rpc"/>.</summary>
    public ulong? ChainId { get; init; }

    /// <summary>The ERC-1056 registry at <see cref="Rpc"/>.</summary>
    public string? Registry { get; init; }

    /// <summary>A Redis configuration string (<c>127.0.0.1:6379</c>): requests shared by every instance; null keeps them in memory.</summary>
    public string? Redis { get; init; }

    /// <summary>The audience presentations must name (this verifier's client id).</summary>
    public string Audience { get; init; } = "https://verifier.example";

    /// <summary>The port on 127.0.0.1 (0: any free port).</summary>
    public int Port { get; init; } = 5080;

    /// <summary>Requests per second one client address may make (token bucket; excess answered 429).</summary>
    public int RateLimitPerSecond { get; init; } = 1000;

    /// <summary>The largest request body.</summary>
    public long MaxRequestBodyBytes { get; init; } = 1_200_000;

    /// <summary>The embedded devnet world to share between instances (tests); created when null.</summary>
    internal DemoWorld? Demo { get; init; }
}
