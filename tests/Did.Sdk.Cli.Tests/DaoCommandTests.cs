using System.Numerics;
using System.Text;
using System.Text.Json;
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
/// <c>did-sdk dao …</c> against the embedded devnet over HTTP: a proposal at the safe block, a member found
/// eligible once with a receipt anyone verifies, a second vote and a member below the minimum refused, a signed
/// snapshot list verified with a voter's proof, tampering and hostile files refused.
/// </summary>
public sealed class DaoCommandTests : IAsyncLifetime
{
    private static readonly BigInteger Unit = BigInteger.Pow(10, 18);
    private readonly string _dir = Directory.CreateTempSubdirectory("did-sdk-dao-").FullName;
    private Devnet.Devnet _devnet = null!;
    private Devnet.DevnetServer _server = null!;
    private EthereumAddress _coin;
    private SocialTokenCredentialIssuer _issuer = null!;
    private EthereumPrivateKey _rich = null!;
    private EthereumPrivateKey _poor = null!;
    private SdJwtToken _richCredential = null!;
    private SdJwtToken _poorCredential = null!;

    private string[] Net => ["--rpc", _server.Url.ToString(), "--registry", _devnet.RegistryAddress.ToString()];

    public async Task InitializeAsync()
    {
        _devnet = await Devnet.Devnet.StartAsync(new Devnet.DevnetOptions { SafeEveryBlocks = 1, FinalityDelayBlocks = 0 });
        _server = await _devnet.ServeHttpAsync();
        var client = new EthereumClient(_devnet.Rpc, new EthereumClientOptions { ChainId = _devnet.ChainId });
        using var brand = _devnet.Accounts[0].CreateKey();
        var sender = new EthereumTransactionSender(client, brand, _devnet.ChainId, new EthereumTransactionSenderOptions { ReceiptPollInterval = TimeSpan.FromMilliseconds(1) });
        _coin = (await SocialTokenContracts.DeployCreatorCoinAsync(sender, "Ada Coin", "ADA", brand.Address, 1_000_000 * Unit)).ThrowIfFailed();
        _rich = EthereumPrivateKey.Generate();
        _poor = EthereumPrivateKey.Generate();
        (await sender.SendAsync(_coin, SocialTokenContracts.Transfer(_rich.Address, 1500 * Unit))).ThrowIfFailed();
        (await sender.SendAsync(_coin, SocialTokenContracts.Transfer(_poor.Address, 20 * Unit))).ThrowIfFailed();

        var resolver = new DidResolver(new EthrDidResolver(new EthrDidResolverOptions { Networks = { new EthrNetworkOptions { ChainId = _devnet.ChainId, Rpc = _devnet.Rpc, RegistryAddress = _devnet.RegistryAddress.ToString() } } }));
        string brandDid = $"did:ethr:0x7a69:{brand.Address}";
        using var key = brand.ToSigningKey();
        _issuer = new SocialTokenCredentialIssuer(
            (await SdJwtIssuer.ForDidAsync(key, brandDid, resolver)).ThrowIfFailed(),
            new SocialTokenIssuerOptions
            {
                Token = new SocialToken.SocialToken(_devnet.ChainId, _coin, TokenStandard.Erc20, "ADA", 18),
                Tiers = [new SocialTokenTier("bronze", 10), new SocialTokenTier("gold", 1000)],
                Domain = "issuer.example",
                Uri = "https://issuer.example/credentials",
            },
            resolver,
            client);
        _richCredential = await IssueAsync(_rich);
        _poorCredential = await IssueAsync(_poor);
        File.WriteAllText(Path.Combine(_dir, "policy.json"), $$"""
            {
              "version": 1,
              "dcql": { "credentials": [ { "id": "member", "format": "dc+sd-jwt", "meta": { "vct_values": ["{{SocialTokenIssuerOptions.HolderVct}}"] } } ] },
              "trustedIssuers": ["{{brandDid}}"],
              "didFinality": "finalized"
            }
            """);
        WriteDevKey(5);
    }

    public async Task DisposeAsync()
    {
        _rich.Dispose();
        _poor.Dispose();
        await _server.DisposeAsync();
        await _devnet.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Proposal_Eligibility_Receipt_SecondVoteAndBelowMinimumRefused_Snapshot_VerifySnapshot()
    {
        var proposal = await RunOkAsync(["dao", "proposal", "create", "--id", "ada-1", "--term", _coin.ToString(), "--term", $"{_coin}:votes:2", "--policy", Path.Combine(_dir, "policy.json"), "--minimum-power", (100 * Unit).ToString(), .. Net]);
        var safe = _devnet.Heads.Safe;
        Assert.Equal(safe, proposal.GetProperty("snapshot").GetProperty("block").GetUInt64());
        Assert.Equal(66, proposal.GetProperty("snapshot").GetProperty("hash").GetString()!.Length);
        Assert.Equal("votes", proposal.GetProperty("strategy")[1].GetProperty("source").GetString());
        string proposalFile = Path.Combine(_dir, "proposal.json");
        await File.WriteAllTextAsync(proposalFile, proposal.GetRawText());
        var vote = new[] { "dao", "eligibility", "--proposal", proposalFile, "--store", Path.Combine(_dir, "votes.db"), "--key", Path.Combine(_dir, "dev5.private.jwk.json"), "--aud", "https://dao.example" };

        var eligible = await RunOkAsync([.. vote, "--nonce", "n-1", "--presentation", Present(_richCredential, _rich, "n-1"), .. Net]);

        Assert.True(eligible.GetProperty("eligible").GetBoolean());
        Assert.Equal((1500 * Unit).ToString(), eligible.GetProperty("power").GetString());
        Assert.Equal("accepted", eligible.GetProperty("decision").GetProperty("decision").GetString());
        string receiptFile = Path.Combine(_dir, "receipt.jws");
        await File.WriteAllTextAsync(receiptFile, eligible.GetProperty("receipt").GetString());
        var receipt = await RunOkAsync(["dao", "verify-receipt", "--receipt", receiptFile, .. Net]);
        Assert.Equal(("ada-1", (1500 * Unit).ToString(), $"did:ethr:0x7a69:{_devnet.Accounts[5].Address}"), (receipt.GetProperty("receipt").GetProperty("proposalId").GetString(), receipt.GetProperty("receipt").GetProperty("power").GetString(), receipt.GetProperty("receipt").GetProperty("issuer").GetString()));
        await File.WriteAllTextAsync(receiptFile, eligible.GetProperty("receipt").GetString()![..^4] + "AAAA");
        await AssertFailsAsync(null, ["dao", "verify-receipt", "--receipt", receiptFile, .. Net]);

        await AssertFailsAsync(Dao.DaoErrorCodes.AlreadyVoted, [.. vote, "--nonce", "n-2", "--presentation", Present(_richCredential, _rich, "n-2"), .. Net]);
        await AssertFailsAsync(Dao.DaoErrorCodes.BelowMinimumPower, [.. vote, "--nonce", "n-3", "--presentation", Present(_poorCredential, _poor, "n-3"), .. Net]);

        string addresses = Path.Combine(_dir, "voters.txt");
        await File.WriteAllLinesAsync(addresses, [_rich.Address.ToString(), _poor.Address.ToString(), EthereumPrivateKey.Generate().Address.ToString()]);
        string listFile = Path.Combine(_dir, "list.json");
        var summary = await RunOkAsync(["dao", "snapshot", "--proposal", proposalFile, "--addresses", addresses, "--key", Path.Combine(_dir, "dev5.private.jwk.json"), "--out", listFile, .. Net]);
        Assert.Equal((3, safe), (summary.GetProperty("count").GetInt32(), summary.GetProperty("blockNumber").GetUInt64()));
        var checkedList = await RunOkAsync(["dao", "verify-snapshot", "--list", listFile, "--address", _poor.Address.ToString(), .. Net]);
        Assert.Equal(summary.GetProperty("root").GetString(), checkedList.GetProperty("root").GetProperty("root").GetString());
        Assert.Equal((20 * Unit).ToString(), checkedList.GetProperty("voter").GetProperty("power").GetString());
        Assert.NotEmpty(checkedList.GetProperty("voter").GetProperty("proof").EnumerateArray());

        var tampered = JsonNode.Parse(await File.ReadAllTextAsync(listFile))!;
        tampered["tree"]!["values"]![0]!["value"]![1] = "999";
        await File.WriteAllTextAsync(listFile, tampered.ToJsonString());
        await AssertFailsAsync(Dao.DaoErrorCodes.InvalidSnapshotList, ["dao", "verify-snapshot", "--list", listFile, .. Net]);
    }

    [Fact]
    public async Task HostileProposal_ExitOneTyped_BadFlags_ExitTwo()
    {
        string hostile = Path.Combine(_dir, "hostile.json");
        await File.WriteAllTextAsync(hostile, """{ "version": 1, "id": "x", "chainId": 31337, "strategy": [], "snapshot": { "block": 1 }, "policy": {} }""");
        await AssertFailsAsync(Dao.DaoErrorCodes.InvalidProposal, ["dao", "snapshot", "--proposal", hostile, "--addresses", hostile, "--key", Path.Combine(_dir, "dev5.private.jwk.json"), .. Net]);

        string policy = Path.Combine(_dir, "policy.json");
        Assert.Equal(CliApp.UsageError, (await CliRun.RunAsync(["dao", "proposal", "create", "--id", "p", "--term", _coin.ToString(), "--policy", policy, "--at-block", "1", "--at-time", "5", .. Net])).ExitCode);
        Assert.Equal(CliApp.UsageError, (await CliRun.RunAsync(["dao", "proposal", "create", "--id", "p", "--term", $"{_coin}:pastVotes", "--policy", policy, .. Net])).ExitCode);
        Assert.Equal(CliApp.UsageError, (await CliRun.RunAsync(["dao", "proposal", "create", "--id", "p", "--term", "0x12", "--policy", policy, .. Net])).ExitCode);
        Assert.Equal(CliApp.UsageError, (await CliRun.RunAsync(["dao", "eligibility", "--proposal", hostile, "--store", "x.db", "--key", "k", "--presentation", "p", "--rpc", "ftp://x"])).ExitCode);

        var byTime = await RunOkAsync(["dao", "proposal", "create", "--id", "p", "--term", _coin.ToString(), "--policy", policy, "--at-time", "1796000000", .. Net]);
        Assert.Equal(1796000000ul, byTime.GetProperty("snapshot").GetProperty("timestamp").GetUInt64());
    }

    private async Task<SdJwtToken> IssueAsync(EthereumPrivateKey holder)
    {
        string did = $"did:ethr:0x7a69:{holder.Address}";
        string message = _issuer.CreateChallenge(did, holder.Address).ToString();
        var request = new SocialTokenHolderRequest { Did = did, SiweMessage = message, Signature = EthereumSigner.SignPersonalMessage(holder, Encoding.UTF8.GetBytes(message)).ToBytes() };
        return (await _issuer.IssueHolderCredentialAsync(request)).ThrowIfFailed().Credential;
    }

    private string Present(SdJwtToken credential, EthereumPrivateKey holder, string nonce)
    {
        using var key = holder.ToSigningKey();
        string file = Path.Combine(_dir, $"presentation-{nonce}.txt");
        File.WriteAllText(file, new SdJwtHolder().Present(credential, [SdJwtClaimPath.Create("tier")], key, "https://dao.example", nonce).ThrowIfFailed().ToCompact());
        return file;
    }

    private static async Task<JsonElement> RunOkAsync(string[] args)
    {
        var run = await CliRun.RunAsync(args);
        Assert.True(run.ExitCode == CliApp.Success, $"{string.Join(' ', args.Take(3))} exited {run.ExitCode}: {run.Stderr} {run.Stdout}");
        return run.Json.Clone();
    }

    private static async Task AssertFailsAsync(string? code, string[] args)
    {
        var run = await CliRun.RunAsync(args);
        Assert.True(run.ExitCode == CliApp.Failed, $"{string.Join(' ', args.Take(3))} exited {run.ExitCode}, expected 1 ({code}): {run.Stderr} {run.Stdout}");
        if (code is not null)
        {
            Assert.Equal(code, run.Json.GetProperty("error").GetProperty("code").GetString());
        }
    }

    private void WriteDevKey(int index)
    {
        var account = _devnet.Accounts[index];
        using var key = account.CreateKey();
        var jwk = new JsonObject
        {
            ["kty"] = "EC",
            ["crv"] = "secp256k1",
            ["x"] = Base64Url.Encode(key.PublicKey[1..33]),
            ["y"] = Base64Url.Encode(key.PublicKey[33..]),
            ["d"] = Base64Url.Encode(account.PrivateKey.Span),
        };
        File.WriteAllText(Path.Combine(_dir, $"dev{index}.private.jwk.json"), jwk.ToJsonString());
    }
}
