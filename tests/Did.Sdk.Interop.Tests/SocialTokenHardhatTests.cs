using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Numerics;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Did.Sdk.Ethereum;
using Did.Sdk.Ethereum.Abi;
using Did.Sdk.Ethereum.Rpc;
using Did.Sdk.Ethereum.Transactions;
using Did.Sdk.Ethr;
using Did.Sdk.Jose;
using Did.Sdk.Methods;
using Did.Sdk.SdJwt;
using Did.Sdk.SdJwt.StatusList;
using Did.Sdk.SocialToken;
using Microsoft.Extensions.Time.Testing;

namespace Did.Sdk.Interop.Tests;

/// <summary>
/// The social-token scenarios on a hardhat node over HTTP, with the same library calls as the devnet tests
/// (tests/Did.Sdk.SocialToken.Tests): a brand deploys its CreatorCoin from the embedded artifact with this
/// SDK's sender, issues at the tier boundaries, sums two wallets of one did:ethr (a veriKey delegate on the
/// real EthereumDIDRegistry), and its watcher revokes a credential once a transfer or a delegation change
/// takes the identity below its tier (hardhat does not reorganize: every scan carries on from the last);
/// the creator credential of the real brand passes and an impostor gets none; ERC-1155 transfers are watched.
/// SIWE from an ERC-1271 contract wallet (contracts/src/OwnedWallet.sol) is accepted here and by siwe 3.0.0.
/// </summary>
[Collection(HardhatCollection.Name)]
public sealed class SocialTokenHardhatTests(HardhatNode node) : IDisposable
{
    private const string StatusListUri = "https://issuer.example/status/1";
    private const string Audience = "https://dao.example";
    private static readonly BigInteger Unit = BigInteger.Pow(10, 18);
    private static readonly string ContractsDirectory = typeof(SocialTokenHardhatTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "ContractsDirectory").Value!;

    private readonly HttpClient _http = new();

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task Tiers_AtTheBoundaries_HighestReachedIssued_JustBelowTheLowestRefused()
    {
        await using var brand = await BrandAsync();
        foreach (var (tokens, expected) in new (BigInteger, string?)[] { (10 * Unit - 1, null), (10 * Unit, "bronze"), (100 * Unit - 1, "bronze"), (100 * Unit, "silver"), (1000 * Unit, "gold") })
        {
            using var fan = await node.NewFundedAccountAsync();
            await brand.GiveAsync(fan.Address, tokens);

            var result = await brand.Issuer.IssueHolderCredentialAsync(brand.Request(DidOf(fan.Address), fan));

            if (expected is null)
            {
                Assert.Equal(SocialTokenErrorCodes.BelowThreshold, result.Error?.Code);
            }
            else
            {
                var issued = result.ThrowIfFailed();
                Assert.Equal(expected, issued.Tier!.Name);
                Assert.Equal(tokens, issued.Holding);
                Assert.Equal(HardhatNode.ChainId, issued.Evidence.ChainId);
            }
        }
    }

    [Fact]
    public async Task TwoWalletsOfOneDid_Summed_ThenTransfers_KeepsTheTier_NotRevoked_BelowTheTier_RevokedAndPresentationRefused()
    {
        await using var brand = await BrandAsync();
        using var main = await node.NewFundedAccountAsync();
        using var second = await node.NewFundedAccountAsync();
        var controller = new EthrDidController(brand.Client, node.Registry, main.Address);
        (await controller.AddDelegateAsync(brand.Sender(main), "veriKey", second.Address, TimeSpan.FromDays(365))).ThrowIfFailed();
        await brand.GiveAsync(main.Address, 60 * Unit);
        await brand.GiveAsync(second.Address, 50 * Unit);

        var issued = (await brand.Issuer.IssueHolderCredentialAsync(brand.RequestWithStatus(DidOf(main.Address), second))).ThrowIfFailed();

        Assert.Equal("silver", issued.Tier!.Name); // 60 + 50: neither wallet alone reaches silver
        Assert.Equal(110 * Unit, issued.Holding);
        Assert.Equal(2, issued.Identity.Wallets.Count);
        var watcher = new TransferWatcher(brand.Client, brand.Token, brand.StatusLists, StatusListUri, issued.Evidence.BlockNumber + 1);
        watcher.Track(TrackedCredential.From(issued, 18));
        var status = new StatusReference(StatusListUri, issued.StatusIndex!.Value);
        var verifier = brand.Verifier();
        Assert.True((await verifier.VerifyHolderAsync(brand.Present(issued.Credential, main, "1"), brand.PresentationRequest("1"))).Succeeded);

        await brand.TransferAsync(second, main.Address, 50 * Unit); // between its own wallets
        await brand.TransferAsync(main, EthereumPrivateKey.Generate().Address, 5 * Unit); // 105 left
        var kept = (await watcher.ScanAsync()).ThrowIfFailed();
        Assert.Equal(2, kept.Transfers);
        Assert.Equal(1, kept.Rechecked);
        Assert.Empty(kept.Revoked);
        Assert.Equal(TokenStatus.Valid, brand.StatusLists.GetStatus(status));

        await brand.TransferAsync(main, EthereumPrivateKey.Generate().Address, 10 * Unit); // 95 left
        var fell = (await watcher.ScanAsync()).ThrowIfFailed();

        Assert.Equal(kept.ToBlock + 1, fell.FromBlock);
        var (revoked, holding) = Assert.Single(fell.Revoked);
        Assert.Equal(issued.StatusIndex, revoked.StatusIndex);
        Assert.Equal(95 * Unit, holding);
        Assert.Equal(TokenStatus.Invalid, brand.StatusLists.GetStatus(status));
        brand.StatusChecker.ClearCache();
        Assert.Equal(SdJwtErrorCodes.CredentialRevoked, (await verifier.VerifyHolderAsync(brand.Present(issued.Credential, main, "2"), brand.PresentationRequest("2"))).Error?.Code);
        var quiet = (await watcher.ScanAsync()).ThrowIfFailed();
        Assert.Equal(0, quiet.Transfers);
        Assert.Empty(quiet.Revoked);
    }

    [Fact]
    public async Task VotesTier_DelegationAway_RevokedByTheWatcher()
    {
        await using var brand = await BrandAsync(HoldingBasis.Votes);
        using var fan = await node.NewFundedAccountAsync();
        await brand.GiveAsync(fan.Address, 150 * Unit);
        (await brand.Sender(fan).SendAsync(brand.Coin, SocialTokenContracts.Delegate(fan.Address))).ThrowIfFailed();
        var issued = (await brand.Issuer.IssueHolderCredentialAsync(brand.RequestWithStatus(DidOf(fan.Address), fan))).ThrowIfFailed();
        Assert.Equal("silver", issued.Tier!.Name);
        var watcher = new TransferWatcher(brand.Client, brand.Token, brand.StatusLists, StatusListUri, issued.Evidence.BlockNumber + 1);
        watcher.Track(TrackedCredential.From(issued, 18));

        (await brand.Sender(fan).SendAsync(brand.Coin, SocialTokenContracts.Delegate(EthereumPrivateKey.Generate().Address))).ThrowIfFailed();
        var scan = (await watcher.ScanAsync()).ThrowIfFailed();

        Assert.Equal(2, scan.VoteChanges);
        var (revoked, votes) = Assert.Single(scan.Revoked);
        Assert.Equal(issued.StatusIndex, revoked.StatusIndex);
        Assert.Equal(BigInteger.Zero, votes);
    }

    [Fact]
    public async Task ContractWallet_Erc1271_OwnersSiweSignatureAccepted_HereAndBySiwe_SomeoneElsesRefusedByBoth()
    {
        await using var brand = await BrandAsync();
        using var owner = await node.NewFundedAccountAsync();
        using var stranger = EthereumPrivateKey.Generate();
        var wallet = await DeployOwnedWalletAsync(brand.Sender(owner), owner.Address);
        await brand.GiveAsync(wallet, 150 * Unit);
        var did = $"did:pkh:eip155:{HardhatNode.ChainId}:{wallet}";
        await using var js = new JsonLinesProcess(JsonLinesProcess.NodeDirectory, "siwe-contract-wallet.mjs");

        foreach (var (signer, valid) in new[] { (stranger, false), (owner, true) })
        {
            var challenge = brand.Issuer.CreateChallenge(did, wallet);
            var request = brand.Sign(did, signer, challenge.ToString());
            var verdict = await js.SendAsync(new JsonObject
            {
                ["rpc"] = node.RpcUrl.ToString(),
                ["chainId"] = HardhatNode.ChainId,
                ["message"] = request.SiweMessage,
                ["signature"] = "0x" + Convert.ToHexStringLower(request.Signature.Span),
                ["domain"] = challenge.Domain,
                ["nonce"] = challenge.Nonce,
                ["time"] = challenge.IssuedAt.AddSeconds(5).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            });
            Assert.True(verdict.GetProperty("ok").GetBoolean(), verdict.ToString());
            Assert.Equal(valid, verdict.GetProperty("success").GetBoolean());

            var result = await brand.Issuer.IssueHolderCredentialAsync(request);

            if (valid)
            {
                var issued = result.ThrowIfFailed();
                Assert.Equal(wallet, Assert.Single(issued.Identity.Wallets).Address);
                Assert.Equal("silver", issued.Tier!.Name);
            }
            else
            {
                Assert.Equal(SocialTokenErrorCodes.SiweSignatureInvalid, result.Error?.Code);
            }
        }
    }

    [Fact]
    public async Task CreatorCredential_RealBrandAccepted_ImpostorNotIssued_ReplayedChallengeRefused()
    {
        await using var brand = await BrandAsync();
        await using var impostor = await BrandAsync(posingAs: brand);
        using var fan = await node.NewFundedAccountAsync();
        await brand.GiveAsync(fan.Address, 20 * Unit);

        var creator = (await brand.Issuer.IssueCreatorCredentialAsync()).ThrowIfFailed();
        var accepted = await brand.Verifier().VerifyCreatorAsync(brand.Present(creator.Credential, brand.Key, "c", disclose: false), brand.PresentationRequest("c"));
        Assert.True(accepted.Succeeded, accepted.Error?.ToString());
        Assert.Equal(SocialTokenErrorCodes.NotTokenController, (await impostor.Issuer.IssueCreatorCredentialAsync()).Error?.Code);

        var request = brand.Request(DidOf(fan.Address), fan);
        Assert.Equal("bronze", (await brand.Issuer.IssueHolderCredentialAsync(request)).ThrowIfFailed().Tier!.Name);
        Assert.Equal(SocialTokenErrorCodes.SiweNonceInvalid, (await brand.Issuer.IssueHolderCredentialAsync(request)).Error?.Code);
    }

    [Fact]
    public async Task Erc1155_TransferOfTheWatchedIdBelowTheTier_RevokedByTheWatcher_OtherIdIgnored()
    {
        await using var brand = await BrandAsync(multiToken: true);
        using var fan = await node.NewFundedAccountAsync();
        var stranger = EthereumPrivateKey.Generate().Address;
        (await brand.Sender(brand.Key).SendAsync(brand.Coin, AbiCodec.EncodeCall("mint(address,uint256,uint256)", fan.Address, new BigInteger(7), new BigInteger(150)))).ThrowIfFailed();
        (await brand.Sender(brand.Key).SendAsync(brand.Coin, AbiCodec.EncodeCall("mint(address,uint256,uint256)", fan.Address, new BigInteger(8), new BigInteger(5)))).ThrowIfFailed();
        var issued = (await brand.Issuer.IssueHolderCredentialAsync(brand.RequestWithStatus(DidOf(fan.Address), fan))).ThrowIfFailed();
        Assert.Equal("silver", issued.Tier!.Name);
        var watcher = new TransferWatcher(brand.Client, brand.Token, brand.StatusLists, StatusListUri, issued.Evidence.BlockNumber + 1);
        watcher.Track(TrackedCredential.From(issued, 0));

        (await brand.Sender(fan).SendAsync(brand.Coin, SafeTransfer1155(fan.Address, stranger, 8, 5))).ThrowIfFailed();
        var other = (await watcher.ScanAsync()).ThrowIfFailed();
        Assert.Equal(0, other.Rechecked);

        (await brand.Sender(fan).SendAsync(brand.Coin, SafeTransfer1155(fan.Address, stranger, 7, 60))).ThrowIfFailed();
        var fell = (await watcher.ScanAsync()).ThrowIfFailed();

        var (revoked, holding) = Assert.Single(fell.Revoked);
        Assert.Equal(issued.StatusIndex, revoked.StatusIndex);
        Assert.Equal(new BigInteger(90), holding);
        Assert.Equal(TokenStatus.Invalid, brand.StatusLists.GetStatus(new StatusReference(StatusListUri, issued.StatusIndex!.Value)));
    }

    private static byte[] SafeTransfer1155(EthereumAddress from, EthereumAddress to, int id, int value)
        => AbiCodec.EncodeCall("safeTransferFrom(address,address,uint256,uint256,bytes)", from, to, new BigInteger(id), new BigInteger(value), Array.Empty<byte>());

    private static string DidOf(EthereumAddress address) => $"did:ethr:0xa:{address}";

    private static Task<EthereumAddress> DeployOwnedWalletAsync(EthereumTransactionSender sender, EthereumAddress owner)
        => DeployAsync(sender, "OwnedWallet.json", [AbiType.Address], [owner]);

    // A test contract of contracts/src from its committed artifact.
    private static async Task<EthereumAddress> DeployAsync(EthereumTransactionSender sender, string artifactName, AbiType[] types, object[] arguments)
    {
        using var artifact = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(ContractsDirectory, "artifacts", artifactName)));
        byte[] code = [.. Hex.Decode(artifact.RootElement.GetProperty("bytecode").GetString()).ThrowIfFailed(), .. AbiCodec.Encode(types, arguments)];
        return (await sender.DeployAsync(code)).ThrowIfFailed().ContractAddress!.Value;
    }

    // A brand on the hardhat node: a fresh funded account deploys its CreatorCoin (1,000,000 ADA to itself), is
    // did:ethr:0xa:<account>, issues with tiers bronze 10 / silver 100 / gold 1000 at the safe block, and serves
    // its status list to a verifier through an in-memory handler. The clock is the head block's time.
    private async Task<HardhatBrand> BrandAsync(HoldingBasis basis = HoldingBasis.Balance, bool multiToken = false, HardhatBrand? posingAs = null)
    {
        var key = await node.NewFundedAccountAsync();
        var client = new EthereumClient(new HttpEthereumRpc(_http, new HttpEthereumRpcOptions { Endpoint = node.RpcUrl }), new EthereumClientOptions { ChainId = HardhatNode.ChainId });
        var head = (await client.GetBlockAsync(BlockTag.Latest)).ThrowIfFailed();
        var clock = new FakeTimeProvider(head.Time.AddSeconds(1));
        var resolver = new DidResolver(
            new EthrDidResolver(new EthrDidResolverOptions { Networks = { new EthrNetworkOptions { ChainId = HardhatNode.ChainId, RpcUrl = node.RpcUrl, RegistryAddress = node.Registry.ToString() } } }, timeProvider: clock),
            new DidPkhResolver());
        var sender = new EthereumTransactionSender(client, key, HardhatNode.ChainId, new EthereumTransactionSenderOptions { ReceiptPollInterval = TimeSpan.FromMilliseconds(50) });
        SocialToken.SocialToken token;
        if (posingAs is not null)
        {
            token = posingAs.Token; // an impostor: issues about the real brand's token, which it does not control
        }
        else if (multiToken)
        {
            token = new SocialToken.SocialToken(HardhatNode.ChainId, await DeployAsync(sender, "MultiToken.json", [AbiType.Utf8String, AbiType.Address], ["https://brand.example/pass/{id}.json", key.Address]), TokenStandard.Erc1155, "PASS") { TokenId = 7 };
        }
        else
        {
            var deployed = (await SocialTokenContracts.DeployCreatorCoinAsync(sender, "Ada Coin", "ADA", key.Address, 1_000_000 * Unit)).ThrowIfFailed();
            token = new SocialToken.SocialToken(HardhatNode.ChainId, deployed, TokenStandard.Erc20, "ADA", 18);
        }

        var coin = token.Contract;
        var signingKey = key.ToSigningKey();
        var sdJwtIssuer = (await SdJwtIssuer.ForDidAsync(signingKey, DidOf(key.Address), resolver)).ThrowIfFailed();
        var issuer = new SocialTokenCredentialIssuer(sdJwtIssuer, new SocialTokenIssuerOptions
        {
            Token = token,
            Tiers = [new SocialTokenTier("gold", 1000), new SocialTokenTier("bronze", 10), new SocialTokenTier("silver", 100)],
            Domain = "issuer.example",
            Uri = "https://issuer.example/credentials",
            StatusListUri = StatusListUri,
            Basis = basis,
        }, resolver, client, clock);
        return new HardhatBrand(key, signingKey, client, clock, resolver, coin, token, issuer);
    }

    private sealed class HardhatBrand : IAsyncDisposable
    {
        public HardhatBrand(EthereumPrivateKey key, SigningKey signingKey, EthereumClient client, FakeTimeProvider clock, IDidResolver resolver, EthereumAddress coin, SocialToken.SocialToken token, SocialTokenCredentialIssuer issuer)
        {
            Key = key;
            SigningKey = signingKey;
            Client = client;
            Clock = clock;
            Resolver = resolver;
            Coin = coin;
            Token = token;
            Issuer = issuer;
            StatusLists = new StatusListRegistry(clock);
            StatusLists.CreateList(StatusListUri, 1, 1024);
            StatusChecker = new HttpStatusListChecker(new HttpClient(new StatusListServer(this)), StatusListKeyResolver.FromKey(signingKey.VerificationKey), new HttpStatusListCheckerOptions(), clock);
        }

        public EthereumPrivateKey Key { get; }

        public SigningKey SigningKey { get; }

        public EthereumClient Client { get; }

        public FakeTimeProvider Clock { get; }

        public IDidResolver Resolver { get; }

        public EthereumAddress Coin { get; }

        public SocialToken.SocialToken Token { get; }

        public SocialTokenCredentialIssuer Issuer { get; }

        public StatusListRegistry StatusLists { get; }

        public HttpStatusListChecker StatusChecker { get; }

        public EthereumTransactionSender Sender(EthereumPrivateKey key) => new(Client, key, HardhatNode.ChainId, new EthereumTransactionSenderOptions { ReceiptPollInterval = TimeSpan.FromMilliseconds(50) });

        public async Task GiveAsync(EthereumAddress to, BigInteger amount) => await TransferAsync(Key, to, amount);

        public async Task TransferAsync(EthereumPrivateKey from, EthereumAddress to, BigInteger amount)
            => (await Sender(from).SendAsync(Coin, SocialTokenContracts.Transfer(to, amount))).ThrowIfFailed();

        public SocialTokenHolderRequest Request(string did, EthereumPrivateKey signer)
            => Sign(did, signer, Issuer.CreateChallenge(did, signer.Address).ToString());

        public SocialTokenHolderRequest RequestWithStatus(string did, EthereumPrivateKey signer)
            => Request(did, signer) with { StatusIndex = StatusLists.Allocate(StatusListUri).Index };

        public SocialTokenHolderRequest Sign(string did, EthereumPrivateKey signer, string message) => new()
        {
            Did = did,
            SiweMessage = message,
            Signature = EthereumSigner.SignPersonalMessage(signer, Encoding.UTF8.GetBytes(message)).ToBytes(),
        };

        public SocialTokenVerifier Verifier() => new(new SdJwtVerifier(new SdJwtVerificationOptions(), Resolver, StatusChecker, Clock), Resolver, Client);

        public SocialTokenPresentationRequest PresentationRequest(string nonce) => new()
        {
            Audience = Audience,
            Nonce = nonce,
            ChainId = HardhatNode.ChainId,
            Contract = Coin,
        };

        public string Present(SdJwtToken credential, EthereumPrivateKey holder, string nonce, bool disclose = true)
        {
            using var key = holder.ToSigningKey();
            return new SdJwtHolder(Clock).Present(credential, disclose ? [SdJwtClaimPath.Create("tier")] : [], key, Audience, nonce).ThrowIfFailed().ToCompact();
        }

        public ValueTask DisposeAsync()
        {
            SigningKey.Dispose();
            Key.Dispose();
            return ValueTask.CompletedTask;
        }

        private sealed class StatusListServer(HardhatBrand brand) : HttpMessageHandler
        {
            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                if (request.RequestUri?.ToString() != StatusListUri)
                {
                    return Task.FromResult(new HttpResponseMessage(HttpStatusCode.NotFound));
                }

                var content = new StringContent(brand.StatusLists.IssueToken(StatusListUri, brand.SigningKey, TimeSpan.FromDays(1)));
                content.Headers.ContentType = new MediaTypeHeaderValue("application/statuslist+jwt");
                return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = content });
            }
        }
    }
}
