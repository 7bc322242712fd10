using System.Text.Json.Nodes;
using Did.Sdk.Ethereum;
using Did.Sdk.Ethereum.Rpc;
using JsonValueKind = System.Text.Json.JsonValueKind;

namespace Did.Sdk.Devnet.Tests;

/// <summary>Rollup semantics: safe/finalized lag, reorgs of the unsafe tip, snapshots, mining modes and time.</summary>
public class RollupTests
{
    [Fact]
    public async Task Reorg_DefaultOptions_RefusedBecauseEverythingIsSafe()
    {
        await using var devnet = await TestSupport.StartAsync();
        await devnet.MineAsync();

        var result = await devnet.ReorgAsync(1);

        Assert.Equal(DevnetErrorCodes.ReorgRefused, result.Error?.Code);
        Assert.Contains("at or below the safe block 1", result.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reorg_ZeroDepth_Refused()
    {
        await using var devnet = await TestSupport.StartAsync(o => o.SafeEveryBlocks = 10);

        Assert.Equal(DevnetErrorCodes.ReorgRefused, (await devnet.ReorgAsync(0)).Error?.Code);
    }

    [Fact]
    public async Task Reorg_ReachingSafe_RefusedAndChainUnchanged()
    {
        await using var devnet = await TestSupport.StartAsync(o => o.SafeEveryBlocks = 4);
        for (var i = 0; i < 6; i++)
        {
            await devnet.MineAsync();
        }

        var before = devnet.Heads;
        var refused = await devnet.ReorgAsync(3);
        var overRpc = await devnet.FailAsync("devnet_reorg", 3);

        Assert.Equal(4UL, before.Safe);
        Assert.Equal(DevnetErrorCodes.ReorgRefused, refused.Error?.Code);
        Assert.Contains("would replace block 4, at or below the safe block 4", overRpc.Message, StringComparison.Ordinal);
        Assert.Equal(before, devnet.Heads);
    }

    [Fact]
    public async Task Heads_DefaultOptions_SafeAndFinalizedAreLatest()
    {
        await using var devnet = await TestSupport.StartAsync();
        await devnet.MineAsync();
        await devnet.MineAsync();

        var heads = devnet.Heads;

        Assert.Equal((2UL, 2UL, 2UL), (heads.Latest, heads.Safe, heads.Finalized));
        Assert.Equal(heads.LatestHash, (await devnet.CallAsync("eth_getBlockByNumber", "finalized", false)).GetProperty("hash").GetString());
    }

    [Fact]
    public async Task Heads_SafeEvery4FinalityDelay6_LagAsBatchesArePosted()
    {
        await using var devnet = await TestSupport.StartAsync(o => { o.SafeEveryBlocks = 4; o.FinalityDelayBlocks = 6; });
        var client = new EthereumClient(devnet.Rpc);
        var seen = new List<(ulong Latest, ulong Safe, ulong Finalized)>();
        for (var i = 0; i < 14; i++)
        {
            await devnet.MineAsync();
            var safe = (await client.GetBlockAsync(BlockTag.Safe)).ThrowIfFailed().Number;
            var finalized = (await client.GetBlockAsync(BlockTag.Finalized)).ThrowIfFailed().Number;
            seen.Add(((await client.GetBlockNumberAsync()).ThrowIfFailed(), safe, finalized));
        }

        Assert.Equal((3UL, 0UL, 0UL), seen[2]);
        Assert.Equal((4UL, 4UL, 0UL), seen[3]);
        Assert.Equal((9UL, 8UL, 0UL), seen[8]);
        Assert.Equal((10UL, 8UL, 4UL), seen[9]);
        Assert.Equal((14UL, 12UL, 8UL), seen[13]);
    }

    [Fact]
    public async Task Reorg_Drop_NewHashesAndTheLogsAreGone()
    {
        await using var devnet = await TestSupport.StartAsync(o => o.SafeEveryBlocks = 100);
        var owner = devnet.Accounts[0];
        var hashes = new List<string>();
        for (ulong n = 0; n < 2; n++)
        {
            hashes.Add(await devnet.SendAsync(owner, TestSupport.Eip1559(n, devnet.RegistryAddress, TestSupport.SetAttribute(owner.Address, "did/svc/Hub", [(byte)n]))));
        }

        var oldBlocks = new[] { await devnet.CallAsync("eth_getBlockByNumber", "0x1", false), await devnet.CallAsync("eth_getBlockByNumber", "0x2", false) };
        var events = new List<DevnetHeadsChangedEventArgs>();
        devnet.HeadsChanged += (_, e) => events.Add(e);

        var result = (await devnet.ReorgAsync(2, DevnetReorgReplay.Drop)).ThrowIfFailed();

        Assert.Equal(2UL, devnet.Heads.Latest);
        Assert.Equal(oldBlocks.Select(b => b.GetProperty("hash").GetString()), result.ReplacedBlockHashes);
        Assert.Equal(hashes, result.DroppedTransactions);
        for (var i = 0; i < 2; i++)
        {
            var block = await devnet.CallAsync("eth_getBlockByNumber", "0x" + (i + 1), false);
            Assert.Equal(result.NewBlockHashes[i], block.GetProperty("hash").GetString());
            Assert.NotEqual(oldBlocks[i].GetProperty("hash").GetString(), block.GetProperty("hash").GetString());
            Assert.True(block.GetProperty("timestamp").Number() > oldBlocks[i].GetProperty("timestamp").Number());
            Assert.Equal(0, block.GetProperty("transactions").GetArrayLength());
            Assert.Equal(JsonValueKind.Null, (await devnet.CallAsync("eth_getBlockByHash", oldBlocks[i].GetProperty("hash").GetString(), false)).ValueKind);
        }

        Assert.Equal(result.NewBlockHashes[0], (await devnet.CallAsync("eth_getBlockByNumber", "0x2", false)).GetProperty("parentHash").GetString());
        Assert.Equal(0, (await devnet.CallAsync("eth_getLogs", new JsonObject { ["fromBlock"] = "0x0" })).GetArrayLength());
        Assert.Equal(JsonValueKind.Null, (await devnet.CallAsync("eth_getTransactionReceipt", hashes[0])).ValueKind);
        Assert.Equal(0UL, (await devnet.CallAsync("eth_getTransactionCount", owner.Address.ToString(), "latest")).Number());
        Assert.Equal("reorg", Assert.Single(events).Reason);
    }

    [Fact]
    public async Task Reorg_Reorder_TransactionsReplayedInOtherBlocks()
    {
        await using var devnet = await TestSupport.StartAsync(o => o.SafeEveryBlocks = 100);
        var a = devnet.Accounts[0];
        var b = devnet.Accounts[1];
        var first = await devnet.SendAsync(a, TestSupport.Eip1559(0, devnet.RegistryAddress, TestSupport.SetAttribute(a.Address, "did/svc/Hub", [1])));
        var second = await devnet.SendAsync(b, TestSupport.Eip1559(0, devnet.RegistryAddress, TestSupport.SetAttribute(b.Address, "did/svc/Hub", [2])));
        var oldReceipt = await devnet.CallAsync("eth_getTransactionReceipt", first);

        var result = (await devnet.ReorgAsync(2, DevnetReorgReplay.Reorder)).ThrowIfFailed();
        var newReceipt = await devnet.CallAsync("eth_getTransactionReceipt", first);
        var logs = (await devnet.CallAsync("eth_getLogs", new JsonObject { ["fromBlock"] = "0x0" })).EnumerateArray().ToList();

        Assert.Equal([second, first], result.ReplayedTransactions);
        Assert.Empty(result.DroppedTransactions);
        Assert.Equal(2UL, newReceipt.GetProperty("blockNumber").Number());
        Assert.Equal(1UL, newReceipt.GetProperty("transactionIndex").Number());
        Assert.NotEqual(oldReceipt.GetProperty("blockHash").GetString(), newReceipt.GetProperty("blockHash").GetString());
        Assert.Equal([0UL, 1UL], logs.Select(l => l.GetProperty("logIndex").Number()));
        Assert.All(logs, l => Assert.Equal(result.NewBlockHashes[1], l.GetProperty("blockHash").GetString()));
        Assert.Equal(0, (await devnet.CallAsync("eth_getBlockByNumber", "0x1", false)).GetProperty("transactions").GetArrayLength());
    }

    [Fact]
    public async Task Revert_UnknownOrUsedSnapshot_False()
    {
        await using var devnet = await TestSupport.StartAsync();
        var id = await devnet.SnapshotAsync();

        Assert.True(await devnet.RevertAsync(id));
        Assert.False(await devnet.RevertAsync(id));
        Assert.False((await devnet.CallAsync("evm_revert", "0x99")).GetBoolean());
    }

    [Fact]
    public async Task Revert_AfterWrites_RestoresBlocksStateAndLogs()
    {
        await using var devnet = await TestSupport.StartAsync();
        var owner = devnet.Accounts[0];
        await devnet.SendAsync(owner, TestSupport.Eip1559(0, devnet.RegistryAddress, TestSupport.SetAttribute(owner.Address, "did/svc/Hub", [1])));
        var heads = devnet.Heads;
        var id = (await devnet.CallAsync("evm_snapshot")).GetString()!;
        var later = await devnet.SnapshotAsync();
        await devnet.SendAsync(owner, TestSupport.Eip1559(1, devnet.RegistryAddress, TestSupport.SetAttribute(owner.Address, "did/svc/Hub", [2])));
        await devnet.MineAsync();

        Assert.True((await devnet.CallAsync("evm_revert", id)).GetBoolean());

        Assert.Equal(heads, devnet.Heads);
        Assert.Equal(1, (await devnet.CallAsync("eth_getLogs", new JsonObject { ["fromBlock"] = "0x0" })).GetArrayLength());
        Assert.Equal(1UL, (await devnet.CallAsync("eth_getTransactionCount", owner.Address.ToString(), "latest")).Number());
        Assert.False(await devnet.RevertAsync(later));
        var again = await devnet.SendAsync(owner, TestSupport.Eip1559(1, devnet.RegistryAddress, TestSupport.SetAttribute(owner.Address, "did/svc/Hub", [3])));
        Assert.Equal(2UL, (await devnet.CallAsync("eth_getTransactionReceipt", again)).GetProperty("blockNumber").Number());
    }

    [Fact]
    public async Task IntervalMining_NoAutomine_TransactionsWaitForTheNextTick()
    {
        var clock = TestSupport.Clock();
        await using var devnet = await TestSupport.StartAsync(o => { o.AutoMine = false; o.BlockInterval = TimeSpan.FromSeconds(2); }, clock);
        var owner = devnet.Accounts[0];

        var hash = await devnet.SendAsync(owner, TestSupport.Eip1559(0, devnet.Accounts[1].Address, value: 1, gas: 21_000));
        var pending = await devnet.CallAsync("eth_getTransactionByHash", hash);
        var pendingNonce = (await devnet.CallAsync("eth_getTransactionCount", owner.Address.ToString(), "pending")).Number();
        var latestNonce = (await devnet.CallAsync("eth_getTransactionCount", owner.Address.ToString(), "latest")).Number();
        var receiptBefore = await devnet.CallAsync("eth_getTransactionReceipt", hash);
        clock.Advance(TimeSpan.FromSeconds(2));
        var receipt = await devnet.CallAsync("eth_getTransactionReceipt", hash);
        clock.Advance(TimeSpan.FromSeconds(2));
        clock.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(JsonValueKind.Null, pending.GetProperty("blockHash").ValueKind);
        Assert.Equal((1UL, 0UL), (pendingNonce, latestNonce));
        Assert.Equal(JsonValueKind.Null, receiptBefore.ValueKind);
        Assert.Equal(1UL, receipt.GetProperty("blockNumber").Number());
        Assert.Equal(3UL, devnet.Heads.Latest);
        var block1 = await devnet.CallAsync("eth_getBlockByNumber", "0x1", false);
        var block3 = await devnet.CallAsync("eth_getBlockByNumber", "0x3", false);
        Assert.Equal((ulong)TestSupport.GenesisTime.ToUnixTimeSeconds() + 2, block1.GetProperty("timestamp").Number());
        Assert.Equal((ulong)TestSupport.GenesisTime.ToUnixTimeSeconds() + 6, block3.GetProperty("timestamp").Number());
        Assert.Equal(0, block3.GetProperty("transactions").GetArrayLength());
    }

    [Fact]
    public async Task ManualMining_MoreGasThanABlockHolds_RestWaitsInNonceOrder()
    {
        await using var devnet = await TestSupport.StartAsync(o => { o.AutoMine = false; o.BlockGasLimit = 5_000_000; });
        var owner = devnet.Accounts[0];

        // Init code that loops until it runs out of gas (JUMPDEST PUSH1 0 JUMP): each burns its whole 3,000,000.
        for (ulong n = 0; n < 3; n++)
        {
            await devnet.SendAsync(owner, TestSupport.Eip1559(n, null, Convert.FromHexString("5b600056"), gas: 3_000_000));
        }

        var counts = new List<int>();
        for (var block = 1; block <= 3; block++)
        {
            await devnet.MineAsync();
            counts.Add((await devnet.CallAsync("eth_getBlockByNumber", "latest", false)).GetProperty("transactions").GetArrayLength());
        }

        Assert.Equal([1, 1, 1], counts);
        Assert.Equal(3_000_000UL, (await devnet.CallAsync("eth_getBlockByNumber", "0x2", false)).GetProperty("gasUsed").Number());
        Assert.Equal(3UL, (await devnet.CallAsync("eth_getTransactionCount", owner.Address.ToString(), "latest")).Number());
    }

    [Fact]
    public async Task Timestamps_FromTheClockAndTheTimeMethods()
    {
        var clock = TestSupport.Clock();
        await using var devnet = await TestSupport.StartAsync(time: clock);
        var genesis = (ulong)TestSupport.GenesisTime.ToUnixTimeSeconds();

        await devnet.MineAsync();
        await devnet.MineAsync();
        clock.Advance(TimeSpan.FromSeconds(30));
        await devnet.MineAsync();
        Assert.Equal("60", (await devnet.CallAsync("evm_increaseTime", 60)).GetString());
        await devnet.CallAsync("evm_mine");
        Assert.Equal((genesis + 1000).ToString(System.Globalization.CultureInfo.InvariantCulture), (await devnet.CallAsync("evm_setNextBlockTimestamp", genesis + 1000)).GetString());
        Assert.Equal("0", (await devnet.CallAsync("evm_mine")).GetString());
        await devnet.CallAsync("evm_mine", "0x" + (genesis + 2000).ToString("x", System.Globalization.CultureInfo.InvariantCulture));
        var tooEarly = await devnet.FailAsync("evm_setNextBlockTimestamp", genesis);

        var times = new List<ulong>();
        for (var n = 0; n <= 6; n++)
        {
            times.Add((await devnet.CallAsync("eth_getBlockByNumber", "0x" + n, false)).GetProperty("timestamp").Number());
        }

        Assert.Equal([genesis, genesis + 1, genesis + 2, genesis + 30, genesis + 90, genesis + 1000, genesis + 2000], times);
        Assert.Contains("is lower than or equal to previous block's timestamp", tooEarly.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Timestamps_BeyondYear9999_RefusedAndChainUnchanged()
    {
        await using var devnet = await TestSupport.StartAsync();

        var next = await devnet.FailAsync("evm_setNextBlockTimestamp", "0x7fffffffffffffff");
        var mine = await devnet.FailAsync("evm_mine", "0xffffffffffff");
        var steps = 0;
        while ((await devnet.Rpc.SendAsync("evm_increaseTime", [2_000_000_000])).Succeeded && steps < 200)
        {
            steps++;
        }

        var increase = await devnet.FailAsync("evm_increaseTime", 2_000_000_000);
        await devnet.CallAsync("evm_increaseTime", 60);

        Assert.Contains("year 9999", next.Message, StringComparison.Ordinal);
        Assert.Contains("year 9999", mine.Message, StringComparison.Ordinal);
        Assert.Contains("year 9999", increase.Message, StringComparison.Ordinal);
        Assert.InRange(steps, 100, 130);
        Assert.Equal(0UL, devnet.Heads.Latest);
        await devnet.MineAsync();
        Assert.Equal(1UL, devnet.Heads.Latest);
    }

    [Fact]
    public async Task Timestamps_SameTimestampAllowed_BlocksStayAtTheClock()
    {
        var clock = TestSupport.Clock();
        await using var devnet = await TestSupport.StartAsync(o => o.AllowBlocksWithSameTimestamp = true, clock);
        var genesis = (ulong)TestSupport.GenesisTime.ToUnixTimeSeconds();

        await devnet.MineAsync();
        await devnet.MineAsync();
        clock.Advance(TimeSpan.FromSeconds(1));
        await devnet.MineAsync();
        var tooEarly = await devnet.FailAsync("evm_mine", genesis);

        var times = new List<ulong>();
        for (var n = 1; n <= 3; n++)
        {
            times.Add((await devnet.CallAsync("eth_getBlockByNumber", "0x" + n, false)).GetProperty("timestamp").Number());
        }

        Assert.Equal([genesis, genesis, genesis + 1], times);
        Assert.Contains("is lower than the previous block's timestamp", tooEarly.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BaseFee_EmptyBlocks_FallByAnEighthAsGethComputes()
    {
        await using var devnet = await TestSupport.StartAsync();
        await devnet.MineAsync();
        await devnet.MineAsync();

        var fees = new List<System.Numerics.BigInteger>();
        for (var n = 0; n <= 2; n++)
        {
            fees.Add((await devnet.CallAsync("eth_getBlockByNumber", "0x" + n, false)).GetProperty("baseFeePerGas").Big());
        }

        var history = await devnet.CallAsync("eth_feeHistory", "0x2", "latest", new JsonArray(50));

        Assert.Equal([1_000_000_000, 875_000_000, 765_625_000], fees);
        Assert.Equal(1UL, history.GetProperty("oldestBlock").Number());
        Assert.Equal(["0x342770c0", "0x2da282a8", "0x27ee3253"], history.GetProperty("baseFeePerGas").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(2, history.GetProperty("reward").GetArrayLength());
    }

    [Fact]
    public async Task Blocks_ParentLinksAndHeaderHashes_Consistent()
    {
        await using var devnet = await TestSupport.StartAsync();
        await devnet.SendAsync(devnet.Accounts[0], TestSupport.Eip1559(0, devnet.Accounts[1].Address, value: 1, gas: 21_000));
        await devnet.MineAsync();

        var full = await devnet.CallAsync("eth_getBlockByNumber", "0x1", true);
        var next = await devnet.CallAsync("eth_getBlockByNumber", "0x2", false);
        var byHash = await devnet.CallAsync("eth_getBlockByHash", full.GetProperty("hash").GetString(), true);

        Assert.Equal(full.GetProperty("hash").GetString(), next.GetProperty("parentHash").GetString());
        Assert.Equal(full.GetRawText(), byHash.GetRawText());
        var tx = full.GetProperty("transactions")[0];
        Assert.Equal(full.GetProperty("hash").GetString(), tx.GetProperty("blockHash").GetString());
        Assert.Equal(21_000UL, full.GetProperty("gasUsed").Number());
        Assert.Equal(30_000_000UL, full.GetProperty("gasLimit").Number());
        Assert.Equal("0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421", next.GetProperty("transactionsRoot").GetString());
        Assert.NotEqual(next.GetProperty("transactionsRoot").GetString(), full.GetProperty("transactionsRoot").GetString());
    }
}
