using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Did.Sdk.Devnet;
using Did.Sdk.Ethereum;
using Did.Sdk.Ethereum.Rpc;
using Did.Sdk.Ethereum.Transactions;
using Did.Sdk.Ethr;
using Did.Sdk.Methods;
using Microsoft.Extensions.Time.Testing;

namespace Did.Sdk.SocialToken.Tests;

/// <summary>
/// The embedded devnet with the brand's creator coin deployed, the wallets funded, and a resolver for
/// did:ethr (network "devnet", chain 31337) and did:pkh. Counts JSON-RPC round trips.
/// </summary>
internal sealed class Chain : IAsyncDisposable
{
    public static readonly BigInteger Unit = BigInteger.Pow(10, 18);

    private Chain(Devnet.Devnet devnet, FakeTimeProvider clock)
    {
        Devnet = devnet;
        Clock = clock;
        Rpc = new CountingRpc(devnet.Rpc);
        Client = new EthereumClient(Rpc, new EthereumClientOptions { ChainId = devnet.ChainId });
        Resolver = new DidResolver(
            new EthrDidResolver(new EthrDidResolverOptions { Networks = { new EthrNetworkOptions { Name = "devnet", ChainId = devnet.ChainId, Rpc = devnet.Rpc, RegistryAddress = devnet.RegistryAddress.ToString() } } }, timeProvider: clock),
            new DidPkhResolver());
    }

    public Devnet.Devnet Devnet { get; }

    public FakeTimeProvider Clock { get; }

    public CountingRpc Rpc { get; }

    public EthereumClient Client { get; }

    public IDidResolver Resolver { get; }

    public EthereumAddress Coin { get; private set; }

    public static async Task<Chain> StartAsync(int safeEvery = 1, int finalityDelay = 0)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
        var devnet = await global::Did.Sdk.Devnet.Devnet.StartAsync(new DevnetOptions { TimeProvider = clock, SafeEveryBlocks = safeEvery, FinalityDelayBlocks = finalityDelay, AllowBlocksWithSameTimestamp = true });
        var chain = new Chain(devnet, clock);
        using var creator = devnet.Accounts[0].CreateKey();
        chain.Coin = (await SocialTokenContracts.DeployCreatorCoinAsync(chain.Sender(creator), "Ada Coin", "ADA", creator.Address, 1_000_000 * Unit)).ThrowIfFailed();
        return chain;
    }

    public EthereumTransactionSender Sender(EthereumPrivateKey key)
        => new(new EthereumClient(Devnet.Rpc, new EthereumClientOptions { ChainId = Devnet.ChainId }), key, Devnet.ChainId, new EthereumTransactionSenderOptions { ReceiptPollInterval = TimeSpan.FromMilliseconds(1) }, Clock);

    public SocialToken Token => new(Devnet.ChainId, Coin, TokenStandard.Erc20, "ADA", 18);

    /// <summary>A new wallet with gas money.</summary>
    public async Task<EthereumPrivateKey> FundedWalletAsync()
    {
        var key = EthereumPrivateKey.Generate();
        using var funder = Devnet.Accounts[9].CreateKey();
        (await Sender(funder).SendAsync(key.Address, ReadOnlyMemory<byte>.Empty, Unit)).ThrowIfFailed();
        return key;
    }

    /// <summary>Sends <paramref name="tokens"/> whole coins from the creator (dev account #0) to <paramref name="to"/>.</summary>
    public async Task GiveAsync(EthereumAddress to, BigInteger tokens)
    {
        using var creator = Devnet.Accounts[0].CreateKey();
        (await Sender(creator).SendAsync(Coin, SocialTokenContracts.Transfer(to, tokens * Unit))).ThrowIfFailed();
    }

    public ValueTask DisposeAsync() => Devnet.DisposeAsync();

    /// <summary>An IEthereumRpc that counts round trips (a batch is one).</summary>
    internal sealed class CountingRpc(IEthereumRpc inner) : IEthereumRpc
    {
        private int _roundTrips;

        public int RoundTrips => Volatile.Read(ref _roundTrips);

        public void Reset() => Interlocked.Exchange(ref _roundTrips, 0);

        public ValueTask<Result<JsonElement>> SendAsync(string method, JsonArray parameters, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _roundTrips);
            return inner.SendAsync(method, parameters, cancellationToken);
        }

        public ValueTask<IReadOnlyList<Result<JsonElement>>> SendBatchAsync(IReadOnlyList<RpcRequest> requests, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _roundTrips);
            return inner.SendBatchAsync(requests, cancellationToken);
        }
    }
}
