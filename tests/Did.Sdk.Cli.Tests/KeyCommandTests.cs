using Did.Sdk.Jose;
using Did.Sdk.Methods;

namespace Did.Sdk.Cli.Tests;

public class KeyCommandTests
{
    [Theory]
    [InlineData("HS256")]
    [InlineData("none")]
    [InlineData("")]
    public async Task Generate_UnsupportedAlgorithm_ExitsWithUsageError(string alg)
    {
        var run = await CliRun.RunAsync("key", "generate", "--alg", alg);

        Assert.Equal(CliApp.UsageError, run.ExitCode);
        Assert.Empty(run.Stdout);
    }

    [Fact]
    public async Task Generate_NoAlgorithm_ExitsWithUsageError()
    {
        var run = await CliRun.RunAsync("key", "generate");

        Assert.Equal(CliApp.UsageError, run.ExitCode);
    }

    [Theory]
    [InlineData("EdDSA", "OKP", "Ed25519", "did:key:z6Mk")]
    [InlineData("ES256", "EC", "P-256", "did:key:zDn")]
    [InlineData("ES256K", "EC", "secp256k1", "did:key:zQ3s")]
    public async Task Generate_Algorithm_PrintsUsableKeysAndDids(string alg, string kty, string crv, string didKeyPrefix)
    {
        var run = await CliRun.RunAsync("key", "generate", "--alg", alg);

        Assert.Equal(CliApp.Success, run.ExitCode);
        var json = run.Json;
        var publicJwk = json.GetProperty("publicJwk");
        Assert.Equal(kty, publicJwk.GetProperty("kty").GetString());
        Assert.Equal(crv, publicJwk.GetProperty("crv").GetString());
        Assert.False(publicJwk.TryGetProperty("d", out _));
        Assert.StartsWith(didKeyPrefix, json.GetProperty("didKey").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("did:jwk:", json.GetProperty("didJwk").GetString(), StringComparison.Ordinal);

        // The private key signs, and the key named by both DIDs verifies.
        using var signingKey = SigningKey.Import(Jwk.Parse(json.GetProperty("privateJwk").GetRawText()).ThrowIfFailed()).ThrowIfFailed();
        var signature = signingKey.Sign("payload"u8);
        var fromDidKey = DidKey.GetPublicKey(Did.Parse(json.GetProperty("didKey").GetString()).ThrowIfFailed()).ThrowIfFailed();
        var fromDidJwk = VerificationKey.Import(DidJwk.GetJwk(Did.Parse(json.GetProperty("didJwk").GetString()).ThrowIfFailed()).ThrowIfFailed()).ThrowIfFailed();
        Assert.True(fromDidKey.Verify("payload"u8, signature));
        Assert.True(fromDidJwk.Verify("payload"u8, signature));

        // Both DIDs resolve through the CLI.
        Assert.Equal(CliApp.Success, (await CliRun.RunAsync("resolve", json.GetProperty("didKey").GetString()!)).ExitCode);
        Assert.Equal(CliApp.Success, (await CliRun.RunAsync("resolve", json.GetProperty("didJwk").GetString()!)).ExitCode);
    }

    [Fact]
    public async Task Generate_Twice_GivesDifferentKeys()
    {
        var a = await CliRun.RunAsync("key", "generate", "--alg", "EdDSA");
        var b = await CliRun.RunAsync("key", "generate", "--alg", "EdDSA");

        Assert.NotEqual(a.Json.GetProperty("didKey").GetString(), b.Json.GetProperty("didKey").GetString());
    }
}

public class InfoCommandTests
{
    [Fact]
    public async Task Info_ReportsBackendAlgorithmsAndMethods()
    {
        var run = await CliRun.RunAsync("info");

        Assert.Equal(CliApp.Success, run.ExitCode);
        var json = run.Json;
        Assert.Equal(["EdDSA", "ES256", "ES256K"], json.GetProperty("algorithms").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["jwk", "key", "pkh", "web"], json.GetProperty("didMethods").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(Secp256k1.Default.IsNative, json.GetProperty("secp256k1").GetProperty("native").GetBoolean());
        Assert.Equal(Secp256k1.Default.Description, json.GetProperty("secp256k1").GetProperty("backend").GetString());
    }
}
