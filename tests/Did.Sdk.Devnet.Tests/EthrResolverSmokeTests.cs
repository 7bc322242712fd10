using Did.Sdk.Ethereum.Rpc;
using Did.Sdk.Ethereum.Transactions;
using Did.Sdk.Ethr;

namespace Did.Sdk.Devnet.Tests;

/// <summary>The did:ethr resolver, unchanged, resolves on the in-process devnet (chain 31337, registry 0xdca7…).</summary>
public class EthrResolverSmokeTests
{
    [Fact]
    public async Task ResolveAsync_AfterSetAttribute_DocumentHasTheNewKey()
    {
        var clock = TestSupport.Clock();
        await using var devnet = await TestSupport.StartAsync(time: clock);
        var holder = devnet.Accounts[5];
        using var key = holder.CreateKey();
        var client = new EthereumClient(devnet.Rpc);
        var sender = new EthereumTransactionSender(client, key, devnet.ChainId);
        var options = new EthrDidResolverOptions();
        options.Networks.Add(new EthrNetworkOptions { Name = "dev", ChainId = devnet.ChainId, Rpc = devnet.Rpc, RegistryAddress = devnet.RegistryAddress.ToString() });
        var resolver = new EthrDidResolver(options, timeProvider: clock);
        var did = Did.Parse("did:ethr:dev:" + holder.Address).ThrowIfFailed();

        var before = (await resolver.ResolveAsync(did, DidResolutionOptions.Default)).ThrowIfFailed();
        (await new EthrDidController(client, devnet.RegistryAddress, holder.Address).SetAttributeAsync(sender, "did/pub/Secp256k1/veriKey/hex", TestSupport.Compressed(key), TimeSpan.FromDays(1))).ThrowIfFailed();
        var after = (await resolver.ResolveAsync(did, DidResolutionOptions.Default)).ThrowIfFailed();

        Assert.Single(before.VerificationMethod!);
        Assert.Equal(2, after.VerificationMethod!.Count);
        Assert.Contains(Convert.ToHexStringLower(TestSupport.Compressed(key)), DidDocumentSerializer.Serialize(after), StringComparison.Ordinal);
    }
}
