using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Did.Sdk.Ethereum;
using Did.Sdk.Jose;
using Did.Sdk.Json;
using Did.Sdk.SdJwt;
using Did.Sdk.SocialToken;

namespace Did.Sdk.Cli;

/// <summary>
/// <c>did-sdk social-token challenge | prove | issue | watch</c>: the brand's issuer as separate commands.
/// The issuer hands a wallet a SIWE challenge (<c>challenge</c>), the holder signs it with the wallet key
/// (<c>prove</c>), the issuer checks the signature, the nonce and the DID's wallets and issues the
/// SocialTokenHolder credential of the tier the wallets' holdings reach (<c>issue</c>), and the watcher revokes
/// credentials whose holders' transfers took them below their tier (<c>watch</c>). The issuer's files:
/// <c>--config</c> and <c>--state</c> (<see cref="SocialTokenIssuerFiles"/>).
/// </summary>
internal static class SocialTokenCommand
{
    /// <summary>The largest holder request read (untrusted).</summary>
    private const int MaxRequestBytes = 64 * 1024;

    /// <summary>How long a challenge may wait to be signed (the issuer's default).</summary>
    private static readonly TimeSpan ChallengeLifetime = TimeSpan.FromMinutes(10);

    public static Command Create(CliContext context)
    {
        var command = new Command("social-token", "Issue SocialTokenHolder credentials against token holdings: challenge a wallet, prove with its key, issue at the tier the DID's wallets reach, revoke on transfers.");
        command.Subcommands.Add(Challenge(context));
        command.Subcommands.Add(Prove(context));
        command.Subcommands.Add(Issue(context));
        command.Subcommands.Add(Watch(context));
        command.Subcommands.Add(StatusListCommand(context));
        return command;
    }

    private static (Option<string> Config, Option<string> State) IssuerFileOptions() => (
        new Option<string>("--config") { Description = "The issuer's configuration (JSON): { token: { contract, standard, symbol, decimals }, tiers: { name: whole tokens }, domain, uri, statusListUri?, statusListSize? }.", Required = true },
        new Option<string>("--state") { Description = "The issuer's state file (JSON; created when missing, rewritten by the command): challenge nonces, status-list entries, watched credentials.", Required = true });

    private static Command Challenge(CliContext context)
    {
        var (config, state) = IssuerFileOptions();
        var chain = new ChainArguments();
        var did = new Option<string>("--did") { Description = "The holder's DID (did:ethr on the token's chain, or did:pkh).", Required = true };
        var wallet = new Option<string>("--wallet") { Description = "The wallet of the DID that will sign.", Required = true };
        var command = new Command("challenge", "Make a SIWE (EIP-4361) challenge for a wallet of a DID, with a single-use nonce kept in --state. Prints { message, did, wallet, nonce, expirationTime, chainId }.") { config, state, did, wallet };
        chain.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            _ = chain.Url(parse);
            var holder = parse.GetRequiredValue(did);
            if (!Did.TryParse(holder, out _))
            {
                throw new CliUsageException($"--did '{holder}' is not a DID.");
            }

            var address = EthrCommand.ParseAddress(parse.GetRequiredValue(wallet), "--wallet");
            using var files = SocialTokenIssuerFiles.Load(context, parse.GetRequiredValue(config), parse.GetRequiredValue(state));
            var connected = await chain.ConnectAsync(context, parse, cancellationToken).ConfigureAwait(false);
            if (!connected.Succeeded)
            {
                return await EthrCommand.FailAsync(context, connected.Error).ConfigureAwait(false);
            }

            var nonces = files.Nonces(context.Time, ChallengeLifetime);
            var options = files.Options(connected.Value.ChainId, nonces, null);
            // A challenge is not signed by the issuer: the issuer object here only makes the message (its
            // signing key is a throwaway that signs nothing).
            using var unused = SigningKey.Generate(JwsAlgorithm.ES256K);
            var issuer = new SocialTokenCredentialIssuer(new SdJwtIssuer(unused), options, context.Resolver, connected.Value.Client, context.Time);
            var message = issuer.CreateChallenge(holder, address);
            files.SaveNonces(nonces);
            files.Save();
            var output = new JsonObject
            {
                ["message"] = message.ToString(),
                ["did"] = holder,
                ["wallet"] = address.ToString(),
                ["nonce"] = message.Nonce,
                ["expirationTime"] = message.ExpirationTime?.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
                ["chainId"] = message.ChainId,
            };
            await context.Out.WriteLineAsync(output.ToJsonString(CliJson.Indented)).ConfigureAwait(false);
            return CliApp.Success;
        });
        return command;
    }

    private static Command Prove(CliContext context)
    {
        var challenge = new Option<string>("--challenge") { Description = "The issuer's challenge: the JSON that 'social-token challenge' printed, or the SIWE text alone (- for standard input).", Required = true };
        var key = new Option<string>("--key") { Description = "The wallet's private secp256k1 JWK file; its address must be the challenge's.", Required = true };
        var command = new Command("prove", "Sign the issuer's SIWE challenge with the wallet key (personal_sign). Prints the request for 'social-token issue': { did, siweMessage, signature, address }.") { challenge, key };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var wallet = EthrCommand.ReadEthereumKey(parse.GetRequiredValue(key), "--key");
            var text = CliInput.ReadUntrustedText(context, parse.GetRequiredValue(challenge), "--challenge", SiweMessage.MaxLength * 2, SocialTokenErrorCodes.InvalidSiweMessage);
            if (!text.Succeeded)
            {
                return await EthrCommand.FailAsync(context, text.Error).ConfigureAwait(false);
            }

            var siwe = text.Value;
            if (siwe.TrimStart().StartsWith('{'))
            {
                var json = StrictJson.ParseNode(Encoding.UTF8.GetBytes(siwe));
                if (!json.Succeeded || json.Value is not JsonObject obj || obj["message"] is not JsonValue messageValue || !messageValue.TryGetValue<string>(out var inner))
                {
                    return await EthrCommand.FailAsync(context, new SdkError(SocialTokenErrorCodes.InvalidSiweMessage, "--challenge: JSON without a string 'message' (the output of 'social-token challenge').")).ConfigureAwait(false);
                }

                siwe = inner;
            }

            var message = SiweMessage.Parse(siwe);
            if (!message.Succeeded)
            {
                return await EthrCommand.FailAsync(context, message.Error).ConfigureAwait(false);
            }

            if (message.Value.Address != wallet.Address)
            {
                return await EthrCommand.FailAsync(context, new SdkError(SocialTokenErrorCodes.SiweMismatch, $"The challenge is for {message.Value.Address}; --key is {wallet.Address}.")).ConfigureAwait(false);
            }

            if (message.Value.Resources.Count != 1 || !Did.TryParse(message.Value.Resources[0], out _))
            {
                return await EthrCommand.FailAsync(context, new SdkError(SocialTokenErrorCodes.SiweMismatch, "The challenge does not name one DID among its resources.")).ConfigureAwait(false);
            }

            var signature = EthereumSigner.SignPersonalMessage(wallet, Encoding.UTF8.GetBytes(siwe));
            var output = new JsonObject
            {
                ["did"] = message.Value.Resources[0],
                ["siweMessage"] = siwe,
                ["signature"] = Hex.Encode(signature.ToBytes()),
                ["address"] = wallet.Address.ToString(),
            };
            await context.Out.WriteLineAsync(output.ToJsonString(CliJson.Indented)).ConfigureAwait(false);
            return CliApp.Success;
        });
        return command;
    }

    private static Command Issue(CliContext context)
    {
        var (config, state) = IssuerFileOptions();
        var chain = new ChainArguments();
        var key = new Option<string>("--key") { Description = "The issuer's private JWK file (the brand's DID signs with it).", Required = true };
        var iss = new Option<string?>("--iss") { Description = "The issuer's DID; did:ethr:<hex chain id>:<address of --key> by default." };
        var request = new Option<string>("--request") { Description = "The holder's request: the JSON that 'social-token prove' printed (- for standard input).", Required = true };
        var blockTag = CliOptions.BlockTag();
        blockTag.Description = "Read the holdings (and resolve the DIDs) at the latest, safe or finalized block (default safe).";
        var command = new Command("issue", "Check the holder's signed challenge and issue a SocialTokenHolder credential (SD-JWT VC) at the highest tier the DID's wallets reach. Prints { credential, did, tier, holding, wallets, statusIndex?, evidence }.") { config, state, key, iss, request, blockTag };
        chain.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            _ = chain.Url(parse);
            using var files = SocialTokenIssuerFiles.Load(context, parse.GetRequiredValue(config), parse.GetRequiredValue(state));
            using var signingKey = CliInput.ReadSigningKey(context, parse.GetRequiredValue(key), "--key");
            var requestText = CliInput.ReadUntrustedText(context, parse.GetRequiredValue(request), "--request", MaxRequestBytes, SocialTokenErrorCodes.InvalidHolderRequest);
            var connected = await chain.ConnectAsync(context, parse, cancellationToken).ConfigureAwait(false);
            if (!connected.Succeeded)
            {
                return await EthrCommand.FailAsync(context, connected.Error).ConfigureAwait(false);
            }

            var (client, chainId) = connected.Value;
            var resolver = chain.Resolver(context, parse, client, chainId);
            var finality = CliOptions.Finality(parse, blockTag);
            var issuerDid = parse.GetValue(iss);
            if (issuerDid is null)
            {
                if (signingKey.Algorithm != JwsAlgorithm.ES256K)
                {
                    throw new CliUsageException("--key is not a secp256k1 key: pass --iss with the DID it signs for.");
                }

                issuerDid = $"did:ethr:{Ethereum.Rpc.Quantity.Format(chainId)}:{EthereumAddress.FromPublicKey(signingKey.VerificationKey.Export())}";
            }

            var nonces = files.Nonces(context.Time, ChallengeLifetime);
            var options = files.Options(chainId, nonces, finality);
            if (!requestText.Succeeded)
            {
                return await EthrCommand.FailAsync(context, requestText.Error).ConfigureAwait(false);
            }

            var holderRequest = ParseRequest(requestText.Value);
            if (!holderRequest.Succeeded)
            {
                return await EthrCommand.FailAsync(context, holderRequest.Error).ConfigureAwait(false);
            }

            var sdJwtIssuer = await SdJwtIssuer.ForDidAsync(signingKey, issuerDid, resolver, finality: finality, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (!sdJwtIssuer.Succeeded)
            {
                return await EthrCommand.FailAsync(context, sdJwtIssuer.Error).ConfigureAwait(false);
            }

            int? statusIndex = options.StatusListUri is null ? null : files.NextStatusIndex();
            var issuer = new SocialTokenCredentialIssuer(sdJwtIssuer.Value, options, resolver, client, context.Time);
            var issued = await issuer.IssueHolderCredentialAsync(holderRequest.Value with { StatusIndex = statusIndex }, cancellationToken).ConfigureAwait(false);

            // A verified challenge's nonce is used up whether or not a credential came of it.
            files.SaveNonces(nonces);
            if (!issued.Succeeded)
            {
                files.Save();
                return await EthrCommand.FailAsync(context, issued.Error).ConfigureAwait(false);
            }

            var issuance = issued.Value;
            if (issuance.StatusIndex is { } index)
            {
                files.Allocate(index);
                files.Track(TrackedCredential.From(issuance, options.Token.Decimals), issuance.Evidence.BlockNumber);
            }

            files.Save();
            var output = new JsonObject
            {
                ["credential"] = issuance.Credential.ToCompact(),
                ["did"] = issuance.Identity.Did,
                ["issuer"] = issuerDid,
                ["tier"] = issuance.Tier!.Name,
                ["holding"] = issuance.Holding.ToString(CultureInfo.InvariantCulture),
                ["wallets"] = new JsonArray(issuance.Identity.Wallets.Select(w => (JsonNode)w.Address.ToString()).ToArray()),
                ["statusListUri"] = issuance.StatusIndex is null ? null : options.StatusListUri,
                ["statusIndex"] = issuance.StatusIndex,
                ["evidence"] = Evidence(issuance.Evidence),
            };
            await context.Out.WriteLineAsync(output.ToJsonString(CliJson.Indented)).ConfigureAwait(false);
            return CliApp.Success;
        });
        return command;
    }

    private static Command Watch(CliContext context)
    {
        var (config, state) = IssuerFileOptions();
        var chain = new ChainArguments();
        var fromBlock = new Option<ulong?>("--from-block") { Description = "The first block to scan; by default where the last watch stopped, or after the oldest watched credential's evidence block." };
        var blockTag = CliOptions.BlockTag();
        blockTag.Description = "Scan up to the latest, safe or finalized block (default safe: a reorg cannot undo what was revoked).";
        var command = new Command("watch", "Scan the token's transfers since the last watch and revoke (status INVALID in --state) the credentials whose DID's wallets fell below their tier. Prints { fromBlock, toBlock, transfers, rechecked, revoked: [{ did, statusIndex, holding }], watching }.") { config, state, fromBlock, blockTag };
        chain.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            _ = chain.Url(parse);
            using var files = SocialTokenIssuerFiles.Load(context, parse.GetRequiredValue(config), parse.GetRequiredValue(state));
            var uri = files.StatusListUri ?? throw new CliUsageException("--config has no statusListUri: watch revokes through the status list.");
            var tracked = files.Tracked();
            var connected = await chain.ConnectAsync(context, parse, cancellationToken).ConfigureAwait(false);
            if (!connected.Succeeded)
            {
                return await EthrCommand.FailAsync(context, connected.Error).ConfigureAwait(false);
            }

            var (client, chainId) = connected.Value;
            var options = files.Options(chainId, new SiweNonces(timeProvider: context.Time), null);
            var start = parse.GetValue(fromBlock) ?? files.NextBlock ?? (tracked.Count > 0 ? tracked.Min(t => t.EvidenceBlock) + 1 : 0);
            var registry = files.StatusRegistry(uri, context.Time);
            var watcher = new TransferWatcher(client, options.Token, registry, uri, start, CliOptions.Finality(parse, blockTag) ?? Finality.Safe);
            foreach (var (credential, _) in tracked)
            {
                watcher.Track(credential);
            }

            var scan = await watcher.ScanAsync(cancellationToken).ConfigureAwait(false);
            if (!scan.Succeeded)
            {
                return await EthrCommand.FailAsync(context, scan.Error).ConfigureAwait(false);
            }

            var revoked = new JsonArray();
            foreach (var (credential, holding) in scan.Value.Revoked)
            {
                files.Revoke(credential.StatusIndex);
                files.Untrack(credential.StatusIndex);
                revoked.Add(new JsonObject { ["did"] = credential.Did, ["statusIndex"] = credential.StatusIndex, ["holding"] = holding.ToString(CultureInfo.InvariantCulture), ["threshold"] = credential.Threshold.ToString(CultureInfo.InvariantCulture) });
            }

            files.NextBlock = watcher.NextBlock;
            files.Save();
            var output = new JsonObject
            {
                ["fromBlock"] = scan.Value.FromBlock,
                ["toBlock"] = scan.Value.ToBlock,
                ["toBlockHash"] = scan.Value.ToBlockHash,
                ["transfers"] = scan.Value.Transfers,
                ["rechecked"] = scan.Value.Rechecked,
                ["revoked"] = revoked,
                ["watching"] = tracked.Count - scan.Value.Revoked.Count,
                ["statusListUri"] = uri,
                ["nextBlock"] = watcher.NextBlock,
            };
            await context.Out.WriteLineAsync(output.ToJsonString(CliJson.Indented)).ConfigureAwait(false);
            return CliApp.Success;
        });
        return command;
    }

    private static Command StatusListCommand(CliContext context)
    {
        var (config, state) = IssuerFileOptions();
        var key = new Option<string>("--key") { Description = "The private JWK file the list is signed with (verifiers check it with sd-jwt verify --status-list-jwk).", Required = true };
        var iss = new Option<string?>("--iss") { Description = "The iss claim of the Status List Token (the issuer's DID), or none." };
        var validity = new Option<ulong>("--validity") { Description = "How long the token is valid, in seconds (default one day).", DefaultValueFactory = _ => 86_400UL };
        var command = new Command("status-list", "Sign the issuer's status list as it stands in --state (revoked entries INVALID), to serve at statusListUri as application/statuslist+jwt. Prints { uri, token, size, allocated, invalid }.") { config, state, key, iss, validity };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var seconds = parse.GetValue(validity);
            if (seconds is 0 or > 366UL * 24 * 3600)
            {
                throw new CliUsageException("--validity is 1 second to 366 days.");
            }

            using var files = SocialTokenIssuerFiles.Load(context, parse.GetRequiredValue(config), parse.GetRequiredValue(state));
            var uri = files.StatusListUri ?? throw new CliUsageException("--config has no statusListUri.");
            using var signingKey = CliInput.ReadSigningKey(context, parse.GetRequiredValue(key), "--key");
            var registry = files.StatusRegistry(uri, context.Time);
            var token = registry.IssueToken(uri, signingKey, TimeSpan.FromSeconds(seconds), issuer: parse.GetValue(iss));
            var invalid = files.RevokedIndexes();
            var output = new JsonObject
            {
                ["uri"] = uri,
                ["token"] = token,
                ["size"] = files.StatusListSize,
                ["allocated"] = files.AllocatedCount,
                ["invalid"] = new JsonArray(invalid.Select(i => (JsonNode)i).ToArray()),
            };
            await context.Out.WriteLineAsync(output.ToJsonString(CliJson.Indented)).ConfigureAwait(false);
            return CliApp.Success;
        });
        return command;
    }

    /// <summary>The holder's request: { did, siweMessage, signature } from 'social-token prove'; <c>invalidHolderRequest</c> otherwise.</summary>
    private static Result<SocialTokenHolderRequest> ParseRequest(string text)
    {
        var json = StrictJson.ParseNode(Encoding.UTF8.GetBytes(text));
        if (!json.Succeeded || json.Value is not JsonObject obj)
        {
            return Result<SocialTokenHolderRequest>.Failure(SocialTokenErrorCodes.InvalidHolderRequest, "The request is not a JSON object (the output of 'social-token prove').");
        }

        static string? StringOf(JsonObject obj, string name)
            => obj[name] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

        var did = StringOf(obj, "did");
        var message = StringOf(obj, "siweMessage");
        var signature = StringOf(obj, "signature");
        if (did is null || message is null || signature is null)
        {
            return Result<SocialTokenHolderRequest>.Failure(SocialTokenErrorCodes.InvalidHolderRequest, "The request needs the strings did, siweMessage and signature.");
        }

        if (!signature.StartsWith("0x", StringComparison.Ordinal) || !Hex.TryDecode(signature, out var bytes) || bytes.Length is 0 or > 4096)
        {
            return Result<SocialTokenHolderRequest>.Failure(SocialTokenErrorCodes.InvalidHolderRequest, "The request's signature is not 0x-prefixed hex.");
        }

        return new SocialTokenHolderRequest { Did = did, SiweMessage = message, Signature = bytes };
    }

    private static JsonObject Evidence(TokenEvidence evidence) => new()
    {
        ["chainId"] = evidence.ChainId,
        ["blockNumber"] = evidence.BlockNumber,
        ["blockHash"] = evidence.BlockHash,
        ["finality"] = evidence.Finality.ToString().ToLowerInvariant(),
        ["method"] = evidence.Method,
    };
}
