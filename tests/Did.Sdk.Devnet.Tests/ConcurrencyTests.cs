using System.Text.Json.Nodes;
using Did.Sdk.Ethereum.Rpc;

namespace Did.Sdk.Devnet.Tests;

/// <summary>Both doors may be used from many threads at once; the chain stays consistent.</summary>
public class ConcurrencyTests
{
    [Fact]
    public async Task SendRawTransaction_FourSendersInParallelOverBothDoors_EveryTransactionMinedOnce()
    {
        await using var devnet = await TestSupport.StartAsync();
        await using var server = await devnet.ServeHttpAsync();
        using var http = new HttpClient();
        var overHttp = new HttpEthereumRpc(http, new HttpEthereumRpcOptions { Endpoint = server.Url, MaxRetries = 0 });

        var senders = Enumerable.Range(0, 4).Select(i => Task.Run(async () =>
        {
            var account = devnet.Accounts[i];
            IEthereumRpc rpc = i % 2 == 0 ? devnet.Rpc : overHttp;
            for (ulong n = 0; n < 15; n++)
            {
                var raw = account.Sign(TestSupport.Eip1559(n, devnet.RegistryAddress, TestSupport.SetAttribute(account.Address, "did/svc/Hub", [(byte)n]))).ToRawHex();
                (await rpc.SendAsync("eth_sendRawTransaction", [raw])).ThrowIfFailed();
                (await rpc.SendAsync("eth_getLogs", [new JsonObject { ["fromBlock"] = "0x0" }])).ThrowIfFailed();
            }
        })).ToArray();
        await Task.WhenAll(senders);

        Assert.Equal(60UL, devnet.Heads.Latest);
        Assert.Equal(60, (await devnet.CallAsync("eth_getLogs", new JsonObject { ["fromBlock"] = "0x0" })).GetArrayLength());
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(15UL, (await devnet.CallAsync("eth_getTransactionCount", devnet.Accounts[i].Address.ToString(), "latest")).Number());
        }
    }
}
