using System.Text.Json;
using System.Text.Json.Nodes;
using Did.Sdk.Ethereum;
using Did.Sdk.Ethereum.Rpc;
using Did.Sdk.Ethereum.Transactions;
using Did.Sdk.Ethr;
using Did.Sdk.Jose;
using Did.Sdk.Methods;
using Did.Sdk.SdJwt;
using Microsoft.Extensions.Time.Testing;

namespace Did.Sdk.Interop.Tests;

/// <summary>
/// Credentials from identities anchored on the rollup, end to end on the real EthereumDIDRegistry:
/// did:ethr controllers and delegates issue, did:ethr wallets hold (cnf.kid), key rotation and expiry
/// and deactivation take effect, and the history decides under "key valid at issuance". Each refusal
/// carries its own code. DIDs use the chain id form (did:ethr:0xa:…) so the JavaScript references
/// resolve the same identities.
/// </summary>
[Collection(HardhatCollection.Name)]
public sealed class RollupIdentityCredentialTests(HardhatNode node) : IDisposable
{
    private const string Aud = "https://verifier.example";
    private const string Nonce = "nonce-7";
    private const string Vct = "https://credentials.example/SocialTokenHolder";
    private readonly HttpClient _http = new();

    public void Dispose() => _http.Dispose();

    private EthereumClient Client() => new(new HttpEthereumRpc(_http, new HttpEthereumRpcOptions { Endpoint = node.RpcUrl }), new EthereumClientOptions { ChainId = HardhatNode.ChainId });

    private EthereumTransactionSender Sender(EthereumPrivateKey key) => new(Client(), key, HardhatNode.ChainId, new EthereumTransactionSenderOptions { ReceiptPollInterval = TimeSpan.FromMilliseconds(50) });

    private static string DidOf(EthereumPrivateKey key) => $"did:ethr:0xa:{key.Address}";

    private EthrDidController Controller(EthereumPrivateKey owner) => new(Client(), node.Registry, owner.Address);

    // The clock one second after the head block: validity (validTo >= now) then means what it means on chain.
    private async Task<FakeTimeProvider> ClockAsync(TimeSpan? ahead = null)
    {
        var head = (await Client().GetBlockAsync(BlockTag.Latest)).ThrowIfFailed();
        return new FakeTimeProvider(head.Time.AddSeconds(1) + (ahead ?? TimeSpan.Zero));
    }

    private IDidResolver Resolver(TimeProvider clock) => new DidResolver(
        new EthrDidResolver(new EthrDidResolverOptions { Networks = { new EthrNetworkOptions { ChainId = HardhatNode.ChainId, RpcUrl = node.RpcUrl, RegistryAddress = node.Registry.ToString() } } }, timeProvider: clock),
        new DidPkhResolver(),
        new DidJwkResolver());

    // Lets the wall clock (which hardhat's block timestamps follow) move past the credential's iat, so the
    // next block is strictly later. The chain's clock is never shifted: other suites on this node compare
    // validity with the wall clock.
    private static Task LetTimePassAsync() => Task.Delay(TimeSpan.FromSeconds(2.1));

    private static JsonObject Claims(long iat, JsonObject? cnf = null)
    {
        var claims = new JsonObject { ["vct"] = Vct, ["iat"] = iat, ["tier"] = "gold", ["age_over_18"] = true };
        if (cnf is not null)
        {
            claims["cnf"] = cnf;
        }

        return claims;
    }

    private static SdJwtClaimPath[] Disclosable => [SdJwtClaimPath.Create("tier"), SdJwtClaimPath.Create("age_over_18")];

    private async Task<SdJwtToken> IssueAsync(EthereumPrivateKey signer, string issuerDid, TimeProvider clock, JsonObject? cnf = null, Jwk? holderJwk = null)
    {
        using var key = signer.ToSigningKey();
        var issuer = (await SdJwtIssuer.ForDidAsync(key, issuerDid, Resolver(clock))).ThrowIfFailed();
        return issuer.Issue(Claims(clock.GetUtcNow().ToUnixTimeSeconds() - 1, cnf), Disclosable, holderJwk);
    }

    private static string Present(SdJwtToken credential, SigningKey holderKey, TimeProvider clock)
        => new SdJwtHolder(clock).Present(credential, [SdJwtClaimPath.Create("tier")], holderKey, Aud, Nonce).ThrowIfFailed().ToCompact();

    private async Task<SdJwtVerificationResult> VerifyAsync(string presentation, TimeProvider clock, SdJwtKeyValidity validity = SdJwtKeyValidity.Now, Finality? finality = null)
        => await new SdJwtVerifier(new SdJwtVerificationOptions(), Resolver(clock), timeProvider: clock)
            .VerifyAsync(presentation, SdJwtVerificationRequest.KeyBound(Aud, Nonce) with { IssuerKeyValidity = validity, Finality = finality });

    [Fact]
    public async Task Controller_IssuesAndVerifiesAtFinalized_RecordsTheIssuerBlock()
    {
        using var owner = await node.NewFundedAccountAsync();
        using var holder = SigningKey.Generate(JwsAlgorithm.EdDSA);
        var clock = await ClockAsync();
        var credential = await IssueAsync(owner, DidOf(owner), clock, holderJwk: holder.VerificationKey.ToJwk());

        var result = await VerifyAsync(Present(credential, holder, clock), clock, finality: Finality.Finalized);

        Assert.True(result.Succeeded, result.Error?.ToString());
        Assert.Equal(DidOf(owner) + "#controller", result.Validated.KeyId);
        Assert.Equal("ES256K", result.Validated.Algorithm);
        var block = Assert.IsType<ResolvedBlock>(result.Validated.IssuerBlock);
        Assert.Equal("finalized", block.Tag);
        Assert.Equal(HardhatNode.ChainId, block.ChainId);
        Assert.StartsWith("0x", block.Hash, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OwnerChange_OldCredentialRefusedNow_AcceptedAtIssuance()
    {
        using var owner = await node.NewFundedAccountAsync();
        using var next = await node.NewFundedAccountAsync();
        using var holder = SigningKey.Generate(JwsAlgorithm.EdDSA);
        var clock = await ClockAsync();
        var credential = await IssueAsync(owner, DidOf(owner), clock, holderJwk: holder.VerificationKey.ToJwk());
        await LetTimePassAsync();
        Assert.True((await Controller(owner).ChangeOwnerAsync(Sender(owner), next.Address)).Succeeded);
        var later = await ClockAsync();
        string presentation = Present(credential, holder, later);

        var now = await VerifyAsync(presentation, later);
        var atIssuance = await VerifyAsync(presentation, later, SdJwtKeyValidity.AtIssuance);

        // The #controller method now names the new owner: the old key's signature recovers to another address.
        Assert.Equal(EthereumErrorCodes.AccountMismatch, now.Error?.Code);
        Assert.True(atIssuance.Succeeded, atIssuance.Error?.ToString());
        Assert.Equal(SdJwtKeyValidity.AtIssuance, atIssuance.Validated.IssuerKeyValidity);

        // A credential the old owner signs after the change claims an iat after the change: refused both ways.
        using var oldKey = owner.ToSigningKey();
        var forged = new SdJwtIssuer(oldKey, new SdJwtIssuerOptions { KeyId = DidOf(owner) + "#controller", Issuer = DidOf(owner) })
            .Issue(Claims(later.GetUtcNow().ToUnixTimeSeconds() - 1), Disclosable, holder.VerificationKey.ToJwk());
        Assert.Equal(EthereumErrorCodes.AccountMismatch, (await VerifyAsync(Present(forged, holder, later), later, SdJwtKeyValidity.AtIssuance)).Error?.Code);
    }

    [Theory]
    [InlineData(EthrDidController.VerificationKeyDelegate)]
    [InlineData(EthrDidController.SignatureAuthenticationDelegate)]
    public async Task Delegate_IssuesWhileValid_RefusedAfterItsValidityEnds(string delegateType)
    {
        using var owner = await node.NewFundedAccountAsync();
        using var delegateKey = EthereumPrivateKey.Generate();
        using var holder = SigningKey.Generate(JwsAlgorithm.EdDSA);
        Assert.True((await Controller(owner).AddDelegateAsync(Sender(owner), delegateType, delegateKey.Address, TimeSpan.FromSeconds(3600))).Succeeded);
        var clock = await ClockAsync();

        var credential = await IssueAsync(delegateKey, DidOf(owner), clock, holderJwk: holder.VerificationKey.ToJwk());
        var kid = Jws.Decode(credential.IssuerSignedJwt).ThrowIfFailed().KeyId;
        var accepted = await VerifyAsync(Present(credential, holder, clock), clock);
        var expiredClock = await ClockAsync(TimeSpan.FromSeconds(3700));
        var expired = await VerifyAsync(Present(credential, holder, expiredClock), expiredClock);

        Assert.Equal(DidOf(owner) + "#delegate-1", kid);
        Assert.True(accepted.Succeeded, accepted.Error?.ToString());
        Assert.Equal(SdJwtErrorCodes.IssuerKeyNotFound, expired.Error?.Code);
    }

    [Fact]
    public async Task VeriKeyDelegate_DoesNotAuthenticateAHolder()
    {
        using var owner = await node.NewFundedAccountAsync();
        using var issuerKey = EthereumPrivateKey.Generate();
        using var delegateKey = EthereumPrivateKey.Generate();
        Assert.True((await Controller(owner).AddDelegateAsync(Sender(owner), EthrDidController.VerificationKeyDelegate, delegateKey.Address, TimeSpan.FromSeconds(3600))).Succeeded);
        var clock = await ClockAsync();
        var credential = await IssueAsync(issuerKey, "did:pkh:eip155:10:" + issuerKey.Address, clock, cnf: new JsonObject { ["kid"] = DidOf(owner) + "#delegate-1" });
        using var delegateSigning = delegateKey.ToSigningKey();

        // veriKey delegates are assertion methods only; authentication needs sigAuth (or the controller).
        var result = await VerifyAsync(Present(credential, delegateSigning, clock), clock);

        Assert.Equal(SdJwtErrorCodes.HolderKeyNotFound, result.Error?.Code);
    }

    [Fact]
    public async Task DeactivatedIssuer_Refused()
    {
        using var owner = await node.NewFundedAccountAsync();
        using var holder = SigningKey.Generate(JwsAlgorithm.EdDSA);
        var clock = await ClockAsync();
        var credential = await IssueAsync(owner, DidOf(owner), clock, holderJwk: holder.VerificationKey.ToJwk());
        Assert.True((await Controller(owner).ChangeOwnerAsync(Sender(owner), EthereumAddress.Zero)).Succeeded);
        var later = await ClockAsync();

        var result = await VerifyAsync(Present(credential, holder, later), later);

        Assert.Equal(DidSignatureErrorCodes.DidDeactivated, result.Error?.Code);
    }

    [Fact]
    public async Task DidPkhIssuer_SignsWithItsWalletKey()
    {
        using var wallet = EthereumPrivateKey.Generate();
        using var holder = SigningKey.Generate(JwsAlgorithm.EdDSA);
        var clock = await ClockAsync();
        string did = "did:pkh:eip155:10:" + wallet.Address;

        var credential = await IssueAsync(wallet, did, clock, holderJwk: holder.VerificationKey.ToJwk());
        var result = await VerifyAsync(Present(credential, holder, clock), clock);

        Assert.True(result.Succeeded, result.Error?.ToString());
        Assert.Equal(did + "#blockchainAccountId", result.Validated.KeyId);
        Assert.Null(result.Validated.IssuerBlock);
    }

    [Fact]
    public async Task DidEthrHolder_BindingFollowsTheDid_RotatedOutKeyRefused()
    {
        using var issuerWallet = EthereumPrivateKey.Generate();
        using var holderOwner = await node.NewFundedAccountAsync();
        using var holderNext = await node.NewFundedAccountAsync();
        var clock = await ClockAsync();
        string holderDid = DidOf(holderOwner);
        var credential = await IssueAsync(issuerWallet, "did:pkh:eip155:10:" + issuerWallet.Address, clock, cnf: new JsonObject { ["kid"] = holderDid + "#controller" });
        using var holderKey = holderOwner.ToSigningKey();
        using var nextKey = holderNext.ToSigningKey();

        var before = await VerifyAsync(Present(credential, holderKey, clock), clock);
        Assert.True(before.Succeeded, before.Error?.ToString());
        Assert.Equal(holderDid, before.Validated.HolderDid);
        Assert.Equal(holderDid + "#controller", before.Validated.HolderKeyId);

        Assert.True((await Controller(holderOwner).ChangeOwnerAsync(Sender(holderOwner), holderNext.Address)).Succeeded);
        var later = await ClockAsync();
        var oldKey = await VerifyAsync(Present(credential, holderKey, later), later);
        var newKey = await VerifyAsync(Present(credential, nextKey, later), later);

        Assert.Equal(EthereumErrorCodes.AccountMismatch, oldKey.Error?.Code);
        Assert.True(newKey.Succeeded, newKey.Error?.ToString()); // the same credential, not re-issued
    }

    [Fact]
    public async Task Issue_KeyTheDocumentDoesNotList_Refused()
    {
        using var owner = await node.NewFundedAccountAsync();
        using var stranger = EthereumPrivateKey.Generate();
        using var strangerKey = stranger.ToSigningKey();
        var clock = await ClockAsync();

        var result = await SdJwtIssuer.ForDidAsync(strangerKey, DidOf(owner), Resolver(clock));

        Assert.Equal(DidSignatureErrorCodes.VerificationMethodNotFound, result.Error?.Code);
    }
}

/// <summary>
/// did:ethr identities against the JavaScript references on the same node: JWTs both ways with did-jwt
/// 9.0.1 + ethr-did-resolver (ES256K and ES256K-R), SD-JWT VCs both ways with @sd-jwt/sd-jwt-vc 0.19
/// whose verifier callbacks resolve the issuer and the cnf.kid holder through ethr-did-resolver.
/// </summary>
[Collection(HardhatCollection.Name)]
public sealed class RollupIdentityInteropTests(HardhatNode node) : IAsyncLifetime
{
    private const string Aud = "https://verifier.example";
    private const string Nonce = "nonce-interop";
    private JsonLinesProcess _js = null!;

    public Task InitializeAsync()
    {
        _js = new JsonLinesProcess(JsonLinesProcess.NodeDirectory, "didjwt.mjs");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _js.DisposeAsync();

    private static string DidOf(EthereumPrivateKey key) => $"did:ethr:0xa:{key.Address}";

    private JsonObject Network(JsonObject request)
    {
        request["rpcUrl"] = node.RpcUrl.ToString();
        request["registry"] = node.Registry.ToString();
        request["chainId"] = (long)HardhatNode.ChainId;
        return request;
    }

    private async Task<FakeTimeProvider> ClockAsync()
    {
        using var http = new HttpClient();
        var client = new EthereumClient(new HttpEthereumRpc(http, new HttpEthereumRpcOptions { Endpoint = node.RpcUrl }), new EthereumClientOptions { ChainId = HardhatNode.ChainId });
        var head = (await client.GetBlockAsync(BlockTag.Latest)).ThrowIfFailed();
        return new FakeTimeProvider(head.Time.AddSeconds(1));
    }

    private IDidResolver Resolver(TimeProvider clock) => new DidResolver(
        new EthrDidResolver(new EthrDidResolverOptions { Networks = { new EthrNetworkOptions { ChainId = HardhatNode.ChainId, RpcUrl = node.RpcUrl, RegistryAddress = node.Registry.ToString() } } }, timeProvider: clock),
        new DidPkhResolver());

    // A random wallet whose private key both sides know (the JavaScript side needs it as hex).
    private static (EthereumPrivateKey Key, string Hex) Wallet()
    {
        var scalar = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
        scalar[0] &= 0x7f; // below the group order
        var key = EthereumPrivateKey.Import(scalar).ThrowIfFailed();
        return (key, Convert.ToHexStringLower(scalar));
    }

    [Fact]
    public async Task OurJwt_DidEthrController_VerifiedByDidJwt()
    {
        var (wallet, _) = Wallet();
        using var _w = wallet;
        using var key = wallet.ToSigningKey();
        var clock = await ClockAsync();
        var payload = new JsonObject { ["iss"] = DidOf(wallet), ["sub"] = "did:example:subject", ["iat"] = clock.GetUtcNow().ToUnixTimeSeconds() - 1, ["aud"] = Aud };
        string jwt = Jws.Sign(new JsonObject { ["typ"] = "JWT", ["kid"] = DidOf(wallet) + "#controller" }, System.Text.Encoding.UTF8.GetBytes(payload.ToJsonString()), key);

        var theirs = await _js.SendAsync(Network(new JsonObject { ["op"] = "verify", ["jwt"] = jwt, ["audience"] = Aud }));

        Assert.True(theirs.GetProperty("ok").GetBoolean(), theirs.ToString());
        Assert.Equal(DidOf(wallet), theirs.GetProperty("issuer").GetString());
        Assert.Equal(DidOf(wallet) + "#controller", theirs.GetProperty("signerId").GetString());

        // A JWT by another key under the same kid fails there too.
        using var other = EthereumPrivateKey.Generate();
        using var otherKey = other.ToSigningKey();
        string forged = Jws.Sign(new JsonObject { ["typ"] = "JWT", ["kid"] = DidOf(wallet) + "#controller" }, System.Text.Encoding.UTF8.GetBytes(payload.ToJsonString()), otherKey);
        Assert.False((await _js.SendAsync(Network(new JsonObject { ["op"] = "verify", ["jwt"] = forged, ["audience"] = Aud }))).GetProperty("ok").GetBoolean());
    }

    [Theory]
    [InlineData("ES256K")]
    [InlineData("ES256K-R")]
    public async Task TheirJwt_DidEthrController_VerifiedHere(string alg)
    {
        var (wallet, hex) = Wallet();
        using var _w = wallet;
        var clock = await ClockAsync();
        var signed = await _js.SendAsync(new JsonObject
        {
            ["op"] = "sign",
            ["alg"] = alg,
            ["privateKeyHex"] = hex,
            ["issuer"] = DidOf(wallet),
            ["kid"] = DidOf(wallet) + "#controller",
            ["payload"] = new JsonObject { ["sub"] = "did:example:subject", ["aud"] = Aud, ["iat"] = clock.GetUtcNow().ToUnixTimeSeconds() - 1 },
        });
        Assert.True(signed.GetProperty("ok").GetBoolean(), signed.ToString());
        string jwt = signed.GetProperty("jwt").GetString()!;
        var verifier = new DidJwtVerifier(Resolver(clock), timeProvider: clock);

        var result = await verifier.VerifyAsync(jwt, new DidJwtVerificationRequest { Audience = Aud });
        var wrongAudience = await verifier.VerifyAsync(jwt, new DidJwtVerificationRequest { Audience = "https://other.example" });

        Assert.True(result.Succeeded, result.Error?.ToString());
        Assert.Equal(DidOf(wallet), result.Value.Signature.Did);
        Assert.Equal(alg, result.Value.Header["alg"]!.GetValue<string>());
        Assert.Equal(DidSignatureErrorCodes.JwtAudienceMismatch, wrongAudience.Error?.Code);
        if (alg == "ES256K-R")
        {
            // Recoverable signatures are accepted only where the verifier's allow-list names ES256K-R.
            var strict = new DidJwtVerifier(Resolver(clock), new JwsVerificationOptions(), timeProvider: clock);
            Assert.Equal(JoseErrorCodes.UnsupportedAlgorithm, (await strict.VerifyAsync(jwt, new DidJwtVerificationRequest { Audience = Aud })).Error?.Code);
        }
    }

    [Fact]
    public async Task TheirSdJwtVc_DidEthrIssuerAndHolder_VerifiedHere()
    {
        var (issuer, issuerHex) = Wallet();
        var (holder, holderHex) = Wallet();
        using var _i = issuer;
        using var _h = holder;
        var clock = await ClockAsync();
        long iat = clock.GetUtcNow().ToUnixTimeSeconds() - 1;
        var issued = await _js.SendAsync(new JsonObject
        {
            ["op"] = "sdjwt-issue",
            ["privateKeyHex"] = issuerHex,
            ["kid"] = DidOf(issuer) + "#controller",
            ["claims"] = new JsonObject { ["iss"] = DidOf(issuer), ["vct"] = "https://credentials.example/SocialTokenHolder", ["iat"] = iat, ["tier"] = "gold", ["cnf"] = new JsonObject { ["kid"] = DidOf(holder) + "#controller" } },
            ["disclosureFrame"] = new JsonObject { ["_sd"] = new JsonArray("tier") },
        });
        Assert.True(issued.GetProperty("ok").GetBoolean(), issued.ToString());
        var presented = await _js.SendAsync(new JsonObject
        {
            ["op"] = "sdjwt-present",
            ["credential"] = issued.GetProperty("credential").GetString(),
            ["presentationFrame"] = new JsonObject { ["tier"] = true },
            ["holderPrivateKeyHex"] = holderHex,
            ["aud"] = Aud,
            ["nonce"] = Nonce,
            ["iat"] = clock.GetUtcNow().ToUnixTimeSeconds(),
        });
        Assert.True(presented.GetProperty("ok").GetBoolean(), presented.ToString());

        var result = await new SdJwtVerifier(new SdJwtVerificationOptions(), Resolver(clock), timeProvider: clock)
            .VerifyAsync(presented.GetProperty("presentation").GetString()!, SdJwtVerificationRequest.KeyBound(Aud, Nonce) with { Finality = Finality.Finalized });

        Assert.True(result.Succeeded, result.Error?.ToString());
        Assert.Equal("gold", result.Claims["tier"]!.GetValue<string>());
        Assert.Equal(DidOf(holder), result.Validated.HolderDid);
    }

    [Fact]
    public async Task OurSdJwtVc_DidEthrIssuerAndHolder_VerifiedByTheirs()
    {
        var (issuer, _) = Wallet();
        var (holder, _) = Wallet();
        using var _i = issuer;
        using var _h = holder;
        using var issuerKey = issuer.ToSigningKey();
        using var holderKey = holder.ToSigningKey();
        var clock = await ClockAsync();
        var sdJwtIssuer = (await SdJwtIssuer.ForDidAsync(issuerKey, DidOf(issuer), Resolver(clock))).ThrowIfFailed();
        var credential = sdJwtIssuer.Issue(
            new JsonObject { ["vct"] = "https://credentials.example/SocialTokenHolder", ["iat"] = clock.GetUtcNow().ToUnixTimeSeconds() - 1, ["tier"] = "gold", ["cnf"] = new JsonObject { ["kid"] = DidOf(holder) + "#controller" } },
            [SdJwtClaimPath.Create("tier")]);
        string presentation = new SdJwtHolder(clock).Present(credential, [SdJwtClaimPath.Create("tier")], holderKey, Aud, Nonce).ThrowIfFailed().ToCompact();

        var theirs = await _js.SendAsync(Network(new JsonObject { ["op"] = "sdjwt-verify", ["presentation"] = presentation, ["nonce"] = Nonce }));

        Assert.True(theirs.GetProperty("ok").GetBoolean(), theirs.ToString());
        Assert.Equal("gold", theirs.GetProperty("claims").GetProperty("tier").GetString());
        Assert.Equal(DidOf(holder) + "#controller", theirs.GetProperty("holderKid").GetString());
    }
}
