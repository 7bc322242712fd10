using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Did.Sdk.Ethereum.Rpc;
using Did.Sdk.Ethereum.Transactions;
using static Did.Sdk.Ethereum.Tests.Rpc.EthereumClientTests;

namespace Did.Sdk.Ethereum.Tests.Rpc;

/// <summary>The write path over a scripted node: estimates, fees, sending, receipts, and refusals.</summary>
public sealed class TransactionSenderTests
{
    private const ulong Chain = 10;
    private static readonly EthereumAddress Registry = EthereumAddress.Parse("0x5fbdb2315678afecb367f032d93f642f64180aa3").ThrowIfFailed();

    /// <summary>A node that answers the write path; <paramref name="overrides"/> replaces single methods.</summary>
    private sealed class Node(Func<string, JsonArray, Result<JsonElement>?>? overrides = null)
    {
        public List<string> Calls { get; } = [];

        public List<string> RawTransactions { get; } = [];

        public int ReceiptPollsBeforeMined { get; set; }

        public int ReceiptStatus { get; set; } = 1;

        public Result<JsonElement> Respond(string method, JsonArray p)
        {
            lock (Calls)
            {
                Calls.Add(method);
            }

            if (overrides?.Invoke(method, p) is { } custom)
            {
                return custom;
            }

            switch (method)
            {
                case "eth_chainId": return Ok("\"0xa\"");
                case "eth_estimateGas": return Ok("\"0x7530\"");             // 30000
                case "eth_getTransactionCount": return Ok("\"0x7\"");
                case "eth_feeHistory": return Ok("""{"oldestBlock":"0x1","baseFeePerGas":["0x50","0x64"],"gasUsedRatio":[0.5]}""");
                case "eth_maxPriorityFeePerGas": return Ok("\"0x2\"");
                case "eth_sendRawTransaction":
                    var raw = p[0]!.GetValue<string>();
                    RawTransactions.Add(raw);
                    return Ok($"\"{SignedTransaction.Decode(raw).ThrowIfFailed().HashHex}\"");
                case "eth_getTransactionReceipt":
                    if (ReceiptPollsBeforeMined-- > 0)
                    {
                        return Ok("null");
                    }

                    var hash = p[0]!.GetValue<string>();
                    return Ok($$"""{"transactionHash":"{{hash}}","blockNumber":"0x10","blockHash":"0x{{new string('a', 64)}}","status":"0x{{ReceiptStatus}}","gasUsed":"0x5208","logs":[],"contractAddress":null}""");
                default:
                    throw new InvalidOperationException("unexpected " + method);
            }
        }
    }

    private static (EthereumTransactionSender Sender, EthereumPrivateKey Key) NewSender(Node node, EthereumTransactionSenderOptions? options = null)
    {
        var key = EthereumPrivateKey.Generate();
        var client = new EthereumClient(new ScriptedRpc(node.Respond), new EthereumClientOptions { ChainId = Chain });
        return (new EthereumTransactionSender(client, key, Chain, options ?? new EthereumTransactionSenderOptions { ReceiptPollInterval = TimeSpan.FromMilliseconds(1) }), key);
    }

    [Fact]
    public async Task SendAsync_CallWouldRevert_FailsBeforeSigning()
    {
        var node = new Node((m, _) => m == "eth_estimateGas" ? Result<JsonElement>.Failure(RpcErrors.Create(3, "execution reverted: bad_actor")) : null);
        var (sender, key) = NewSender(node);

        var result = await sender.SendAsync(Registry, new byte[] { 1, 2, 3 });

        Assert.Equal(EthereumErrorCodes.TransactionReverted, result.Error?.Code);
        Assert.Contains("bad_actor", result.Error!.Message, StringComparison.Ordinal);
        Assert.Empty(node.RawTransactions);
        key.Dispose();
    }

    [Fact]
    public async Task SendAsync_WrongChain_FailsBeforeAnythingElse()
    {
        var node = new Node((m, _) => m == "eth_chainId" ? Ok("\"0x1\"") : null);
        var (sender, key) = NewSender(node);

        var result = await sender.SendAsync(Registry, new byte[] { 1 });

        Assert.Equal(EthereumErrorCodes.ChainIdMismatch, result.Error?.Code);
        Assert.Equal(["eth_chainId"], node.Calls);
        key.Dispose();
    }

    [Fact]
    public async Task SendAsync_FeeAboveCap_NothingSent()
    {
        var node = new Node();
        var (sender, key) = NewSender(node, new EthereumTransactionSenderOptions { MaxFeePerGasCap = 100 });

        var result = await sender.SendAsync(Registry, new byte[] { 1 });

        Assert.Equal(EthereumErrorCodes.TransactionRejected, result.Error?.Code);
        Assert.Empty(node.RawTransactions);
        key.Dispose();
    }

    [Fact]
    public async Task SendAsync_NodeAnswersAnotherHash_TransactionRejected()
    {
        var node = new Node((m, _) => m == "eth_sendRawTransaction" ? Ok($"\"0x{new string('b', 64)}\"") : null);
        var (sender, key) = NewSender(node);

        var result = await sender.SendAsync(Registry, new byte[] { 1 });

        Assert.Equal(EthereumErrorCodes.TransactionRejected, result.Error?.Code);
        Assert.DoesNotContain("eth_getTransactionReceipt", node.Calls);
        key.Dispose();
    }

    [Fact]
    public async Task SendAsync_NodeRefuses_TransactionRejectedWithMessage()
    {
        var node = new Node((m, _) => m == "eth_sendRawTransaction" ? Result<JsonElement>.Failure(RpcErrors.Create(-32000, "nonce too low")) : null);
        var (sender, key) = NewSender(node);

        var result = await sender.SendAsync(Registry, new byte[] { 1 });

        Assert.Equal(EthereumErrorCodes.TransactionRejected, result.Error?.Code);
        Assert.Contains("nonce too low", result.Error!.Message, StringComparison.Ordinal);
        key.Dispose();
    }

    [Fact]
    public async Task SendAsync_MinedWithStatusZero_TransactionReverted()
    {
        var node = new Node { ReceiptStatus = 0 };
        var (sender, key) = NewSender(node);

        var result = await sender.SendAsync(Registry, new byte[] { 1 });

        Assert.Equal(EthereumErrorCodes.TransactionReverted, result.Error?.Code);
        key.Dispose();
    }

    [Fact]
    public async Task WaitForReceiptAsync_NeverMined_ReceiptTimeout()
    {
        var node = new Node { ReceiptPollsBeforeMined = int.MaxValue };
        var client = new EthereumClient(new ScriptedRpc(node.Respond));

        var result = await client.WaitForReceiptAsync("0x" + new string('c', 64), TimeSpan.FromMilliseconds(30), TimeSpan.FromMilliseconds(5));

        Assert.Equal(EthereumErrorCodes.ReceiptTimeout, result.Error?.Code);
        Assert.True(node.Calls.Count >= 2);
    }

    [Fact]
    public async Task WaitForReceiptAsync_TransportFails_StopsWithThatError()
    {
        var node = new Node((m, _) => m == "eth_getTransactionReceipt" ? Result<JsonElement>.Failure(EthereumErrorCodes.RpcUnavailable, "down") : null);
        var client = new EthereumClient(new ScriptedRpc(node.Respond));

        var result = await client.WaitForReceiptAsync("0x" + new string('c', 64), TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(5));

        Assert.Equal(EthereumErrorCodes.RpcUnavailable, result.Error?.Code);
        Assert.Single(node.Calls);
    }

    [Fact]
    public async Task EstimateFeesAsync_NoPriorityFeeMethod_FallsBackToSmallTip()
    {
        var node = new Node((m, _) => m == "eth_maxPriorityFeePerGas" ? Result<JsonElement>.Failure(RpcErrors.Create(-32601, "method not found")) : null);
        var client = new EthereumClient(new ScriptedRpc(node.Respond));

        var fees = (await client.EstimateFeesAsync()).ThrowIfFailed();

        Assert.Equal(new BigInteger(100), fees.BaseFeePerGas);
        Assert.Equal(new BigInteger(1_000_000), fees.MaxPriorityFeePerGas);
        Assert.Equal(new BigInteger(1_000_200), fees.MaxFeePerGas);
    }

    [Theory]
    [InlineData("""{"baseFeePerGas":[]}""")]
    [InlineData("""{"baseFeePerGas":["zz"]}""")]
    [InlineData("""[]""")]
    public async Task EstimateFeesAsync_MalformedHistory_Malformed(string history)
    {
        var node = new Node((m, _) => m == "eth_feeHistory" ? Ok(history) : null);
        var client = new EthereumClient(new ScriptedRpc(node.Respond));

        Assert.Equal(EthereumErrorCodes.RpcMalformedResponse, (await client.EstimateFeesAsync()).Error?.Code);
    }

    [Fact]
    public async Task SendAsync_Normal_SignsChainBoundEip1559WithPendingNonceMarginAndFees()
    {
        var node = new Node { ReceiptPollsBeforeMined = 2 };
        var (sender, key) = NewSender(node);

        var result = await sender.SendAsync(Registry, new byte[] { 0xde, 0xad });

        Assert.True(result.Succeeded, result.Error?.ToString());
        var raw = Assert.Single(node.RawTransactions);
        var signed = SignedTransaction.Decode(raw).ThrowIfFailed();
        Assert.Equal(key.Address, signed.Sender);
        Assert.Equal(TransactionType.Eip1559, signed.Transaction.Type);
        Assert.Equal(Chain, signed.Transaction.ChainId);
        Assert.Equal(7UL, signed.Transaction.Nonce);
        Assert.Equal(37_500UL, signed.Transaction.GasLimit);                 // 30000 × 1.25
        Assert.Equal(new BigInteger(2), signed.Transaction.MaxPriorityFeePerGas);
        Assert.Equal(new BigInteger(202), signed.Transaction.MaxFeePerGas);   // 2 × 100 + 2
        Assert.Equal(Registry, signed.Transaction.To);
        Assert.Equal(new byte[] { 0xde, 0xad }, signed.Transaction.Data.ToArray());
        Assert.Equal(signed.HashHex, result.Value.TransactionHash);
        Assert.Equal(3, node.Calls.Count(c => c == "eth_getTransactionReceipt"));
        key.Dispose();
    }

    [Fact]
    public async Task SendAsync_Nonce_ReadFromPendingState()
    {
        string? tag = null;
        var node = new Node((m, p) =>
        {
            if (m == "eth_getTransactionCount")
            {
                tag = p[1]!.GetValue<string>();
            }

            return null;
        });
        var (sender, key) = NewSender(node);

        Assert.True((await sender.SendAsync(Registry, new byte[] { 1 })).Succeeded);
        Assert.Equal("pending", tag);
        key.Dispose();
    }
}
