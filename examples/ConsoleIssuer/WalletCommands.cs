using System.CommandLine;
using Spectre.Console;

namespace Did.Sdk.Examples.ConsoleIssuer;

/// <summary>'wallet …' (the fan's side) and 'verify' (the verifier's side) on the command line.</summary>
internal static class WalletCommands
{
    public static Command Create(IssuerApp.Context context)
    {
        var wallet = new Command("wallet", "The fan's wallet, to walk the story through: new key, address, sign a challenge, link a second wallet, transfer, present.");

        var newOut = new Option<string>("--out") { Description = "The key file to create (0x-hex private key; must not exist).", Required = true };
        var noFund = new Option<bool>("--no-fund") { Description = "Do not send 1 ETH of gas money from dev account #9." };
        wallet.Subcommands.Add(IssuerApp.Session(context, new Command("new", "Create a wallet key (and fund it with gas money on the devnet). Shows its address and did:ethr.") { newOut, noFund },
            async (s, p, ct) => await HolderActions.NewWalletAsync(s, context.Console, p.GetRequiredValue(newOut), !p.GetValue(noFund), ct)));

        var addressKey = new Option<string>("--key") { Description = "The wallet's key file (or dev:N).", Required = true };
        var address = new Command("address", "Print the wallet's address alone (for scripts). Needs no chain.") { addressKey };
        address.SetAction(p =>
        {
            using var key = KeyFiles.Read(p.GetRequiredValue(addressKey), "--key");
            context.Console.Profile.Out.Writer.WriteLine(key.Address.ToString());
            return IssuerApp.Success;
        });
        wallet.Subcommands.Add(address);

        var signKey = new Option<string>("--key") { Description = "The wallet's key file.", Required = true };
        var signMessage = new Option<string>("--message") { Description = "The SIWE message file (from 'challenge --out').", Required = true };
        var signOut = new Option<string>("--out") { Description = "Write the 0x-hex signature to this file.", Required = true };
        var sign = new Command("sign", "Sign the issuer's SIWE challenge with the wallet key (personal_sign). Needs no chain.") { signKey, signMessage, signOut };
        sign.SetAction(async (p, ct) =>
        {
            var signature = HolderActions.Sign(p.GetRequiredValue(signKey), IssuerApp.ReadText(p.GetRequiredValue(signMessage), "--message", SocialToken.SiweMessage.MaxLength));
            await File.WriteAllTextAsync(p.GetRequiredValue(signOut), signature + "\n", ct);
            context.Console.MarkupLineInterpolated($"Signature written to {p.GetRequiredValue(signOut)}.");
            return IssuerApp.Success;
        });
        wallet.Subcommands.Add(sign);

        var linkKey = new Option<string>("--key") { Description = "The key file of the DID's controller wallet.", Required = true };
        var linkDelegate = new Option<string>("--delegate") { Description = "The second wallet's address.", Required = true };
        wallet.Subcommands.Add(IssuerApp.Session(context, new Command("link", "Make a second wallet a wallet of the did:ethr (an ERC-1056 veriKey delegate, for a year).") { linkKey, linkDelegate },
            (s, p, ct) => HolderActions.LinkAsync(s, context.Console, p.GetRequiredValue(linkKey), IssuerApp.Address(p.GetRequiredValue(linkDelegate), "--delegate"), ct)));

        var transferKey = new Option<string>("--key") { Description = "The sending wallet's key file.", Required = true };
        var transferTo = new Option<string>("--to") { Description = "The receiving address.", Required = true };
        var transferAmount = new Option<string>("--amount") { Description = "Whole tokens.", Required = true };
        wallet.Subcommands.Add(IssuerApp.Session(context, new Command("transfer", "Transfer the brand's tokens from the wallet.") { transferKey, transferTo, transferAmount },
            (s, p, ct) => HolderActions.TransferAsync(s, context.Console, p.GetRequiredValue(transferKey), IssuerApp.Address(p.GetRequiredValue(transferTo), "--to"), IssuerApp.Whole(p.GetRequiredValue(transferAmount), "--amount"), ct)));

        var presentKey = new Option<string>("--key") { Description = "The key file of the wallet the credential is bound to (the DID's controller).", Required = true };
        var presentCredential = new Option<string>("--credential") { Description = "The credential file (from 'issue --out').", Required = true };
        var presentAudience = new Option<string>("--audience") { Description = "The verifier's audience.", Required = true };
        var presentNonce = new Option<string>("--nonce") { Description = "The verifier's nonce.", Required = true };
        var presentDisclose = new Option<string[]>("--disclose") { Description = "The claims to disclose (repeatable).", DefaultValueFactory = _ => ["tier"], AllowMultipleArgumentsPerToken = true };
        var presentOut = new Option<string>("--out") { Description = "Write the presentation to this file.", Required = true };
        var present = new Command("present", "Present the credential to a verifier, disclosing only the chosen claims (the tier by default). Needs no chain.") { presentKey, presentCredential, presentAudience, presentNonce, presentDisclose, presentOut };
        present.SetAction(async (p, ct) =>
        {
            var presentation = HolderActions.Present(p.GetRequiredValue(presentKey), IssuerApp.ReadText(p.GetRequiredValue(presentCredential), "--credential", 256 * 1024), p.GetRequiredValue(presentAudience), p.GetRequiredValue(presentNonce), p.GetRequiredValue(presentDisclose), context.Time);
            await File.WriteAllTextAsync(p.GetRequiredValue(presentOut), presentation + "\n", ct);
            context.Console.MarkupLineInterpolated($"Presentation (disclosing {string.Join(", ", p.GetRequiredValue(presentDisclose))}) written to {p.GetRequiredValue(presentOut)}.");
            return IssuerApp.Success;
        });
        wallet.Subcommands.Add(present);
        return wallet;
    }

    public static Command Verify(IssuerApp.Context context)
    {
        var presentation = new Option<string>("--presentation") { Description = "The presentation file (from 'wallet present --out').", Required = true };
        var audience = new Option<string>("--audience") { Description = "The audience the presentation must name.", Required = true };
        var nonce = new Option<string>("--nonce") { Description = "The nonce the presentation must carry.", Required = true };
        var tiers = new Option<string[]>("--tier") { Description = "An accepted tier (repeatable); any tier when none.", DefaultValueFactory = _ => [], AllowMultipleArgumentsPerToken = true };
        var trust = new Option<string?>("--trust-cert") { Description = "The certificate the status list server must present (PEM or DER); <db>.tls.crt by default. The only certificate trusted." };
        var command = new Command("verify", "The verifier: check a presentation for the brand's token (status list fetched over HTTPS from the issuer's server, trusting only its development certificate). Exit 0 when accepted, 1 when refused.") { presentation, audience, nonce, tiers, trust };
        command.SetAction(async (p, ct) =>
        {
            await using var session = await context.OpenAsync(p, ct);
            using var certificate = DevCertificate.LoadPublic(p.GetValue(trust) ?? DevCertificate.CertificatePath(session.Db.Path));
            var result = await HolderActions.VerifyAsync(session, context.Console, IssuerApp.ReadText(p.GetRequiredValue(presentation), "--presentation", 256 * 1024), p.GetRequiredValue(audience), p.GetRequiredValue(nonce), p.GetRequiredValue(tiers), certificate, ct);
            return result.Succeeded ? IssuerApp.Success : IssuerApp.Failed;
        });
        return command;
    }
}
