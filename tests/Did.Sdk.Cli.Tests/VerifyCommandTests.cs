using System.Numerics;
using System.Text;
using System.Text.Json.Nodes;
using Did.Sdk.Ethereum;
using Did.Sdk.Ethereum.Rpc;
using Did.Sdk.Ethereum.Transactions;
using Did.Sdk.Ethr;
using Did.Sdk.Jose;
using Did.Sdk.SdJwt;
using Did.Sdk.SocialToken;

namespace Did.Sdk.Cli.Tests;

/// <summary>
/// <c>did-sdk presentation-request</c> and <c>did-sdk verify</c> against the embedded devnet over HTTP: a
/// SocialTokenHolder from the brand, tier gold, holding at least 1000 at the finalized block.
/// </summary>
public sealed class VerifyCommandTests : IAsyncLifetime
{
    private static readonly BigInteger Unit = BigInteger.Pow(10, 18);
    private readonly string _dir = Directory.CreateTempSubdirectory("did-sdk-verify-").FullName;
    private Devnet.Devnet _devnet = null!;
    private Devnet.DevnetServer _server = null!;
    private EthereumClient _client = null!;
    private EthereumAddress _coin;
    private SdJwtToken _credential = null!;
    private EthereumPrivateKey _fan = null!;
    private string _brandDid = null!;

    public async Task InitializeAsync()
    {
        _devnet = await Devnet.Devnet.StartAsync(new Devnet.DevnetOptions());
        _server = await _devnet.ServeHttpAsync();
        _client = new EthereumClient(_devnet.Rpc, new EthereumClientOptions { ChainId = _devnet.ChainId });
        using var brand = _devnet.Accounts[0].CreateKey();
        var sender = new EthereumTransactionSender(_client, brand, _devnet.ChainId, new EthereumTransactionSenderOptions { ReceiptPollInterval = TimeSpan.FromMilliseconds(1) });
        _coin = (await SocialTokenContracts.DeployCreatorCoinAsync(sender, "Ada Coin", "ADA", brand.Address, 1_000_000 * Unit)).ThrowIfFailed();
        _fan = EthereumPrivateKey.Generate();
        (await sender.SendAsync(_coin, SocialTokenContracts.Transfer(_fan.Address, 1500 * Unit))).ThrowIfFailed();

        var resolver = new DidResolver(new EthrDidResolver(new EthrDidResolverOptions { Networks = { new EthrNetworkOptions { ChainId = _devnet.ChainId, Rpc = _devnet.Rpc, RegistryAddress = _devnet.RegistryAddress.ToString() } } }));
        _brandDid = $"did:ethr:0x7a69:{brand.Address}";
        using var key = brand.ToSigningKey();
        var issuer = new SocialTokenCredentialIssuer(
            (await SdJwtIssuer.ForDidAsync(key, _brandDid, resolver)).ThrowIfFailed(),
            new SocialTokenIssuerOptions
            {
                Token = new SocialToken.SocialToken(_devnet.ChainId, _coin, TokenStandard.Erc20, "ADA", 18),
                Tiers = [new SocialTokenTier("bronze", 10), new SocialTokenTier("gold", 1000)],
                Domain = "issuer.example",
                Uri = "https://issuer.example/credentials",
            },
            resolver,
            _client);
        string fanDid = $"did:ethr:0x7a69:{_fan.Address}";
        string message = issuer.CreateChallenge(fanDid, _fan.Address).ToString();
        var request = new SocialTokenHolderRequest { Did = fanDid, SiweMessage = message, Signature = EthereumSigner.SignPersonalMessage(_fan, Encoding.UTF8.GetBytes(message)).ToBytes() };
        _credential = (await issuer.IssueHolderCredentialAsync(request)).ThrowIfFailed().Credential;
        File.WriteAllText(Path.Combine(_dir, "policy.json"), $$"""
            {
              "version": 1,
              "dcql": { "credentials": [ { "id": "member", "format": "dc+sd-jwt", "meta": { "vct_values": ["{{SocialTokenIssuerOptions.HolderVct}}"] }, "claims": [ { "path": ["tier"], "values": ["gold"] } ] } ] },
              "trustListFile": "issuers.json",
              "didFinality": "finalized",
              "chain": { "chainId": 31337, "block": "finalized" },
              "rules": { "chain": { "check": "balanceAtLeast", "token": "{{_coin}}", "amount": "{{1000 * Unit}}" } }
            }
            """);
        File.WriteAllText(Path.Combine(_dir, "issuers.json"), $$"""{ "issuers": ["{{_brandDid}}"] }""");
    }

    public async Task DisposeAsync()
    {
        _fan.Dispose();
        await _server.DisposeAsync();
        await _devnet.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Request_Present_Verify_Accepted_ThenReplayAndForeignAudienceRefused()
    {
        var created = await CliRun.RunAsync("presentation-request", "--policy", Path.Combine(_dir, "policy.json"), "--aud", "https://dao.example");
        Assert.Equal(0, created.ExitCode);
        string nonce = created.Json.GetProperty("nonce").GetString()!;
        File.WriteAllText(Path.Combine(_dir, "request.json"), created.Stdout);
        File.WriteAllText(Path.Combine(_dir, "presentation.txt"), Present("https://dao.example", nonce, "tier"));

        var verified = await VerifyAsync("--request", Path.Combine(_dir, "request.json"));

        Assert.True(verified.ExitCode == 0, verified.Stdout + verified.Stderr);
        Assert.Equal("accepted", verified.Json.GetProperty("decision").GetString());
        Assert.Equal("gold", verified.Json.GetProperty("claims").GetProperty("tier").GetString());
        Assert.Equal(_brandDid, verified.Json.GetProperty("issuer").GetString());
        var checks = verified.Json.GetProperty("checks").EnumerateArray().Select(c => (c.GetProperty("name").GetString(), c.GetProperty("passed").GetBoolean())).ToList();
        Assert.Contains(("rules.chain.balanceAtLeast", true), checks);
        Assert.Contains(("trustedIssuer:member", true), checks);
        Assert.Contains(verified.Json.GetProperty("evidence").EnumerateArray(), e => e.GetProperty("kind").GetString() == "chainRead" && e.GetProperty("finality").GetString() == "finalized");

        File.WriteAllText(Path.Combine(_dir, "other.txt"), Present("https://other.example", nonce, "tier"));
        var foreign = await VerifyAsync("--request", Path.Combine(_dir, "request.json"), "--presentation-file", "other.txt");
        Assert.Equal(1, foreign.ExitCode);
        Assert.Equal(SdJwtErrorCodes.KeyBindingAudienceMismatch, foreign.Json.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task HiddenTier_Rejected_Exit1_WithTheFailingCheck()
    {
        File.WriteAllText(Path.Combine(_dir, "presentation.txt"), Present("https://dao.example", "n-1"));

        var refused = await VerifyAsync("--aud", "https://dao.example", "--nonce", "n-1");

        Assert.Equal(1, refused.ExitCode);
        Assert.Equal("rejected", refused.Json.GetProperty("decision").GetString());
        Assert.Equal("credentialQueryNotSatisfied", refused.Json.GetProperty("error").GetProperty("code").GetString());
        Assert.False(refused.Json.GetProperty("checks").EnumerateArray().Last().GetProperty("passed").GetBoolean());
    }

    [Theory]
    [InlineData("{", "invalidPolicy")]
    [InlineData("""{"version":1,"dcql":{"credentials":[{"id":"a","format":"mso_mdoc","meta":{"vct_values":["x"]}}]}}""", "invalidDcqlQuery")]
    [InlineData("""{"version":1,"dcql":{"credentials":[{"id":"a","format":"dc+sd-jwt","meta":{"vct_values":["x"]}}]},"trustListFile":"../../etc/passwd"}""", "invalidPolicy")]
    [InlineData("""{"version":1,"dcql":{"credentials":[{"id":"a","format":"dc+sd-jwt","meta":{"vct_values":["x"]}}]},"rules":{"chain":{"check":"balanceAtLeast","token":"0x0000000000000000000000000000000000000001","amount":"1"}}}""", "invalidPolicy")]
    public async Task MalformedOrHostilePolicy_TypedError_Exit1(string policy, string code)
    {
        File.WriteAllText(Path.Combine(_dir, "bad-policy.json"), policy);
        File.WriteAllText(Path.Combine(_dir, "presentation.txt"), "x");

        var refused = await CliRun.RunAsync("verify", "--presentation", Path.Combine(_dir, "presentation.txt"), "--policy", Path.Combine(_dir, "bad-policy.json"), "--aud", "a", "--nonce", "n");

        Assert.Equal(1, refused.ExitCode);
        Assert.Equal(code, refused.Json.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task UsageErrors_Exit2()
    {
        File.WriteAllText(Path.Combine(_dir, "presentation.txt"), "x");
        Assert.Equal(2, (await CliRun.RunAsync("verify", "--presentation", Path.Combine(_dir, "presentation.txt"), "--policy", Path.Combine(_dir, "missing.json"), "--aud", "a", "--nonce", "n")).ExitCode);
        Assert.Equal(2, (await CliRun.RunAsync("verify", "--presentation", Path.Combine(_dir, "presentation.txt"), "--policy", Path.Combine(_dir, "policy.json"), "--aud", "a", "--nonce", "n")).ExitCode); // chain rules without --rpc
        Assert.Equal(2, (await CliRun.RunAsync("verify", "--presentation", Path.Combine(_dir, "presentation.txt"), "--policy", Path.Combine(_dir, "policy.json"))).ExitCode);
    }

    private string Present(string audience, string nonce, params string[] disclose)
    {
        using var key = _fan.ToSigningKey();
        return new SdJwtHolder().Present(_credential, disclose.Select(d => SdJwtClaimPath.Create(d)), key, audience, nonce).ThrowIfFailed().ToCompact();
    }

    private Task<CliRun> VerifyAsync(params string[] extra)
    {
        string file = "presentation.txt";
        var args = new List<string>();
        for (int i = 0; i < extra.Length; i++)
        {
            if (extra[i] == "--presentation-file")
            {
                file = extra[++i];
                continue;
            }

            args.Add(extra[i]);
        }

        return CliRun.RunAsync([
            "verify", "--presentation", Path.Combine(_dir, file), "--policy", Path.Combine(_dir, "policy.json"),
            "--rpc", _server.Url.ToString(), "--chain-id", "31337", "--registry", _devnet.RegistryAddress.ToString(), .. args]);
    }
}
