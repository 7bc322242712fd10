using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Did.Sdk.Ethereum;
using Did.Sdk.Ethereum.Rpc;
using Did.Sdk.Ethr;
using Did.Sdk.Jose;
using Did.Sdk.SdJwt;
using Did.Sdk.SdJwt.StatusList;

namespace Did.Sdk.SocialToken.Tests;

/// <summary>
/// The brand on a <see cref="Chain"/>: its DID (dev account #0, which owns the creator coin), its issuer
/// with tiers bronze 10 / silver 100 / gold 1000, its status list, and a verifier that fetches that list.
/// </summary>
internal sealed class Brand : IDisposable
{
    public const string StatusListUri = "https://issuer.example/status/1";
    public const string Audience = "https://dao.example";

    private Brand(Chain chain, EthereumPrivateKey wallet, SigningKey key, SocialTokenCredentialIssuer issuer)
    {
        Chain = chain;
        Wallet = wallet;
        Key = key;
        Issuer = issuer;
        StatusLists = new StatusListRegistry(chain.Clock);
        StatusLists.CreateList(StatusListUri, 1, 1024);
        StatusChecker = new HttpStatusListChecker(
            new HttpClient(new StatusListServer(this)), StatusListKeyResolver.FromKey(key.VerificationKey), new HttpStatusListCheckerOptions(), chain.Clock);
    }

    public Chain Chain { get; }

    public EthereumPrivateKey Wallet { get; }

    public SigningKey Key { get; }

    public string Did => DidOf(Wallet.Address);

    public SocialTokenCredentialIssuer Issuer { get; }

    public StatusListRegistry StatusLists { get; }

    public HttpStatusListChecker StatusChecker { get; }

    public static string DidOf(EthereumAddress address) => $"did:ethr:devnet:{address}";

    public static SocialTokenIssuerOptions Options(Chain chain, string domain = "issuer.example", Finality finality = Finality.Safe) => new()
    {
        Token = chain.Token,
        Tiers = [new SocialTokenTier("gold", 1000), new SocialTokenTier("bronze", 10), new SocialTokenTier("silver", 100)],
        Domain = domain,
        Uri = $"https://{domain}/credentials",
        StatusListUri = StatusListUri,
        EvidenceFinality = finality,
    };

    /// <summary>The brand: dev account #0, the coin's owner.</summary>
    public static Task<Brand> CreateAsync(Chain chain, SocialTokenIssuerOptions? options = null, EthereumClient? client = null)
        => CreateAsync(chain, chain.Devnet.Accounts[0].CreateKey(), options, client);

    /// <summary>Anyone posing as the brand with <paramref name="wallet"/>.</summary>
    public static async Task<Brand> CreateAsync(Chain chain, EthereumPrivateKey wallet, SocialTokenIssuerOptions? options = null, EthereumClient? client = null)
    {
        var key = wallet.ToSigningKey();
        var sdJwtIssuer = (await SdJwtIssuer.ForDidAsync(key, DidOf(wallet.Address), chain.Resolver)).ThrowIfFailed();
        return new Brand(chain, wallet, key, new SocialTokenCredentialIssuer(sdJwtIssuer, options ?? Options(chain), chain.Resolver, client ?? chain.Client, chain.Clock));
    }

    /// <summary>The SIWE request <paramref name="signer"/> makes for <paramref name="did"/> against this brand's challenge.</summary>
    public SocialTokenHolderRequest Request(string did, EthereumPrivateKey signer, Func<SiweMessage, SiweMessage>? tamper = null)
    {
        var challenge = Issuer.CreateChallenge(did, signer.Address);
        challenge = tamper?.Invoke(challenge) ?? challenge;
        return Sign(did, signer, challenge.ToString());
    }

    public SocialTokenHolderRequest Sign(string did, EthereumPrivateKey signer, string message) => new()
    {
        Did = did,
        SiweMessage = message,
        Signature = EthereumSigner.SignPersonalMessage(signer, Encoding.UTF8.GetBytes(message)).ToBytes(),
    };

    /// <summary>A holder request with a status entry allocated from the brand's list.</summary>
    public SocialTokenHolderRequest RequestWithStatus(string did, EthereumPrivateKey signer)
        => Request(did, signer) with { StatusIndex = StatusLists.Allocate(StatusListUri).Index };

    public SocialTokenVerifier Verifier()
        => new(new SdJwtVerifier(new SdJwtVerificationOptions(), Chain.Resolver, StatusChecker, Chain.Clock), Chain.Resolver, Chain.Client);

    public SocialTokenPresentationRequest PresentationRequest(string nonce, params string[] tiers) => new()
    {
        Audience = Audience,
        Nonce = nonce,
        ChainId = Chain.Devnet.ChainId,
        Contract = Chain.Coin,
        AcceptedTiers = tiers,
    };

    /// <summary>The holder presents <paramref name="credential"/>, disclosing only <paramref name="disclose"/>.</summary>
    public string Present(SdJwtToken credential, EthereumPrivateKey holder, string nonce, params string[] disclose)
    {
        using var key = holder.ToSigningKey();
        return new SdJwtHolder(Chain.Clock).Present(credential, disclose.Select(d => SdJwtClaimPath.Create(d)), key, Audience, nonce).ThrowIfFailed().ToCompact();
    }

    /// <summary>Makes <paramref name="delegateWallet"/> a wallet of <paramref name="owner"/>'s did:ethr (a veriKey delegate).</summary>
    public async Task LinkWalletAsync(EthereumPrivateKey owner, EthereumAddress delegateWallet)
    {
        var controller = new EthrDidController(Chain.Client, Chain.Devnet.RegistryAddress, owner.Address);
        (await controller.AddDelegateAsync(Chain.Sender(owner), "veriKey", delegateWallet, TimeSpan.FromDays(365))).ThrowIfFailed();
    }

    public void Dispose()
    {
        Key.Dispose();
        Wallet.Dispose();
    }

    // Serves the brand's current status list token, signed now, as the brand's HTTPS endpoint would.
    private sealed class StatusListServer(Brand brand) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.RequestUri?.ToString() != StatusListUri)
            {
                return Task.FromResult(new HttpResponseMessage(HttpStatusCode.NotFound));
            }

            var token = brand.StatusLists.IssueToken(StatusListUri, brand.Key, TimeSpan.FromDays(1));
            var content = new StringContent(token);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/statuslist+jwt");
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = content });
        }
    }
}
