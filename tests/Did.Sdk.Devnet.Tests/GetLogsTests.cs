using System.Text.Json;
using System.Text.Json.Nodes;
using Did.Sdk.Ethereum;
using Did.Sdk.Ethereum.Rpc;

namespace Did.Sdk.Devnet.Tests;

/// <summary>eth_getLogs filters as geth applies them.</summary>
public class GetLogsTests
{
    private static string Topic(EthereumAddress address) => "0x000000000000000000000000" + address.ToLowerCaseString()[2..];

    // Blocks 1..4: attributes of identities #0, #1, #0, #2.
    private static async Task<Devnet> WithFourWritesAsync(Action<DevnetOptions>? configure = null)
    {
        var devnet = await TestSupport.StartAsync(configure);
        var nonces = new Dictionary<int, ulong>();
        foreach (var who in new[] { 0, 1, 0, 2 })
        {
            var account = devnet.Accounts[who];
            var nonce = nonces.GetValueOrDefault(who);
            nonces[who] = nonce + 1;
            await devnet.SendAsync(account, TestSupport.Eip1559(nonce, devnet.RegistryAddress, TestSupport.SetAttribute(account.Address, "did/svc/Hub", [(byte)who])));
        }

        return devnet;
    }

    private static async Task<JsonElement> LogsAsync(Devnet devnet, JsonObject filter) => await devnet.CallAsync("eth_getLogs", filter);

    [Fact]
    public async Task GetLogs_BlockHashWithRange_InvalidParams()
    {
        await using var devnet = await WithFourWritesAsync();
        var hash = (await devnet.CallAsync("eth_getBlockByNumber", "0x1", false)).GetProperty("hash").GetString();

        var error = await devnet.FailAsync("eth_getLogs", new JsonObject { ["blockHash"] = hash, ["fromBlock"] = "0x1" });

        Assert.StartsWith("JSON-RPC error -32602:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetLogs_FromAfterTo_Refused()
    {
        await using var devnet = await WithFourWritesAsync();

        var error = await devnet.FailAsync("eth_getLogs", new JsonObject { ["fromBlock"] = "0x3", ["toBlock"] = "0x2" });

        Assert.Equal("JSON-RPC error -32000: invalid block range params", error.Message);
    }

    [Fact]
    public async Task GetLogs_UnknownBlockHash_Refused()
    {
        await using var devnet = await WithFourWritesAsync();

        var error = await devnet.FailAsync("eth_getLogs", new JsonObject { ["blockHash"] = "0x" + new string('1', 64) });

        Assert.Equal("JSON-RPC error -32000: unknown block", error.Message);
    }

    [Fact]
    public async Task GetLogs_FiveTopics_Refused()
    {
        await using var devnet = await WithFourWritesAsync();

        var error = await devnet.FailAsync("eth_getLogs", new JsonObject { ["topics"] = new JsonArray(null, null, null, null, null) });

        Assert.Contains("exceed max topics", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetLogs_MoreThanTheBound_LimitExceeded()
    {
        await using var devnet = await WithFourWritesAsync(o => o.MaxLogsPerQuery = 3);

        var error = await devnet.FailAsync("eth_getLogs", new JsonObject { ["fromBlock"] = "earliest" });

        Assert.Equal("JSON-RPC error -32005: query returned more than 3 results", error.Message);
    }

    [Fact]
    public async Task GetLogs_DefaultRange_IsLatestBlockOnly()
    {
        await using var devnet = await WithFourWritesAsync();

        var logs = await LogsAsync(devnet, []);

        var log = Assert.Single(logs.EnumerateArray());
        Assert.Equal(4UL, log.GetProperty("blockNumber").Number());
    }

    [Fact]
    public async Task GetLogs_WholeRange_AllLogsWithPositions()
    {
        await using var devnet = await WithFourWritesAsync();

        var logs = (await LogsAsync(devnet, new JsonObject { ["fromBlock"] = "earliest", ["toBlock"] = "latest", ["address"] = devnet.RegistryAddress.ToString() })).EnumerateArray().ToList();

        Assert.Equal([1UL, 2UL, 3UL, 4UL], logs.Select(l => l.GetProperty("blockNumber").Number()));
        Assert.All(logs, l => Assert.Equal(0UL, l.GetProperty("logIndex").Number()));
        Assert.All(logs, l => Assert.Equal(0UL, l.GetProperty("transactionIndex").Number()));
        Assert.All(logs, l => Assert.False(l.GetProperty("removed").GetBoolean()));
        var block2 = await devnet.CallAsync("eth_getBlockByNumber", "0x2", false);
        Assert.Equal(block2.GetProperty("hash").GetString(), logs[1].GetProperty("blockHash").GetString());
        Assert.Equal(block2.GetProperty("transactions")[0].GetString(), logs[1].GetProperty("transactionHash").GetString());
    }

    [Fact]
    public async Task GetLogs_TopicPositionWithWildcard_FiltersByIdentity()
    {
        await using var devnet = await WithFourWritesAsync();
        var filter = new JsonObject
        {
            ["fromBlock"] = "0x0",
            ["topics"] = new JsonArray(null, Topic(devnet.Accounts[0].Address)),
        };

        var logs = (await LogsAsync(devnet, filter)).EnumerateArray().Select(l => l.GetProperty("blockNumber").Number());

        Assert.Equal([1UL, 3UL], logs);
    }

    [Fact]
    public async Task GetLogs_TopicOrArray_MatchesEither()
    {
        await using var devnet = await WithFourWritesAsync();
        var filter = new JsonObject
        {
            ["fromBlock"] = "0x0",
            ["topics"] = new JsonArray(Hex.Encode(TestSupport.AttributeChangedTopic), new JsonArray(Topic(devnet.Accounts[1].Address), Topic(devnet.Accounts[2].Address))),
        };

        var logs = (await LogsAsync(devnet, filter)).EnumerateArray().Select(l => l.GetProperty("blockNumber").Number());

        Assert.Equal([2UL, 4UL], logs);
    }

    [Fact]
    public async Task GetLogs_MorePositionsThanTheLogHas_NoMatch()
    {
        await using var devnet = await WithFourWritesAsync();

        var logs = await LogsAsync(devnet, new JsonObject { ["fromBlock"] = "0x0", ["topics"] = new JsonArray(null, null, null) });

        Assert.Equal(0, logs.GetArrayLength());
    }

    [Fact]
    public async Task GetLogs_AddressList_OtherAddressExcluded()
    {
        await using var devnet = await WithFourWritesAsync();

        var none = await LogsAsync(devnet, new JsonObject { ["fromBlock"] = "0x0", ["address"] = devnet.Multicall3Address.ToString() });
        var some = await LogsAsync(devnet, new JsonObject { ["fromBlock"] = "0x0", ["address"] = new JsonArray(devnet.Multicall3Address.ToString(), devnet.RegistryAddress.ToLowerCaseString()) });

        Assert.Equal(0, none.GetArrayLength());
        Assert.Equal(4, some.GetArrayLength());
    }

    [Fact]
    public async Task GetLogs_RangeAndBlockHash_SelectThoseBlocks()
    {
        await using var devnet = await WithFourWritesAsync();
        var hash = (await devnet.CallAsync("eth_getBlockByNumber", "0x3", false)).GetProperty("hash").GetString();

        var range = (await LogsAsync(devnet, new JsonObject { ["fromBlock"] = "0x2", ["toBlock"] = "0x3" })).EnumerateArray().Select(l => l.GetProperty("blockNumber").Number());
        var byHash = (await LogsAsync(devnet, new JsonObject { ["blockHash"] = hash })).EnumerateArray().Select(l => l.GetProperty("blockNumber").Number());
        var beyond = await LogsAsync(devnet, new JsonObject { ["fromBlock"] = "0x9", ["toBlock"] = "0xa" });

        Assert.Equal([2UL, 3UL], range);
        Assert.Equal([3UL], byHash);
        Assert.Equal(0, beyond.GetArrayLength());
    }

    [Fact]
    public async Task GetLogsAsync_SdkClientFilter_MatchesServerFilter()
    {
        await using var devnet = await WithFourWritesAsync();
        var client = new EthereumClient(devnet.Rpc);

        var logs = (await client.GetLogsAsync(new LogFilter(0, 4, devnet.RegistryAddress, [TestSupport.AttributeChangedTopic]))).ThrowIfFailed();

        Assert.Equal(4, logs.Count);
    }
}
