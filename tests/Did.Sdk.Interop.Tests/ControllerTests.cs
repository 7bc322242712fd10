using System.Text.Json;
using Did.Sdk.Ethereum;
using Did.Sdk.Ethereum.Rpc;
using Did.Sdk.Ethereum.Transactions;
using Did.Sdk.Ethr;
using Did.Sdk.Jose;

namespace Did.Sdk.Interop.Tests;

/// <summary>
/// <see cref="EthrDidController"/> against the real EthereumDIDRegistry on hardhat: each of the ten
/// writes lands and the SDK's resolver shows its effect; the registry refuses what it must refuse.
/// </summary>
[Collection(HardhatCollection.Name)]
public sealed class ControllerTests(HardhatNode node) : IDisposable
{
    /// <summary>Hardhat's well-known development account #1 (a public test key), the relayer.</summary>
    private const string Account1PrivateKey = "59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";

    private readonly HttpClient _http = new();

    public void Dispose() => _http.Dispose();

    private EthereumClient Client() => new(new HttpEthereumRpc(_http, new HttpEthereumRpcOptions { Endpoint = node.RpcUrl }), new EthereumClientOptions { ChainId = HardhatNode.ChainId });

    private EthereumTransactionSender Sender(EthereumPrivateKey key) => new(Client(), key, HardhatNode.ChainId, new EthereumTransactionSenderOptions { ReceiptPollInterval = TimeSpan.FromMilliseconds(50) });

    // Resolve "now" one second after the head block: like ethr-did-resolver, the resolver counts a
    // delegate or attribute as valid while validTo >= now, and a revocation sets validTo to the block's
    // timestamp, so it shows from the next second on.
    private async Task<EthrDidResolver> ResolverAsync()
    {
        var head = (await Client().GetBlockAsync(BlockTag.Latest)).ThrowIfFailed();
        return new(
            new EthrDidResolverOptions
            {
                Networks = { new EthrNetworkOptions { Name = "local", ChainId = HardhatNode.ChainId, RpcUrl = node.RpcUrl, RegistryAddress = node.Registry.ToString() } },
            },
            timeProvider: new Microsoft.Extensions.Time.Testing.FakeTimeProvider(head.Time.AddSeconds(1)));
    }

    private async Task<(EthereumPrivateKey Owner, EthrDidController Controller, string Did)> NewIdentityAsync()
    {
        var owner = await node.NewFundedAccountAsync();
        return (owner, new EthrDidController(Client(), node.Registry, owner.Address), $"did:ethr:local:{owner.Address}");
    }

    private async Task<JsonElement> ResolveAsync(string did)
    {
        var result = await (await ResolverAsync()).ResolveAsync(Did.Parse(did).ThrowIfFailed(), DidResolutionOptions.Default);
        Assert.True(result.Succeeded, result.Error?.ToString());
        return JsonSerializer.SerializeToElement(result.DidDocument, Json.CoreJsonContext.Default.DidDocument);
    }

    private static IEnumerable<string> Ids(JsonElement document, string relationship)
        => document.TryGetProperty(relationship, out var list) ? list.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString()! : e.GetProperty("id").GetString()!) : [];

    [Fact]
    public async Task ChangeOwner_NotTheOwner_RevertsBeforeSending()
    {
        var (owner, controller, _) = await NewIdentityAsync();
        using var stranger = await node.NewFundedAccountAsync();
        var client = Client();
        var nonceBefore = await client.GetTransactionCountAsync(stranger.Address, BlockTag.Latest);

        var result = await controller.ChangeOwnerAsync(Sender(stranger), stranger.Address);

        Assert.False(result.Succeeded);
        Assert.Equal(EthereumErrorCodes.TransactionReverted, result.Error.Code);
        Assert.Contains("bad_actor", result.Error.Message, StringComparison.Ordinal);
        Assert.Equal(nonceBefore.Value, (await client.GetTransactionCountAsync(stranger.Address, BlockTag.Latest)).Value);
        Assert.Equal(owner.Address, (await controller.GetOwnerAsync()).Value);
        owner.Dispose();
    }

    [Fact]
    public async Task SignedWrite_ReplayedOrForeign_RevertsWithBadSignature()
    {
        var (owner, controller, _) = await NewIdentityAsync();
        using var relayerKey = EthereumPrivateKey.Import(Convert.FromHexString(Account1PrivateKey)).ThrowIfFailed();
        var relayer = Sender(relayerKey);
        using var stranger = EthereumPrivateKey.Generate();

        var signed = (await controller.SignSetAttributeAsync(owner, EthrAttributes.ServiceName("Hub"), EthrAttributes.ServiceEndpoint("https://hub.example"), TimeSpan.FromDays(1))).ThrowIfFailed();
        Assert.True((await controller.RelayAsync(relayer, signed)).Succeeded);
        var replay = await controller.RelayAsync(relayer, signed);
        var foreign = await controller.SignChangeOwnerAsync(stranger, stranger.Address);
        var foreignRelay = await controller.RelayAsync(relayer, foreign.ThrowIfFailed());

        Assert.Equal(EthereumErrorCodes.TransactionReverted, replay.Error?.Code);
        Assert.Contains("bad_signature", replay.Error!.Message, StringComparison.Ordinal);
        Assert.Equal(EthereumErrorCodes.TransactionReverted, foreignRelay.Error?.Code);
        Assert.Equal(owner.Address, (await controller.GetOwnerAsync()).Value);
        owner.Dispose();
    }

    [Fact]
    public async Task DirectWrites_EachLands_ResolverShowsEffect()
    {
        var (owner, controller, did) = await NewIdentityAsync();
        var sender = Sender(owner);
        var delegateKey = EthereumPrivateKey.Generate();
        using var x25519 = SigningKey.Generate(JwsAlgorithm.EdDSA);

        // addDelegate (veriKey and sigAuth)
        Assert.True((await controller.AddDelegateAsync(sender, EthrDidController.VerificationKeyDelegate, delegateKey.Address, TimeSpan.FromDays(1))).Succeeded);
        Assert.True((await controller.AddDelegateAsync(sender, EthrDidController.SignatureAuthenticationDelegate, delegateKey.Address, TimeSpan.FromDays(1))).Succeeded);
        var doc = await ResolveAsync(did);
        Assert.Equal(3, doc.GetProperty("verificationMethod").GetArrayLength());   // controller + 2 delegates
        Assert.Equal(2, Ids(doc, "authentication").Count());                          // controller, sigAuth delegate

        // setAttribute: an Ed25519 key (veriKey) and a service
        var (keyName, keyValue) = EthrAttributes.PublicKey(x25519.VerificationKey, "veriKey");
        Assert.True((await controller.SetAttributeAsync(sender, keyName, keyValue, TimeSpan.FromDays(1))).Succeeded);
        var endpoint = EthrAttributes.ServiceEndpoint(JsonDocument.Parse("""{"uri":"https://hub.example","accept":["didcomm/v2"]}""").RootElement);
        var receipt = await controller.SetAttributeAsync(sender, EthrAttributes.ServiceName("DIDCommMessaging"), endpoint, TimeSpan.FromDays(1));
        Assert.True(receipt.Succeeded);
        doc = await ResolveAsync(did);
        Assert.Contains(doc.GetProperty("verificationMethod").EnumerateArray(), vm => vm.GetProperty("type").GetString() == "Ed25519VerificationKey2018");
        var service = Assert.Single(doc.GetProperty("service").EnumerateArray());
        Assert.Equal("DIDCommMessaging", service.GetProperty("type").GetString());
        Assert.Equal("https://hub.example", service.GetProperty("serviceEndpoint").GetProperty("uri").GetString());

        // revokeDelegate, revokeAttribute
        Assert.True((await controller.RevokeDelegateAsync(sender, EthrDidController.VerificationKeyDelegate, delegateKey.Address)).Succeeded);
        Assert.True((await controller.RevokeDelegateAsync(sender, EthrDidController.SignatureAuthenticationDelegate, delegateKey.Address)).Succeeded);
        Assert.True((await controller.RevokeAttributeAsync(sender, EthrAttributes.ServiceName("DIDCommMessaging"), endpoint)).Succeeded);
        doc = await ResolveAsync(did);
        Assert.False(doc.TryGetProperty("service", out _));
        Assert.Equal(2, doc.GetProperty("verificationMethod").GetArrayLength());      // controller + Ed25519 key

        // changeOwner (key rotation), then to 0x0 (deactivation) by the new owner
        using var newOwner = await node.NewFundedAccountAsync();
        Assert.True((await controller.ChangeOwnerAsync(sender, newOwner.Address)).Succeeded);
        doc = await ResolveAsync(did);
        var controllerMethod = doc.GetProperty("verificationMethod").EnumerateArray().Single(vm => vm.GetProperty("id").GetString() == did + "#controller");
        Assert.Equal($"eip155:10:{newOwner.Address}", controllerMethod.GetProperty("blockchainAccountId").GetString());
        Assert.True((await controller.ChangeOwnerAsync(Sender(newOwner), EthereumAddress.Zero)).Succeeded);
        var deactivated = await (await ResolverAsync()).ResolveAsync(Did.Parse(did).ThrowIfFailed(), DidResolutionOptions.Default);
        Assert.True(deactivated.DidDocumentMetadata.Deactivated);
        owner.Dispose();
        delegateKey.Dispose();
    }

    [Fact]
    public async Task SignedWrites_RelayedByAnotherAccount_EachLands()
    {
        var (owner, controller, did) = await NewIdentityAsync();
        using var relayerKey = EthereumPrivateKey.Import(Convert.FromHexString(Account1PrivateKey)).ThrowIfFailed();
        var relayer = Sender(relayerKey);
        using var delegateKey = EthereumPrivateKey.Generate();
        var ownerBalanceNonce = await Client().GetTransactionCountAsync(owner.Address, BlockTag.Latest);

        async Task Relay(ValueTask<Result<EthrSignedWrite>> sign)
        {
            var signed = (await sign).ThrowIfFailed();
            Assert.Equal(owner.Address, signed.Signer);
            var receipt = await controller.RelayAsync(relayer, signed);
            Assert.True(receipt.Succeeded, receipt.Error?.ToString());
        }

        var svc = EthrAttributes.ServiceName("LinkedDomains");
        var url = EthrAttributes.ServiceEndpoint("https://example.com");
        await Relay(controller.SignAddDelegateAsync(owner, EthrDidController.VerificationKeyDelegate, delegateKey.Address, TimeSpan.FromHours(1)));
        await Relay(controller.SignSetAttributeAsync(owner, svc, url, TimeSpan.FromHours(1)));
        var doc = await ResolveAsync(did);
        Assert.Equal(2, doc.GetProperty("verificationMethod").GetArrayLength());
        Assert.Single(doc.GetProperty("service").EnumerateArray());

        await Relay(controller.SignRevokeDelegateAsync(owner, EthrDidController.VerificationKeyDelegate, delegateKey.Address));
        await Relay(controller.SignRevokeAttributeAsync(owner, svc, url));
        doc = await ResolveAsync(did);
        Assert.Single(doc.GetProperty("verificationMethod").EnumerateArray());
        Assert.False(doc.TryGetProperty("service", out _));

        using var newOwner = EthereumPrivateKey.Generate();
        await Relay(controller.SignChangeOwnerAsync(owner, newOwner.Address));
        Assert.Equal(newOwner.Address, (await controller.GetOwnerAsync()).Value);

        // The owner never sent a transaction: the relayer paid for all five.
        Assert.Equal(ownerBalanceNonce.Value, (await Client().GetTransactionCountAsync(owner.Address, BlockTag.Latest)).Value);
        Assert.Equal(5, (await controller.GetNonceAsync(owner.Address)).Value);
        owner.Dispose();
    }
}
