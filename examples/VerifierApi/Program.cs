// The verifier web API. Without --rpc it runs on the embedded devnet with a demo brand and holder:
//   dotnet run --project examples/VerifierApi            → http://127.0.0.1:5080/
//   dotnet run --project examples/VerifierApi -- --policy examples/VerifierApi/policies/gold-member.json
// Against a real rollup:
//   dotnet run --project examples/VerifierApi -- --policy policy.json --rpc https://… --chain-id 10 [--registry 0x…] [--redis 127.0.0.1:6379]
using System.Globalization;
using Did.Sdk.Examples.VerifierApi;
using Did.Sdk.Verification.Policy;

if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine("""
        Did.Sdk verifier API
          --policy FILE       verification policy (schemas/verification-policy/v1); the demo's when omitted
          --rpc URL           the chain's JSON-RPC endpoint; the embedded devnet (with a demo holder) when omitted
          --chain-id N        the chain id at --rpc
          --registry ADDR     the ERC-1056 registry at --rpc
          --redis HOST:PORT   share presentation requests between instances through Redis
          --audience AUD      the audience presentations must name (default https://verifier.example)
          --port N            the port on 127.0.0.1 (default 5080; 0 for any)
        """);
    return 0;
}

string? Arg(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
VerificationPolicy? policy = null;
if (Arg("--policy") is { } policyFile)
{
    var loaded = await VerificationPolicyJson.LoadAsync(policyFile);
    if (!loaded.Succeeded)
    {
        Console.Error.WriteLine($"{loaded.Error.Code}: {loaded.Error.Message}");
        return 1;
    }

    policy = loaded.Value;
}

var options = new VerifierApiOptions
{
    Policy = policy,
    Rpc = Arg("--rpc") is { } rpc ? new Uri(rpc) : null,
    ChainId = Arg("--chain-id") is { } id ? ulong.Parse(id, CultureInfo.InvariantCulture) : null,
    Registry = Arg("--registry"),
    Redis = Arg("--redis"),
    Audience = Arg("--audience") ?? "https://verifier.example",
    Port = Arg("--port") is { } port ? int.Parse(port, CultureInfo.InvariantCulture) : 5080,
};
await using var app = await VerifierApiApp.BuildAsync(options);
await app.StartAsync();
Console.WriteLine($"Verifier API on {string.Join(", ", app.Urls)} (OpenAPI at /openapi/v1.json){(options.Rpc is null ? "; embedded devnet with a demo holder (GET /health gives its JSON-RPC URL for did-sdk verify --rpc)" : string.Empty)}. Ctrl-C stops.");
await app.WaitForShutdownAsync();
return 0;
