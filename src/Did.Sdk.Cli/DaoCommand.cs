using System.CommandLine;
using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json.Nodes;
using Did.Sdk.Dao;
using Did.Sdk.Dao.PostgreSql;
using Did.Sdk.Ethereum;
using Did.Sdk.Ethereum.Rpc;
using Did.Sdk.Jose;
using Did.Sdk.Methods;
using Did.Sdk.SdJwt;
using Did.Sdk.SdJwt.StatusList;
using Did.Sdk.Verification;
using Did.Sdk.Verification.Requests;

namespace Did.Sdk.Cli;

/// <summary>
/// <c>did-sdk dao</c>: a DAO tool's voting eligibility. <c>proposal create</c> writes a proposal file;
/// <c>eligibility</c> checks one voter's presentation against it and claims their one vote in a store;
/// <c>snapshot</c> reads many addresses' power and signs the list's Merkle root; <c>verify-receipt</c> and
/// <c>verify-snapshot</c> check what the tool signed, from the tool's DID alone. Exit 0 eligible/valid,
/// 1 not eligible, pending or invalid, 2 usage.
/// </summary>
internal static class DaoCommand
{
    private const int MaxReceiptBytes = EligibilityReceipts.MaxLength;

    public static Command Create(CliContext context)
    {
        var proposal = new Command("proposal", "Proposal files (schemas/dao-proposal/v1).") { CreateProposal(context) };
        return new Command("dao", "DAO voting eligibility: proposals, one vote per identity with signed receipts, signed snapshot lists.")
        {
            proposal, Eligibility(context), Snapshot(context), VerifyReceipt(context), VerifySnapshot(context),
        };
    }

    private static Command CreateProposal(CliContext context)
    {
        var id = new Option<string>("--id") { Description = "The proposal's id.", Required = true };
        var terms = new Option<string[]>("--term") { Description = "A strategy term TOKEN[:balance|votes|pastVotes[:WEIGHT[:TIMEPOINT]]] (repeat for a weighted sum; default source balance, weight 1).", Required = true, AllowMultipleArgumentsPerToken = false };
        var policy = new Option<string>("--policy") { Description = "The verification policy file a voter must satisfy (embedded in the proposal).", Required = true };
        var atBlock = new Option<ulong?>("--at-block") { Description = "The snapshot block (its hash is pinned). Default: the chain's current safe block." };
        var atTime = new Option<ulong?>("--at-time") { Description = "The snapshot as a time (Unix seconds): the last L2 block at or before it." };
        var finality = new Option<string>("--finality") { Description = "The finality the snapshot block must reach before anyone is eligible (default finalized).", DefaultValueFactory = _ => "finalized" };
        finality.AcceptOnlyFromAmong("latest", "safe", "finalized");
        var minimum = new Option<string>("--minimum-power") { Description = "The least power that may vote, in the token's smallest unit (default 1).", DefaultValueFactory = _ => "1" };
        var chain = new ChainArguments();
        var command = new Command("create", "Write a proposal (JSON on stdout) at a snapshot block of the chain: --at-block, --at-time, or the current safe block.")
        {
            id, terms, policy, atBlock, atTime, finality, minimum,
        };
        chain.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            _ = chain.Url(parse);
            if (parse.GetValue(atBlock) is not null && parse.GetValue(atTime) is not null)
            {
                throw new CliUsageException("Pass --at-block or --at-time, not both.");
            }

            var parsedTerms = parse.GetRequiredValue(terms).Select(ParseTerm).ToList();
            var minimumPower = BigInteger.TryParse(parse.GetRequiredValue(minimum), NumberStyles.None, CultureInfo.InvariantCulture, out var m) && m.GetBitLength() <= 256
                ? m
                : throw new CliUsageException("--minimum-power is a uint256 decimal.");
            var loaded = await VerifyCommand.LoadPolicyAsync(context, parse.GetRequiredValue(policy), cancellationToken).ConfigureAwait(false);
            if (!loaded.Succeeded)
            {
                return await EthrCommand.FailAsync(context, loaded.Error).ConfigureAwait(false);
            }

            var connected = await chain.ConnectAsync(context, parse, cancellationToken).ConfigureAwait(false);
            if (!connected.Succeeded)
            {
                return await EthrCommand.FailAsync(context, connected.Error).ConfigureAwait(false);
            }

            var (client, chainId) = connected.Value;
            ulong? block = null, time = parse.GetValue(atTime);
            string? hash = null;
            if (time is null)
            {
                var header = await client.GetBlockAsync(parse.GetValue(atBlock) is { } n ? BlockTag.AtNumber(n) : BlockTag.Safe, cancellationToken).ConfigureAwait(false);
                if (!header.Succeeded)
                {
                    return await EthrCommand.FailAsync(context, header.Error).ConfigureAwait(false);
                }

                (block, hash) = (header.Value.Number, header.Value.Hash);
            }

            var created = new Proposal
            {
                Id = parse.GetRequiredValue(id),
                ChainId = chainId,
                Terms = parsedTerms,
                SnapshotBlockNumber = block,
                SnapshotBlockHash = hash,
                SnapshotTimestamp = time,
                RequiredFinality = Enum.Parse<Finality>(parse.GetRequiredValue(finality), ignoreCase: true),
                MinimumPower = minimumPower,
                Policy = loaded.Value,
            };
            await context.Out.WriteLineAsync(ProposalJson.ToJson(created).ToJsonString(CliJson.Indented)).ConfigureAwait(false);
            return CliApp.Success;
        });
        return command;
    }

    private static Command Eligibility(CliContext context)
    {
        var proposalFile = ProposalOption();
        var presentation = new Option<string>("--presentation") { Description = "The voter's presentation (SD-JWT with key binding, or a vp_token JSON object; - for standard input).", Required = true };
        var store = new Option<string>("--store") { Description = "Where votes are claimed: a SQLite file, or a PostgreSQL connection string (Host=…;Database=…) or postgres:// URI for tools on several machines.", Required = true };
        var (key, kid) = ToolKeyOptions();
        var request = new Option<string?>("--request") { Description = "The presentation request the presentation answers (from 'did-sdk presentation-request')." };
        var aud = new Option<string?>("--aud") { Description = "Without --request: the audience the key-binding JWT must name." };
        var nonce = new Option<string?>("--nonce") { Description = "Without --request: the nonce the key-binding JWT must answer." };
        var statusListJwk = new Option<string?>("--status-list-jwk") { Description = "The public JWK file trusted to sign status lists. A credential with a status fails closed when no key is known." };
        var allowPrivateNetworks = new Option<bool>("--allow-private-networks") { Description = "Let the status list fetch connect to loopback, private and link-local addresses." };
        var chain = new ChainArguments();
        var command = new Command("eligibility", "Check a voter's presentation against a proposal: policy, wallets, power at the snapshot, one vote per identity; prints { eligible, outcome, power, nullifier, receipt, snapshot, decision, error } (exit 0 eligible, 1 not eligible or pending, 2 usage).")
        {
            proposalFile, presentation, store, key, kid, request, aud, nonce, statusListJwk, allowPrivateNetworks,
        };
        chain.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            _ = chain.Url(parse);
            var loaded = ReadProposal(context, parse.GetRequiredValue(proposalFile));
            if (!loaded.Succeeded)
            {
                return await FailAsync(context, loaded.Error).ConfigureAwait(false);
            }

            var proposal = loaded.Value;
            var presentationRequest = VerifyCommand.ReadRequest(context, parse.GetValue(request), parse.GetValue(aud), parse.GetValue(nonce), proposal.Policy);
            using var toolKey = CliInput.ReadSigningKey(context, parse.GetRequiredValue(key), "--key");
            var statusKey = parse.GetValue(statusListJwk) is { } statusFile ? CliInput.ImportPublic(CliInput.ReadJwk(context, statusFile, "--status-list-jwk"), "--status-list-jwk") : null;
            var text = CliInput.ReadUntrustedText(context, parse.GetRequiredValue(presentation), "--presentation", PresentationVerifier.MaxPresentationLength, VerificationErrorCodes.InvalidPresentation);
            var connected = await ConnectAsync(context, parse, chain, proposal, cancellationToken).ConfigureAwait(false);
            if (!connected.Succeeded)
            {
                return await FailAsync(context, connected.Error).ConfigureAwait(false);
            }

            var (client, resolver) = connected.Value;
            string toolKid = ToolKeyId(parse, kid, toolKey, proposal.ChainId);
            var checker = statusKey is null ? null : new HttpStatusListChecker(context.StatusListHttpClient(parse.GetValue(allowPrivateNetworks)), StatusListKeyResolver.FromKey(statusKey), timeProvider: context.Time);
            var requests = new MemoryPresentationRequestStore(context.Time);
            (await requests.AddAsync(presentationRequest, cancellationToken).ConfigureAwait(false)).ThrowIfFailed();
            var verifier = new PresentationVerifier(proposal.Policy, new SdJwtVerifier(new SdJwtVerificationOptions(), resolver, checker, context.Time), resolver, client, requests, context.Time);
            var votes = OpenStore(parse.GetRequiredValue(store));
            await using var disposeVotes = votes as IAsyncDisposable;
            var eligibility = new VotingEligibility(proposal, verifier, resolver, client, votes, toolKey, toolKid, context.Time);
            if (!text.Succeeded)
            {
                return await FailAsync(context, text.Error).ConfigureAwait(false);
            }

            var result = await eligibility.CheckAsync(text.Value, presentationRequest.Nonce, cancellationToken).ConfigureAwait(false);
            await context.Out.WriteLineAsync(result.ToJson().ToJsonString(CliJson.Indented)).ConfigureAwait(false);
            if (result.Outcome != EligibilityOutcome.Eligible)
            {
                await context.Error.WriteLineAsync($"{(result.Outcome == EligibilityOutcome.Pending ? "pending" : "not eligible")}: {result.Error?.Code}: {result.Error?.Message}").ConfigureAwait(false);
                return CliApp.Failed;
            }

            return CliApp.Success;
        });
        return command;
    }

    private static Command Snapshot(CliContext context)
    {
        var proposalFile = ProposalOption();
        var addresses = new Option<string>("--addresses") { Description = "The voters: a JSON array of addresses, or one address per line.", Required = true };
        var (key, kid) = ToolKeyOptions();
        var output = new Option<string?>("--out") { Description = "Write the published list here and print only its summary." };
        var chain = new ChainArguments();
        var command = new Command("snapshot", "Read the voters' power at the proposal's snapshot block (Multicall3 in one JSON-RPC batch), build the OpenZeppelin StandardMerkleTree of (address, power) and sign its root; prints the list { version, signedRoot, tree } (exit 0, 1 pending or failed, 2 usage).")
        {
            proposalFile, addresses, key, kid, output,
        };
        chain.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            _ = chain.Url(parse);
            var loaded = ReadProposal(context, parse.GetRequiredValue(proposalFile));
            if (!loaded.Succeeded)
            {
                return await EthrCommand.FailAsync(context, loaded.Error).ConfigureAwait(false);
            }

            var voters = ReadAddresses(context, parse.GetRequiredValue(addresses));
            using var toolKey = CliInput.ReadSigningKey(context, parse.GetRequiredValue(key), "--key");
            var connected = await ConnectAsync(context, parse, chain, loaded.Value, cancellationToken).ConfigureAwait(false);
            if (!connected.Succeeded)
            {
                return await EthrCommand.FailAsync(context, connected.Error).ConfigureAwait(false);
            }

            var list = await SnapshotLists.CreateAsync(loaded.Value, voters, connected.Value.Client, toolKey, ToolKeyId(parse, kid, toolKey, loaded.Value.ChainId), context.Time, cancellationToken).ConfigureAwait(false);
            if (!list.Succeeded)
            {
                return await EthrCommand.FailAsync(context, list.Error).ConfigureAwait(false);
            }

            string published = list.Value.ToJson().ToJsonString();
            if (parse.GetValue(output) is { } file)
            {
                await File.WriteAllTextAsync(file, published, cancellationToken).ConfigureAwait(false);
                await context.Out.WriteLineAsync(RootJson(list.Value.Root, file).ToJsonString(CliJson.Indented)).ConfigureAwait(false);
            }
            else
            {
                await context.Out.WriteLineAsync(published).ConfigureAwait(false);
            }

            return CliApp.Success;
        });
        return command;
    }

    private static Command VerifyReceipt(CliContext context)
    {
        var receipt = new Option<string>("--receipt") { Description = "The receipt file (a compact JWS; - for standard input).", Required = true };
        var blockTag = CliOptions.BlockTag();
        var chain = new ChainArguments();
        var command = new Command("verify-receipt", "Verify an eligibility receipt from the tool's DID; prints { valid, receipt | error } (exit 0 valid, 1 invalid, 2 usage).") { receipt, blockTag };
        chain.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            _ = chain.Url(parse);
            var text = CliInput.ReadUntrustedText(context, parse.GetRequiredValue(receipt), "--receipt", MaxReceiptBytes, DaoErrorCodes.InvalidReceipt);
            var connected = await chain.ConnectAsync(context, parse, cancellationToken).ConfigureAwait(false);
            if (!connected.Succeeded)
            {
                return await FailAsync(context, connected.Error).ConfigureAwait(false);
            }

            var signatures = new DidSignatureVerifier(chain.Resolver(context, parse, connected.Value.Client, connected.Value.ChainId));
            var verified = text.Succeeded
                ? await EligibilityReceipts.VerifyAsync(text.Value.Trim(), signatures, CliOptions.Finality(parse, blockTag), cancellationToken).ConfigureAwait(false)
                : text.Error;
            if (!verified.Succeeded)
            {
                return await FailAsync(context, verified.Error).ConfigureAwait(false);
            }

            var r = verified.Value;
            var output = new JsonObject
            {
                ["valid"] = true,
                ["receipt"] = new JsonObject
                {
                    ["issuer"] = r.Issuer,
                    ["issuedAt"] = r.IssuedAt.ToUnixTimeSeconds(),
                    ["proposalId"] = r.ProposalId,
                    ["nullifier"] = r.Nullifier,
                    ["power"] = r.Power.ToString(CultureInfo.InvariantCulture),
                    ["chainId"] = r.ChainId,
                    ["snapshot"] = new JsonObject { ["blockNumber"] = r.SnapshotBlockNumber, ["blockHash"] = r.SnapshotBlockHash, ["finality"] = r.Finality },
                },
            };
            await context.Out.WriteLineAsync(output.ToJsonString(CliJson.Indented)).ConfigureAwait(false);
            return CliApp.Success;
        });
        return command;
    }

    private static Command VerifySnapshot(CliContext context)
    {
        var listFile = new Option<string>("--list") { Description = "The published snapshot list (from 'dao snapshot').", Required = true };
        var address = new Option<string?>("--address") { Description = "Also print this voter's power and proof." };
        var blockTag = CliOptions.BlockTag();
        var chain = new ChainArguments();
        var command = new Command("verify-snapshot", "Verify a published snapshot list: the tool's signature over its root (from the tool's DID) and every value against the root; prints { valid, root, voter? } (exit 0 valid, 1 invalid or voter not listed, 2 usage).") { listFile, address, blockTag };
        chain.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            _ = chain.Url(parse);
            EthereumAddress? voter = parse.GetValue(address) is { } a ? EthrCommand.ParseAddress(a, "--address") : null;
            var bytes = ReadBoundedBytes(context, parse.GetRequiredValue(listFile));
            var connected = await chain.ConnectAsync(context, parse, cancellationToken).ConfigureAwait(false);
            if (!connected.Succeeded)
            {
                return await FailAsync(context, connected.Error).ConfigureAwait(false);
            }

            var signatures = new DidSignatureVerifier(chain.Resolver(context, parse, connected.Value.Client, connected.Value.ChainId));
            var verified = bytes.Succeeded
                ? await SnapshotLists.VerifyAsync(bytes.Value, signatures, CliOptions.Finality(parse, blockTag), cancellationToken).ConfigureAwait(false)
                : bytes.Error;
            if (!verified.Succeeded)
            {
                return await FailAsync(context, verified.Error).ConfigureAwait(false);
            }

            var output = new JsonObject { ["valid"] = true, ["root"] = RootJson(verified.Value.Root, null) };
            if (voter is { } v)
            {
                if (verified.Value.ProofOf(v) is not { } entry)
                {
                    return await FailAsync(context, new SdkError(DaoErrorCodes.InvalidSnapshotList, $"The address {v} is not in the list.")).ConfigureAwait(false);
                }

                output["voter"] = new JsonObject
                {
                    ["address"] = v.ToString(),
                    ["power"] = entry.Power.ToString(CultureInfo.InvariantCulture),
                    ["proof"] = new JsonArray([.. entry.Proof.Select(p => (JsonNode)Hex.Encode(p))]),
                };
            }

            await context.Out.WriteLineAsync(output.ToJsonString(CliJson.Indented)).ConfigureAwait(false);
            return CliApp.Success;
        });
        return command;
    }

    // The store: a PostgreSQL connection string or URI, or a SQLite file. The operator's: a malformed one is
    // a usage error (whose message does not repeat a password); a server that cannot be reached is a result.
    internal static IEligibilityStore OpenStore(string store)
    {
        try
        {
            return EligibilityStoreFactory.Open(store);
        }
        catch (Microsoft.Data.Sqlite.SqliteException ex)
        {
            throw new CliUsageException($"--store: cannot open '{store}': {ex.Message}");
        }
        catch (ArgumentException ex)
        {
            throw new CliUsageException("--store: " + ex.Message);
        }
    }

    private static Option<string> ProposalOption() => new("--proposal") { Description = "The proposal file (schemas/dao-proposal/v1).", Required = true };

    private static (Option<string> Key, Option<string?> Kid) ToolKeyOptions()
        => (new Option<string>("--key") { Description = "The DAO tool's private JWK file: it signs receipts and snapshot roots.", Required = true },
            new Option<string?>("--kid") { Description = "The tool key's DID URL; did:ethr:<hex chain id>:<address of --key>#controller by default." });

    private static string ToolKeyId(ParseResult parse, Option<string?> kid, SigningKey key, ulong chainId)
    {
        if (parse.GetValue(kid) is { } given)
        {
            return DidUrl.TryParse(given, out var url) && url.Fragment is not null ? given : throw new CliUsageException("--kid is a DID URL with a fragment.");
        }

        return key.Algorithm == JwsAlgorithm.ES256K
            ? $"did:ethr:{Quantity.Format(chainId)}:{EthereumAddress.FromPublicKey(key.VerificationKey.Export())}#controller"
            : throw new CliUsageException("--key is not a secp256k1 key: pass --kid with the DID URL it signs as.");
    }

    // The proposal's chain must be the node's.
    private static async Task<Result<(EthereumClient Client, IDidResolver Resolver)>> ConnectAsync(CliContext context, ParseResult parse, ChainArguments chain, Proposal proposal, CancellationToken cancellationToken)
    {
        if (parse.GetValue(chain.ChainId) is { } given && given != proposal.ChainId)
        {
            throw new CliUsageException($"--chain-id {given} is not the proposal's chain {proposal.ChainId}.");
        }

        var connected = await chain.ConnectAsync(context, parse, cancellationToken).ConfigureAwait(false);
        if (!connected.Succeeded)
        {
            return connected.Error;
        }

        if (connected.Value.ChainId != proposal.ChainId)
        {
            return Result<(EthereumClient, IDidResolver)>.Failure(EthereumErrorCodes.ChainIdMismatch, string.Create(CultureInfo.InvariantCulture, $"The node serves chain {connected.Value.ChainId}, the proposal is on chain {proposal.ChainId}."));
        }

        return (connected.Value.Client, chain.Resolver(context, parse, connected.Value.Client, connected.Value.ChainId));
    }

    // The proposal file is the operator's: unreadable is a usage error; its content is checked like data.
    private static Result<Proposal> ReadProposal(CliContext context, string file)
    {
        var bytes = CliInput.ReadUntrustedText(context, file, "--proposal", ProposalJson.MaxBytes, DaoErrorCodes.InvalidProposal);
        return bytes.Succeeded ? ProposalJson.Parse(Encoding.UTF8.GetBytes(bytes.Value)) : bytes.Error;
    }

    private static Result<byte[]> ReadBoundedBytes(CliContext context, string file)
    {
        var text = CliInput.ReadUntrustedText(context, file, "--list", SnapshotLists.MaxBytes, DaoErrorCodes.InvalidSnapshotList);
        return text.Succeeded ? Encoding.UTF8.GetBytes(text.Value) : text.Error;
    }

    private static List<EthereumAddress> ReadAddresses(CliContext context, string file)
    {
        string text = CliInput.ReadOperatorText(context, file, "--addresses");
        IEnumerable<string> items = text.TrimStart().StartsWith('[')
            ? (CliInput.ReadOperatorJson(context, file, "--addresses") as JsonArray ?? throw new CliUsageException("--addresses: not a JSON array.")).Select(n => n is JsonValue v && v.TryGetValue<string>(out var s) ? s : throw new CliUsageException("--addresses: the array holds a non-string."))
            : text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var addresses = items.Select(a => EthrCommand.ParseAddress(a, "--addresses")).ToList();
        return addresses.Count is > 0 and <= VotingPowerReader.MaxAddresses ? addresses : throw new CliUsageException($"--addresses: 1 to {VotingPowerReader.MaxAddresses} addresses.");
    }

    private static VotingPowerTerm ParseTerm(string text)
    {
        var parts = text.Split(':');
        if (parts.Length > 4)
        {
            throw new CliUsageException($"--term '{text}' is TOKEN[:SOURCE[:WEIGHT[:TIMEPOINT]]].");
        }

        var source = (parts.Length > 1 ? parts[1] : "balance") switch
        {
            "balance" => VotingPowerSource.Balance,
            "votes" => VotingPowerSource.Votes,
            "pastVotes" => VotingPowerSource.PastVotes,
            _ => throw new CliUsageException($"--term '{text}': the source is balance, votes or pastVotes."),
        };
        var weight = parts.Length > 2 ? (BigInteger.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var w) && w.GetBitLength() <= 256 ? w : throw new CliUsageException($"--term '{text}': the weight is a uint256 decimal.")) : BigInteger.One;
        ulong? timepoint = parts.Length > 3 ? (ulong.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var t) ? t : throw new CliUsageException($"--term '{text}': the timepoint is an integer.")) : null;
        if ((source == VotingPowerSource.PastVotes) != timepoint.HasValue)
        {
            throw new CliUsageException($"--term '{text}': pastVotes takes a timepoint, and only pastVotes does.");
        }

        return new VotingPowerTerm { Token = EthrCommand.ParseAddress(parts[0], "--term"), Source = source, Weight = weight, Timepoint = timepoint };
    }

    private static JsonObject RootJson(SnapshotRoot root, string? file)
    {
        var json = new JsonObject
        {
            ["proposalId"] = root.ProposalId,
            ["chainId"] = root.ChainId,
            ["blockNumber"] = root.BlockNumber,
            ["blockHash"] = root.BlockHash,
            ["finality"] = root.Finality,
            ["root"] = root.Root,
            ["count"] = root.Count,
            ["issuer"] = root.Issuer,
            ["issuedAt"] = root.IssuedAt.ToUnixTimeSeconds(),
        };
        if (file is not null)
        {
            json["file"] = Path.GetFullPath(file);
        }

        return json;
    }

    private static async Task<int> FailAsync(CliContext context, SdkError error)
    {
        var output = new JsonObject { ["eligible"] = false, ["valid"] = false, ["error"] = new JsonObject { ["code"] = error.Code, ["message"] = error.Message } };
        await context.Out.WriteLineAsync(output.ToJsonString(CliJson.Indented)).ConfigureAwait(false);
        await context.Error.WriteLineAsync($"{error.Code}: {error.Message}").ConfigureAwait(false);
        return CliApp.Failed;
    }
}
