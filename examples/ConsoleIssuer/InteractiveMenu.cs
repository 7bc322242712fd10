// The interactive issuer: the same actions as the subcommands, chosen from a menu with prompts, in one
// session (one database, one chain) with the devnet and the status list served in the background.
using Did.Sdk.Ethereum;
using Did.Sdk.SocialToken;
using Spectre.Console;

namespace Did.Sdk.Examples.ConsoleIssuer;

/// <summary>The menu loop.</summary>
internal static class InteractiveMenu
{
    private const string Deploy = "Deploy the brand's creator coin";
    private const string Load = "Load an existing token";
    private const string Give = "Send tokens to a wallet";
    private const string Challenge = "Issue a SIWE challenge to a holder";
    private const string Accept = "Accept a holder request (DID + signed challenge) and issue";
    private const string Holdings = "Check a DID's holdings at the safe block";
    private const string Watch = "Run the transfer watcher";
    private const string Credentials = "Show issued credentials";
    private const string Quit = "Quit";

    public static async Task<int> RunAsync(IssuerSession session, IAnsiConsole console, int devnetPort, CancellationToken cancellationToken)
    {
        console.Write(new FigletText("Issuer").Color(Color.Teal));
        await using var servers = await IssuerServers.StartAsync(session, console, devnetPort, cancellationToken);
        if (session.Db.Brand is { } existing)
        {
            IssuerActions.ShowBrand(session, console, existing);
        }

        while (!cancellationToken.IsCancellationRequested)
        {
            var hasBrand = session.Db.Brand is not null;
            var choices = hasBrand ? new[] { Challenge, Accept, Holdings, Give, Watch, Credentials, Quit } : new[] { Deploy, Load, Quit };
            var choice = await console.PromptAsync(new SelectionPrompt<string>().Title("What next?").AddChoices(choices), cancellationToken);
            if (choice == Quit)
            {
                return IssuerApp.Success;
            }

            try
            {
                await RunAsync(choice, session, console, servers, cancellationToken);
            }
            catch (IssuerException ex)
            {
                console.MarkupLineInterpolated($"[red]error ({ex.Code}):[/] {ex.Message}");
            }
        }

        return IssuerApp.Success;
    }

    private static async Task RunAsync(string choice, IssuerSession session, IAnsiConsole console, IssuerServers servers, CancellationToken ct)
    {
        switch (choice)
        {
            case Deploy:
            {
                var name = await Ask(console, "Token name", "Ada Coin", ct);
                var symbol = await Ask(console, "Symbol", "ADA", ct);
                var supply = IssuerApp.Whole(await Ask(console, "Initial supply (whole coins)", "1000000", ct), "supply");
                var tiers = IssuerApp.ParseTiers(await Ask(console, "Tiers (name=whole tokens, …)", "bronze=10,silver=100,gold=1000", ct));
                var port = IssuerApp.Port(await console.PromptAsync(new TextPrompt<int>("Status list HTTPS port").DefaultValue(8443), ct));
                await IssuerActions.DeployAsync(session, console, name, symbol, supply, tiers, port, "issuer.example", ct);
                await servers.EnsureStatusListAsync(ct);
                break;
            }

            case Load:
            {
                var token = IssuerApp.Address(await Ask(console, "Token address", null, ct), "token");
                var name = await Ask(console, "Token name", null, ct);
                var symbol = await Ask(console, "Symbol", null, ct);
                var decimals = await console.PromptAsync(new TextPrompt<int>("Decimals").DefaultValue(18), ct);
                var tiers = IssuerApp.ParseTiers(await Ask(console, "Tiers (name=whole tokens, …)", "bronze=10,silver=100,gold=1000", ct));
                var port = IssuerApp.Port(await console.PromptAsync(new TextPrompt<int>("Status list HTTPS port").DefaultValue(8443), ct));
                await IssuerActions.LoadAsync(session, console, token, name, symbol, decimals, tiers, port, "issuer.example", ct);
                await servers.EnsureStatusListAsync(ct);
                break;
            }

            case Give:
                await IssuerActions.GiveAsync(session, console, IssuerApp.Address(await Ask(console, "To wallet", null, ct), "wallet"), IssuerApp.Whole(await Ask(console, "Whole tokens", null, ct), "amount"), ct);
                break;
            case Challenge:
            {
                var did = await Ask(console, "Holder DID", null, ct);
                var wallet = IssuerApp.Address(await Ask(console, "Wallet of the DID that signs", null, ct), "wallet");
                var message = await IssuerActions.ChallengeAsync(session, console, did, wallet, ct);
                var file = await Ask(console, "Save the challenge to file", "challenge.txt", ct);
                await File.WriteAllTextAsync(file, message.ToString(), ct);
                break;
            }

            case Accept:
            {
                var did = await Ask(console, "Holder DID", null, ct);
                var messageFile = await Ask(console, "Signed challenge file", "challenge.txt", ct);
                var signature = await Ask(console, "Signature (0x-hex)", null, ct);
                var output = await Ask(console, "Write the credential to", "credential.sdjwt", ct);
                var bytes = Hex.Decode(signature.Trim());
                if (!bytes.Succeeded)
                {
                    throw new IssuerException(SocialTokenErrorCodes.InvalidHolderRequest, "The signature is not 0x-hex.");
                }

                var request = new SocialTokenHolderRequest { Did = did, SiweMessage = IssuerApp.ReadText(messageFile, "challenge", SiweMessage.MaxLength), Signature = bytes.Value };
                await IssuerActions.IssueAsync(session, console, request, output, ct);
                break;
            }

            case Holdings:
                await IssuerActions.HoldingsAsync(session, console, await Ask(console, "Holder DID", null, ct), ct);
                break;
            case Watch:
                await IssuerActions.WatchAsync(session, console, ct);
                break;
            case Credentials:
                IssuerActions.ShowCredentials(session, console);
                break;
        }
    }

    private static Task<string> Ask(IAnsiConsole console, string question, string? defaultValue, CancellationToken ct)
    {
        var prompt = new TextPrompt<string>(Markup.Escape(question));
        if (defaultValue is not null)
        {
            prompt.DefaultValue(defaultValue);
        }

        return console.PromptAsync(prompt, ct);
    }
}
