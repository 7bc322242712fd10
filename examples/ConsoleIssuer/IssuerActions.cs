// What the issuer does, one method per action, shared by the scriptable commands, the interactive menu and
// the demo: the same library calls as the did-sdk CLI's token and social-token commands, with the state in
// SQLite and the results shown as tables.
using System.Globalization;
using System.Numerics;
using Did.Sdk.Ethereum;
using Did.Sdk.Ethereum.Rpc;
using Did.Sdk.SdJwt;
using Did.Sdk.SdJwt.StatusList;
using Did.Sdk.SocialToken;
using Spectre.Console;

namespace Did.Sdk.Examples.ConsoleIssuer;

/// <summary>The issuer's actions.</summary>
internal static class IssuerActions
{
    /// <summary>How long a signed status list is valid; verifiers may cache it for <see cref="StatusListTimeToLive"/>.</summary>
    private static readonly TimeSpan StatusListValidity = TimeSpan.FromDays(1);
    private static readonly TimeSpan StatusListTimeToLive = TimeSpan.FromSeconds(30);

    /// <summary>The decimals of a CreatorCoin.</summary>
    public const int CoinDecimals = 18;

    /// <summary>Deploys the brand's CreatorCoin (owned by the brand key, which holds the initial supply) and records the brand.</summary>
    public static async Task<BrandRecord> DeployAsync(IssuerSession session, IAnsiConsole console, string name, string symbol, BigInteger supply, IReadOnlyList<SocialTokenTier> tiers, int statusPort, string domain, CancellationToken cancellationToken)
    {
        if (session.Db.Brand is not null)
        {
            throw new IssuerException(IssuerErrorCodes.BrandExists, $"{session.Db.Path} already has a brand token; use a new --db for another one.");
        }

        var initCode = SocialTokenContracts.CreatorCoinInitCode(name, symbol, session.BrandKey.Address, supply * BigInteger.Pow(10, CoinDecimals));
        var receipt = await session.Sender(session.BrandKey).DeployAsync(initCode, cancellationToken);
        if (!receipt.Succeeded)
        {
            throw IssuerException.From(receipt.Error);
        }

        var contract = receipt.Value.ContractAddress ?? throw new IssuerException(EthereumErrorCodes.TransactionReverted, "The deployment's receipt names no contract.", IssuerApp.Failed);
        var brand = new BrandRecord(session.ChainId, contract, name, symbol, CoinDecimals, tiers, session.BrandDid, StatusListServer.ListUri(statusPort), 1024, domain, receipt.Value.BlockNumber);
        session.Db.SaveBrand(brand);
        PublishStatusList(session, brand);
        console.MarkupLine($"[green]Deployed[/] the creator coin [bold]{Markup.Escape(symbol)}[/] at block {receipt.Value.BlockNumber}.");
        ShowBrand(session, console, brand);
        return brand;
    }

    /// <summary>Records an already deployed ERC-20 token as the brand's (the brand key must be the token's owner for verifiers to trust the issuer).</summary>
    public static async Task<BrandRecord> LoadAsync(IssuerSession session, IAnsiConsole console, EthereumAddress contract, string name, string symbol, int decimals, IReadOnlyList<SocialTokenTier> tiers, int statusPort, string domain, CancellationToken cancellationToken)
    {
        if (session.Db.Brand is not null)
        {
            throw new IssuerException(IssuerErrorCodes.BrandExists, $"{session.Db.Path} already has a brand token; use a new --db for another one.");
        }

        var head = await session.Client.GetBlockNumberAsync(cancellationToken);
        if (!head.Succeeded)
        {
            throw IssuerException.From(head.Error);
        }

        // Only transfers after loading can invalidate credentials issued after loading: the watcher starts here.
        var brand = new BrandRecord(session.ChainId, contract, name, symbol, decimals, tiers, session.BrandDid, StatusListServer.ListUri(statusPort), 1024, domain, head.Value);
        session.Db.SaveBrand(brand);
        PublishStatusList(session, brand);
        console.MarkupLine($"[green]Loaded[/] the token [bold]{Markup.Escape(symbol)}[/].");
        ShowBrand(session, console, brand);
        return brand;
    }

    public static void ShowBrand(IssuerSession session, IAnsiConsole console, BrandRecord brand)
    {
        var table = new Table().Title("The brand").AddColumns("", "");
        table.HideHeaders();
        AddRow(table, "Token", $"{brand.Name} ({brand.Symbol}) {brand.Contract}");
        AddRow(table, "Chain", brand.ChainId.ToString(CultureInfo.InvariantCulture) + (session.Devnet is null ? "" : " (embedded devnet)"));
        AddRow(table, "Issuer DID", brand.IssuerDid);
        AddRow(table, "Tiers", string.Join(", ", brand.Tiers.OrderBy(t => t.Threshold).Select(t => $"{t.Name} ≥ {t.Threshold}")));
        AddRow(table, "Status list", brand.StatusListUri);
        AddRow(table, "Database", session.Db.Path);
        console.Write(table);
    }

    /// <summary>The brand sends <paramref name="amount"/> whole tokens to <paramref name="to"/> (a sale, an airdrop).</summary>
    public static async Task GiveAsync(IssuerSession session, IAnsiConsole console, EthereumAddress to, BigInteger amount, CancellationToken cancellationToken)
    {
        var brand = session.RequireBrand();
        var receipt = await session.Sender(session.BrandKey).SendAsync(brand.Contract, SocialTokenContracts.Transfer(to, amount * IssuerSession.Unit(brand)), cancellationToken: cancellationToken);
        if (!receipt.Succeeded)
        {
            throw IssuerException.From(receipt.Error);
        }

        console.MarkupLine($"[green]Sent[/] {amount} {Markup.Escape(brand.Symbol)} to {to} (block {receipt.Value.BlockNumber}).");
    }

    /// <summary>A SIWE challenge for <paramref name="wallet"/> of <paramref name="did"/>; its nonce is kept in the database until used.</summary>
    public static async Task<SiweMessage> ChallengeAsync(IssuerSession session, IAnsiConsole console, string did, EthereumAddress wallet, CancellationToken cancellationToken)
    {
        var brand = session.RequireBrand();
        RequireDid(did);
        var (nonces, stored) = session.Nonces();
        using var signingKey = session.BrandKey.ToSigningKey();
        var sdJwtIssuer = await SdJwtIssuer.ForDidAsync(signingKey, session.BrandDid, session.Resolver, finality: Finality.Safe, cancellationToken: cancellationToken);
        if (!sdJwtIssuer.Succeeded)
        {
            throw IssuerException.From(sdJwtIssuer.Error);
        }

        var issuer = new SocialTokenCredentialIssuer(sdJwtIssuer.Value, IssuerSession.IssuerOptions(brand, nonces), session.Resolver, session.Client, session.Time);
        var message = issuer.CreateChallenge(did, wallet);
        session.Db.UpdateNonces(stored, nonces.Outstanding());
        console.Write(new Panel(new Text(message.ToString())).Header("SIWE challenge: sign it with the wallet (personal_sign)"));
        return message;
    }

    /// <summary>What <see cref="HoldingsAsync"/> found.</summary>
    internal sealed record Holdings(SocialIdentity Identity, TokenEvidence Evidence, BigInteger Total, SocialTokenTier? Tier);

    /// <summary>Resolves <paramref name="did"/>'s wallets and reads their balances at the safe block: a table of wallets × balance, and the tier.</summary>
    public static async Task<Holdings> HoldingsAsync(IssuerSession session, IAnsiConsole console, string did, CancellationToken cancellationToken)
    {
        var brand = session.RequireBrand();
        RequireDid(did);
        var identity = await new SocialIdentityResolver(session.Resolver).ResolveAsync(did, brand.ChainId, Finality.Safe, cancellationToken);
        if (!identity.Succeeded)
        {
            throw IssuerException.From(identity.Error);
        }

        var queries = identity.Value.Wallets.Select(w => TokenQuery.BalanceOf(brand.Contract, w.Address)).ToArray();
        var evidence = await new TokenEvidenceReader(session.Client).ReadAsync(queries, EvidenceBlock.At(Finality.Safe), cancellationToken);
        if (!evidence.Succeeded)
        {
            throw IssuerException.From(evidence.Error);
        }

        if (evidence.Value.Readings.FirstOrDefault(r => !r.Succeeded) is { Error: { } failed })
        {
            throw IssuerException.From(failed);
        }

        var unit = IssuerSession.Unit(brand);
        var table = new Table().Title($"Holdings of {Markup.Escape(did)} at safe block {evidence.Value.BlockNumber}").AddColumns("Wallet", "Role", $"Balance ({Markup.Escape(brand.Symbol)})");
        var total = BigInteger.Zero;
        for (int i = 0; i < identity.Value.Wallets.Count; i++)
        {
            var amount = evidence.Value.Readings[i].Amount!.Value;
            total += amount;
            AddRow(table, identity.Value.Wallets[i].Address.ToString(), identity.Value.Wallets[i].Role.ToString(), Whole(amount, unit));
        }

        var tier = brand.Tiers.Where(t => total >= t.Threshold * unit).OrderByDescending(t => t.Threshold).FirstOrDefault();
        AddRow(table, "Total", "", Whole(total, unit));
        AddRow(table, "Tier", "", tier?.Name ?? "(below the lowest tier)");
        console.Write(table);
        return new Holdings(identity.Value, evidence.Value, total, tier);
    }

    /// <summary>
    /// Accepts a holder request (the DID, the signed challenge, its signature), checks the holdings at the safe
    /// block, issues the credential at the tier reached with a status-list entry, records it, re-signs the list,
    /// and writes the credential to <paramref name="outFile"/> when given.
    /// </summary>
    public static async Task<(SocialTokenIssuance Issuance, IssuedCredential Record)> IssueAsync(IssuerSession session, IAnsiConsole console, SocialTokenHolderRequest request, string? outFile, CancellationToken cancellationToken)
    {
        var brand = session.RequireBrand();
        var (nonces, stored) = session.Nonces();
        using var signingKey = session.BrandKey.ToSigningKey();
        var sdJwtIssuer = await SdJwtIssuer.ForDidAsync(signingKey, session.BrandDid, session.Resolver, finality: Finality.Safe, cancellationToken: cancellationToken);
        if (!sdJwtIssuer.Succeeded)
        {
            throw IssuerException.From(sdJwtIssuer.Error);
        }

        var issuer = new SocialTokenCredentialIssuer(sdJwtIssuer.Value, IssuerSession.IssuerOptions(brand, nonces), session.Resolver, session.Client, session.Time);
        var index = session.Db.FreeStatusIndex(brand.StatusListSize);
        var issued = await issuer.IssueHolderCredentialAsync(request with { StatusIndex = index }, cancellationToken);

        // A verified challenge's nonce is used up whether or not a credential came of it.
        session.Db.UpdateNonces(stored, nonces.Outstanding());
        if (!issued.Succeeded)
        {
            throw IssuerException.From(issued.Error);
        }

        var issuance = issued.Value;
        var tracked = TrackedCredential.From(issuance, brand.Decimals);
        var record = new IssuedCredential(index, issuance.Identity.Did, issuance.Tier!.Name, tracked.Threshold, tracked.Wallets, issuance.Holding, issuance.Evidence.BlockNumber, session.Time.GetUtcNow(), null, null);
        session.Db.AddCredential(record);
        PublishStatusList(session, brand);
        if (outFile is not null)
        {
            await File.WriteAllTextAsync(outFile, issuance.Credential.ToCompact() + "\n", cancellationToken);
        }

        var table = new Table().Title("Issued a SocialTokenHolder credential").AddColumns("", "");
        table.HideHeaders();
        AddRow(table, "Holder", record.Did);
        AddRow(table, "Tier", record.Tier);
        AddRow(table, "Holding", $"{Whole(record.Holding, IssuerSession.Unit(brand))} {brand.Symbol} over {record.Wallets.Count} wallet(s)");
        AddRow(table, "Evidence", $"block {issuance.Evidence.BlockNumber} ({issuance.Evidence.Finality.ToString().ToLowerInvariant()}) {issuance.Evidence.BlockHash}");
        AddRow(table, "Status", $"{brand.StatusListUri} #{index}");
        AddRow(table, "Credential", outFile ?? "(not written)");
        console.Write(table);
        return (issuance, record);
    }

    /// <summary>
    /// Runs the transfer watcher from where it stopped to the safe block: credentials whose holders fell below
    /// their tier are revoked in the database and the status list is re-signed.
    /// </summary>
    public static async Task<TransferScan> WatchAsync(IssuerSession session, IAnsiConsole console, CancellationToken cancellationToken)
    {
        var brand = session.RequireBrand();
        var credentials = session.Db.Credentials();
        var start = session.Db.NextBlock ?? brand.DeployBlock;
        var registry = Registry(session, brand, credentials);
        var watcher = new TransferWatcher(session.Client, brand.Token, registry, brand.StatusListUri, start, Finality.Safe);
        foreach (var credential in credentials.Where(c => c.RevokedAt is null))
        {
            watcher.Track(credential.ToTracked());
        }

        var safe = await session.Client.GetBlockAsync(BlockTag.Of(Finality.Safe), cancellationToken);
        if (!safe.Succeeded)
        {
            throw IssuerException.From(safe.Error);
        }

        Result<TransferScan>? scan = null;
        await console.Progress().StartAsync(async progress =>
        {
            // The library's watcher reads the whole range in one log query and one pinned balance read, so the bar
            // covers the range and completes with the scan; then the list is re-signed.
            var blocks = safe.Value.Number >= start ? safe.Value.Number - start + 1 : 0;
            var scanning = progress.AddTask($"Scanning blocks {start}..{safe.Value.Number} for {brand.Symbol} transfers", maxValue: Math.Max(1, blocks));
            scan = await watcher.ScanAsync(cancellationToken);
            scanning.Value = scanning.MaxValue;
            if (scan.Succeeded)
            {
                var signing = progress.AddTask("Revoking and re-signing the status list", maxValue: 1);
                var now = session.Time.GetUtcNow();
                foreach (var (credential, holding) in scan.Value.Revoked)
                {
                    session.Db.Revoke(credential.StatusIndex, holding, now);
                }

                session.Db.NextBlock = watcher.NextBlock;
                PublishStatusList(session, brand);
                signing.Value = 1;
            }
        });
        if (scan is null || !scan.Succeeded)
        {
            throw IssuerException.From(scan?.Error ?? new SdkError("watchCancelled", "The watcher did not run."));
        }

        var unit = IssuerSession.Unit(brand);
        var table = new Table().Title($"Watcher: blocks {scan.Value.FromBlock}..{scan.Value.ToBlock}, {scan.Value.Transfers} transfer(s), {scan.Value.Rechecked} credential(s) re-checked")
            .AddColumns("Revoked", "Holder", "Holding", "Threshold");
        foreach (var (credential, holding) in scan.Value.Revoked)
        {
            AddRow(table, $"#{credential.StatusIndex}", credential.Did, Whole(holding, unit), Whole(credential.Threshold, unit));
        }

        if (scan.Value.Revoked.Count == 0)
        {
            AddRow(table, "none", "", "", "");
        }

        console.Write(table);
        return scan.Value;
    }

    /// <summary>Signs the status list as the database has it (revoked entries INVALID) and stores the token the server serves.</summary>
    public static string PublishStatusList(IssuerSession session, BrandRecord brand)
    {
        var registry = Registry(session, brand, session.Db.Credentials());
        using var signingKey = session.BrandKey.ToSigningKey();
        var token = registry.IssueToken(brand.StatusListUri, signingKey, StatusListValidity, StatusListTimeToLive, issuer: brand.IssuerDid);
        session.Db.StatusListToken = token;
        return token;
    }

    /// <summary>A table of the issued credentials.</summary>
    public static IReadOnlyList<IssuedCredential> ShowCredentials(IssuerSession session, IAnsiConsole console)
    {
        var brand = session.RequireBrand();
        var credentials = session.Db.Credentials();
        var unit = IssuerSession.Unit(brand);
        var table = new Table().Title($"Issued credentials ({credentials.Count})").AddColumns("Status #", "Holder", "Tier", "Holding at issue (block)", "Status");
        foreach (var c in credentials)
        {
            AddRow(table, c.StatusIndex.ToString(CultureInfo.InvariantCulture), c.Did, c.Tier, $"{Whole(c.Holding, unit)} ({c.EvidenceBlock})",
                c.RevokedAt is { } at ? $"REVOKED {at.ToString("u", CultureInfo.InvariantCulture)}, holding {Whole(c.RevokedHolding ?? 0, unit)}" : "valid");
        }

        console.Write(table);
        return credentials;
    }

    private static StatusListRegistry Registry(IssuerSession session, BrandRecord brand, IReadOnlyList<IssuedCredential> credentials)
    {
        var registry = new StatusListRegistry(session.Time);
        registry.CreateList(brand.StatusListUri, 1, brand.StatusListSize);
        foreach (var credential in credentials)
        {
            if (credential.StatusIndex >= brand.StatusListSize)
            {
                throw new IssuerException(IssuerErrorCodes.DbCorrupt, $"--db: credential status index {credential.StatusIndex} is outside the list.");
            }

            var reference = new StatusReference(brand.StatusListUri, credential.StatusIndex);
            registry.AllocateAt(reference);
            if (credential.RevokedAt is not null)
            {
                registry.SetStatus(reference, TokenStatus.Invalid);
            }
        }

        return registry;
    }

    public static void RequireDid(string did)
    {
        if (!Did.TryParse(did, out _))
        {
            throw new IssuerException(IssuerErrorCodes.InvalidArgument, $"'{did}' is not a DID.");
        }
    }

    /// <summary>An amount in whole tokens (up to 4 decimals shown).</summary>
    public static string Whole(BigInteger amount, BigInteger unit)
    {
        var whole = BigInteger.DivRem(amount, unit, out var rest);
        if (rest.IsZero)
        {
            return whole.ToString("N0", CultureInfo.InvariantCulture);
        }

        var fraction = (decimal)(rest * 10_000 / unit) / 10_000m;
        return whole.ToString("N0", CultureInfo.InvariantCulture) + fraction.ToString(".####", CultureInfo.InvariantCulture);
    }

    /// <summary>Adds a row of plain text (never markup: DIDs and names come from users).</summary>
    public static void AddRow(Table table, params string[] cells) => table.AddRow(cells.Select(c => (Spectre.Console.Rendering.IRenderable)new Text(c)).ToArray());
}
