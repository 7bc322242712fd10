namespace Did.Sdk.Ethr;

/// <summary>Options of <see cref="EthrDidResolver"/>.</summary>
public sealed class EthrDidResolverOptions
{
    /// <summary>The default name of the HTTP client used for <see cref="EthrNetworkOptions.RpcUrl"/> endpoints.</summary>
    public const string DefaultHttpClientName = "Did.Sdk.Ethr";

    /// <summary>The networks served. A DID without a network part resolves on the one named <c>mainnet</c>.</summary>
    public IList<EthrNetworkOptions> Networks { get; } = [];

    /// <summary>The most registry events read for one resolution; more gives <c>historyTooLarge</c>. Default 1,000.</summary>
    public int MaxEventsPerResolution { get; set; } = 1_000;

    /// <summary>
    /// The widest block range read with one <c>eth_getLogs</c> for a cold history (from the deployment
    /// block, or the cached top, to the latest change). Wider histories are read block by block along the
    /// <c>previousChange</c> list, which every provider serves. Default 50,000; 0 always walks block by block.
    /// </summary>
    public ulong MaxLogQueryRange { get; set; } = 50_000;

    /// <summary>The most identities whose verified history is kept in memory. Default 10,000; 0 disables the cache.</summary>
    public int MaxCachedHistories { get; set; } = 10_000;

    /// <summary>The block tag resolved when the request names none (<c>latest</c>, <c>safe</c> or <c>finalized</c>). Default <c>latest</c>.</summary>
    public string DefaultBlockTag { get; set; } = "latest";

    /// <summary>The name of the <see cref="IHttpClientFactory"/> client for RPC URLs.</summary>
    public string HttpClientName { get; set; } = DefaultHttpClientName;

    /// <summary>Time allowed for one JSON-RPC round trip. Default 10 seconds.</summary>
    public TimeSpan RpcTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Retries of idempotent JSON-RPC reads after transient failures. Default 2.</summary>
    public int RpcMaxRetries { get; set; } = 2;

    /// <summary>Validates the options.</summary>
    /// <exception cref="ArgumentException">An option is out of range or a network is incomplete.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxEventsPerResolution, 1, nameof(MaxEventsPerResolution));
        ArgumentOutOfRangeException.ThrowIfNegative(MaxCachedHistories, nameof(MaxCachedHistories));
        if (DefaultBlockTag is not ("latest" or "safe" or "finalized"))
        {
            throw new ArgumentException("DefaultBlockTag must be latest, safe or finalized.", nameof(DefaultBlockTag));
        }

        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(RpcTimeout, TimeSpan.Zero, nameof(RpcTimeout));
        foreach (var network in Networks)
        {
            ArgumentNullException.ThrowIfNull(network);
            var known = EthrKnownNetworks.ForOptions(network);
            if (network.Name is null && network.ChainId is null)
            {
                throw new ArgumentException("A network needs a Name or a ChainId.", nameof(Networks));
            }

            if ((network.ChainId ?? known?.ChainId) is null)
            {
                throw new ArgumentException($"Network '{network.Name}' needs a ChainId.", nameof(Networks));
            }

            if (network.Rpc is null && network.RpcUrl is null)
            {
                throw new ArgumentException($"Network '{network.Name ?? network.ChainId.ToString()}' needs an RpcUrl or an Rpc.", nameof(Networks));
            }

            var registry = network.RegistryAddress ?? known?.RegistryAddress;
            if (registry is null || !Ethereum.EthereumAddress.TryParse(registry, out _))
            {
                throw new ArgumentException($"Network '{network.Name ?? network.ChainId.ToString()}' needs a valid RegistryAddress (none is published for it).", nameof(Networks));
            }
        }
    }
}
