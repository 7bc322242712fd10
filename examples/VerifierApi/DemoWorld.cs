using System.Numerics;
using System.Text;
using Did.Sdk.Devnet;
using Did.Sdk.Ethereum;
using Did.Sdk.Ethereum.Rpc;
using Did.Sdk.Ethereum.Transactions;
using Did.Sdk.Ethr;
using Did.Sdk.SdJwt;
using Did.Sdk.SocialToken;
using Did.Sdk.Verification.Policy;

namespace Did.Sdk.Examples.VerifierApi;

/// <summary>
/// The embedded devnet with a brand (dev account #0, its creator coin ADA, tiers bronze/silver/gold) and a
/// fan holding 1500 ADA with a gold SocialTokenHolder credential, so the API and its page run out of the box.
/// </summary>
public sealed class DemoWorld : IAsyncDisposable
{
    private static readonly BigInteger Unit = BigInteger.Pow(10, 18);
    private readonly EthereumPrivateKey _fan;
    private readonly SdJwtToken _credential;

    private DemoWorld(Devnet.Devnet devnet, EthereumAddress coin, string brandDid, EthereumPrivateKey fan, SdJwtToken credential)
    {
        Devnet = devnet;
        Coin = coin;
        BrandDid = brandDid;
        _fan = fan;
        _credential = credential;
    }

    /// <summary>The devnet.</summary>
    public Devnet.Devnet Devnet { get; }

    /// <summary>The brand's creator coin.</summary>
    public EthereumAddress Coin { get; }

    /// <summary>The brand's DID (the issuer).</summary>
    public string BrandDid { get; }

    /// <summary>The fan's DID (the holder).</summary>
    public string FanDid => $"did:ethr:0x{Devnet.ChainId:x}:{_fan.Address}";

    /// <summary>Starts the devnet and sets the scene up.</summary>
    public static async Task<DemoWorld> StartAsync(CancellationToken cancellationToken = default)
    {
        var devnet = await global::Did.Sdk.Devnet.Devnet.StartAsync(new DevnetOptions { SafeEveryBlocks = 1, FinalityDelayBlocks = 0 }, cancellationToken);
        var client = new EthereumClient(devnet.Rpc, new EthereumClientOptions { ChainId = devnet.ChainId });
        using var brand = devnet.Accounts[0].CreateKey();
        var sender = new EthereumTransactionSender(client, brand, devnet.ChainId, new EthereumTransactionSenderOptions { ReceiptPollInterval = TimeSpan.FromMilliseconds(1) });
        var coin = (await SocialTokenContracts.DeployCreatorCoinAsync(sender, "Ada Coin", "ADA", brand.Address, 1_000_000 * Unit, cancellationToken)).ThrowIfFailed();
        var fan = EthereumPrivateKey.Generate();
        (await sender.SendAsync(coin, SocialTokenContracts.Transfer(fan.Address, 1500 * Unit), cancellationToken: cancellationToken)).ThrowIfFailed();

        var resolver = Resolver(devnet);
        string brandDid = $"did:ethr:0x{devnet.ChainId:x}:{brand.Address}";
        using var key = brand.ToSigningKey();
        var issuer = new SocialTokenCredentialIssuer(
            (await SdJwtIssuer.ForDidAsync(key, brandDid, resolver, cancellationToken: cancellationToken)).ThrowIfFailed(),
            new SocialTokenIssuerOptions
            {
                Token = new SocialToken.SocialToken(devnet.ChainId, coin, TokenStandard.Erc20, "ADA", 18),
                Tiers = [new SocialTokenTier("bronze", 10), new SocialTokenTier("silver", 100), new SocialTokenTier("gold", 1000)],
                Domain = "brand.example",
                Uri = "https://brand.example/credentials",
            },
            resolver,
            client);
        string fanDid = $"did:ethr:0x{devnet.ChainId:x}:{fan.Address}";
        string message = issuer.CreateChallenge(fanDid, fan.Address).ToString();
        var request = new SocialTokenHolderRequest { Did = fanDid, SiweMessage = message, Signature = EthereumSigner.SignPersonalMessage(fan, Encoding.UTF8.GetBytes(message)).ToBytes() };
        var issued = (await issuer.IssueHolderCredentialAsync(request, cancellationToken)).ThrowIfFailed();
        return new DemoWorld(devnet, coin, brandDid, fan, issued.Credential);
    }

    /// <summary>A resolver for did:ethr on the devnet.</summary>
    public static IDidResolver Resolver(Devnet.Devnet devnet)
        => new DidResolver(new EthrDidResolver(new EthrDidResolverOptions { Networks = { new EthrNetworkOptions { ChainId = devnet.ChainId, Rpc = devnet.Rpc, RegistryAddress = devnet.RegistryAddress.ToString() } } }));

    /// <summary>The demo policy: a SocialTokenHolder from the brand, tier gold, holding at least 1000 ADA at a finalized block.</summary>
    public VerificationPolicy GoldMemberPolicy() => new VerificationPolicyBuilder()
        .RequireCredential("member", SocialTokenIssuerOptions.HolderVct, c => c.Claim("tier", "gold"))
        .TrustIssuer(BrandDid)
        .ResolveDidsAt(Finality.Finalized)
        .OnChain(Devnet.ChainId, Finality.Finalized)
        .Require(Rules.BalanceAtLeast(Coin, 1000 * Unit))
        .Build();

    /// <summary>The fan's presentation for <paramref name="audience"/> and <paramref name="nonce"/>, disclosing the tier only.</summary>
    public string Present(string audience, string nonce)
    {
        using var key = _fan.ToSigningKey();
        return new SdJwtHolder().Present(_credential, [SdJwtClaimPath.Create("tier")], key, audience, nonce).ThrowIfFailed().ToCompact();
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        _fan.Dispose();
        await Devnet.DisposeAsync();
    }
}
