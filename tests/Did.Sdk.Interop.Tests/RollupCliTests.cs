using System.Text.Json;
using Did.Sdk.Cli;
using Did.Sdk.Ethereum;

namespace Did.Sdk.Interop.Tests;

/// <summary>
/// The README's "credentials from a did:ethr issuer" walkthrough through the CLI, in-process, on the
/// hardhat node: a did:ethr issuer and a did:ethr holder made with `key generate`, issue (cnf.kid to the
/// holder's DID), present with the wallet key, verify at the finalized block; the issuer rotates its
/// key, and the old credential is refused now and accepted under "key valid at issuance".
/// </summary>
[Collection(HardhatCollection.Name)]
public sealed class RollupCliTests(HardhatNode node) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("did-sdk-rollup-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string PathOf(string name) => Path.Combine(_dir, name);

    private static async Task<(int Code, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await CliApp.RunAsync(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private async Task<string> NewDidEthrAsync(string prefix)
    {
        var generated = await RunAsync("key", "generate", "--alg", "ES256K", "--out", PathOf(prefix));
        Assert.Equal(0, generated.Code);
        return "did:ethr:0xa:" + JsonDocument.Parse(generated.Stdout).RootElement.GetProperty("ethereumAddress").GetString();
    }

    [Fact]
    public async Task IssuePresentVerify_DidEthrIssuerAndHolder_RotationRefusedNowAcceptedAtIssuance()
    {
        string[] net = ["--rpc", node.RpcUrl.ToString(), "--registry", node.Registry.ToString()];
        string[] verifyNet = [.. net, "--chain-id", "10"];
        var issuer = await NewDidEthrAsync("issuer");
        var holder = await NewDidEthrAsync("holder");

        // iat from the chain's clock: other suites pin block timestamps on this shared node, so its clock may
        // trail the wall clock, and "valid at issuance" compares iat with block timestamps.
        using var http = new HttpClient();
        var head = (await new Ethereum.Rpc.EthereumClient(new Ethereum.Rpc.HttpEthereumRpc(http, new Ethereum.Rpc.HttpEthereumRpcOptions { Endpoint = node.RpcUrl }))
            .GetBlockAsync(Ethereum.Rpc.BlockTag.Latest)).ThrowIfFailed();
        File.WriteAllText(PathOf("claims.json"), $$"""{ "tier": "gold", "age_over_18": true, "iat": {{head.Timestamp}} }""");

        var issued = await RunAsync(["sd-jwt", "issue", "--key", PathOf("issuer.private.jwk.json"), "--claims", PathOf("claims.json"),
            "--iss", issuer, "--vct", "https://credentials.example/SocialTokenHolder", "--sd", "[\"tier\"]", "--sd", "[\"age_over_18\"]",
            "--holder-did", holder, .. net]);
        Assert.True(issued.Code == 0, issued.Stderr);
        File.WriteAllText(PathOf("credential.txt"), issued.Stdout);

        var presented = await RunAsync(["sd-jwt", "present", "--credential", PathOf("credential.txt"), "--disclose", "[\"tier\"]",
            "--holder-key", PathOf("holder.private.jwk.json"), "--aud", "https://verifier.example", "--nonce", "n-1", .. verifyNet]);
        Assert.True(presented.Code == 0, presented.Stderr);
        File.WriteAllText(PathOf("presentation.txt"), presented.Stdout);

        string[] verify = ["sd-jwt", "verify", "--presentation", PathOf("presentation.txt"), "--aud", "https://verifier.example", "--nonce", "n-1", "--block-tag", "finalized", .. verifyNet];
        var verified = await RunAsync(verify);
        Assert.True(verified.Code == 0, verified.Stdout + verified.Stderr);
        var output = JsonDocument.Parse(verified.Stdout).RootElement;
        Assert.Equal(issuer, output.GetProperty("issuer").GetProperty("did").GetString());
        Assert.Equal(issuer + "#controller", output.GetProperty("issuer").GetProperty("kid").GetString());
        Assert.Equal("finalized", output.GetProperty("issuer").GetProperty("blockTag").GetString());
        Assert.True(output.GetProperty("issuer").GetProperty("blockNumber").GetUInt64() > 0);
        Assert.Equal(holder, output.GetProperty("holder").GetProperty("did").GetString());
        Assert.Equal("gold", output.GetProperty("claims").GetProperty("tier").GetString());

        // The issuer rotates its key: fund the issuer's account, let the clock pass the credential's iat,
        // then change the owner from the CLI.
        var issuerAddress = EthereumAddress.Parse(issuer[^42..]).ThrowIfFailed();
        await node.SendAsync(node.Account0, new Ethereum.Transactions.EthereumTransaction
        {
            Type = Ethereum.Transactions.TransactionType.Legacy,
            GasPrice = 10_000_000_000,
            GasLimit = 21_000,
            To = issuerAddress,
            Value = System.Numerics.BigInteger.Pow(10, 18),
        });
        await Task.Delay(TimeSpan.FromSeconds(2.1));
        var next = await NewDidEthrAsync("next");
        var rotate = await RunAsync(["ethr", "change-owner", issuer, .. net, "--key", PathOf("issuer.private.jwk.json"), "--new-owner", next[^42..]]);
        Assert.True(rotate.Code == 0, rotate.Stderr);

        var refused = await RunAsync(verify);
        var atIssuance = await RunAsync([.. verify, "--issuer-key-valid", "issuance"]);

        Assert.Equal(CliApp.Failed, refused.Code);
        Assert.Equal(EthereumErrorCodes.AccountMismatch, JsonDocument.Parse(refused.Stdout).RootElement.GetProperty("error").GetProperty("code").GetString());
        Assert.True(atIssuance.Code == 0, atIssuance.Stdout + atIssuance.Stderr);
        Assert.Equal("issuance", JsonDocument.Parse(atIssuance.Stdout).RootElement.GetProperty("issuer").GetProperty("keyValid").GetString());
    }

    [Fact]
    public async Task Present_WithAKeyThatIsNotTheHolders_RefusedBeforeSigning()
    {
        string[] net = ["--rpc", node.RpcUrl.ToString(), "--registry", node.Registry.ToString()];
        var issuer = await NewDidEthrAsync("issuer2");
        var holder = await NewDidEthrAsync("holder2");
        await NewDidEthrAsync("stranger");
        File.WriteAllText(PathOf("claims2.json"), """{ "tier": "gold" }""");
        var issued = await RunAsync(["sd-jwt", "issue", "--key", PathOf("issuer2.private.jwk.json"), "--claims", PathOf("claims2.json"),
            "--iss", issuer, "--vct", "x", "--sd", "[\"tier\"]", "--holder-did", holder, .. net]);
        Assert.True(issued.Code == 0, issued.Stderr);
        File.WriteAllText(PathOf("credential2.txt"), issued.Stdout);

        var presented = await RunAsync(["sd-jwt", "present", "--credential", PathOf("credential2.txt"), "--disclose", "[\"tier\"]",
            "--holder-key", PathOf("stranger.private.jwk.json"), "--aud", "a", "--nonce", "n", .. net, "--chain-id", "10"]);

        Assert.Equal(CliApp.Failed, presented.Code);
        Assert.StartsWith("holderKeyNotFound:", presented.Stderr, StringComparison.Ordinal);
    }
}
