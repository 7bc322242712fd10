using System.Net;
using System.Net.Http.Headers;
using System.Numerics;
using System.Text;
using Did.Sdk.Devnet;
using Did.Sdk.Ethereum;
using Did.Sdk.Ethereum.Rpc;
using Did.Sdk.Ethereum.Transactions;
using Did.Sdk.Ethr;
using Did.Sdk.Jose;
using Did.Sdk.SdJwt;
using Did.Sdk.SdJwt.StatusList;
using Did.Sdk.SocialToken;

namespace Did.Sdk.Examples.DaoEligibility;

/// <summary>
/// The world the DAO tool works in, set up on the embedded devnet (safe every 2 blocks, finalized 2 blocks
/// later): the brand (dev account #0) with its creator coin ADA and its SocialTokenHolder issuer with a status
/// list, and three members who proved control of their did:ethr with SIWE and got credentials — Alice, with two
/// wallets (the second a delegate of her DID); Bob, who holds little; Carol, whose credential the brand revoked.
/// </summary>
public sealed class DemoScene : IAsyncDisposable
{
    /// <summary>Where the brand's status list is published.</summary>
    public const string StatusListUri = "https://brand.example/status/1";

    /// <summary>The audience the DAO tool's presentation requests name.</summary>
    public const string Audience = "https://dao.example";

    private static readonly BigInteger Unit = BigInteger.Pow(10, 18);
    private readonly EthereumPrivateKey _brand;
    private readonly SigningKey _brandKey;
    private readonly StatusListRegistry _statusLists;

    private DemoScene(Devnet.Devnet devnet, EthereumClient client, EthereumAddress coin, EthereumPrivateKey brand, SigningKey brandKey, StatusListRegistry statusLists)
    {
        Devnet = devnet;
        Client = client;
        Coin = coin;
        _brand = brand;
        _brandKey = brandKey;
        _statusLists = statusLists;
        Resolver = new DidResolver(new EthrDidResolver(new EthrDidResolverOptions { Networks = { new EthrNetworkOptions { ChainId = devnet.ChainId, Rpc = devnet.Rpc, RegistryAddress = devnet.RegistryAddress.ToString() } } }));
        StatusChecker = new HttpStatusListChecker(new HttpClient(new StatusListEndpoint(this)), StatusListKeyResolver.FromKey(brandKey.VerificationKey));
    }

    /// <summary>The embedded devnet.</summary>
    public Devnet.Devnet Devnet { get; }

    /// <summary>A client of the devnet.</summary>
    public EthereumClient Client { get; }

    /// <summary>The brand's creator coin.</summary>
    public EthereumAddress Coin { get; }

    /// <summary>The brand's DID: the issuer the DAO trusts.</summary>
    public string BrandDid => DidOf(_brand.Address);

    /// <summary>A resolver of did:ethr on the devnet.</summary>
    public IDidResolver Resolver { get; }

    /// <summary>Checks credentials against the brand's status list.</summary>
    public IStatusListChecker StatusChecker { get; }

    /// <summary>The members, with their credentials.</summary>
    public List<Member> Members { get; } = [];

    /// <summary>Addresses of other token holders (for the snapshot list).</summary>
    public List<EthereumAddress> OtherHolders { get; } = [];

    /// <summary>The DID of <paramref name="address"/> on the devnet.</summary>
    public string DidOf(EthereumAddress address) => $"did:ethr:{Quantity.Format(Devnet.ChainId)}:{address}";

    /// <summary>Starts the devnet and sets the scene up.</summary>
    public static async Task<DemoScene> StartAsync(int otherHolders, CancellationToken cancellationToken = default)
    {
        var devnet = await global::Did.Sdk.Devnet.Devnet.StartAsync(new DevnetOptions { SafeEveryBlocks = 2, FinalityDelayBlocks = 2, AllowBlocksWithSameTimestamp = true }, cancellationToken);
        var client = new EthereumClient(devnet.Rpc, new EthereumClientOptions { ChainId = devnet.ChainId });
        var brand = devnet.Accounts[0].CreateKey();
        var brandKey = brand.ToSigningKey();
        var coin = (await SocialTokenContracts.DeployCreatorCoinAsync(Sender(client, devnet, brand), "Ada Coin", "ADA", brand.Address, 1_000_000 * Unit, cancellationToken)).ThrowIfFailed();
        var statusLists = new StatusListRegistry();
        statusLists.CreateList(StatusListUri, 1, 1024);
        var scene = new DemoScene(devnet, client, coin, brand, brandKey, statusLists);
        await scene.SetUpMembersAsync(otherHolders, cancellationToken);
        return scene;
    }

    /// <summary>Mines blocks until <paramref name="block"/> is finalized.</summary>
    public async Task FinalizeAsync(ulong block)
    {
        while (Devnet.Heads.Finalized < block)
        {
            await Devnet.MineAsync();
        }
    }

    /// <summary><paramref name="member"/>'s presentation of the tier only, answering <paramref name="nonce"/>.</summary>
    public static string Present(Member member, string nonce)
    {
        using var key = member.Wallets[0].ToSigningKey();
        return new SdJwtHolder().Present(member.Credential, [SdJwtClaimPath.Create("tier")], key, Audience, nonce).ThrowIfFailed().ToCompact();
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        foreach (var member in Members)
        {
            member.Dispose();
        }

        _brandKey.Dispose();
        _brand.Dispose();
        await Devnet.DisposeAsync();
    }

    private static EthereumTransactionSender Sender(EthereumClient client, Devnet.Devnet devnet, EthereumPrivateKey key)
        => new(client, key, devnet.ChainId, new EthereumTransactionSenderOptions { ReceiptPollInterval = TimeSpan.FromMilliseconds(1) });

    private async Task SetUpMembersAsync(int otherHolders, CancellationToken cancellationToken)
    {
        var issuer = new SocialTokenCredentialIssuer(
            (await SdJwtIssuer.ForDidAsync(_brandKey, BrandDid, Resolver, cancellationToken: cancellationToken)).ThrowIfFailed(),
            new SocialTokenIssuerOptions
            {
                Token = new SocialToken.SocialToken(Devnet.ChainId, Coin, TokenStandard.Erc20, "ADA", 18),
                Tiers = [new SocialTokenTier("bronze", 10), new SocialTokenTier("silver", 100), new SocialTokenTier("gold", 1000)],
                Domain = "brand.example",
                Uri = "https://brand.example/credentials",
                StatusListUri = StatusListUri,
            },
            Resolver,
            Client);
        var brandSender = Sender(Client, Devnet, _brand);
        using var funder = Devnet.Accounts[9].CreateKey();
        var funderSender = Sender(Client, Devnet, funder);

        async Task<Member> JoinAsync(string name, params int[] holdings)
        {
            var wallets = holdings.Select(_ => EthereumPrivateKey.Generate()).ToList();
            foreach (var (wallet, tokens) in wallets.Zip(holdings))
            {
                (await funderSender.SendAsync(wallet.Address, ReadOnlyMemory<byte>.Empty, Unit / 10, cancellationToken: cancellationToken)).ThrowIfFailed();
                (await brandSender.SendAsync(Coin, SocialTokenContracts.Transfer(wallet.Address, tokens * Unit), cancellationToken: cancellationToken)).ThrowIfFailed();
            }

            // Further wallets become delegates of the first wallet's did:ethr: one identity, several wallets.
            var controller = new EthrDidController(Client, Devnet.RegistryAddress, wallets[0].Address);
            foreach (var extra in wallets.Skip(1))
            {
                (await controller.AddDelegateAsync(Sender(Client, Devnet, wallets[0]), "veriKey", extra.Address, TimeSpan.FromDays(365), cancellationToken)).ThrowIfFailed();
            }

            string did = DidOf(wallets[0].Address);
            string message = issuer.CreateChallenge(did, wallets[0].Address).ToString();
            var request = new SocialTokenHolderRequest
            {
                Did = did,
                SiweMessage = message,
                Signature = EthereumSigner.SignPersonalMessage(wallets[0], Encoding.UTF8.GetBytes(message)).ToBytes(),
                StatusIndex = _statusLists.Allocate(StatusListUri).Index,
            };
            var issued = (await issuer.IssueHolderCredentialAsync(request, cancellationToken)).ThrowIfFailed();
            var member = new Member(name, did, wallets, issued.Credential, issued.Tier?.Name ?? "none", issued.StatusIndex!.Value);
            Members.Add(member);
            return member;
        }

        await JoinAsync("Alice", 600, 500);
        await JoinAsync("Bob", 40);
        var carol = await JoinAsync("Carol", 300);
        _statusLists.SetStatus(new StatusReference(StatusListUri, carol.StatusIndex), TokenStatus.Invalid);

        var random = new Random(15);
        for (int i = 0; i < otherHolders; i++)
        {
            var holder = EthereumPrivateKey.Generate().Address;
            (await brandSender.SendAsync(Coin, SocialTokenContracts.Transfer(holder, random.Next(1, 2000) * Unit), cancellationToken: cancellationToken)).ThrowIfFailed();
            OtherHolders.Add(holder);
        }
    }

    // The brand's status endpoint, answered in this process with the list signed now (in production the
    // verifier fetches StatusListUri over HTTPS).
    private sealed class StatusListEndpoint(DemoScene scene) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.RequestUri?.ToString() != StatusListUri)
            {
                return Task.FromResult(new HttpResponseMessage(HttpStatusCode.NotFound));
            }

            var content = new StringContent(scene._statusLists.IssueToken(StatusListUri, scene._brandKey, TimeSpan.FromHours(1)));
            content.Headers.ContentType = new MediaTypeHeaderValue("application/statuslist+jwt");
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = content });
        }
    }
}
