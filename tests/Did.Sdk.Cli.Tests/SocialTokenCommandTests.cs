using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Did.Sdk.Devnet;
using Did.Sdk.Ethereum;
using Did.Sdk.Ethereum.Rpc;
using Did.Sdk.Ethereum.Transactions;
using Did.Sdk.Jose;

namespace Did.Sdk.Cli.Tests;

/// <summary>
/// <c>did-sdk token …</c> and <c>did-sdk social-token …</c> against the embedded devnet over HTTP: a creator
/// coin deployed and minted, challenge → prove → issue at the tier, a transfer, and watch revoking.
/// </summary>
public sealed class SocialTokenCommandTests : IAsyncLifetime
{
    private static readonly BigInteger Unit = BigInteger.Pow(10, 18);
    private readonly string _dir = Directory.CreateTempSubdirectory("did-sdk-social-").FullName;
    private Devnet.Devnet _devnet = null!;
    private DevnetServer _server = null!;

    private string Rpc => _server.Url.ToString();

    private string Registry => _devnet.RegistryAddress.ToString();

    private string ChainHex => Quantity.Format(_devnet.ChainId);

    public async Task InitializeAsync()
    {
        _devnet = await Devnet.Devnet.StartAsync(new DevnetOptions { AllowBlocksWithSameTimestamp = true });
        _server = await _devnet.ServeHttpAsync();
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _devnet.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task FullFlow_DeployMintChallengeProveIssue_TransferBelowTier_WatchRevokes()
    {
        var brand = WriteDevKey(0);
        var (fan1, fan1Key) = await WalletAsync("fan1");
        var (fan2, fan2Key) = await WalletAsync("fan2");
        var net = new[] { "--rpc", Rpc };

        var deployed = await RunOkAsync(["token", "deploy", "--kind", "creator-coin", "--key", brand, "--name", "Ada Coin", "--symbol", "ADA", "--supply", "1000000", .. net]);
        var coin = deployed.GetProperty("contract").GetString()!;
        Assert.Equal(_devnet.Accounts[0].Address.ToString(), deployed.GetProperty("owner").GetString());
        Assert.Equal((1_000_000 * Unit).ToString(), deployed.GetProperty("initialSupply").GetString());
        await RunOkAsync(["token", "mint", "--key", brand, "--contract", coin, "--to", fan1.ToString(), "--amount", "150", .. net]);
        var minted = await RunOkAsync(["token", "mint", "--key", brand, "--contract", coin, "--to", fan2.ToString(), "--amount", "1499.5", .. net]);
        Assert.Equal((14995 * Unit / 10).ToString(), minted.GetProperty("amount").GetString());
        await RunOkAsync(["token", "mint", "--key", brand, "--contract", coin, "--to", fan2.ToString(), "--amount", "0.5", .. net]);

        var config = Path.Combine(_dir, "issuer.json");
        var state = Path.Combine(_dir, "state.json");
        await File.WriteAllTextAsync(config, new JsonObject
        {
            ["token"] = new JsonObject { ["contract"] = coin, ["standard"] = "ERC-20", ["symbol"] = "ADA", ["decimals"] = 18 },
            ["tiers"] = new JsonObject { ["bronze"] = 10, ["silver"] = 100, ["gold"] = "1000" },
            ["domain"] = "issuer.example",
            ["uri"] = "https://issuer.example/credentials",
            ["statusListUri"] = "https://issuer.example/status/1",
        }.ToJsonString());
        var issuerArgs = new[] { "--config", config, "--state", state, "--rpc", Rpc, "--registry", Registry };

        var silver = await IssueAsync(fan1, fan1Key, issuerArgs);
        var gold = await IssueAsync(fan2, fan2Key, issuerArgs);

        Assert.Equal("silver", silver.GetProperty("tier").GetString());
        Assert.Equal((150 * Unit).ToString(), silver.GetProperty("holding").GetString());
        Assert.Equal($"did:ethr:{ChainHex}:{fan1}", silver.GetProperty("did").GetString());
        Assert.Equal($"did:ethr:{ChainHex}:{_devnet.Accounts[0].Address}", silver.GetProperty("issuer").GetString());
        Assert.Equal("multicall3", silver.GetProperty("evidence").GetProperty("method").GetString());
        Assert.Equal("gold", gold.GetProperty("tier").GetString());
        Assert.NotEqual(silver.GetProperty("statusIndex").GetInt32(), gold.GetProperty("statusIndex").GetInt32());
        Assert.True(SdJwt.SdJwtToken.Parse(silver.GetProperty("credential").GetString()!).Succeeded);
        Assert.True(Base64Url.TryDecode(silver.GetProperty("credential").GetString()!.Split('~')[0].Split('.')[1], out var payload));
        Assert.Equal("urn:did-sdk:vct:SocialTokenHolder:2", JsonNode.Parse(payload)!["vct"]!.GetValue<string>());

        // fan1 gives 60 away: 90 left, under silver (100). Watching revokes fan1's credential, not fan2's.
        await RunOkAsync(["token", "transfer", "--key", fan1Key, "--contract", coin, "--to", EthereumPrivateKey.Generate().Address.ToString(), "--amount", "60", .. net]);
        var watched = await RunOkAsync(["social-token", "watch", "--config", config, "--state", state, .. net]);

        var revoked = Assert.Single(watched.GetProperty("revoked").EnumerateArray());
        Assert.Equal(silver.GetProperty("statusIndex").GetInt32(), revoked.GetProperty("statusIndex").GetInt32());
        Assert.Equal((90 * Unit).ToString(), revoked.GetProperty("holding").GetString());
        Assert.Equal(1, watched.GetProperty("transfers").GetInt32());
        Assert.Equal(1, watched.GetProperty("watching").GetInt32());
        var saved = JsonNode.Parse(await File.ReadAllTextAsync(state))!;
        Assert.Equal(new[] { silver.GetProperty("statusIndex").GetInt32() }, saved["statusList"]!["invalid"]!.AsArray().Select(n => n!.GetValue<int>()));
        Assert.Equal(gold.GetProperty("did").GetString(), Assert.Single(saved["tracked"]!.AsArray())!["did"]!.GetValue<string>());

        // The list the issuer serves now: fan1's entry INVALID, fan2's VALID, signed by the brand's key.
        var published = await RunOkAsync(["social-token", "status-list", "--config", config, "--state", state, "--key", brand]);
        var brandKey = VerificationKey.Import(Jwk.Parse(await File.ReadAllBytesAsync(brand)).ThrowIfFailed().ToPublic()).ThrowIfFailed();
        var list = new SdJwt.StatusList.StatusListTokenValidator().Validate(published.GetProperty("token").GetString()!, "https://issuer.example/status/1", brandKey).ThrowIfFailed().StatusList;
        Assert.Equal(SdJwt.StatusList.TokenStatus.Invalid, list.Get(silver.GetProperty("statusIndex").GetInt32()));
        Assert.Equal(SdJwt.StatusList.TokenStatus.Valid, list.Get(gold.GetProperty("statusIndex").GetInt32()));
        Assert.Equal(2, published.GetProperty("allocated").GetInt32());

        // Nothing new since: the next watch starts where this one stopped and revokes nothing.
        var again = await RunOkAsync(["social-token", "watch", "--config", config, "--state", state, .. net]);
        Assert.Equal(watched.GetProperty("nextBlock").GetUInt64(), again.GetProperty("fromBlock").GetUInt64());
        Assert.Empty(again.GetProperty("revoked").EnumerateArray());

        var balance = await RunOkAsync(["token", "balance", "--contract", coin, "--account", fan1.ToString(), "--block-tag", "safe", .. net]);
        Assert.Equal((90 * Unit).ToString(), balance.GetProperty("balance").GetString());
        Assert.Equal("0", balance.GetProperty("votes").GetString());
        await RunOkAsync(["token", "delegate", "--key", fan2Key, "--contract", coin, "--to", fan2.ToString(), .. net]);
        var votes = await RunOkAsync(["token", "balance", "--contract", coin, "--account", fan2.ToString(), .. net]);
        Assert.Equal((1500 * Unit).ToString(), votes.GetProperty("votes").GetString());
        Assert.Equal(fan2.ToString(), votes.GetProperty("delegate").GetString());
    }

    [Fact]
    public async Task Issue_BadRequests_ExitOneWithTypedCodes()
    {
        var brand = WriteDevKey(0);
        var (fan, fanKey) = await WalletAsync("fan");
        var net = new[] { "--rpc", Rpc };
        var coin = (await RunOkAsync(["token", "deploy", "--kind", "creator-coin", "--key", brand, "--name", "Ada Coin", "--symbol", "ADA", .. net])).GetProperty("contract").GetString()!;
        await RunOkAsync(["token", "mint", "--key", brand, "--contract", coin, "--to", fan.ToString(), "--amount", "5", .. net]);
        var config = Path.Combine(_dir, "issuer.json");
        var state = Path.Combine(_dir, "state.json");
        await File.WriteAllTextAsync(config, $$"""{ "token": { "contract": "{{coin}}", "symbol": "ADA" }, "tiers": { "bronze": 10 }, "domain": "issuer.example", "uri": "https://issuer.example/credentials" }""");
        var issuerArgs = new[] { "--config", config, "--state", state, "--rpc", Rpc, "--registry", Registry };
        var did = $"did:ethr:{ChainHex}:{fan}";

        // Below every tier.
        var request = await ProveAsync(did, fan, fanKey, issuerArgs);
        await AssertFailsAsync("belowThreshold", ["social-token", "issue", .. issuerArgs, "--key", brand, "--request", request]);
        // The same signed challenge again: its nonce was used.
        await AssertFailsAsync("siweNonceInvalid", ["social-token", "issue", .. issuerArgs, "--key", brand, "--request", request]);
        // A signature by another key.
        var forged = JsonNode.Parse(await File.ReadAllTextAsync(await ProveAsync(did, fan, fanKey, issuerArgs)))!;
        using (var other = EthereumPrivateKey.Generate())
        {
            forged["signature"] = Hex.Encode(EthereumSigner.SignPersonalMessage(other, System.Text.Encoding.UTF8.GetBytes(forged["siweMessage"]!.GetValue<string>())).ToBytes());
        }

        var forgedFile = Path.Combine(_dir, "forged.json");
        await File.WriteAllTextAsync(forgedFile, forged.ToJsonString());
        await AssertFailsAsync("siweSignatureInvalid", ["social-token", "issue", .. issuerArgs, "--key", brand, "--request", forgedFile]);
        // Not a request at all, and a signature that is not hex.
        await AssertFailsAsync("invalidHolderRequest", ["social-token", "issue", .. issuerArgs, "--key", brand, "--request", "-"], stdin: "this is not json");
        await AssertFailsAsync("invalidHolderRequest", ["social-token", "issue", .. issuerArgs, "--key", brand, "--request", "-"], stdin: """{"did":"did:example:1","siweMessage":"x","signature":"zz"}""");
        // A challenge edited before signing (another domain) and a malformed one.
        var challenge = await RunOkAsync(["social-token", "challenge", .. issuerArgs, "--did", did, "--wallet", fan.ToString()]);
        var text = challenge.GetProperty("message").GetString()!.Replace("issuer.example wants", "evil.example wants", StringComparison.Ordinal);
        var edited = await RunAsync(["social-token", "prove", "--challenge", "-", "--key", fanKey], stdin: text);
        Assert.Equal(CliApp.Success, edited.ExitCode);
        await AssertFailsAsync("siweMismatch", ["social-token", "issue", .. issuerArgs, "--key", brand, "--request", "-"], stdin: edited.Stdout);
        await AssertFailsAsync("invalidSiweMessage", ["social-token", "prove", "--challenge", "-", "--key", fanKey], stdin: "hello");
        // A challenge for another wallet.
        var (_, otherKey) = await WalletAsync("other", fund: false);
        await AssertFailsAsync("siweMismatch", ["social-token", "prove", "--challenge", "-", "--key", otherKey], stdin: challenge.GetRawText());
        // Minting as someone who does not own the coin: refused by the contract before sending.
        var refused = await RunAsync(["token", "mint", "--key", fanKey, "--contract", coin, "--to", fan.ToString(), "--amount", "1", .. net]);
        Assert.Equal(CliApp.Failed, refused.ExitCode);
        Assert.False(string.IsNullOrEmpty(refused.Json.GetProperty("error").GetProperty("code").GetString()));
    }

    [Fact]
    public async Task Issue_SameRequestTwiceAtOnce_OneCredentialOneNonceRefusal()
    {
        var brand = WriteDevKey(0);
        var (fan, fanKey) = await WalletAsync("fan", fund: false);
        var net = new[] { "--rpc", Rpc };
        var coin = (await RunOkAsync(["token", "deploy", "--kind", "creator-coin", "--key", brand, "--name", "Ada Coin", "--symbol", "ADA", .. net])).GetProperty("contract").GetString()!;
        await RunOkAsync(["token", "mint", "--key", brand, "--contract", coin, "--to", fan.ToString(), "--amount", "50", .. net]);
        var config = Path.Combine(_dir, "issuer.json");
        var state = Path.Combine(_dir, "state.json");
        await File.WriteAllTextAsync(config, $$"""{ "token": { "contract": "{{coin}}", "symbol": "ADA" }, "tiers": { "bronze": 10 }, "domain": "issuer.example", "uri": "https://issuer.example/credentials", "statusListUri": "https://issuer.example/status/1" }""");
        var issuerArgs = new[] { "--config", config, "--state", state, "--rpc", Rpc };
        var request = await ProveAsync($"did:ethr:{ChainHex}:{fan}", fan, fanKey, issuerArgs);

        var runs = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(() => CliRun.RunAsync(["social-token", "issue", .. issuerArgs, "--key", brand, "--request", request]))));

        Assert.Single(runs, r => r.ExitCode == CliApp.Success);
        var refused = Assert.Single(runs, r => r.ExitCode == CliApp.Failed);
        Assert.Equal("siweNonceInvalid", refused.Json.GetProperty("error").GetProperty("code").GetString());
        var saved = JsonNode.Parse(await File.ReadAllTextAsync(state))!;
        Assert.Single(saved["tracked"]!.AsArray());
        Assert.Empty(saved["nonces"]!.AsObject());
    }

    [Fact]
    public async Task ProfileNft_DeployMintTransfer_Balance()
    {
        var brand = WriteDevKey(0);
        var (fan, fanKey) = await WalletAsync("fan");
        var net = new[] { "--rpc", Rpc, "--chain-id", _devnet.ChainId.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        var nft = (await RunOkAsync(["token", "deploy", "--kind", "profile-nft", "--key", brand, "--name", "Ada Profile", "--symbol", "ADAP", .. net])).GetProperty("contract").GetString()!;

        var minted = await RunOkAsync(["token", "mint", "--kind", "profile-nft", "--key", brand, "--contract", nft, "--to", fan.ToString(), .. net]);
        var moved = await RunOkAsync(["token", "transfer", "--key", fanKey, "--contract", nft, "--to", _devnet.Accounts[1].Address.ToString(), "--token-id", "1", .. net]);
        var balance = await RunOkAsync(["token", "balance", "--contract", nft, "--account", _devnet.Accounts[1].Address.ToString(), .. net]);

        Assert.Equal("1", minted.GetProperty("tokenId").GetString());
        Assert.Equal("1", moved.GetProperty("tokenId").GetString());
        Assert.Equal("1", balance.GetProperty("balance").GetString());
        Assert.False(balance.TryGetProperty("votes", out _));
        var wrongChain = await RunAsync(["token", "balance", "--contract", nft, "--account", fan.ToString(), "--rpc", Rpc, "--chain-id", "10"]);
        Assert.Equal(CliApp.Failed, wrongChain.ExitCode);
        Assert.Equal("chainIdMismatch", wrongChain.Json.GetProperty("error").GetProperty("code").GetString());
    }

    public static TheoryData<string[]> UsageErrors => new()
    {
        new[] { "token", "deploy", "--kind", "nope", "--key", "KEY", "--name", "A", "--symbol", "A", "--rpc", "RPC" },
        new[] { "token", "deploy", "--kind", "profile-nft", "--key", "KEY", "--name", "A", "--symbol", "A", "--supply", "5", "--rpc", "RPC" },
        new[] { "token", "deploy", "--kind", "creator-coin", "--key", "KEY", "--name", "A", "--symbol", "A", "--supply", "-5", "--rpc", "RPC" },
        new[] { "token", "deploy", "--kind", "creator-coin", "--key", "MISSING", "--name", "A", "--symbol", "A", "--rpc", "RPC" },
        new[] { "token", "mint", "--key", "KEY", "--contract", "0x5FbDB2315678afecb367f032d93F642f64180aa3", "--amount", "1", "--rpc", "RPC" },
        new[] { "token", "mint", "--key", "KEY", "--contract", "0x5FbDB2315678afecb367f032d93F642f64180aa3", "--to", "0x5FbDB2315678afecb367f032d93F642f64180aa3", "--amount", "1.2.3", "--rpc", "RPC" },
        new[] { "token", "mint", "--key", "KEY", "--contract", "0x5FbDB2315678afecb367f032d93F642f64180aa3", "--to", "0x5FbDB2315678afecb367f032d93F642f64180aa3", "--rpc", "RPC" },
        new[] { "token", "transfer", "--key", "KEY", "--contract", "0x5FbDB2315678afecb367f032d93F642f64180aa3", "--to", "0x5FbDB2315678afecb367f032d93F642f64180aa3", "--amount", "1", "--token-id", "1", "--rpc", "RPC" },
        new[] { "token", "transfer", "--key", "KEY", "--contract", "nobody", "--to", "0x5FbDB2315678afecb367f032d93F642f64180aa3", "--amount", "1", "--rpc", "RPC" },
        new[] { "token", "delegate", "--key", "KEY", "--contract", "0x5FbDB2315678afecb367f032d93F642f64180aa3", "--rpc", "RPC" },
        new[] { "token", "balance", "--contract", "0x5FbDB2315678afecb367f032d93F642f64180aa3", "--account", "0x5FbDB2315678afecb367f032d93F642f64180aa3", "--rpc", "ftp://x" },
        new[] { "token", "balance", "--contract", "0x5FbDB2315678afecb367f032d93F642f64180aa3", "--account", "0x5FbDB2315678afecb367f032d93F642f64180aa3", "--rpc", "RPC", "--block-tag", "pending" },
        new[] { "social-token", "challenge", "--config", "CONFIG", "--state", "STATE", "--did", "not-a-did", "--wallet", "0x5FbDB2315678afecb367f032d93F642f64180aa3", "--rpc", "RPC" },
        new[] { "social-token", "challenge", "--config", "BADCONFIG", "--state", "STATE", "--did", "did:example:1", "--wallet", "0x5FbDB2315678afecb367f032d93F642f64180aa3", "--rpc", "RPC" },
        new[] { "social-token", "issue", "--config", "CONFIG", "--state", "STATE", "--key", "KEY", "--rpc", "RPC" },
        new[] { "social-token", "issue", "--config", "CONFIG", "--state", "STATE", "--key", "KEY", "--request", "MISSING", "--rpc", "RPC" },
        new[] { "social-token", "prove", "--challenge", "-", "--key", "ED25519KEY" },
        new[] { "social-token", "watch", "--config", "CONFIG", "--state", "STATE", "--rpc", "RPC" },   // no statusListUri
        new[] { "social-token", "watch", "--config", "CONFIG", "--state", "BADSTATE", "--rpc", "RPC" },
        new[] { "social-token", "status-list", "--config", "CONFIG", "--state", "STATE", "--key", "KEY" },             // no statusListUri
        new[] { "social-token", "status-list", "--config", "CONFIG", "--state", "STATE", "--key", "KEY", "--validity", "0" },
    };

    [Theory]
    [MemberData(nameof(UsageErrors))]
    public async Task Command_BadFlagsOrOperatorFiles_ExitTwo(string[] args)
    {
        Assert.Equal(CliApp.Success, (await CliRun.RunAsync("key", "generate", "--alg", "ES256K", "--out", Path.Combine(_dir, "k"))).ExitCode);
        Assert.Equal(CliApp.Success, (await CliRun.RunAsync("key", "generate", "--alg", "EdDSA", "--out", Path.Combine(_dir, "e"))).ExitCode);
        await File.WriteAllTextAsync(Path.Combine(_dir, "config.json"), """{ "token": { "contract": "0x5FbDB2315678afecb367f032d93F642f64180aa3", "symbol": "ADA" }, "tiers": { "bronze": 10 }, "domain": "issuer.example", "uri": "https://issuer.example/credentials" }""");
        await File.WriteAllTextAsync(Path.Combine(_dir, "bad-config.json"), """{ "token": { "contract": "0x5FbDB2315678afecb367f032d93F642f64180aa3", "symbol": "ADA" }, "tiers": { "bronze": -10 }, "domain": "issuer.example", "uri": "https://issuer.example/credentials" }""");
        await File.WriteAllTextAsync(Path.Combine(_dir, "bad-state.json"), "[1, 2");
        var resolved = args.Select(a => a switch
        {
            "KEY" => Path.Combine(_dir, "k.private.jwk.json"),
            "ED25519KEY" => Path.Combine(_dir, "e.private.jwk.json"),
            "MISSING" => Path.Combine(_dir, "missing.json"),
            "CONFIG" => Path.Combine(_dir, "config.json"),
            "BADCONFIG" => Path.Combine(_dir, "bad-config.json"),
            "STATE" => Path.Combine(_dir, "state.json"),
            "BADSTATE" => Path.Combine(_dir, "bad-state.json"),
            "RPC" => Rpc,
            _ => a,
        }).ToArray();

        var run = await CliRun.RunAsync(resolved);

        Assert.Equal(CliApp.UsageError, run.ExitCode);
        Assert.Empty(run.Stdout);
        Assert.StartsWith("error: ", run.Stderr, StringComparison.Ordinal);
    }

    private async Task<JsonElement> IssueAsync(EthereumAddress wallet, string walletKey, string[] issuerArgs)
    {
        var request = await ProveAsync($"did:ethr:{ChainHex}:{wallet}", wallet, walletKey, issuerArgs);
        return await RunOkAsync(["social-token", "issue", .. issuerArgs, "--key", WriteDevKey(0), "--request", request]);
    }

    /// <summary>challenge (issuer) → prove (holder): the request file.</summary>
    private async Task<string> ProveAsync(string did, EthereumAddress wallet, string walletKey, string[] issuerArgs)
    {
        var challenge = await RunOkAsync(["social-token", "challenge", .. issuerArgs, "--did", did, "--wallet", wallet.ToString()]);
        var file = Path.Combine(_dir, $"challenge-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, challenge.GetRawText());
        var proved = await RunOkAsync(["social-token", "prove", "--challenge", file, "--key", walletKey]);
        Assert.Equal(did, proved.GetProperty("did").GetString());
        var request = Path.Combine(_dir, $"request-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(request, proved.GetRawText());
        return request;
    }

    private static async Task<CliRun> RunAsync(string[] args, string stdin = "") => await CliRun.RunWithInputAsync(stdin, args);

    private static async Task<JsonElement> RunOkAsync(string[] args)
    {
        var run = await CliRun.RunAsync(args);
        Assert.True(run.ExitCode == CliApp.Success, $"{string.Join(' ', args.Take(2))} exited {run.ExitCode}: {run.Stderr} {run.Stdout}");
        return run.Json.Clone();
    }

    private static async Task AssertFailsAsync(string code, string[] args, string stdin = "")
    {
        var run = await CliRun.RunWithInputAsync(stdin, args);

        Assert.True(run.ExitCode == CliApp.Failed, $"{string.Join(' ', args.Take(2))} exited {run.ExitCode}, expected 1 ({code}): {run.Stderr} {run.Stdout}");
        Assert.Equal(code, run.Json.GetProperty("error").GetProperty("code").GetString());
    }

    /// <summary>A new wallet's key file (did-sdk key generate), funded with gas money unless told otherwise.</summary>
    private async Task<(EthereumAddress Address, string KeyFile)> WalletAsync(string name, bool fund = true)
    {
        var generated = await CliRun.RunAsync("key", "generate", "--alg", "ES256K", "--out", Path.Combine(_dir, name));
        var address = EthereumAddress.Parse(generated.Json.GetProperty("ethereumAddress").GetString()).ThrowIfFailed();
        if (fund)
        {
            using var funder = _devnet.Accounts[9].CreateKey();
            var sender = new EthereumTransactionSender(new EthereumClient(_devnet.Rpc, new EthereumClientOptions { ChainId = _devnet.ChainId }), funder, _devnet.ChainId, new EthereumTransactionSenderOptions { ReceiptPollInterval = TimeSpan.FromMilliseconds(1) });
            (await sender.SendAsync(address, ReadOnlyMemory<byte>.Empty, Unit)).ThrowIfFailed();
        }

        return (address, Path.Combine(_dir, name + ".private.jwk.json"));
    }

    /// <summary>The JWK file of dev account <paramref name="index"/> (public test keys).</summary>
    private string WriteDevKey(int index)
    {
        var path = Path.Combine(_dir, $"dev{index}.private.jwk.json");
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
        File.WriteAllText(path, jwk.ToJsonString());
        return path;
    }
}
