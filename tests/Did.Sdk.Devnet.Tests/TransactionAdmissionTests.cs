using System.Numerics;
using Did.Sdk.Ethereum;
using Did.Sdk.Ethereum.Rlp;
using Did.Sdk.Ethereum.Rpc;
using Did.Sdk.Ethereum.Transactions;

namespace Did.Sdk.Devnet.Tests;

/// <summary>eth_sendRawTransaction refuses what a node refuses, with geth's words, and mines the rest.</summary>
public class TransactionAdmissionTests
{
    private static readonly BigInteger N = BigInteger.Parse("115792089237316195423570985008687907852837564279074904382605163141518161494337", System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<string> RefusedAsync(Devnet devnet, string rawHex)
    {
        var error = await devnet.FailAsync("eth_sendRawTransaction", rawHex);
        Assert.Equal(EthereumErrorCodes.RpcError, error.Code);
        return error.Message;
    }

    [Fact]
    public async Task SendRawTransaction_HighS_RefusedAsInvalidSignatureValues()
    {
        await using var devnet = await TestSupport.StartAsync();
        var signed = devnet.Accounts[0].Sign(TestSupport.Eip1559(0, devnet.Accounts[1].Address, value: 1));
        var highS = (N - new BigInteger(signed.Signature.S, isUnsigned: true, isBigEndian: true)).ToByteArray(isUnsigned: true, isBigEndian: true);
        var raw = TestSupport.WithField(signed, 11, highS);

        var message = await RefusedAsync(devnet, raw);

        Assert.Equal("JSON-RPC error -32000: invalid transaction v, r, s values", message);
    }

    [Fact]
    public async Task SendRawTransaction_ZeroR_RefusedAsInvalidSender()
    {
        await using var devnet = await TestSupport.StartAsync();
        var signed = devnet.Accounts[0].Sign(TestSupport.Eip1559(0, devnet.Accounts[1].Address, value: 1));

        var message = await RefusedAsync(devnet, TestSupport.WithField(signed, 10, []));

        Assert.Contains("invalid", message, StringComparison.Ordinal);
        Assert.Equal(0UL, (await devnet.CallAsync("eth_blockNumber")).Number());
    }

    [Fact]
    public async Task SendRawTransaction_TamperedField_RecoversAnotherSenderWithoutFunds()
    {
        await using var devnet = await TestSupport.StartAsync();
        var signed = devnet.Accounts[0].Sign(TestSupport.Eip1559(0, devnet.Accounts[1].Address, value: 1));

        // Changing the value keeps a valid signature over other bytes: it recovers to an unfunded account.
        var message = await RefusedAsync(devnet, TestSupport.WithField(signed, 6, [2]));

        Assert.StartsWith("JSON-RPC error -32000: insufficient funds for gas * price + value: balance 0,", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendRawTransaction_WrongChainId_Refused()
    {
        await using var devnet = await TestSupport.StartAsync();
        var raw = devnet.Accounts[0].Sign(TestSupport.Eip1559(0, devnet.Accounts[1].Address, value: 1, chainId: 1)).ToRawHex();

        Assert.Equal("JSON-RPC error -32000: invalid chain id for signer: have 1 want 31337", await RefusedAsync(devnet, raw));
    }

    [Fact]
    public async Task SendRawTransaction_UnprotectedLegacy_Refused()
    {
        await using var devnet = await TestSupport.StartAsync();
        var tx = new EthereumTransaction { Type = TransactionType.Legacy, Nonce = 0, GasPrice = 10 * TestSupport.Gwei, GasLimit = 21_000, To = devnet.Accounts[1].Address, Value = 1 };
        using var key = devnet.Accounts[0].CreateKey();
        var signature = EthereumSigner.SignHash(key, tx.GetSigningHash());
        var raw = RlpCodec.Encode(RlpItem.FromList(
            RlpItem.FromInteger(0UL), RlpItem.FromInteger(tx.GasPrice), RlpItem.FromInteger(21_000UL), RlpItem.FromBytes(tx.To!.Value.ToArray()),
            RlpItem.FromInteger(BigInteger.One), RlpItem.FromBytes([]), RlpItem.FromInteger((ulong)(27 + signature.YParity)),
            RlpItem.FromBytes(signature.R.TrimStart((byte)0)), RlpItem.FromBytes(signature.S.TrimStart((byte)0))));

        Assert.Equal("JSON-RPC error -32000: only replay-protected (EIP-155) transactions allowed over RPC", await RefusedAsync(devnet, Hex.Encode(raw)));
    }

    [Fact]
    public async Task SendRawTransaction_NonceTooLow_Refused()
    {
        await using var devnet = await TestSupport.StartAsync();
        await devnet.SendAsync(devnet.Accounts[0], TestSupport.Eip1559(0, devnet.Accounts[1].Address, value: 1));
        var again = devnet.Accounts[0].Sign(TestSupport.Eip1559(0, devnet.Accounts[1].Address, value: 2)).ToRawHex();

        Assert.Equal("JSON-RPC error -32000: nonce too low: next nonce 1, tx nonce 0", await RefusedAsync(devnet, again));
    }

    [Fact]
    public async Task SendRawTransaction_NonceGap_RefusedAsTooHigh()
    {
        await using var devnet = await TestSupport.StartAsync();
        var gap = devnet.Accounts[0].Sign(TestSupport.Eip1559(3, devnet.Accounts[1].Address, value: 1)).ToRawHex();

        Assert.Equal("JSON-RPC error -32000: nonce too high: next nonce 0, tx nonce 3", await RefusedAsync(devnet, gap));
    }

    [Fact]
    public async Task SendRawTransaction_InsufficientFundsForValue_Refused()
    {
        await using var devnet = await TestSupport.StartAsync();
        var everything = BigInteger.Parse("10000000000000000000000", System.Globalization.CultureInfo.InvariantCulture);
        var raw = devnet.Accounts[0].Sign(TestSupport.Eip1559(0, devnet.Accounts[1].Address, value: everything, gas: 21_000)).ToRawHex();

        var message = await RefusedAsync(devnet, raw);

        Assert.Equal($"JSON-RPC error -32000: insufficient funds for gas * price + value: balance {everything}, tx cost {everything + (21_000 * 10 * TestSupport.Gwei)}, overshot {21_000 * 10 * TestSupport.Gwei}", message);
    }

    [Fact]
    public async Task SendRawTransaction_IntrinsicGasTooLow_Refused()
    {
        await using var devnet = await TestSupport.StartAsync();
        var raw = devnet.Accounts[0].Sign(TestSupport.Eip1559(0, devnet.Accounts[1].Address, value: 1, gas: 20_000)).ToRawHex();

        Assert.Equal("JSON-RPC error -32000: intrinsic gas too low: gas 20000, minimum needed 21000", await RefusedAsync(devnet, raw));
    }

    [Fact]
    public async Task SendRawTransaction_GasAboveBlockLimit_Refused()
    {
        await using var devnet = await TestSupport.StartAsync();
        var raw = devnet.Accounts[0].Sign(TestSupport.Eip1559(0, devnet.Accounts[1].Address, value: 1, gas: 30_000_001)).ToRawHex();

        Assert.Equal("JSON-RPC error -32000: exceeds block gas limit", await RefusedAsync(devnet, raw));
    }

    [Fact]
    public async Task SendRawTransaction_FeeCapBelowBaseFee_Refused()
    {
        await using var devnet = await TestSupport.StartAsync();
        var tx = TestSupport.Eip1559(0, devnet.Accounts[1].Address, value: 1) with { MaxFeePerGas = 7, MaxPriorityFeePerGas = 1 };

        var message = await RefusedAsync(devnet, devnet.Accounts[0].Sign(tx).ToRawHex());

        Assert.Equal($"JSON-RPC error -32000: max fee per gas less than block base fee: address {devnet.Accounts[0].Address.ToLowerCaseString()}, maxFeePerGas: 7, baseFee: 875000000", message);
    }

    [Fact]
    public async Task SendRawTransaction_TipAboveFeeCap_Refused()
    {
        await using var devnet = await TestSupport.StartAsync();
        var tx = TestSupport.Eip1559(0, devnet.Accounts[1].Address, value: 1) with { MaxFeePerGas = TestSupport.Gwei, MaxPriorityFeePerGas = 2 * TestSupport.Gwei };

        Assert.StartsWith("JSON-RPC error -32000: max priority fee per gas higher than max fee per gas", await RefusedAsync(devnet, devnet.Accounts[0].Sign(tx).ToRawHex()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendRawTransaction_SameTransactionTwice_AlreadyKnown()
    {
        await using var devnet = await TestSupport.StartAsync();
        var raw = devnet.Accounts[0].Sign(TestSupport.Eip1559(0, devnet.Accounts[1].Address, value: 1)).ToRawHex();
        await devnet.CallAsync("eth_sendRawTransaction", raw);

        Assert.Equal("JSON-RPC error -32000: already known", await RefusedAsync(devnet, raw));
    }

    [Fact]
    public async Task SendRawTransaction_UnsupportedType_Refused()
    {
        await using var devnet = await TestSupport.StartAsync();

        Assert.Equal("JSON-RPC error -32000: transaction type not supported", await RefusedAsync(devnet, "0x01c0"));
    }

    [Fact]
    public async Task SendRawTransaction_NotRlp_Refused()
    {
        await using var devnet = await TestSupport.StartAsync();

        Assert.StartsWith("JSON-RPC error -32000: rlp: ", await RefusedAsync(devnet, "0xf8ff01"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendRawTransaction_NotHex_InvalidParams()
    {
        await using var devnet = await TestSupport.StartAsync();

        Assert.StartsWith("JSON-RPC error -32602: invalid argument 0", await RefusedAsync(devnet, "0xzz"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendRawTransaction_Eip1559Transfer_MinedWithFeesAccounted()
    {
        await using var devnet = await TestSupport.StartAsync();
        var from = devnet.Accounts[0].Address.ToLowerCaseString();
        var to = devnet.Accounts[1].Address.ToLowerCaseString();
        var before = (await devnet.CallAsync("eth_getBalance", from, "latest")).Big();

        var hash = await devnet.SendAsync(devnet.Accounts[0], TestSupport.Eip1559(0, devnet.Accounts[1].Address, value: 12345, gas: 21_000));
        var receipt = await devnet.CallAsync("eth_getTransactionReceipt", hash);

        Assert.Equal("0x1", receipt.GetProperty("status").GetString());
        Assert.Equal(21_000UL, receipt.GetProperty("gasUsed").Number());
        Assert.Equal(21_000UL, receipt.GetProperty("cumulativeGasUsed").Number());
        Assert.Equal("0x2", receipt.GetProperty("type").GetString());
        var price = receipt.GetProperty("effectiveGasPrice").Big();
        Assert.Equal(875_000_000 + TestSupport.Gwei, price);
        Assert.Equal(1UL, receipt.GetProperty("blockNumber").Number());
        Assert.Equal(JsonValueKindNull, receipt.GetProperty("contractAddress").ValueKind);
        Assert.Equal(before - 12345 - (21_000 * price), (await devnet.CallAsync("eth_getBalance", from, "latest")).Big());
        Assert.Equal(BigInteger.Parse("10000000000000000000000", System.Globalization.CultureInfo.InvariantCulture) + 12345, (await devnet.CallAsync("eth_getBalance", to, "latest")).Big());
        Assert.Equal(21_000 * TestSupport.Gwei, (await devnet.CallAsync("eth_getBalance", "0xc014ba5ec014ba5ec014ba5ec014ba5ec014ba5e", "latest")).Big());
        Assert.Equal(1UL, (await devnet.CallAsync("eth_getTransactionCount", from, "latest")).Number());
        Assert.Equal(before, (await devnet.CallAsync("eth_getBalance", from, "0x0")).Big());
    }

    [Fact]
    public async Task SendRawTransaction_LegacyEip155_MinedAsTypeZero()
    {
        await using var devnet = await TestSupport.StartAsync();
        var tx = new EthereumTransaction { Type = TransactionType.Legacy, ChainId = TestSupport.ChainId, Nonce = 0, GasPrice = 2 * TestSupport.Gwei, GasLimit = 21_000, To = devnet.Accounts[1].Address, Value = 5 };

        var hash = await devnet.SendAsync(devnet.Accounts[0], tx);
        var receipt = await devnet.CallAsync("eth_getTransactionReceipt", hash);
        var mined = await devnet.CallAsync("eth_getTransactionByHash", hash);

        Assert.Equal("0x0", receipt.GetProperty("type").GetString());
        Assert.Equal(2 * TestSupport.Gwei, receipt.GetProperty("effectiveGasPrice").Big());
        Assert.Equal(new BigInteger((TestSupport.ChainId * 2) + 35) + tx.Sign(devnet.Accounts[0].CreateKey()).Signature.YParity, mined.GetProperty("v").Big());
        Assert.Equal(devnet.Accounts[0].Address.ToLowerCaseString(), mined.GetProperty("from").GetString());
    }

    private const System.Text.Json.JsonValueKind JsonValueKindNull = System.Text.Json.JsonValueKind.Null;
}
