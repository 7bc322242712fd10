// The whole story of issue 13 on the embedded devnet, in one run: a brand deploys its creator coin; a fan
// with two wallets (the second linked to the first's did:ethr as a delegate) proves control with SIWE and
// gets a SocialTokenHolder credential at the tier the two wallets reach together; the fan presents only
// the tier and the verifier accepts it (the status list fetched over HTTPS, trusting only the issuer's
// development certificate); the fan transfers tokens away, the watcher revokes, and the same presentation
// is refused. Each step checks what it expects; exit 0 only when the whole story held.
using System.Numerics;
using System.Security.Cryptography;
using Did.Sdk.Ethereum;
using Did.Sdk.SdJwt;
using Did.Sdk.SocialToken;
using Spectre.Console;

namespace Did.Sdk.Examples.ConsoleIssuer;

/// <summary>The <c>demo</c> command.</summary>
internal static class DemoStory
{
    public static readonly IReadOnlyList<SocialTokenTier> Tiers = [new("bronze", 10), new("silver", 100), new("gold", 1000)];

    private const string Audience = "https://verifier.example";

    public static async Task<int> RunAsync(IAnsiConsole console, TimeProvider time, string? keepDirectory, CancellationToken cancellationToken)
    {
        var directory = keepDirectory is null ? Directory.CreateTempSubdirectory("did-sdk-console-issuer-demo-").FullName : Directory.CreateDirectory(keepDirectory).FullName;
        try
        {
            return await RunInAsync(console, time, directory, cancellationToken);
        }
        finally
        {
            if (keepDirectory is null)
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    private static async Task<int> RunInAsync(IAnsiConsole console, TimeProvider time, string directory, CancellationToken cancellationToken)
    {
        var db = Path.Combine(directory, "issuer.db");
        await using var session = await IssuerSession.OpenAsync(new IssuerSettings(db, null, "dev:0", null, InMemoryChain: true), time, cancellationToken);
        var rpc = await session.Devnet!.ServeHttpAsync(0, cancellationToken);
        using var certificate = DevCertificate.LoadOrCreate(db, time);
        await using var server = await StatusListServer.StartAsync(() => session.Db.StatusListToken, certificate, 0, cancellationToken);
        console.MarkupLine($"Embedded devnet (chain {session.ChainId}) also served at [bold]{rpc.Url}[/]; status list at [bold]{StatusListServer.ListUri(server.Port)}[/] (development certificate {Markup.Escape(DevCertificate.CertificatePath(db))}).");

        Step(console, "1. The brand deploys its creator coin");
        var brand = await IssuerActions.DeployAsync(session, console, "Ada Coin", "ADA", 1_000_000, Tiers, server.Port, "issuer.example", cancellationToken);

        Step(console, "2. A fan with two wallets: the second is linked to the first's did:ethr as a delegate");
        var mainKey = Path.Combine(directory, "fan-main.key");
        var secondKey = Path.Combine(directory, "fan-second.key");
        var main = await HolderActions.NewWalletAsync(session, console, mainKey, fund: true, cancellationToken);
        var second = await HolderActions.NewWalletAsync(session, console, secondKey, fund: true, cancellationToken);
        await HolderActions.LinkAsync(session, console, mainKey, second, cancellationToken);
        await IssuerActions.GiveAsync(session, console, main, 600, cancellationToken);
        await IssuerActions.GiveAsync(session, console, second, 600, cancellationToken);
        var fanDid = session.DidOf(main);

        Step(console, "3. The issuer checks the holdings at the safe block");
        var holdings = await IssuerActions.HoldingsAsync(session, console, fanDid, cancellationToken);
        Expect(holdings.Identity.Wallets.Count == 2 && holdings.Tier?.Name == "gold", "both wallets count: 600 + 600 ADA reach gold (neither alone does)");

        Step(console, "4. The fan proves control with SIWE and gets the credential");
        var challenge = await IssuerActions.ChallengeAsync(session, console, fanDid, main, cancellationToken);
        var message = challenge.ToString();
        var signature = HolderActions.Sign(mainKey, message);
        var credentialFile = Path.Combine(directory, "fan.sdjwt");
        var (issuance, _) = await IssuerActions.IssueAsync(session, console, new SocialTokenHolderRequest { Did = fanDid, SiweMessage = message, Signature = Hex.Decode(signature).ThrowIfFailed() }, credentialFile, cancellationToken);
        Expect(issuance.Tier?.Name == "gold", "the credential's tier is gold");

        Step(console, "5. The fan presents only the tier; the verifier accepts it");
        var nonce = RandomNumberGenerator.GetHexString(16, lowercase: true);
        var presentation = HolderActions.Present(mainKey, await File.ReadAllTextAsync(credentialFile, cancellationToken), Audience, nonce, ["tier"], time);
        var accepted = await HolderActions.VerifyAsync(session, console, presentation, Audience, nonce, ["gold"], certificate, cancellationToken);
        Expect(accepted.Succeeded, "the verifier accepts the presentation");
        Expect(accepted.Value!.Tier == "gold" && accepted.Value.Claims["balance"] is null && accepted.Value.Claims["evidence"] is null, "only the tier was disclosed");

        Step(console, "6. The fan transfers tokens away; the watcher revokes");
        using (var stranger = EthereumPrivateKey.Generate())
        {
            await HolderActions.TransferAsync(session, console, secondKey, stranger.Address, 500, cancellationToken);
        }

        var scan = await IssuerActions.WatchAsync(session, console, cancellationToken);
        Expect(scan.Revoked.Count == 1 && scan.Revoked[0].Credential.StatusIndex == issuance.StatusIndex && scan.Revoked[0].Holding == 700 * BigInteger.Pow(10, brand.Decimals),
            "the credential is revoked: 700 ADA is below gold");

        Step(console, "7. The same presentation is refused");
        var refused = await HolderActions.VerifyAsync(session, console, presentation, Audience, nonce, ["gold"], certificate, cancellationToken);
        Expect(refused.Error?.Code == SdJwtErrorCodes.CredentialRevoked, "the verifier refuses it as revoked");

        IssuerActions.ShowCredentials(session, console);
        console.MarkupLine("[bold green]Demo passed:[/] issued at the right tier, accepted on the tier alone, revoked on transfer, refused after.");
        return IssuerApp.Success;
    }

    private static void Step(IAnsiConsole console, string title) => console.Write(new Rule($"[bold]{Markup.Escape(title)}[/]").LeftJustified());

    private static void Expect(bool condition, string what)
    {
        if (!condition)
        {
            throw new IssuerException("demoFailed", "The demo's expectation failed: " + what + ".", IssuerApp.Failed);
        }
    }
}
