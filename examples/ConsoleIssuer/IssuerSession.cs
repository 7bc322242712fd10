// One process's view of the issuer: the database, the chain (the embedded devnet, persisted next to the
// database so separate commands see one chain, or a node at --rpc), a DID resolver for that chain, and the
// brand's key. Every command, the interactive menu and the demo work through a session.
using System.Globalization;
using System.Numerics;
using Did.Sdk.Devnet;
using Did.Sdk.Ethereum;
using Did.Sdk.Ethereum.Rpc;
using Did.Sdk.Ethereum.Transactions;
using Did.Sdk.Ethr;
using Did.Sdk.Methods;
using Did.Sdk.SocialToken;

namespace Did.Sdk.Examples.ConsoleIssuer;

/// <summary>The database, chain, resolver and brand key of one run.</summary>
internal sealed class IssuerSession : IAsyncDisposable
{
    private readonly HttpClient? _http;

    private IssuerSession(IssuerSettings settings, IssuerDb db, Devnet.Devnet? devnet, HttpClient? http, EthereumClient client, ulong chainId, IDidResolver resolver, EthereumPrivateKey brandKey, TimeProvider time)
    {
        Settings = settings;
        Db = db;
        Devnet = devnet;
        _http = http;
        Client = client;
        ChainId = chainId;
        Resolver = resolver;
        BrandKey = brandKey;
        Time = time;
    }

    public IssuerSettings Settings { get; }

    public IssuerDb Db { get; }

    /// <summary>The embedded devnet, or null when connected to --rpc.</summary>
    public Devnet.Devnet? Devnet { get; }

    public EthereumClient Client { get; }

    public ulong ChainId { get; }

    public IDidResolver Resolver { get; }

    public EthereumPrivateKey BrandKey { get; }

    public TimeProvider Time { get; }

    /// <summary>The brand's DID: did:ethr on the chain (by hex chain id) of the brand key's address.</summary>
    public string BrandDid => DidOf(BrandKey.Address);

    /// <summary>Opens the database, connects to the chain and loads the brand key.</summary>
    public static async Task<IssuerSession> OpenAsync(IssuerSettings settings, TimeProvider time, CancellationToken cancellationToken)
    {
        var brandKey = KeyFiles.Read(settings.BrandKey, "--brand-key");
        IssuerDb? db = null;
        Devnet.Devnet? devnet = null;
        HttpClient? http = null;
        try
        {
            db = IssuerDb.Open(settings.DbPath);
            IEthereumRpc rpc;
            if (settings.Rpc is null)
            {
                var started = await global::Did.Sdk.Devnet.Devnet.TryStartAsync(
                    new DevnetOptions
                    {
                        StateFile = settings.InMemoryChain ? null : settings.ChainFile,
                        // safe = latest, as on hardhat: holdings are read and transfers scanned at the safe block.
                        SafeEveryBlocks = 1,
                        FinalityDelayBlocks = 0,
                        AllowBlocksWithSameTimestamp = true,
                        TimeProvider = time,
                    },
                    cancellationToken);
                if (!started.Succeeded)
                {
                    throw new IssuerException(IssuerErrorCodes.ChainUnavailable, $"The embedded devnet cannot open {settings.ChainFile} ({started.Error.Code}): {started.Error.Message} (another issuer process serving it? Connect to it with --rpc.)");
                }

                devnet = started.Value;
                rpc = devnet.Rpc;
            }
            else
            {
                if (!Uri.TryCreate(settings.Rpc, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
                {
                    throw new IssuerException(IssuerErrorCodes.InvalidArgument, $"--rpc '{settings.Rpc}' is not an http(s) URL.");
                }

                http = new HttpClient();
                rpc = new HttpEthereumRpc(http, new HttpEthereumRpcOptions { Endpoint = url }, time);
            }

            var chainId = await new EthereumClient(rpc).GetChainIdAsync(cancellationToken);
            if (!chainId.Succeeded)
            {
                throw IssuerException.From(chainId.Error);
            }

            var known = EthrKnownNetworks.Find(null, chainId.Value);
            var registry = settings.Registry ?? known?.RegistryAddress
                ?? throw new IssuerException(IssuerErrorCodes.InvalidArgument, $"No ERC-1056 registry is known on chain {chainId.Value}: pass --registry.");
            var resolver = new DidResolver(
                new EthrDidResolver(new EthrDidResolverOptions { Networks = { new EthrNetworkOptions { Name = known?.Name, ChainId = chainId.Value, Rpc = rpc, RegistryAddress = registry } } }, timeProvider: time),
                new DidPkhResolver());
            var client = new EthereumClient(rpc, new EthereumClientOptions { ChainId = chainId.Value });
            return new IssuerSession(settings, db, devnet, http, client, chainId.Value, resolver, brandKey, time);
        }
        catch
        {
            brandKey.Dispose();
            db?.Dispose();
            if (devnet is not null)
            {
                await devnet.DisposeAsync();
            }

            http?.Dispose();
            throw;
        }
    }

    /// <summary>did:ethr on this chain of <paramref name="address"/>.</summary>
    public string DidOf(EthereumAddress address) => $"did:ethr:0x{ChainId.ToString("x", CultureInfo.InvariantCulture)}:{address}";

    /// <summary>The brand; <c>noBrand</c> before deploy or load.</summary>
    public BrandRecord RequireBrand()
    {
        var brand = Db.Brand ?? throw new IssuerException(IssuerErrorCodes.NoBrand, $"{Db.Path} has no brand token yet: run 'deploy' (or 'load') first.");
        if (brand.ChainId != ChainId)
        {
            throw new IssuerException(IssuerErrorCodes.InvalidArgument, $"The brand's token is on chain {brand.ChainId}; the node is chain {ChainId}.");
        }

        return brand;
    }

    /// <summary>Sends transactions signed by <paramref name="key"/>.</summary>
    public EthereumTransactionSender Sender(EthereumPrivateKey key)
        => new(Client, key, ChainId, new EthereumTransactionSenderOptions { ReceiptPollInterval = TimeSpan.FromMilliseconds(Devnet is null ? 200 : 1) }, Time);

    /// <summary>The library's issuer options for <paramref name="brand"/>, with the database's nonces.</summary>
    public static SocialTokenIssuerOptions IssuerOptions(BrandRecord brand, SiweNonces nonces) => new()
    {
        Token = brand.Token,
        Tiers = brand.Tiers,
        Domain = brand.Domain,
        Uri = $"https://{brand.Domain}/credentials",
        StatusListUri = brand.StatusListUri,
        EvidenceFinality = Finality.Safe,
        Nonces = nonces,
    };

    /// <summary>The nonce store holding the database's outstanding nonces, and those nonces as read (for <see cref="IssuerDb.UpdateNonces"/>).</summary>
    public (SiweNonces Store, IReadOnlyDictionary<string, DateTimeOffset> Read) Nonces()
    {
        // As the library's own default: a nonce outlives its challenge by the SIWE clock skew.
        var nonces = new SiweNonces(TimeSpan.FromMinutes(11), timeProvider: Time);
        var read = Db.Nonces();
        foreach (var (nonce, expires) in read)
        {
            nonces.Restore(nonce, expires);
        }

        return (nonces, read);
    }

    /// <summary>The unit of whole tokens.</summary>
    public static BigInteger Unit(BrandRecord brand) => BigInteger.Pow(10, brand.Decimals);

    public async ValueTask DisposeAsync()
    {
        BrandKey.Dispose();
        Db.Dispose();
        if (Devnet is not null)
        {
            await Devnet.DisposeAsync();
        }

        _http?.Dispose();
    }
}
