using System.CommandLine;
using Did.Sdk.Ethereum;
using Did.Sdk.Ethereum.Rpc;
using Did.Sdk.Ethr;
using Did.Sdk.Methods;

namespace Did.Sdk.Cli;

/// <summary>
/// <c>--rpc</c> (required), <c>--chain-id</c> and <c>--registry</c> of the token commands: the chain a token
/// lives on, and the ERC-1056 registry that did:ethr DIDs of that chain are resolved with.
/// </summary>
internal sealed class ChainArguments
{
    public Option<string> Rpc { get; } = new("--rpc") { Description = "The JSON-RPC endpoint of the token's chain (http or https URL).", Required = true };

    public Option<ulong?> ChainId { get; } = new("--chain-id") { Description = "The chain id the node must serve; asked from the node when not given." };

    public Option<string?> Registry { get; } = new("--registry") { Description = "The ERC-1056 registry of the chain, for did:ethr DIDs; defaults to the chain's known deployment." };

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(Rpc);
        command.Options.Add(ChainId);
        command.Options.Add(Registry);
    }

    /// <summary>The endpoint; a usage error when it is not an http(s) URL. Check before reading files or keys.</summary>
    public Uri Url(ParseResult parse)
    {
        _ = GivenRegistry(parse);
        var rpc = parse.GetRequiredValue(Rpc);
        return Uri.TryCreate(rpc, UriKind.Absolute, out var url) && url.Scheme is "http" or "https"
            ? url
            : throw new CliUsageException($"--rpc '{rpc}' is not an http(s) URL.");
    }

    /// <summary>The registry given with --registry (checked) or null.</summary>
    public EthereumAddress? GivenRegistry(ParseResult parse)
        => parse.GetValue(Registry) is { } text ? EthrCommand.ParseAddress(text, "--registry") : null;

    /// <summary>
    /// A client for the chain: with --chain-id the node is held to it (checked on first use); without, the
    /// node is asked once. Fails with the transport codes.
    /// </summary>
    public async Task<Result<(EthereumClient Client, ulong ChainId)>> ConnectAsync(CliContext context, ParseResult parse, CancellationToken cancellationToken)
    {
        var url = Url(parse);
        var rpc = new HttpEthereumRpc(context.HttpClient, new HttpEthereumRpcOptions { Endpoint = url }, context.Time);
        if (parse.GetValue(ChainId) is { } given)
        {
            var client = new EthereumClient(rpc, new EthereumClientOptions { ChainId = given });
            var verified = await client.VerifyChainIdAsync(cancellationToken).ConfigureAwait(false);
            return verified.Succeeded ? (client, given) : verified.Error;
        }

        var asked = await new EthereumClient(rpc).GetChainIdAsync(cancellationToken).ConfigureAwait(false);
        if (!asked.Succeeded)
        {
            return asked.Error;
        }

        return (new EthereumClient(rpc, new EthereumClientOptions { ChainId = asked.Value }), asked.Value);
    }

    /// <summary>
    /// A resolver for the holders' and the issuer's DIDs on the token's chain: did:ethr through
    /// <paramref name="client"/>'s transport (DIDs name the chain by its hex id, did:ethr:0x7a69:0x…, or by a
    /// known name) and did:pkh. A usage error when no registry is known on the chain.
    /// </summary>
    public IDidResolver Resolver(CliContext context, ParseResult parse, EthereumClient client, ulong chainId)
    {
        var registry = GivenRegistry(parse)?.ToString() ?? EthrKnownNetworks.Find(null, chainId)?.RegistryAddress
            ?? throw new CliUsageException($"No ERC-1056 registry is known on chain {chainId}: pass --registry.");
        var network = new EthrNetworkOptions { Name = EthrKnownNetworks.Find(null, chainId)?.Name, ChainId = chainId, Rpc = client.Rpc, RegistryAddress = registry };
        return new DidResolver(new EthrDidResolver(new EthrDidResolverOptions { Networks = { network } }, timeProvider: context.Time), new DidPkhResolver());
    }
}
