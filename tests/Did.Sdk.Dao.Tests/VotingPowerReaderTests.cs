using System.Numerics;
using Did.Sdk.Ethereum;
using Did.Sdk.Ethereum.Rpc;
using Did.Sdk.SocialToken;
using Did.Sdk.SocialToken.Tests;

namespace Did.Sdk.Dao.Tests;

/// <summary>Voting power of many addresses at a snapshot block on the devnet: one round trip, weighted sums, reorgs, the Merkle list.</summary>
public sealed class VotingPowerReaderTests
{
    [Fact]
    public async Task ThreeHundredAddresses_OneRoundTripWithTheHash_WeightedSum_MerkleProofs()
    {
        await using var chain = await Chain.StartAsync();
        var random = new Random(15);
        var holders = new List<(EthereumPrivateKey Key, int Tokens)>();
        for (int i = 0; i < 20; i++)
        {
            var wallet = await chain.FundedWalletAsync();
            int tokens = random.Next(1, 1000);
            await chain.GiveAsync(wallet.Address, tokens);
            holders.Add((wallet, tokens));
        }

        // Half of them delegate to themselves: their ERC20Votes power counts twice in this strategy.
        foreach (var (key, _) in holders.Take(10))
        {
            (await chain.Sender(key).SendAsync(chain.Coin, SocialTokenContracts.Delegate(key.Address))).ThrowIfFailed();
        }

        var addresses = holders.Select(h => h.Key.Address).Concat(Enumerable.Range(0, 280).Select(_ => EthereumPrivateKey.Generate().Address)).ToList();
        var head = (await chain.Client.GetBlockAsync(BlockTag.Latest)).ThrowIfFailed();
        var terms = new[] { new VotingPowerTerm { Token = chain.Coin }, new VotingPowerTerm { Token = chain.Coin, Source = VotingPowerSource.Votes, Weight = 2 } };
        chain.Rpc.Reset();

        var snapshot = (await new VotingPowerReader(chain.Client, callsPerAggregate: 64).ReadAsync(terms, addresses, head.Number, head.Hash)).ThrowIfFailed();

        Assert.Equal(1, chain.Rpc.RoundTrips);
        Assert.Equal(1, snapshot.RoundTrips);
        Assert.Equal((head.Number, head.Hash, 31337ul), (snapshot.BlockNumber, snapshot.BlockHash, snapshot.ChainId));
        Assert.Empty(snapshot.FailedReads);
        for (int i = 0; i < holders.Count; i++)
        {
            var expected = holders[i].Tokens * Chain.Unit * (i < 10 ? 3 : 1);
            Assert.Equal((addresses[i], expected), snapshot.Powers[i]);
        }

        Assert.All(snapshot.Powers.Skip(holders.Count), p => Assert.Equal(BigInteger.Zero, p.Power));
        var tree = snapshot.ToMerkleTree();
        Assert.True(StandardMerkleTree.Verify(tree.Root.Span, VotingPowerSnapshot.LeafTypes, [addresses[3], snapshot.Powers[3].Power], tree.GetProof(3)));
        Assert.False(StandardMerkleTree.Verify(tree.Root.Span, VotingPowerSnapshot.LeafTypes, [addresses[3], snapshot.Powers[3].Power + 1], tree.GetProof(3)));

        chain.Rpc.Reset();
        var byNumber = (await new VotingPowerReader(chain.Client).ReadAsync(terms, addresses, head.Number)).ThrowIfFailed();
        Assert.Equal(2, chain.Rpc.RoundTrips);
        Assert.Equal(tree.RootHex, byNumber.ToMerkleTree().RootHex);
        foreach (var (key, _) in holders)
        {
            key.Dispose();
        }
    }

    [Fact]
    public async Task SnapshotBlockReorged_Refused_NotYetFinal_Reported()
    {
        await using var chain = await Chain.StartAsync(safeEvery: 100, finalityDelay: 100);
        using var wallet = EthereumPrivateKey.Generate();
        await chain.GiveAsync(wallet.Address, 5);
        var head = (await chain.Client.GetBlockAsync(BlockTag.Latest)).ThrowIfFailed();
        var terms = new[] { new VotingPowerTerm { Token = chain.Coin } };

        var early = (await new VotingPowerReader(chain.Client).ReadAsync(terms, [wallet.Address], head.Number, head.Hash)).ThrowIfFailed();
        Assert.Equal(Finality.Latest, early.Finality);

        (await chain.Devnet.ReorgAsync(1)).ThrowIfFailed();
        await chain.Devnet.MineAsync();
        var reorged = await new VotingPowerReader(chain.Client).ReadAsync(terms, [wallet.Address], head.Number, head.Hash);
        Assert.Equal(SocialTokenErrorCodes.EvidenceBlockReorged, reorged.Error?.Code);
    }
}
