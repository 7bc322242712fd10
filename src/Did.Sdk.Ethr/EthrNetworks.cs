// did:ethr networks: ethr-did-resolver src/config/deployments.ts (registry addresses of L1 deployments)
// and chain ids of the rollups (OP Mainnet 10, Base 8453, Arbitrum One 42161, Linea 59144, Polygon PoS
// 137 and their Sepolia/Amoy testnets). No public ERC-1056 deployment is listed for the rollups, so
// their registry address must be configured.
using Did.Sdk.Ethereum;
using Did.Sdk.Ethereum.Rpc;

namespace Did.Sdk.Ethr;

/// <summary>
/// One network a did:ethr resolver serves. Fields left null are filled from <see cref="EthrKnownNetworks"/>
/// when <see cref="Name"/> or <see cref="ChainId"/> matches a known network.
/// </summary>
public sealed class EthrNetworkOptions
{
    /// <summary>The network name used in DIDs (<c>did:ethr:&lt;name&gt;:…</c>); the DID without a network means <c>mainnet</c>.</summary>
    public string? Name { get; set; }

    /// <summary>The chain id; DIDs may also name the network as its hex form (<c>did:ethr:0xa:…</c>). Checked against the node.</summary>
    public ulong? ChainId { get; set; }

    /// <summary>The JSON-RPC endpoint, used through <see cref="IHttpClientFactory"/> when <see cref="Rpc"/> is null.</summary>
    public Uri? RpcUrl { get; set; }

    /// <summary>A transport to use instead of <see cref="RpcUrl"/> (a local node, the devnet, a fake in tests).</summary>
    public IEthereumRpc? Rpc { get; set; }

    /// <summary>The address of the EthereumDIDRegistry (ERC-1056) contract.</summary>
    public string? RegistryAddress { get; set; }

    /// <summary>The block the registry was deployed in; <c>previousChange</c> pointers below it are rejected.</summary>
    public ulong? DeploymentBlock { get; set; }
}

/// <summary>A known network: its DID name, chain id and, where published, the registry deployment.</summary>
/// <param name="Name">The network name in DIDs.</param>
/// <param name="ChainId">The chain id.</param>
/// <param name="RegistryAddress">The registry address, or null where no deployment is published.</param>
/// <param name="DeploymentBlock">The deployment block, or null when not known.</param>
public sealed record EthrKnownNetwork(string Name, ulong ChainId, string? RegistryAddress, ulong? DeploymentBlock);

/// <summary>The built-in network table.</summary>
public static class EthrKnownNetworks
{
    private const string LegacyRegistry = "0xdca7ef03e98e0dc2b855be647c39abe984fcf21b";
    private const string Registry2023 = "0x03d5003bf0e79C5F5223588F347ebA39AfbC3818";

    /// <summary>The chain id of the embedded devnet (Did.Sdk.Devnet) by default, as hardhat and anvil use.</summary>
    public const ulong DevnetChainId = 31337;

    /// <summary>
    /// The known networks: Ethereum mainnet and Sepolia, Polygon, the rollups with their testnets, and
    /// <c>devnet</c> (the embedded devnet: chain 31337, the registry predeployed at its mainnet address).
    /// </summary>
    public static IReadOnlyList<EthrKnownNetwork> All { get; } =
    [
        new("mainnet", 1, LegacyRegistry, null),
        new("sepolia", 11155111, Registry2023, null),
        new("polygon", 137, LegacyRegistry, null),
        new("polygon:amoy", 80002, null, null),
        new("optimism", 10, null, null),
        new("optimism:sepolia", 11155420, null, null),
        new("base", 8453, null, null),
        new("base:sepolia", 84532, null, null),
        new("arbitrum", 42161, null, null),
        new("arbitrum:sepolia", 421614, null, null),
        new("linea", 59144, null, null),
        new("linea:sepolia", 59141, null, null),
        new("devnet", DevnetChainId, LegacyRegistry, 0),
    ];

    /// <summary>The known network named <paramref name="name"/> or with chain id <paramref name="chainId"/>, or null.</summary>
    public static EthrKnownNetwork? Find(string? name, ulong? chainId)
        => All.FirstOrDefault(n => (name is not null && n.Name == name) || (chainId is not null && n.ChainId == chainId));

    /// <summary>The known network that fills the gaps of <paramref name="options"/>: by chain id when set, otherwise by name.</summary>
    internal static EthrKnownNetwork? ForOptions(EthrNetworkOptions options)
        => options.ChainId is { } chainId ? Find(null, chainId) : Find(options.Name, null);
}

/// <summary>A validated network configuration with its client.</summary>
internal sealed class EthrNetwork
{
    public EthrNetwork(string? name, ulong chainId, EthereumAddress registry, ulong? deploymentBlock, EthereumClient client)
    {
        Name = name;
        ChainId = chainId;
        Registry = registry;
        DeploymentBlock = deploymentBlock;
        Client = client;
        HexChainId = Quantity.Format(chainId);
    }

    public string? Name { get; }

    public ulong ChainId { get; }

    public string HexChainId { get; }

    public EthereumAddress Registry { get; }

    public ulong? DeploymentBlock { get; }

    public EthereumClient Client { get; }

    /// <summary>Set once the registry's code has been seen at some block.</summary>
    public int RegistryVerified;
}
