// The other side of the story, so a new user can walk it through with this one program: the fan's wallet
// (make a key, sign the issuer's challenge, link a second wallet to the DID, move tokens, present the
// credential) and a verifier that checks the presentation, the status list over HTTPS included.
using System.Numerics;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Did.Sdk.Ethereum;
using Did.Sdk.Ethr;
using Did.Sdk.SdJwt;
using Did.Sdk.SdJwt.StatusList;
using Did.Sdk.SocialToken;
using Spectre.Console;

namespace Did.Sdk.Examples.ConsoleIssuer;

/// <summary>The fan's wallet and the verifier.</summary>
internal static class HolderActions
{
    /// <summary>Gas money a new devnet wallet gets from dev account #9.</summary>
    private static readonly BigInteger FundingWei = BigInteger.Pow(10, 18);

    /// <summary>A new wallet key in <paramref name="outFile"/>, funded with 1 ETH from dev account #9 when <paramref name="fund"/>.</summary>
    public static async Task<EthereumAddress> NewWalletAsync(IssuerSession session, IAnsiConsole console, string outFile, bool fund, CancellationToken cancellationToken)
    {
        using var key = KeyFiles.CreateFile(outFile);
        if (fund)
        {
            using var funder = KeyFiles.Read("dev:9", "funder");
            var sent = await session.Sender(funder).SendAsync(key.Address, ReadOnlyMemory<byte>.Empty, FundingWei, cancellationToken);
            if (!sent.Succeeded)
            {
                throw IssuerException.From(sent.Error);
            }
        }

        var table = new Table().Title("New wallet").AddColumns("", "");
        table.HideHeaders();
        IssuerActions.AddRow(table, "Key file", outFile);
        IssuerActions.AddRow(table, "Address", key.Address.ToString());
        IssuerActions.AddRow(table, "DID", session.DidOf(key.Address));
        IssuerActions.AddRow(table, "Gas money", fund ? "1 ETH from dev account #9" : "none");
        console.Write(table);
        return key.Address;
    }

    /// <summary>personal_sign of <paramref name="message"/> with the wallet key: the 0x-hex signature.</summary>
    public static string Sign(string keySource, string message)
    {
        using var key = KeyFiles.Read(keySource, "--key");
        var parsed = SiweMessage.Parse(message);
        if (!parsed.Succeeded)
        {
            throw IssuerException.From(parsed.Error);
        }

        if (parsed.Value.Address != key.Address)
        {
            throw new IssuerException(SocialTokenErrorCodes.SiweMismatch, $"The challenge is for {parsed.Value.Address}; --key is {key.Address}.", IssuerApp.Failed);
        }

        return Hex.Encode(EthereumSigner.SignPersonalMessage(key, Encoding.UTF8.GetBytes(message)).ToBytes());
    }

    /// <summary>Makes <paramref name="delegateWallet"/> a wallet of the did:ethr of <paramref name="ownerSource"/>'s key (a veriKey delegate for a year).</summary>
    public static async Task LinkAsync(IssuerSession session, IAnsiConsole console, string ownerSource, EthereumAddress delegateWallet, CancellationToken cancellationToken)
    {
        using var owner = KeyFiles.Read(ownerSource, "--key");
        var registry = session.Settings.Registry ?? EthrKnownNetworks.Find(null, session.ChainId)?.RegistryAddress
            ?? throw new IssuerException(IssuerErrorCodes.InvalidArgument, "No ERC-1056 registry is known on this chain: pass --registry.");
        var registryAddress = EthereumAddress.TryParse(registry, out var parsed) ? parsed : throw new IssuerException(IssuerErrorCodes.InvalidArgument, $"--registry '{registry}' is not an address.");
        var controller = new EthrDidController(session.Client, registryAddress, owner.Address);
        var added = await controller.AddDelegateAsync(session.Sender(owner), "veriKey", delegateWallet, TimeSpan.FromDays(365), cancellationToken);
        if (!added.Succeeded)
        {
            throw IssuerException.From(added.Error);
        }

        console.MarkupLine($"[green]Linked[/] {delegateWallet} to {Markup.Escape(session.DidOf(owner.Address))} (veriKey delegate, block {added.Value.BlockNumber}).");
    }

    /// <summary>The wallet sends <paramref name="amount"/> whole tokens of the brand's token to <paramref name="to"/>.</summary>
    public static async Task TransferAsync(IssuerSession session, IAnsiConsole console, string keySource, EthereumAddress to, BigInteger amount, CancellationToken cancellationToken)
    {
        var brand = session.RequireBrand();
        using var key = KeyFiles.Read(keySource, "--key");
        var sent = await session.Sender(key).SendAsync(brand.Contract, SocialTokenContracts.Transfer(to, amount * IssuerSession.Unit(brand)), cancellationToken: cancellationToken);
        if (!sent.Succeeded)
        {
            throw IssuerException.From(sent.Error);
        }

        console.MarkupLine($"[yellow]Transferred[/] {amount} {Markup.Escape(brand.Symbol)} from {key.Address} to {to} (block {sent.Value.BlockNumber}).");
    }

    /// <summary>The holder's presentation of <paramref name="credential"/> for a verifier, disclosing only <paramref name="disclose"/>, key-bound with the wallet key.</summary>
    public static string Present(string keySource, string credential, string audience, string nonce, IReadOnlyList<string> disclose, TimeProvider time)
    {
        var parsed = SdJwtToken.Parse(credential.Trim());
        if (!parsed.Succeeded)
        {
            throw IssuerException.From(parsed.Error);
        }

        using var key = KeyFiles.Read(keySource, "--key");
        using var signingKey = key.ToSigningKey();
        var presented = new SdJwtHolder(time).Present(parsed.Value, disclose.Select(d => SdJwtClaimPath.Create(d)), signingKey, audience, nonce);
        return presented.Succeeded ? presented.Value.ToCompact() : throw IssuerException.From(presented.Error);
    }

    /// <summary>
    /// The verifier: checks the presentation for the brand's token (signature, key binding, audience and nonce,
    /// status list fetched over HTTPS trusting only <paramref name="trustedCertificate"/>, issuer controls the
    /// token on chain, evidence block still on the chain, tier accepted). Shows what was disclosed.
    /// </summary>
    public static async Task<Result<SocialTokenPresentation>> VerifyAsync(IssuerSession session, IAnsiConsole console, string presentation, string audience, string nonce, IReadOnlyCollection<string> tiers, X509Certificate2 trustedCertificate, CancellationToken cancellationToken)
    {
        var brand = session.RequireBrand();
        using var http = new HttpClient(PinnedCertificate.CreateHandler(trustedCertificate));
        using var issuerKey = session.BrandKey.ToSigningKey();
        // The status list's signing key: the brand's (a verifier learns it with the brand's DID document or out of band).
        var checker = new HttpStatusListChecker(http, StatusListKeyResolver.FromKey(issuerKey.VerificationKey), new HttpStatusListCheckerOptions(), session.Time);
        var verifier = new SocialTokenVerifier(new SdJwtVerifier(new SdJwtVerificationOptions(), session.Resolver, checker, session.Time), session.Resolver, session.Client);
        var result = await verifier.VerifyHolderAsync(presentation.Trim(), new SocialTokenPresentationRequest
        {
            Audience = audience,
            Nonce = nonce,
            ChainId = brand.ChainId,
            Contract = brand.Contract,
            AcceptedTiers = tiers,
        }, cancellationToken);
        if (result.Succeeded)
        {
            var table = new Table().Title("[green]Verifier: presentation ACCEPTED[/]").AddColumns("Disclosed claim", "Value");
            IssuerActions.AddRow(table, "holder (sub)", result.Value.Subject);
            IssuerActions.AddRow(table, "issuer", result.Value.Issuer);
            foreach (var claim in new[] { "tier", "balance", "evidence", "member_since" })
            {
                IssuerActions.AddRow(table, claim, result.Value.Claims[claim]?.ToJsonString() ?? "(not disclosed)");
            }

            console.Write(table);
        }
        else
        {
            console.MarkupLine($"[red]Verifier: presentation REFUSED[/] ({Markup.Escape(result.Error.Code)}): {Markup.Escape(result.Error.Message)}");
        }

        return result;
    }
}
