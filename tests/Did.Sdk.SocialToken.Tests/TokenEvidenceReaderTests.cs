using System.Numerics;
using Did.Sdk.Ethereum;
using Did.Sdk.Ethereum.Rpc;

namespace Did.Sdk.SocialToken.Tests;

public sealed class TokenEvidenceReaderTests
{
    [Fact]
    public async Task ReadAsync_FourWalletsThreeTokensAtAPinnedBlock_OneRoundTrip()
    {
        await using var chain = await Chain.StartAsync();
        using var creator = chain.Devnet.Accounts[0].CreateKey();
        var second = (await SocialTokenContracts.DeployCreatorCoinAsync(chain.Sender(creator), "Bo", "BO", creator.Address, 500 * Chain.Unit)).ThrowIfFailed();
        var nft = (await SocialTokenContracts.DeployProfileNftAsync(chain.Sender(creator), "Ada Profile", "ADAP", creator.Address, soulbound: true)).ThrowIfFailed();
        var wallets = Enumerable.Range(0, 4).Select(_ => EthereumPrivateKey.Generate()).ToArray();
        for (int i = 0; i < wallets.Length; i++)
        {
            await chain.GiveAsync(wallets[i].Address, 10 * (i + 1));
        }

        (await chain.Sender(creator).SendAsync(nft, SocialTokenContracts.MintNft(wallets[2].Address))).ThrowIfFailed();
        var head = (await chain.Client.GetBlockAsync(BlockTag.Latest)).ThrowIfFailed();
        var reader = new TokenEvidenceReader(chain.Client);
        var queries = wallets.SelectMany(w => new[] { TokenQuery.BalanceOf(chain.Coin, w.Address), TokenQuery.BalanceOf(second, w.Address), TokenQuery.BalanceOf(nft, w.Address) }).ToArray();
        _ = await reader.ReadAsync(queries, EvidenceBlock.Pinned(head.Number, head.Hash)); // learns where Multicall3 is
        chain.Rpc.Reset();

        var evidence = (await reader.ReadAsync(queries, EvidenceBlock.Pinned(head.Number, head.Hash))).ThrowIfFailed();

        Assert.Equal(1, chain.Rpc.RoundTrips);
        Assert.Equal("multicall3", evidence.Method);
        Assert.Equal(EvidenceStatus.Final, evidence.Status);
        Assert.Equal(head.Hash, evidence.BlockHash);
        Assert.Equal(31337UL, evidence.ChainId);
        Assert.Equal(new BigInteger(30) * Chain.Unit, evidence.Readings[6].Amount);
        Assert.Equal(BigInteger.Zero, evidence.Readings[7].Amount);
        Assert.Equal(BigInteger.One, evidence.Readings[8].Amount);
        foreach (var w in wallets)
        {
            w.Dispose();
        }
    }

    [Fact]
    public async Task ReadAsync_WithoutMulticall_OneJsonRpcBatchGivesTheSameAnswers()
    {
        await using var chain = await Chain.StartAsync();
        using var wallet = EthereumPrivateKey.Generate();
        await chain.GiveAsync(wallet.Address, 7);
        var head = (await chain.Client.GetBlockAsync(BlockTag.Latest)).ThrowIfFailed();
        var queries = new[] { TokenQuery.BalanceOf(chain.Coin, wallet.Address), TokenQuery.Owner(chain.Coin), TokenQuery.Delegates(chain.Coin, wallet.Address) };
        chain.Rpc.Reset();

        var batch = (await new TokenEvidenceReader(chain.Client, new TokenEvidenceOptions { UseMulticall3 = false }).ReadAsync(queries, EvidenceBlock.Pinned(head.Number, head.Hash))).ThrowIfFailed();
        var multicall = (await new TokenEvidenceReader(chain.Client).ReadAsync(queries, EvidenceBlock.Pinned(head.Number, head.Hash))).ThrowIfFailed();

        Assert.Equal("batch", batch.Method);
        Assert.Equal(multicall.Readings.Select(r => (r.Amount, r.Address, r.Flag)), batch.Readings.Select(r => (r.Amount, r.Address, r.Flag)));
        Assert.Equal(chain.Devnet.Accounts[0].Address, batch.Readings[1].Address);
        Assert.Equal(EthereumAddress.Zero, batch.Readings[2].Address);
    }

    [Fact]
    public async Task ReadAsync_ReadThatReverts_IsAFailedReadingNotAFailedRead()
    {
        await using var chain = await Chain.StartAsync();
        var head = (await chain.Client.GetBlockAsync(BlockTag.Latest)).ThrowIfFailed();
        // ownerOf on an ERC-20 and on the registry (no such function): both revert.
        var queries = new[] { TokenQuery.OwnerOf(chain.Coin, 1), TokenQuery.BalanceOf(chain.Devnet.RegistryAddress, chain.Devnet.Accounts[0].Address), TokenQuery.Owner(chain.Coin) };

        foreach (var multicall in new[] { true, false })
        {
            var evidence = (await new TokenEvidenceReader(chain.Client, new TokenEvidenceOptions { UseMulticall3 = multicall }).ReadAsync(queries, EvidenceBlock.Pinned(head.Number, head.Hash))).ThrowIfFailed();

            Assert.Equal(SocialTokenErrorCodes.TokenReadFailed, evidence.Readings[0].Error?.Code);
            Assert.Equal(SocialTokenErrorCodes.TokenReadFailed, evidence.Readings[1].Error?.Code);
            Assert.True(evidence.Readings[2].Succeeded);
        }
    }

    [Fact]
    public async Task ReadAsync_BlockNotYetAtTheRequiredFinality_Pending()
    {
        await using var chain = await Chain.StartAsync(safeEvery: 4, finalityDelay: 4);
        using var wallet = EthereumPrivateKey.Generate();
        await chain.GiveAsync(wallet.Address, 1);
        var head = (await chain.Client.GetBlockAsync(BlockTag.Latest)).ThrowIfFailed();
        var reader = new TokenEvidenceReader(chain.Client);
        var query = new[] { TokenQuery.BalanceOf(chain.Coin, wallet.Address) };

        var pending = (await reader.ReadAsync(query, EvidenceBlock.Pinned(head.Number, head.Hash, Finality.Finalized))).ThrowIfFailed();
        for (int i = 0; i < 12; i++)
        {
            await chain.Devnet.MineAsync();
        }

        var final = (await reader.ReadAsync(query, EvidenceBlock.Pinned(head.Number, head.Hash, Finality.Finalized))).ThrowIfFailed();

        Assert.Equal(EvidenceStatus.Pending, pending.Status);
        Assert.Empty(pending.Readings);
        Assert.Equal(EvidenceStatus.Final, final.Status);
        Assert.Equal(Finality.Finalized, final.Finality);
        Assert.Equal(Chain.Unit, final.Readings[0].Amount);
    }

    [Fact]
    public async Task ReadAsync_PinnedBlockReorgedAway_EvidenceBlockReorged()
    {
        await using var chain = await Chain.StartAsync(safeEvery: 100, finalityDelay: 100);
        using var wallet = EthereumPrivateKey.Generate();
        await chain.GiveAsync(wallet.Address, 5);
        var head = (await chain.Client.GetBlockAsync(BlockTag.Latest)).ThrowIfFailed();
        (await chain.Devnet.ReorgAsync(1, Devnet.DevnetReorgReplay.Drop)).ThrowIfFailed();
        await chain.Devnet.MineAsync();

        var evidence = await new TokenEvidenceReader(chain.Client).ReadAsync([TokenQuery.BalanceOf(chain.Coin, wallet.Address)], EvidenceBlock.Pinned(head.Number, head.Hash));

        Assert.Equal(SocialTokenErrorCodes.EvidenceBlockReorged, evidence.Error?.Code);
    }

    [Fact]
    public async Task ReadAsync_AtATag_ChoosesTheBlockThenReadsIt()
    {
        await using var chain = await Chain.StartAsync(safeEvery: 2, finalityDelay: 2);
        using var wallet = EthereumPrivateKey.Generate();
        for (int i = 0; i < 8; i++)
        {
            await chain.Devnet.MineAsync(); // the coin's deployment block becomes final
        }

        await chain.GiveAsync(wallet.Address, 3);

        var latest = (await new TokenEvidenceReader(chain.Client).ReadAsync([TokenQuery.BalanceOf(chain.Coin, wallet.Address)], EvidenceBlock.At(Finality.Latest))).ThrowIfFailed();
        var finalized = (await new TokenEvidenceReader(chain.Client).ReadAsync([TokenQuery.BalanceOf(chain.Coin, wallet.Address)], EvidenceBlock.At(Finality.Finalized))).ThrowIfFailed();

        Assert.Equal(3 * Chain.Unit, latest.Readings[0].Amount);
        Assert.True(finalized.BlockNumber < latest.BlockNumber);
        Assert.Equal(BigInteger.Zero, finalized.Readings[0].Amount);
        Assert.Equal(Finality.Finalized, finalized.Finality);
    }

    [Fact]
    public async Task ReadAsync_AtTheSafeBlock_OneRoundTrip_AndWhenTheTagMovesMidBatch_ReadAtTheHeadersBlock()
    {
        await using var chain = await Chain.StartAsync(safeEvery: 1);
        using var wallet = EthereumPrivateKey.Generate();
        await chain.GiveAsync(wallet.Address, 3);
        var reader = new TokenEvidenceReader(chain.Client);
        var safe = (await chain.Client.GetBlockAsync(BlockTag.Safe)).ThrowIfFailed();
        chain.Rpc.Reset();

        var evidence = (await reader.ReadAsync([TokenQuery.BalanceOf(chain.Coin, wallet.Address)], EvidenceBlock.At(Finality.Safe))).ThrowIfFailed();

        Assert.Equal(1, chain.Rpc.RoundTrips);
        Assert.Equal((safe.Number, safe.Hash, 3 * Chain.Unit), (evidence.BlockNumber, evidence.BlockHash, evidence.Readings[0].Amount!.Value));

        // A block is mined between the header request and the call: the call ran at the next safe block, so
        // the reader reads again at the header's block, by hash.
        var moving = new MineAfterHeader(chain);
        var movingReader = new TokenEvidenceReader(new EthereumClient(moving, new EthereumClientOptions { ChainId = chain.Devnet.ChainId }));
        await chain.GiveAsync(wallet.Address, 2);
        var before = (await chain.Client.GetBlockAsync(BlockTag.Safe)).ThrowIfFailed();
        moving.Armed = true;
        moving.Batches = 0;

        var read = (await movingReader.ReadAsync([TokenQuery.BalanceOf(chain.Coin, wallet.Address)], EvidenceBlock.At(Finality.Safe))).ThrowIfFailed();

        Assert.Equal(2, moving.Batches);
        Assert.Equal((before.Number, before.Hash, 5 * Chain.Unit), (read.BlockNumber, read.BlockHash, read.Readings[0].Amount!.Value));
    }

    // Sends a batch's requests up to its first block header, mines a block, then sends the rest: the tag
    // moves in the middle of the batch, as it can on a node.
    private sealed class MineAfterHeader(Chain chain) : IEthereumRpc
    {
        public bool Armed { get; set; }

        public int Batches { get; set; }

        public ValueTask<Result<System.Text.Json.JsonElement>> SendAsync(string method, System.Text.Json.Nodes.JsonArray parameters, CancellationToken cancellationToken = default)
            => chain.Devnet.Rpc.SendAsync(method, parameters, cancellationToken);

        public async ValueTask<IReadOnlyList<Result<System.Text.Json.JsonElement>>> SendBatchAsync(IReadOnlyList<RpcRequest> requests, CancellationToken cancellationToken = default)
        {
            Batches++;
            int header = requests.ToList().FindIndex(r => r.Method == "eth_getBlockByNumber");
            if (!Armed || header < 0)
            {
                return await chain.Devnet.Rpc.SendBatchAsync(requests, cancellationToken);
            }

            Armed = false;
            var first = await chain.Devnet.Rpc.SendBatchAsync(requests.Take(header + 1).ToList(), cancellationToken);
            using var creator = chain.Devnet.Accounts[0].CreateKey();
            (await chain.Sender(creator).SendAsync(chain.Coin, SocialTokenContracts.Transfer(creator.Address, 1))).ThrowIfFailed();
            var rest = await chain.Devnet.Rpc.SendBatchAsync(requests.Skip(header + 1).ToList(), cancellationToken);
            return [.. first, .. rest];
        }
    }
}
