using System.Numerics;
using Did.Sdk.Devnet;
using Did.Sdk.Examples.ConsoleIssuer;

namespace Did.Sdk.ConsoleIssuer.Tests;

/// <summary>The story driven one scriptable command at a time, as the README walks it through.</summary>
public sealed class ScriptedCommandsTests
{
    private static readonly BigInteger Unit = BigInteger.Pow(10, 18);

    [Fact]
    public async Task Commands_OnTheDefaultEmbeddedDevnet_IssueTheTierTheTwoWalletsReach_WatcherRevokesAfterATransfer()
    {
        // Each command is its own run: the embedded devnet's chain persists next to the database between them.
        using var directory = new TempDirectory();
        var db = directory.File("issuer.db");
        await App.OkAsync("deploy", "--db", db, "--status-port", App.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture));
        var (main, second) = await FanAsync(directory, db);
        var did = $"did:ethr:0x7a69:{main}";
        await App.OkAsync("give", "--db", db, "--to", main, "--amount", "60");
        await App.OkAsync("give", "--db", db, "--to", second, "--amount", "60");

        var holdings = await App.OkAsync("holdings", "--db", db, "--did", did);
        Assert.Contains("silver", holdings);
        await IssueAsync(directory, db, did, main);

        var issued = Assert.Single(Credentials(db));
        Assert.Equal("silver", issued.Tier);
        Assert.Equal(120 * Unit, issued.Holding);
        Assert.Equal(2, issued.Wallets.Count);
        Assert.Null(issued.RevokedAt);

        var quiet = await App.OkAsync("watch", "--db", db);
        Assert.Contains("none", quiet);
        Assert.Null(Assert.Single(Credentials(db)).RevokedAt);

        await App.OkAsync("wallet", "transfer", "--db", db, "--key", directory.File("second.key"), "--to", "0x000000000000000000000000000000000000dEaD", "--amount", "50");
        var watched = await App.OkAsync("watch", "--db", db);

        var revoked = Assert.Single(Credentials(db));
        Assert.NotNull(revoked.RevokedAt);
        Assert.Equal(70 * Unit, revoked.RevokedHolding);
        Assert.Contains($"#{revoked.StatusIndex}", watched);
        var shown = await App.OkAsync("credentials", "--db", db);
        Assert.Contains("REVOKED", shown);
    }

    [Fact]
    public async Task Commands_AgainstRpc_VerifierAcceptsTheTierAlone_ThenRefusesTheSamePresentationAfterRevocation()
    {
        // A devnet of the test's own over HTTP, reached with --rpc, and 'serve' publishing the status list.
        await using var devnet = await global::Did.Sdk.Devnet.Devnet.StartAsync(new DevnetOptions { SafeEveryBlocks = 1, FinalityDelayBlocks = 0, AllowBlocksWithSameTimestamp = true });
        await using var http = await devnet.ServeHttpAsync();
        var rpc = http.Url.ToString();
        using var directory = new TempDirectory();
        var db = directory.File("issuer.db");
        await App.OkAsync("deploy", "--db", db, "--rpc", rpc, "--status-port", App.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture), "--tiers", "fan=1,superfan=500");
        var (main, second) = await FanAsync(directory, db, rpc);
        var did = $"did:ethr:0x7a69:{main}";
        await App.OkAsync("give", "--db", db, "--rpc", rpc, "--to", main, "--amount", "300");
        await App.OkAsync("give", "--db", db, "--rpc", rpc, "--to", second, "--amount", "300");
        await IssueAsync(directory, db, did, main, rpc);
        Assert.Equal("superfan", Assert.Single(Credentials(db)).Tier);

        using var serving = new CancellationTokenSource();
        var server = App.RunAsync(serving.Token, "serve", "--db", db, "--rpc", rpc);
        try
        {
            await StatusListServing.WaitUntilServedAsync(db);
            await App.OkAsync("wallet", "present", "--key", directory.File("main.key"), "--credential", directory.File("fan.sdjwt"), "--audience", "https://verifier.example", "--nonce", "n-1", "--out", directory.File("presentation.txt"));

            var accepted = await App.OkAsync("verify", "--db", db, "--rpc", rpc, "--presentation", directory.File("presentation.txt"), "--audience", "https://verifier.example", "--nonce", "n-1", "--tier", "superfan");
            Assert.Contains("ACCEPTED", accepted);
            Assert.Contains("(not disclosed)", accepted);

            await App.OkAsync("wallet", "transfer", "--db", db, "--rpc", rpc, "--key", directory.File("main.key"), "--to", "0x000000000000000000000000000000000000dEaD", "--amount", "250");
            await App.OkAsync("watch", "--db", db, "--rpc", rpc);
            var refused = await App.RunAsync("verify", "--db", db, "--rpc", rpc, "--presentation", directory.File("presentation.txt"), "--audience", "https://verifier.example", "--nonce", "n-1", "--tier", "superfan");

            Assert.Equal(1, refused.ExitCode);
            Assert.Contains("REFUSED (credentialRevoked)", refused.Output);
        }
        finally
        {
            await serving.CancelAsync();
            Assert.Equal(0, (await server).ExitCode);
        }
    }

    [Fact]
    public async Task Issue_BelowTheLowestTier_IsRefusedWithItsCode_AndTheNonceIsUsedUp()
    {
        using var directory = new TempDirectory();
        var db = directory.File("issuer.db");
        await App.OkAsync("deploy", "--db", db, "--status-port", App.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture));
        var (main, _) = await FanAsync(directory, db);
        var did = $"did:ethr:0x7a69:{main}";
        await App.OkAsync("give", "--db", db, "--to", main, "--amount", "5");
        await App.OkAsync("challenge", "--db", db, "--did", did, "--wallet", main, "--out", directory.File("challenge.txt"));
        await App.OkAsync("wallet", "sign", "--key", directory.File("main.key"), "--message", directory.File("challenge.txt"), "--out", directory.File("signature.txt"));

        var below = await App.RunAsync("issue", "--db", db, "--did", did, "--message", directory.File("challenge.txt"), "--signature", directory.File("signature.txt"));
        var again = await App.RunAsync("issue", "--db", db, "--did", did, "--message", directory.File("challenge.txt"), "--signature", directory.File("signature.txt"));

        Assert.Equal(1, below.ExitCode);
        Assert.Contains("belowThreshold", below.Output);
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("siweNonceInvalid", again.Output);
        Assert.Empty(Credentials(db));
    }

    [Fact]
    public async Task Load_AnExistingToken_IntoAnotherDatabase_ReadsItsHoldings_AndRefusesASecondBrand()
    {
        await using var devnet = await global::Did.Sdk.Devnet.Devnet.StartAsync(new DevnetOptions { SafeEveryBlocks = 1, FinalityDelayBlocks = 0, AllowBlocksWithSameTimestamp = true });
        await using var http = await devnet.ServeHttpAsync();
        var rpc = http.Url.ToString();
        using var directory = new TempDirectory();
        var first = directory.File("first.db");
        var second = directory.File("second.db");
        await App.OkAsync("deploy", "--db", first, "--rpc", rpc, "--symbol", "BEE", "--name", "Bee Coin");
        string contract;
        using (var opened = IssuerDb.Open(first))
        {
            contract = opened.Brand!.Contract.ToString();
        }

        await App.OkAsync("load", "--db", second, "--rpc", rpc, "--token", contract, "--name", "Bee Coin", "--symbol", "BEE", "--tiers", "hive=100");
        await App.OkAsync("give", "--db", second, "--rpc", rpc, "--to", "0x70997970C51812dc3A010C7d01b50e0d17dc79C8", "--amount", "150");
        var holdings = await App.OkAsync("holdings", "--db", second, "--rpc", rpc, "--did", "did:ethr:0x7a69:0x70997970C51812dc3A010C7d01b50e0d17dc79C8");
        var again = await App.RunAsync("deploy", "--db", second, "--rpc", rpc);

        Assert.Contains("hive", holdings);
        Assert.Contains("150", holdings);
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("error (brandExists)", again.Output);
    }

    /// <summary>The fan: two funded wallets, the second linked to the first's did:ethr.</summary>
    private static async Task<(string Main, string Second)> FanAsync(TempDirectory directory, string db, string? rpc = null)
    {
        string[] chain = rpc is null ? [] : ["--rpc", rpc];
        await App.OkAsync(["wallet", "new", "--db", db, "--out", directory.File("main.key"), .. chain]);
        await App.OkAsync(["wallet", "new", "--db", db, "--out", directory.File("second.key"), .. chain]);
        var main = Address(directory.File("main.key"));
        var second = Address(directory.File("second.key"));
        await App.OkAsync(["wallet", "link", "--db", db, "--key", directory.File("main.key"), "--delegate", second, .. chain]);
        return (main, second);
    }

    private static async Task IssueAsync(TempDirectory directory, string db, string did, string wallet, string? rpc = null)
    {
        string[] chain = rpc is null ? [] : ["--rpc", rpc];
        await App.OkAsync(["challenge", "--db", db, "--did", did, "--wallet", wallet, "--out", directory.File("challenge.txt"), .. chain]);
        await App.OkAsync("wallet", "sign", "--key", directory.File("main.key"), "--message", directory.File("challenge.txt"), "--out", directory.File("signature.txt"));
        await App.OkAsync(["issue", "--db", db, "--did", did, "--message", directory.File("challenge.txt"), "--signature", directory.File("signature.txt"), "--out", directory.File("fan.sdjwt"), .. chain]);
    }

    private static string Address(string keyFile)
    {
        using var key = KeyFiles.Read(keyFile, "key");
        return key.Address.ToString();
    }

    private static IReadOnlyList<IssuedCredential> Credentials(string db)
    {
        using var opened = IssuerDb.Open(db);
        return opened.Credentials();
    }
}
