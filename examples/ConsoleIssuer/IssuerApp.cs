// The console issuer's command line (System.CommandLine): every action is a subcommand that runs without
// prompts, so scripts, tests and the README can drive it; with no arguments on a terminal, or with
// 'interactive', the same actions run from a menu with prompts (InteractiveMenu).
using System.CommandLine;
using System.Globalization;
using System.Numerics;
using Did.Sdk.Ethereum;
using Did.Sdk.SocialToken;
using Spectre.Console;

namespace Did.Sdk.Examples.ConsoleIssuer;

/// <summary>The entry point: parses the arguments and runs a command against an <see cref="IAnsiConsole"/>.</summary>
internal static class IssuerApp
{
    public const int Success = 0;

    /// <summary>The operation ran and was refused (below the tier, a bad signature, a refused presentation).</summary>
    public const int Failed = 1;

    /// <summary>The command line, a file or the database was wrong.</summary>
    public const int UsageError = 2;

    private static readonly Option<string> Db = new("--db") { Description = "The issuer's SQLite database (created when missing): the brand, issued credentials and status indexes, the watcher's next block, challenge nonces. Its development TLS certificate and the embedded devnet's chain are kept next to it.", DefaultValueFactory = _ => "issuer.db", Recursive = true };
    private static readonly Option<string?> Rpc = new("--rpc") { Description = "The chain's JSON-RPC URL. Default: the embedded devnet, in-process, its chain kept in <db>.chain (serve and interactive also serve it over HTTP on 127.0.0.1).", Recursive = true };
    private static readonly Option<string> BrandKey = new("--brand-key") { Description = "The brand's key: a file with a 0x-hex secp256k1 private key, or dev:N for the devnet's public test account N.", DefaultValueFactory = _ => "dev:0", Recursive = true };
    private static readonly Option<string?> Registry = new("--registry") { Description = "The ERC-1056 registry for did:ethr on the chain; the chain's known one by default.", Recursive = true };

    /// <summary>Runs the issuer with <paramref name="args"/>.</summary>
    /// <param name="args">The command line.</param>
    /// <param name="console">Where tables, prompts and errors go.</param>
    /// <param name="time">The clock (tests may pass their own).</param>
    /// <param name="interactive">Whether a person is at the console (prompts allowed); detected when null.</param>
    /// <param name="cancellationToken">Stops the command (serve runs until it is cancelled).</param>
    public static async Task<int> RunAsync(string[] args, IAnsiConsole console, TimeProvider? time = null, bool? interactive = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(console);
        time ??= TimeProvider.System;
        var canPrompt = interactive ?? (console.Profile.Capabilities.Interactive && !Console.IsInputRedirected);
        if (args.Length == 0 && canPrompt)
        {
            args = ["interactive"];
        }

        var root = new RootCommand("The brand's issuer of SocialTokenHolder credentials (Did.Sdk example): deploy or load the brand's token, challenge holders with SIWE, check holdings at the safe block, issue tiered credentials, revoke on transfers, serve the status list over HTTPS.")
        {
            Db, Rpc, BrandKey, Registry,
        };
        var context = new Context(console, time, canPrompt);
        foreach (var command in Commands(context))
        {
            root.Subcommands.Add(command);
        }

        var parse = root.Parse(args);
        var output = console.Profile.Out.Writer;
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                console.MarkupLineInterpolated($"[red]error:[/] {error.Message}");
            }

            console.WriteLine("Run with --help for usage.");
            return UsageError;
        }

        var invocation = new InvocationConfiguration { Output = output, Error = output, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = TimeSpan.FromSeconds(10) };
        try
        {
            return await parse.InvokeAsync(invocation, cancellationToken);
        }
        catch (IssuerException ex)
        {
            console.MarkupLineInterpolated($"[red]error ({ex.Code}):[/] {ex.Message}");
            return ex.ExitCode;
        }
    }

    /// <summary>What every command's action needs.</summary>
    internal sealed record Context(IAnsiConsole Console, TimeProvider Time, bool CanPrompt)
    {
        public static IssuerSettings Settings(ParseResult parse) => new(parse.GetRequiredValue(Db), parse.GetValue(Rpc), parse.GetRequiredValue(BrandKey), parse.GetValue(Registry));

        public Task<IssuerSession> OpenAsync(ParseResult parse, CancellationToken cancellationToken) => IssuerSession.OpenAsync(Settings(parse), Time, cancellationToken);
    }

    private static IEnumerable<Command> Commands(Context context)
    {
        yield return Deploy(context);
        yield return Load(context);
        yield return Session(context, new Command("brand", "Show the brand: token, issuer DID, tiers, status list."), (s, _, _) =>
        {
            IssuerActions.ShowBrand(s, context.Console, s.RequireBrand());
            return Task.CompletedTask;
        });
        yield return Give(context);
        yield return Challenge(context);
        yield return Holdings(context);
        yield return Issue(context);
        yield return Session(context, new Command("watch", "Run the transfer watcher from where it stopped to the safe block: revoke credentials whose holders fell below their tier, re-sign the status list."),
            async (s, _, ct) => await IssuerActions.WatchAsync(s, context.Console, ct));
        yield return Session(context, new Command("credentials", "Show the issued credentials and their status."), (s, _, _) =>
        {
            IssuerActions.ShowCredentials(s, context.Console);
            return Task.CompletedTask;
        });
        yield return Serve(context);
        yield return WalletCommands.Create(context);
        yield return WalletCommands.Verify(context);
        var keep = new Option<string?>("--keep") { Description = "Keep the demo's files (database, certificate, keys, credential) in this directory instead of a temporary one." };
        var demo = new Command("demo", "Run the whole story on a fresh in-memory devnet: deploy, a fan with two wallets gets the tier credential, presents only the tier and is accepted, transfers away, is revoked and refused. Exit 0 when every step held.") { keep };
        demo.SetAction((parse, ct) => DemoStory.RunAsync(context.Console, context.Time, parse.GetValue(keep), ct));
        yield return demo;
        var menuDevnetPort = DevnetPortOption();
        var menu = new Command("interactive", "The menu: every action with prompts (the default with no arguments on a terminal); the devnet and the status list are served meanwhile.") { menuDevnetPort };
        menu.SetAction(async (parse, ct) =>
        {
            if (!context.CanPrompt)
            {
                throw new IssuerException(IssuerErrorCodes.InvalidArgument, "interactive needs a terminal; use the subcommands in scripts (--help lists them).");
            }

            await using var session = await context.OpenAsync(parse, ct);
            return await InteractiveMenu.RunAsync(session, context.Console, Port(parse.GetValue(menuDevnetPort), allowZero: true), ct);
        });
        yield return menu;
    }

    /// <summary>A command whose action opens a session and runs <paramref name="action"/>.</summary>
    internal static Command Session(Context context, Command command, Func<IssuerSession, ParseResult, CancellationToken, Task> action)
    {
        command.SetAction(async (parse, ct) =>
        {
            await using var session = await context.OpenAsync(parse, ct);
            await action(session, parse, ct);
            return Success;
        });
        return command;
    }

    private static (Option<string> Tiers, Option<int> StatusPort, Option<string> Domain) BrandOptions() => (
        new Option<string>("--tiers") { Description = "The tiers, name=whole tokens, comma-separated.", DefaultValueFactory = _ => "bronze=10,silver=100,gold=1000" },
        new Option<int>("--status-port") { Description = "The 127.0.0.1 port the status list is served on over HTTPS (credentials name https://127.0.0.1:PORT/status/1).", DefaultValueFactory = _ => 8443 },
        new Option<string>("--domain") { Description = "The issuer's domain, which SIWE challenges name.", DefaultValueFactory = _ => "issuer.example" });

    private static Command Deploy(Context context)
    {
        var name = new Option<string>("--name") { Description = "The token's name.", DefaultValueFactory = _ => "Ada Coin" };
        var symbol = new Option<string>("--symbol") { Description = "The token's symbol.", DefaultValueFactory = _ => "ADA" };
        var supply = new Option<string>("--supply") { Description = "The initial supply in whole coins, minted to the brand.", DefaultValueFactory = _ => "1000000" };
        var (tiers, port, domain) = BrandOptions();
        return Session(context, new Command("deploy", "Deploy the brand's creator coin (ERC-20, owned by --brand-key, which gets the supply) and record it as the brand's token.") { name, symbol, supply, tiers, port, domain },
            async (s, p, ct) => await IssuerActions.DeployAsync(s, context.Console, p.GetRequiredValue(name), p.GetRequiredValue(symbol), Whole(p.GetRequiredValue(supply), "--supply"), ParseTiers(p.GetRequiredValue(tiers)), Port(p.GetValue(port)), p.GetRequiredValue(domain), ct));
    }

    private static Command Load(Context context)
    {
        var token = new Option<string>("--token") { Description = "The deployed ERC-20 token's address (its owner() should be the brand key's address).", Required = true };
        var name = new Option<string>("--name") { Description = "The token's name.", Required = true };
        var symbol = new Option<string>("--symbol") { Description = "The token's symbol.", Required = true };
        var decimals = new Option<int>("--decimals") { Description = "The token's decimals.", DefaultValueFactory = _ => 18 };
        var (tiers, port, domain) = BrandOptions();
        return Session(context, new Command("load", "Record an already deployed ERC-20 token as the brand's token.") { token, name, symbol, decimals, tiers, port, domain },
            async (s, p, ct) =>
            {
                var places = p.GetValue(decimals);
                if (places is < 0 or > 36)
                {
                    throw new IssuerException(IssuerErrorCodes.InvalidArgument, "--decimals is 0 to 36.");
                }

                await IssuerActions.LoadAsync(s, context.Console, Address(p.GetRequiredValue(token), "--token"), p.GetRequiredValue(name), p.GetRequiredValue(symbol), places, ParseTiers(p.GetRequiredValue(tiers)), Port(p.GetValue(port)), p.GetRequiredValue(domain), ct);
            });
    }

    private static Command Give(Context context)
    {
        var to = new Option<string>("--to") { Description = "The receiving wallet.", Required = true };
        var amount = new Option<string>("--amount") { Description = "Whole tokens.", Required = true };
        return Session(context, new Command("give", "The brand sends tokens to a wallet (a sale, an airdrop).") { to, amount },
            (s, p, ct) => IssuerActions.GiveAsync(s, context.Console, Address(p.GetRequiredValue(to), "--to"), Whole(p.GetRequiredValue(amount), "--amount"), ct));
    }

    private static Command Challenge(Context context)
    {
        var did = new Option<string>("--did") { Description = "The holder's DID (did:ethr on the chain, or did:pkh).", Required = true };
        var wallet = new Option<string>("--wallet") { Description = "The wallet of the DID that will sign.", Required = true };
        var output = new Option<string?>("--out") { Description = "Write the SIWE message to this file (for 'wallet sign' and 'issue')." };
        return Session(context, new Command("challenge", "Make a SIWE challenge for a wallet of a DID; its single-use nonce is kept in the database.") { did, wallet, output },
            async (s, p, ct) =>
            {
                var message = await IssuerActions.ChallengeAsync(s, context.Console, p.GetRequiredValue(did), Address(p.GetRequiredValue(wallet), "--wallet"), ct);
                if (p.GetValue(output) is { } file)
                {
                    await File.WriteAllTextAsync(file, message.ToString(), ct);
                    context.Console.MarkupLineInterpolated($"Challenge written to {file}.");
                }
            });
    }

    private static Command Holdings(Context context)
    {
        var did = new Option<string>("--did") { Description = "The holder's DID.", Required = true };
        return Session(context, new Command("holdings", "Resolve a DID's wallets and read their balances at the safe block: wallets × balance, and the tier reached.") { did },
            async (s, p, ct) => await IssuerActions.HoldingsAsync(s, context.Console, p.GetRequiredValue(did), ct));
    }

    private static Command Issue(Context context)
    {
        var did = new Option<string>("--did") { Description = "The holder's DID.", Required = true };
        var message = new Option<string>("--message") { Description = "The SIWE message file (from 'challenge --out') the wallet signed.", Required = true };
        var signature = new Option<string>("--signature") { Description = "The wallet's personal_sign signature: 0x-hex, or a file holding it (from 'wallet sign --out').", Required = true };
        var output = new Option<string?>("--out") { Description = "Write the credential (SD-JWT VC) to this file." };
        return Session(context, new Command("issue", "Accept a holder request (DID, signed challenge, signature): check the holdings at the safe block and issue the SocialTokenHolder credential at the tier reached.") { did, message, signature, output },
            async (s, p, ct) =>
            {
                var request = new SocialTokenHolderRequest
                {
                    Did = p.GetRequiredValue(did),
                    SiweMessage = ReadText(p.GetRequiredValue(message), "--message", SiweMessage.MaxLength),
                    Signature = Signature(p.GetRequiredValue(signature)),
                };
                await IssuerActions.IssueAsync(s, context.Console, request, p.GetValue(output), ct);
            });
    }

    private static Command Serve(Context context)
    {
        var devnetPort = DevnetPortOption();
        var command = new Command("serve", "Serve the status list over HTTPS on 127.0.0.1 with the development certificate (and the embedded devnet over HTTP) until Ctrl+C. Other commands then reach the chain with --rpc.") { devnetPort };
        command.SetAction(async (parse, ct) =>
        {
            await using var session = await context.OpenAsync(parse, ct);
            await using var servers = await IssuerServers.StartAsync(session, context.Console, Port(parse.GetValue(devnetPort), allowZero: true), ct);
            context.Console.MarkupLine("Serving until Ctrl+C.");
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C (or the caller) stopped the servers: a normal end.
            }

            return Success;
        });
        return command;
    }

    private static Option<int> DevnetPortOption() => new("--devnet-port") { Description = "The 127.0.0.1 port the embedded devnet's JSON-RPC is served on over HTTP (0: any free port).", DefaultValueFactory = _ => 8545 };

    public static IReadOnlyList<SocialTokenTier> ParseTiers(string text)
    {
        var tiers = new List<SocialTokenTier>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var pair = part.Split('=', 2, StringSplitOptions.TrimEntries);
            if (pair.Length != 2 || pair[0].Length == 0)
            {
                throw new IssuerException(IssuerErrorCodes.InvalidArgument, $"--tiers: '{part}' is not name=whole tokens.");
            }

            tiers.Add(new SocialTokenTier(pair[0], Whole(pair[1], "--tiers")));
        }

        if (tiers.Count == 0 || tiers.Select(t => t.Name).Distinct(StringComparer.Ordinal).Count() != tiers.Count)
        {
            throw new IssuerException(IssuerErrorCodes.InvalidArgument, "--tiers: at least one tier, each name once.");
        }

        return tiers;
    }

    public static BigInteger Whole(string text, string option)
        => text.Length is > 0 and <= 40 && text.All(char.IsAsciiDigit)
            ? BigInteger.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture)
            : throw new IssuerException(IssuerErrorCodes.InvalidArgument, $"{option} '{text}' is not a whole number.");

    public static EthereumAddress Address(string text, string option)
        => EthereumAddress.TryParse(text.Trim(), out var address) ? address : throw new IssuerException(IssuerErrorCodes.InvalidArgument, $"{option} '{text}' is not an address.");

    public static int Port(int port, bool allowZero = false)
        => port is >= 1 and <= 65535 || (allowZero && port == 0) ? port : throw new IssuerException(IssuerErrorCodes.InvalidArgument, $"Port {port} is not 1 to 65535.");

    /// <summary>A file's text, bounded (the files are the holder's, not trusted).</summary>
    public static string ReadText(string path, string option, int maxChars)
    {
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists || info.Length > maxChars * 4L)
            {
                throw new IssuerException(IssuerErrorCodes.InvalidArgument, $"{option}: {path} is missing or too large.");
            }

            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new IssuerException(IssuerErrorCodes.InvalidArgument, $"{option}: {path} cannot be read: {ex.Message}", ex);
        }
    }

    private static byte[] Signature(string value)
    {
        var text = value.StartsWith("0x", StringComparison.Ordinal) ? value : ReadText(value, "--signature", 1024).Trim();
        return text.StartsWith("0x", StringComparison.Ordinal) && Hex.Decode(text) is { Succeeded: true, Value: { Length: > 0 and <= 1024 } bytes }
            ? bytes
            : throw new IssuerException(SocialTokenErrorCodes.InvalidHolderRequest, "--signature is not 0x-prefixed hex.");
    }
}
