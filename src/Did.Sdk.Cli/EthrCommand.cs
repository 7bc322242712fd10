using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Did.Sdk.Ethereum;
using Did.Sdk.Ethereum.Rpc;
using Did.Sdk.Ethereum.Transactions;
using Did.Sdk.Ethr;
using Did.Sdk.Jose;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Did.Sdk.Cli;

/// <summary>The JSON-RPC endpoint, registry and chain of a did:ethr network given on the command line.</summary>
internal sealed class EthrNetworkArguments
{
    public Option<string?> Rpc { get; } = new("--rpc") { Description = "The JSON-RPC endpoint of the DID's network (http or https URL)." };

    public Option<string?> Registry { get; } = new("--registry") { Description = "The ERC-1056 registry address; defaults to the known deployment of the DID's network." };

    public Option<ulong?> ChainId { get; } = new("--chain-id") { Description = "The chain id; defaults to the DID's network (hex chain id or known name)." };

    public IEnumerable<Option> All => [Rpc, Registry, ChainId];

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        foreach (var option in All)
        {
            command.Options.Add(option);
        }
    }

    /// <summary>
    /// The network options for <paramref name="did"/>, or null when no --rpc was given. The network comes
    /// from the DID (its hex chain id or known name). A did:ethr with a malformed identifier still gets
    /// its network, so the resolver can answer <c>invalidDid</c>: the DID is data, not a flag.
    /// </summary>
    public EthrNetworkOptions? For(ParseResult parse, string did)
    {
        var url = RpcUrl(parse);
        if (url is null)
        {
            return null;
        }

        if (!Did.TryParse(did, out var parsedDid) || parsedDid.Method != "ethr")
        {
            throw new CliUsageException($"--rpc applies to did:ethr DIDs; '{did}' is not one.");
        }

        string msid = parsedDid.MethodSpecificId;
        int colon = msid.LastIndexOf(':');
        return Build(parse, url, colon < 0 ? "mainnet" : msid[..colon]);
    }

    /// <summary>
    /// The network options from the flags alone (--rpc, --chain-id, optional --registry), for commands
    /// whose DIDs arrive in the data (a presentation's issuer and holder); null without --rpc.
    /// </summary>
    public EthrNetworkOptions? ForChain(ParseResult parse)
    {
        var url = RpcUrl(parse);
        if (url is null)
        {
            return null;
        }

        var chainId = parse.GetValue(ChainId) ?? throw new CliUsageException("--rpc needs --chain-id here: the DIDs come from the credential.");
        return Build(parse, url, Quantity.Format(chainId));
    }

    private Uri? RpcUrl(ParseResult parse)
    {
        var rpc = parse.GetValue(Rpc);
        if (rpc is null)
        {
            if (parse.GetValue(Registry) is not null || parse.GetValue(ChainId) is not null)
            {
                throw new CliUsageException("--registry and --chain-id need --rpc.");
            }

            return null;
        }

        if (!Uri.TryCreate(rpc, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            throw new CliUsageException($"--rpc '{rpc}' is not an http(s) URL.");
        }

        return url;
    }

    private EthrNetworkOptions Build(ParseResult parse, Uri url, string network)
    {
        ulong? chainId = parse.GetValue(ChainId);
        string? name = null;
        if (network.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            if (!Quantity.TryParseUInt64(network.ToLowerInvariant(), out var fromDid))
            {
                throw new CliUsageException($"The DID's network '{network}' is not a hex chain id.");
            }

            if (chainId is not null && chainId != fromDid)
            {
                throw new CliUsageException($"--chain-id {chainId} contradicts the DID's network {network}.");
            }

            chainId = fromDid;
        }
        else
        {
            name = network;
            chainId ??= EthrKnownNetworks.Find(network, null)?.ChainId
                ?? throw new CliUsageException($"The network '{network}' is not known: pass --chain-id.");
        }

        var registry = parse.GetValue(Registry);
        if (registry is null && EthrKnownNetworks.Find(null, chainId)?.RegistryAddress is null)
        {
            throw new CliUsageException($"No registry is known on chain {chainId}: pass --registry.");
        }

        if (registry is not null && !EthereumAddress.TryParse(registry, out _))
        {
            throw new CliUsageException($"--registry '{registry}' is not an Ethereum address.");
        }

        return new EthrNetworkOptions { Name = name, ChainId = chainId, RpcUrl = url, RegistryAddress = registry };
    }
}

/// <summary>
/// <c>did-sdk ethr change-owner | add-delegate | revoke-delegate | set-attribute | revoke-attribute</c>:
/// ERC-1056 registry writes for a did:ethr DID, sent by the owner or signed by the owner and relayed.
/// </summary>
internal static class EthrCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("ethr", "Change a did:ethr DID in its ERC-1056 registry (owner rotation, delegates, attributes). Prints { did, operation, transactionHash, blockNumber, … }.");
        command.Subcommands.Add(Write(context, "change-owner", "Transfer the DID to a new owner address (key rotation); 0x0000000000000000000000000000000000000000 deactivates it for good.", WriteKind.ChangeOwner));
        command.Subcommands.Add(Write(context, "add-delegate", "Add a delegate key (an address) of type veriKey or sigAuth for --validity seconds.", WriteKind.AddDelegate));
        command.Subcommands.Add(Write(context, "revoke-delegate", "Revoke a delegate.", WriteKind.RevokeDelegate));
        command.Subcommands.Add(Write(context, "set-attribute", "Set an attribute: a public key (did/pub/<Secp256k1|Ed25519|X25519>/<veriKey|sigAuth|enc>/hex with a 0x-hex value) or a service (did/svc/<type> with a URI or JSON value).", WriteKind.SetAttribute));
        command.Subcommands.Add(Write(context, "revoke-attribute", "Revoke an attribute (name and the value it was set with).", WriteKind.RevokeAttribute));
        return command;
    }

    private enum WriteKind
    {
        ChangeOwner,
        AddDelegate,
        RevokeDelegate,
        SetAttribute,
        RevokeAttribute,
    }

    private static Command Write(CliContext context, string name, string description, WriteKind kind)
    {
        var did = new Argument<string>("did") { Description = "The did:ethr DID to change." };
        var network = new EthrNetworkArguments();
        network.Rpc.Required = true;
        var key = new Option<string>("--key") { Description = "The current owner's private secp256k1 JWK file (did-sdk key generate --alg ES256K --out owner).", Required = true };
        var signed = new Option<bool>("--signed") { Description = "Sign the change with --key as an ERC-1056 meta-transaction and have --relayer-key send it (and pay the gas)." };
        var relayer = new Option<string?>("--relayer-key") { Description = "With --signed: the private secp256k1 JWK file of the account that sends the transaction." };
        var command = new Command(name, description) { did, key, signed, relayer };
        foreach (var option in network.All)
        {
            command.Options.Add(option);
        }

        var newOwner = new Option<string>("--new-owner") { Description = "The new owner address.", Required = true };
        var delegateAddress = new Option<string>("--delegate") { Description = "The delegate address.", Required = true };
        var delegateType = new Option<string>("--type") { Description = "The delegate type: veriKey (signing) or sigAuth (signing and authentication).", DefaultValueFactory = _ => EthrDidController.VerificationKeyDelegate };
        delegateType.AcceptOnlyFromAmong(EthrDidController.VerificationKeyDelegate, EthrDidController.SignatureAuthenticationDelegate);
        var validity = new Option<ulong>("--validity") { Description = "How long the delegate or attribute is valid, in seconds (default one year).", DefaultValueFactory = _ => 365UL * 24 * 3600 };
        var attributeName = new Option<string>("--name") { Description = "The attribute name, at most 32 bytes: did/pub/Ed25519/veriKey/hex, did/svc/LinkedDomains, …", Required = true };
        var attributeValue = new Option<string>("--value") { Description = "The attribute value: 0x-prefixed hex is sent as bytes (keys), anything else as UTF-8 text (service URIs or JSON).", Required = true };
        switch (kind)
        {
            case WriteKind.ChangeOwner:
                command.Options.Add(newOwner);
                break;
            case WriteKind.AddDelegate:
                command.Options.Add(delegateAddress);
                command.Options.Add(delegateType);
                command.Options.Add(validity);
                break;
            case WriteKind.RevokeDelegate:
                command.Options.Add(delegateAddress);
                command.Options.Add(delegateType);
                break;
            case WriteKind.SetAttribute:
                command.Options.Add(attributeName);
                command.Options.Add(attributeValue);
                command.Options.Add(validity);
                break;
            case WriteKind.RevokeAttribute:
                command.Options.Add(attributeName);
                command.Options.Add(attributeValue);
                break;
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            var didText = parse.GetRequiredValue(did);
            var options = network.For(parse, didText)!;
            var identity = EthrDid.Parse(Did.Parse(didText).Value!.MethodSpecificId).Value!.Address;
            var isSigned = parse.GetValue(signed);
            var relayerFile = parse.GetValue(relayer);
            if (isSigned != (relayerFile is not null))
            {
                throw new CliUsageException("--signed and --relayer-key go together.");
            }

            var output = new JsonObject { ["did"] = didText, ["operation"] = name };
            Func<EthrDidController, EthereumTransactionSender, CancellationToken, ValueTask<Result<TransactionReceipt>>> direct;
            Func<EthrDidController, EthereumPrivateKey, CancellationToken, ValueTask<Result<EthrSignedWrite>>> sign;
            switch (kind)
            {
                case WriteKind.ChangeOwner:
                    var owner = ParseAddress(parse.GetRequiredValue(newOwner), "--new-owner");
                    output["newOwner"] = owner.ToString();
                    direct = (c, s, ct) => c.ChangeOwnerAsync(s, owner, ct);
                    sign = (c, k, ct) => c.SignChangeOwnerAsync(k, owner, ct);
                    break;
                case WriteKind.AddDelegate or WriteKind.RevokeDelegate:
                    var address = ParseAddress(parse.GetRequiredValue(delegateAddress), "--delegate");
                    var type = parse.GetRequiredValue(delegateType);
                    output["delegate"] = address.ToString();
                    output["delegateType"] = type;
                    if (kind == WriteKind.AddDelegate)
                    {
                        var seconds = Validity(parse.GetValue(validity));
                        output["validity"] = (ulong)seconds.TotalSeconds;
                        direct = (c, s, ct) => c.AddDelegateAsync(s, type, address, seconds, ct);
                        sign = (c, k, ct) => c.SignAddDelegateAsync(k, type, address, seconds, ct);
                    }
                    else
                    {
                        direct = (c, s, ct) => c.RevokeDelegateAsync(s, type, address, ct);
                        sign = (c, k, ct) => c.SignRevokeDelegateAsync(k, type, address, ct);
                    }

                    break;
                default:
                    var attribute = parse.GetRequiredValue(attributeName);
                    if (Encoding.UTF8.GetByteCount(attribute) is 0 or > 32)
                    {
                        throw new CliUsageException("--name is 1 to 32 bytes of UTF-8.");
                    }

                    var text = parse.GetRequiredValue(attributeValue);
                    var value = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
                        ? (Hex.TryDecode(text, out var bytes) ? bytes : throw new CliUsageException("--value starts with 0x but is not hex."))
                        : Encoding.UTF8.GetBytes(text);
                    output["name"] = attribute;
                    output["value"] = text;
                    if (kind == WriteKind.SetAttribute)
                    {
                        var seconds = Validity(parse.GetValue(validity));
                        output["validity"] = (ulong)seconds.TotalSeconds;
                        direct = (c, s, ct) => c.SetAttributeAsync(s, attribute, value, seconds, ct);
                        sign = (c, k, ct) => c.SignSetAttributeAsync(k, attribute, value, seconds, ct);
                    }
                    else
                    {
                        direct = (c, s, ct) => c.RevokeAttributeAsync(s, attribute, value, ct);
                        sign = (c, k, ct) => c.SignRevokeAttributeAsync(k, attribute, value, ct);
                    }

                    break;
            }

            using var ownerKey = ReadEthereumKey(parse.GetRequiredValue(key), "--key");
            using var relayerKey = relayerFile is null ? null : ReadEthereumKey(relayerFile, "--relayer-key");
            var chainId = options.ChainId!.Value;
            var registry = EthereumAddress.Parse(options.RegistryAddress ?? EthrKnownNetworks.Find(null, chainId)!.RegistryAddress).Value;
            var client = new EthereumClient(
                new HttpEthereumRpc(context.HttpClient, new HttpEthereumRpcOptions { Endpoint = options.RpcUrl }, context.Time),
                new EthereumClientOptions { ChainId = chainId });
            var logger = context.Services.GetService<ILoggerFactory>()?.CreateLogger<EthrDidController>() ?? NullLogger<EthrDidController>.Instance;
            var controller = new EthrDidController(client, registry, identity, logger);

            Result<TransactionReceipt> receipt;
            if (relayerKey is null)
            {
                receipt = await direct(controller, new EthereumTransactionSender(client, ownerKey, chainId, timeProvider: context.Time), cancellationToken).ConfigureAwait(false);
                output["sentBy"] = ownerKey.Address.ToString();
            }
            else
            {
                var write = await sign(controller, ownerKey, cancellationToken).ConfigureAwait(false);
                if (!write.Succeeded)
                {
                    return await FailAsync(context, write.Error).ConfigureAwait(false);
                }

                await context.Error.WriteLineAsync("warning: an ERC-1056 signed change carries no chain id; it can be replayed on any chain where this registry address exists and the owner's registry nonce matches.").ConfigureAwait(false);
                output["signedBy"] = write.Value.Signer.ToString();
                output["signerNonce"] = write.Value.Nonce.ToString(CultureInfo.InvariantCulture);
                receipt = await controller.RelayAsync(new EthereumTransactionSender(client, relayerKey, chainId, timeProvider: context.Time), write.Value, cancellationToken).ConfigureAwait(false);
                output["sentBy"] = relayerKey.Address.ToString();
            }

            if (!receipt.Succeeded)
            {
                return await FailAsync(context, receipt.Error).ConfigureAwait(false);
            }

            output["transactionHash"] = receipt.Value.TransactionHash;
            output["blockNumber"] = receipt.Value.BlockNumber;
            output["registry"] = registry.ToString();
            output["chainId"] = chainId;
            await context.Out.WriteLineAsync(output.ToJsonString(CliJson.Indented)).ConfigureAwait(false);
            return CliApp.Success;
        });
        return command;
    }

    private static TimeSpan Validity(ulong seconds)
        => seconds is 0 or > 100UL * 365 * 24 * 3600 ? throw new CliUsageException("--validity is 1 second to 100 years.") : TimeSpan.FromSeconds(seconds);

    internal static EthereumAddress ParseAddress(string text, string option)
    {
        var address = EthereumAddress.Parse(text);
        return address.Succeeded ? address.Value : throw new CliUsageException($"{option} '{text}' is not an Ethereum address ({address.Error.Message}).");
    }

    internal static EthereumPrivateKey ReadEthereumKey(string file, string option)
    {
        byte[] bytes;
        try
        {
            bytes = new FileInfo(file) is { Exists: true, Length: <= 64 * 1024 } ? File.ReadAllBytes(file) : throw new CliUsageException($"{option}: '{file}' does not exist or is too large.");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new CliUsageException($"{option}: cannot read '{file}': {ex.Message}");
        }

        var jwk = Jwk.Parse(bytes);
        if (!jwk.Succeeded || jwk.Value.KeyType != KeyType.Secp256k1 || !jwk.Value.HasPrivateKey)
        {
            throw new CliUsageException($"{option}: '{file}' is not a private secp256k1 JWK (did-sdk key generate --alg ES256K --out <prefix>).");
        }

        var d = jwk.Value.ToJsonObject()["d"]!.GetValue<string>();
        if (!Base64Url.TryDecode(d, out var scalar))
        {
            throw new CliUsageException($"{option}: the JWK's d is not base64url.");
        }

        try
        {
            var key = EthereumPrivateKey.Import(scalar);
            return key.Succeeded ? key.Value : throw new CliUsageException($"{option}: {key.Error.Message}");
        }
        finally
        {
            Array.Clear(scalar);
        }
    }

    internal static async Task<int> FailAsync(CliContext context, SdkError error)
    {
        var output = new JsonObject { ["error"] = new JsonObject { ["code"] = error.Code, ["message"] = error.Message } };
        await context.Out.WriteLineAsync(output.ToJsonString(CliJson.Indented)).ConfigureAwait(false);
        await context.Error.WriteLineAsync($"{error.Code}: {error.Message}").ConfigureAwait(false);
        return CliApp.Failed;
    }
}
