using System.Text;
using Did.Sdk.Ethereum;

namespace Did.Sdk.SocialToken.Tests;

/// <summary>
/// SIWE with an ERC-1271 contract wallet on the devnet (contracts/src/OwnedWallet.sol): the wallet's owner
/// signs for the wallet's address, the issuer asks the wallet (isValidSignature) and issues to the DID
/// whose wallet the contract is; anyone else's signature is refused.
/// </summary>
public sealed class ContractWalletTests
{
    [Theory]
    [InlineData("pkh")]
    [InlineData("ethr")]
    public async Task ContractWallet_OwnersSignatureForTheWallet_Issued_SomeoneElses_Refused(string method)
    {
        await using var chain = await Chain.StartAsync();
        using var brand = await Brand.CreateAsync(chain);
        using var owner = await chain.FundedWalletAsync();
        using var stranger = EthereumPrivateKey.Generate();
        var wallet = await TestContracts.DeployOwnedWalletAsync(chain.Sender(owner), owner.Address);
        await chain.GiveAsync(wallet, 150);
        var did = method == "pkh" ? $"did:pkh:eip155:{chain.Devnet.ChainId}:{wallet}" : Brand.DidOf(wallet);

        var refused = await brand.Issuer.IssueHolderCredentialAsync(SignedFor(brand, did, wallet, stranger));
        Assert.Equal(SocialTokenErrorCodes.SiweSignatureInvalid, refused.Error?.Code);

        var issued = (await brand.Issuer.IssueHolderCredentialAsync(SignedFor(brand, did, wallet, owner))).ThrowIfFailed();

        Assert.Equal(did, issued.Identity.Did);
        Assert.Equal(wallet, Assert.Single(issued.Identity.Wallets).Address);
        Assert.Equal("silver", issued.Tier!.Name);
        Assert.Equal(150 * Chain.Unit, issued.Holding);
    }

    [Fact]
    public async Task ContractWallet_OwnersSignatureUsedForTheOwnersOwnDid_NotTheWallets_WalletNotLinked()
    {
        await using var chain = await Chain.StartAsync();
        using var brand = await Brand.CreateAsync(chain);
        using var owner = await chain.FundedWalletAsync();
        var wallet = await TestContracts.DeployOwnedWalletAsync(chain.Sender(owner), owner.Address);
        await chain.GiveAsync(wallet, 150);

        // The wallet's signature is valid, but the wallet is not a wallet of the owner's did:ethr.
        var result = await brand.Issuer.IssueHolderCredentialAsync(SignedFor(brand, Brand.DidOf(owner.Address), wallet, owner));

        Assert.Equal(SocialTokenErrorCodes.WalletNotLinked, result.Error?.Code);
    }

    [Fact]
    public async Task SiweVerifier_WithoutAChain_ContractWalletSignatureRefused()
    {
        await using var chain = await Chain.StartAsync();
        using var owner = await chain.FundedWalletAsync();
        var wallet = await TestContracts.DeployOwnedWalletAsync(chain.Sender(owner), owner.Address);
        var message = new SiweMessage
        {
            Domain = "issuer.example",
            Address = wallet,
            Uri = "https://issuer.example/credentials",
            ChainId = chain.Devnet.ChainId,
            Nonce = "abcdefgh12345678",
            IssuedAt = chain.Clock.GetUtcNow(),
        }.ToString();
        var signature = EthereumSigner.SignPersonalMessage(owner, Encoding.UTF8.GetBytes(message)).ToBytes();
        var expectation = new SiweExpectation { Domain = "issuer.example", ChainId = chain.Devnet.ChainId, MaxAge = TimeSpan.FromMinutes(5) };

        Assert.True((await new SiweVerifier(chain.Client, chain.Clock).VerifyAsync(message, signature, expectation)).Succeeded);
        Assert.Equal(SocialTokenErrorCodes.SiweSignatureInvalid, (await new SiweVerifier(null, chain.Clock).VerifyAsync(message, signature, expectation)).Error?.Code);
    }

    private static SocialTokenHolderRequest SignedFor(Brand brand, string did, EthereumAddress wallet, EthereumPrivateKey signer)
        => brand.Sign(did, signer, brand.Issuer.CreateChallenge(did, wallet).ToString());
}
