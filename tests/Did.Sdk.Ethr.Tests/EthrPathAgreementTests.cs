using System.Globalization;
using System.Text;
using Did.Sdk.Ethereum;

namespace Did.Sdk.Ethr.Tests;

/// <summary>
/// Seeded random registry histories: the single-query read, the block-by-block walk, the warm (cached)
/// path and a capped provider must give the same document and metadata, at the latest block and at
/// every historical versionId.
/// </summary>
public sealed class EthrPathAgreementTests
{
    private const string IdentityHex = "0xf3beac30c498d9e26865f34fcaa57dbb935b0d74";
    private const string Did = "did:ethr:dev:" + IdentityHex;
    private static readonly EthereumAddress Identity = TestSupport.Address(IdentityHex);
    private static readonly EthereumAddress[] Accounts =
    [
        TestSupport.Address("0x1111111111111111111111111111111111111111"),
        TestSupport.Address("0x2222222222222222222222222222222222222222"),
        TestSupport.Address("0x3333333333333333333333333333333333333333"),
    ];

    private static readonly string[] Attributes = ["did/pub/Secp256k1/veriKey/hex", "did/pub/Ed25519/sigAuth/base58", "did/pub/X25519/enc/base64", "did/svc/HubService"];

    [Fact]
    public async Task ResolveAsync_RandomHistories_AllReadPathsAgree()
    {
        await Gen.Int[0, 9].Array[1, 14].Select(Gen.Int[0, 2].Array[14], Gen.Int[0, 3].Array[14]).SampleAsync(async ops =>
        {
            var (kinds, who, what) = (ops.Item1, ops.Item2, ops.Item3);
            var chain = new FakeRegistryChain();
            for (var i = 0; i < kinds.Length; i++)
            {
                var account = Accounts[who[i]];
                var attribute = Attributes[what[i]];
                var value = Encoding.UTF8.GetBytes(attribute.StartsWith("did/svc", StringComparison.Ordinal) ? "https://s" + who[i] : "key" + who[i]);
                switch (kinds[i])
                {
                    case 0: chain.ChangeOwner(Identity, account); break;
                    case 1: chain.AddDelegate(Identity, "veriKey", account, (ulong)(30 + (100 * who[i]))); break;
                    case 2: chain.AddDelegate(Identity, "sigAuth", account, 1000); break;
                    case 3: chain.RevokeDelegate(Identity, who[i] == 0 ? "veriKey" : "sigAuth", account); break;
                    case 4: case 5: chain.SetAttribute(Identity, attribute, value, (ulong)(40 + (200 * who[i]))); break;
                    case 6: chain.RevokeAttribute(Identity, attribute, value); break;
                    case 7: chain.Mine((ulong)(5 + (20 * who[i]))); break;
                    case 8: chain.SetAttribute(Identity, "did/svc/Profile", Encoding.UTF8.GetBytes("{\"n\":" + who[i] + "}"), 500); break;
                    default: if (what[i] == 0) { chain.ChangeOwner(Identity, EthereumAddress.Zero); } break;
                }
            }

            chain.Mine();
            var clock = TestSupport.ClockAt(chain);
            var single = TestSupport.Resolver(chain, clock);
            var walk = TestSupport.Resolver(chain, clock, configure: o => o.MaxLogQueryRange = 0);
            var expected = Snapshot(await single.ResolveAsync(Did));
            Assert.Equal(expected, Snapshot(await walk.ResolveAsync(Did)));
            Assert.Equal(expected, Snapshot(await single.ResolveAsync(Did)));
            chain.MaxLogRange = 2;
            Assert.Equal(expected, Snapshot(await TestSupport.Resolver(chain, clock).ResolveAsync(Did)));
            chain.MaxLogRange = null;

            for (var block = 1UL; block <= chain.Head; block++)
            {
                var options = new DidResolutionOptions { VersionId = block.ToString(CultureInfo.InvariantCulture) };
                Assert.Equal(Snapshot(await walk.ResolveAsync(Did, options)), Snapshot(await single.ResolveAsync(Did, options)));
            }
        }, iter: 60, seed: "0N0XIzNsQ0O2");
    }

    private static string Snapshot(DidResolutionResult result)
    {
        Assert.True(result.Succeeded, result.Error?.ToString());
        var m = result.DidDocumentMetadata;
        return DidDocumentSerializer.Serialize(result.DidDocument) + $"|{m.VersionId}|{m.Updated}|{m.NextVersionId}|{m.NextUpdate}|{m.Deactivated}";
    }
}
