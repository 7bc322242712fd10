using System.Text.Json;
using System.Text.Json.Nodes;
using Did.Sdk.Ethereum.Rpc;

namespace Did.Sdk.Ethereum.Tests.Rpc;

public sealed class EthereumClientTests
{
    private static readonly EthereumAddress Contract = EthereumAddress.Parse("0x5fbdb2315678afecb367f032d93f642f64180aa3").ThrowIfFailed();
    private static readonly EthereumAddress Other = EthereumAddress.Parse("0x1111111111111111111111111111111111111111").ThrowIfFailed();

    [Fact]
    public async Task VerifyChainIdAsync_WrongChain_ReturnsChainIdMismatch()
    {
        var client = new EthereumClient(new ScriptedRpc((m, _) => m == "eth_chainId" ? Ok("\"0x1\"") : throw new InvalidOperationException()), new EthereumClientOptions { ChainId = 10 });
        var result = await client.VerifyChainIdAsync();
        Assert.Equal(EthereumErrorCodes.ChainIdMismatch, result.Error?.Code);
    }

    [Fact]
    public async Task GetBlockAsync_NullBlock_ReturnsRpcNotFound()
    {
        var client = new EthereumClient(new ScriptedRpc((_, _) => Ok("null")));
        Assert.Equal(EthereumErrorCodes.RpcNotFound, (await client.GetBlockAsync(BlockTag.Finalized)).Error?.Code);
    }

    [Fact]
    public async Task GetBlockAsync_DifferentNumberThanRequested_ReturnsMalformed()
    {
        var client = new EthereumClient(new ScriptedRpc((_, _) => Ok(BlockJson(7))));
        Assert.Equal(EthereumErrorCodes.RpcMalformedResponse, (await client.GetBlockAsync(BlockTag.AtNumber(8))).Error?.Code);
    }

    [Fact]
    public async Task GetLogsAsync_ProviderCapsRange_SplitsUntilAccepted()
    {
        var requests = new List<(ulong, ulong)>();
        var rpc = new ScriptedRpc((_, p) =>
        {
            var from = ulong.Parse(p[0]!["fromBlock"]!.GetValue<string>()[2..], System.Globalization.NumberStyles.HexNumber, null);
            var to = ulong.Parse(p[0]!["toBlock"]!.GetValue<string>()[2..], System.Globalization.NumberStyles.HexNumber, null);
            requests.Add((from, to));
            if (to - from >= 10)
            {
                return Result<JsonElement>.Failure(RpcErrors.Create(-32005, "query exceeds max block range 10"));
            }

            var logs = Enumerable.Range((int)from, (int)(to - from + 1)).Where(b => b % 5 == 0).Select(b => LogJson(Contract, (ulong)b));
            return Ok("[" + string.Join(",", logs) + "]");
        });
        var client = new EthereumClient(rpc);
        var result = await client.GetLogsAsync(new LogFilter(0, 99, Contract));
        Assert.True(result.Succeeded);
        Assert.Equal(Enumerable.Range(0, 100).Where(b => b % 5 == 0).Select(b => (ulong)b), result.Value.Select(l => l.BlockNumber));
        Assert.Contains(requests, r => r.Item2 - r.Item1 < 10);
    }

    [Fact]
    public async Task GetLogsAsync_MaxBlockRange_WindowsBatched50ToARoundTrip_RefusedWindowHalvedAlone()
    {
        int singles = 0, batches = 0;
        Result<JsonElement> Respond(JsonArray p)
        {
            var from = ulong.Parse(p[0]!["fromBlock"]!.GetValue<string>()[2..], System.Globalization.NumberStyles.HexNumber, null);
            var to = ulong.Parse(p[0]!["toBlock"]!.GetValue<string>()[2..], System.Globalization.NumberStyles.HexNumber, null);
            if (to - from >= 10 || (from >= 500 && to < 510 && to - from >= 5))
            {
                return Result<JsonElement>.Failure(RpcErrors.Create(-32005, "query exceeds max block range"));
            }

            var logs = Enumerable.Range((int)from, (int)(to - from + 1)).Where(b => b % 7 == 0).Select(b => LogJson(Contract, (ulong)b));
            return Ok("[" + string.Join(",", logs) + "]");
        }

        var rpc = new CountingRpc(p => { singles++; return Respond(p); }, ps => { batches++; return ps.Select(Respond).ToArray(); });
        var client = new EthereumClient(rpc, new EthereumClientOptions { MaxBlockRange = 10 });

        var result = await client.GetLogsAsync(new LogFilter(0, 999, Contract));

        Assert.Equal(Enumerable.Range(0, 1000).Where(b => b % 7 == 0).Select(b => (ulong)b), result.ThrowIfFailed().Select(l => l.BlockNumber));
        Assert.Equal(2, batches);  // 100 windows of 10 blocks
        Assert.Equal(2, singles);  // 500-509 refused: 500-504 and 505-509 alone
    }

    [Fact]
    public async Task GetLogsAsync_MaxBlockRange_NodeRefusesBatches_WindowsQueriedOneByOne()
    {
        int singles = 0;
        var rpc = new CountingRpc(
            _ => { singles++; return Ok("[" + LogJson(Contract, 3) + "]"); },
            ps => ps.Select(_ => Result<JsonElement>.Failure(RpcErrors.Create(-32600, "batch requests are not supported"))).ToArray());
        var client = new EthereumClient(rpc, new EthereumClientOptions { MaxBlockRange = 10 });

        var result = await client.GetLogsAsync(new LogFilter(0, 29, Contract));

        Assert.Equal([3UL], result.ThrowIfFailed().Select(l => l.BlockNumber));
        Assert.Equal(3, singles);
    }

    internal sealed class CountingRpc(Func<JsonArray, Result<JsonElement>> single, Func<IEnumerable<JsonArray>, Result<JsonElement>[]> batch) : IEthereumRpc
    {
        public ValueTask<Result<JsonElement>> SendAsync(string method, JsonArray parameters, CancellationToken cancellationToken = default)
            => ValueTask.FromResult(single(parameters));

        public ValueTask<IReadOnlyList<Result<JsonElement>>> SendBatchAsync(IReadOnlyList<RpcRequest> requests, CancellationToken cancellationToken = default)
            => ValueTask.FromResult<IReadOnlyList<Result<JsonElement>>>(batch(requests.Select(r => r.Parameters)));
    }

    [Fact]
    public async Task GetLogsAsync_LogsFromOtherContractOrOutsideRange_Dropped()
    {
        var client = new EthereumClient(new ScriptedRpc((_, _) => Ok("[" + LogJson(Other, 5) + "," + LogJson(Contract, 500) + "," + LogJson(Contract, 6) + "]")));
        var result = await client.GetLogsAsync(new LogFilter(0, 10, Contract));
        Assert.Equal([6UL], result.ThrowIfFailed().Select(l => l.BlockNumber));
    }

    [Fact]
    public async Task GetLogsAsync_MoreThanMaxLogs_ReturnsTooManyLogs()
    {
        var client = new EthereumClient(new ScriptedRpc((_, _) => Ok("[" + LogJson(Contract, 1) + "," + LogJson(Contract, 2) + "]")), new EthereumClientOptions { MaxLogs = 1 });
        Assert.Equal(EthereumErrorCodes.TooManyLogs, (await client.GetLogsAsync(new LogFilter(0, 10, Contract))).Error?.Code);
    }

    [Fact]
    public async Task GetLogsAsync_MalformedLog_ReturnsMalformed()
    {
        var client = new EthereumClient(new ScriptedRpc((_, _) => Ok("[{\"address\":\"0x12\"}]")));
        Assert.Equal(EthereumErrorCodes.RpcMalformedResponse, (await client.GetLogsAsync(new LogFilter(0, 10, Contract))).Error?.Code);
    }

    [Fact]
    public async Task CallAsync_HexResult_ReturnsBytes()
    {
        JsonArray? seen = null;
        var client = new EthereumClient(new ScriptedRpc((_, p) => { seen = p; return Ok("\"0x0102\""); }));
        var result = await client.CallAsync(Contract, new byte[] { 0xf9, 0x6d }, BlockTag.AtNumber(26));
        Assert.Equal(new byte[] { 1, 2 }, result.ThrowIfFailed());
        Assert.Equal("0x1a", seen![1]!.GetValue<string>());
    }

    [Fact]
    public async Task GetTransactionReceiptAsync_Receipt_Parsed()
    {
        var receipt = "{\"transactionHash\":\"0x" + new string('a', 64) + "\",\"blockNumber\":\"0x5\",\"blockHash\":\"0x" + new string('b', 64) + "\",\"status\":\"0x1\",\"gasUsed\":\"0x5208\",\"contractAddress\":null,\"logs\":[" + LogJson(Contract, 5) + "]}";
        var client = new EthereumClient(new ScriptedRpc((_, _) => Ok(receipt)));
        var result = (await client.GetTransactionReceiptAsync("0x" + new string('a', 64))).ThrowIfFailed();
        Assert.True(result.Succeeded);
        Assert.Equal(21000, (int)result.GasUsed);
        Assert.Single(result.Logs);
    }

    [Theory]
    [InlineData("latest", true)]
    [InlineData("finalized", true)]
    [InlineData("0x10", true)]
    [InlineData("16", true)]
    [InlineData("pending!", false)]
    [InlineData("0x", false)]
    [InlineData("-1", false)]
    public void BlockTag_TryParse(string text, bool ok) => Assert.Equal(ok, BlockTag.TryParse(text, out _));

    internal static string BlockJson(ulong number) => $"{{\"number\":\"{Quantity.Format(number)}\",\"hash\":\"0x{number:x64}\",\"parentHash\":\"0x{number - 1:x64}\",\"timestamp\":\"0x{1000 + number:x}\"}}";

    internal static string LogJson(EthereumAddress address, ulong block) =>
        $"{{\"address\":\"{address.ToLowerCaseString()}\",\"topics\":[\"0x{new string('0', 64)}\"],\"data\":\"0x\",\"blockNumber\":\"{Quantity.Format(block)}\",\"blockHash\":\"0x{block:x64}\",\"transactionHash\":\"0x{block:x64}\",\"logIndex\":\"0x0\",\"removed\":false}}";

    internal static Result<JsonElement> Ok(string json) => JsonDocument.Parse(json).RootElement.Clone();

    internal sealed class ScriptedRpc(Func<string, JsonArray, Result<JsonElement>> respond) : IEthereumRpc
    {
        public ValueTask<Result<JsonElement>> SendAsync(string method, JsonArray parameters, CancellationToken cancellationToken = default)
            => ValueTask.FromResult(respond(method, parameters));

        public ValueTask<IReadOnlyList<Result<JsonElement>>> SendBatchAsync(IReadOnlyList<RpcRequest> requests, CancellationToken cancellationToken = default)
            => ValueTask.FromResult<IReadOnlyList<Result<JsonElement>>>(requests.Select(r => respond(r.Method, r.Parameters)).ToArray());
    }
}
