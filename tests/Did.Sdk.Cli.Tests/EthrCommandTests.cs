namespace Did.Sdk.Cli.Tests;

/// <summary>Argument checking of <c>did-sdk ethr …</c> and the did:ethr options of <c>resolve</c> (no node needed).</summary>
public sealed class EthrCommandTests : IDisposable
{
    private const string Did = "did:ethr:0xa:0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";
    private const string Registry = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
    private readonly string _dir = Directory.CreateTempSubdirectory("did-sdk-ethr-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    public static TheoryData<string[]> UsageErrors => new()
    {
        new[] { "ethr", "change-owner", Did, "--key", "KEY", "--new-owner", Registry },                                      // no --rpc
        new[] { "ethr", "change-owner", Did, "--rpc", "ftp://x", "--registry", Registry, "--key", "KEY", "--new-owner", Registry },
        new[] { "ethr", "change-owner", "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK", "--rpc", "http://127.0.0.1:1", "--key", "KEY", "--new-owner", Registry },
        new[] { "ethr", "change-owner", Did, "--rpc", "http://127.0.0.1:1", "--key", "KEY", "--new-owner", Registry },       // no registry known on chain 10
        new[] { "ethr", "change-owner", Did, "--rpc", "http://127.0.0.1:1", "--registry", "0x123", "--key", "KEY", "--new-owner", Registry },
        new[] { "ethr", "change-owner", Did, "--rpc", "http://127.0.0.1:1", "--registry", Registry, "--chain-id", "1", "--key", "KEY", "--new-owner", Registry },
        new[] { "ethr", "change-owner", Did, "--rpc", "http://127.0.0.1:1", "--registry", Registry, "--key", "KEY", "--new-owner", "nobody" },
        new[] { "ethr", "change-owner", Did, "--rpc", "http://127.0.0.1:1", "--registry", Registry, "--key", "ED25519KEY", "--new-owner", Registry },
        new[] { "ethr", "change-owner", Did, "--rpc", "http://127.0.0.1:1", "--registry", Registry, "--key", "MISSING", "--new-owner", Registry },
        new[] { "ethr", "change-owner", Did, "--rpc", "http://127.0.0.1:1", "--registry", Registry, "--key", "KEY", "--new-owner", Registry, "--signed" },
        new[] { "ethr", "add-delegate", Did, "--rpc", "http://127.0.0.1:1", "--registry", Registry, "--key", "KEY", "--delegate", Registry, "--type", "owner" },
        new[] { "ethr", "add-delegate", Did, "--rpc", "http://127.0.0.1:1", "--registry", Registry, "--key", "KEY", "--delegate", Registry, "--validity", "0" },
        new[] { "ethr", "set-attribute", Did, "--rpc", "http://127.0.0.1:1", "--registry", Registry, "--key", "KEY", "--name", "did/svc/ThisNameIsFarTooLongForBytes32", "--value", "x" },
        new[] { "ethr", "set-attribute", Did, "--rpc", "http://127.0.0.1:1", "--registry", Registry, "--key", "KEY", "--name", "did/pub/Ed25519/veriKey/hex", "--value", "0xzz" },
        new[] { "ethr", "revoke-attribute", Did, "--rpc", "http://127.0.0.1:1", "--registry", Registry, "--key", "KEY", "--name", "did/svc/X" },
        new[] { "resolve", Did, "--registry", Registry },                                                                     // --registry needs --rpc
        new[] { "resolve", Did, "--rpc", "http://127.0.0.1:1", "--registry", Registry, "--block-tag", "pending" },
        new[] { "resolve", "did:ethr:unknownnet:0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266", "--rpc", "http://127.0.0.1:1" },
    };

    [Theory]
    [MemberData(nameof(UsageErrors))]
    public async Task Command_UsageError_ExitsTwoBeforeAnyNetworkCall(string[] args)
    {
        var keys = await CliRun.RunAsync("key", "generate", "--alg", "ES256K", "--out", Path.Combine(_dir, "k"));
        Assert.Equal(CliApp.Success, keys.ExitCode);
        Assert.Equal(CliApp.Success, (await CliRun.RunAsync("key", "generate", "--alg", "EdDSA", "--out", Path.Combine(_dir, "e"))).ExitCode);
        var resolved = args.Select(a => a switch
        {
            "KEY" => Path.Combine(_dir, "k.private.jwk.json"),
            "ED25519KEY" => Path.Combine(_dir, "e.private.jwk.json"),
            "MISSING" => Path.Combine(_dir, "missing.json"),
            _ => a,
        }).ToArray();

        var run = await CliRun.RunAsync(resolved);

        Assert.Equal(CliApp.UsageError, run.ExitCode);
        Assert.Empty(run.Stdout);
        Assert.StartsWith("error: ", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resolve_EthrWithoutRpc_MethodNotSupported()
    {
        var run = await CliRun.RunAsync("resolve", Did);

        Assert.Equal(CliApp.Failed, run.ExitCode);
        Assert.Equal("methodNotSupported", run.Json.GetProperty("didResolutionMetadata").GetProperty("error").GetString());
    }

    [Fact]
    public async Task Resolve_UnreachableRpc_FailsWithTransportCode()
    {
        var run = await CliRun.RunAsync("resolve", Did, "--rpc", "http://127.0.0.1:1", "--registry", Registry);

        Assert.Equal(CliApp.Failed, run.ExitCode);
        Assert.Equal("rpcUnavailable", run.Json.GetProperty("didResolutionMetadata").GetProperty("error").GetString());
    }

    [Fact]
    public async Task KeyGenerate_Es256K_PrintsEthereumAddress()
    {
        var run = await CliRun.RunAsync("key", "generate", "--alg", "ES256K");

        Assert.Equal(CliApp.Success, run.ExitCode);
        var address = run.Json.GetProperty("ethereumAddress").GetString()!;
        var jwk = Jose.Jwk.Parse(run.Json.GetProperty("publicJwk").GetRawText()).ThrowIfFailed();
        var key = Jose.VerificationKey.Import(jwk).ThrowIfFailed();
        Assert.Equal(Ethereum.EthereumAddress.FromPublicKey(key.Export()).ToString(), address);
        Assert.False((await CliRun.RunAsync("key", "generate", "--alg", "EdDSA")).Json.TryGetProperty("ethereumAddress", out _));
    }
}
