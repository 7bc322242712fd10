// Ethereum JSON-RPC API (execution-apis): eth_estimateGas, eth_feeHistory, eth_maxPriorityFeePerGas,
// eth_sendRawTransaction, eth_getTransactionReceipt. EIP-1559 fee market: a transaction pays
// min(maxFeePerGas, baseFee + maxPriorityFeePerGas) per gas.
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Did.Sdk.Ethereum.Transactions;

namespace Did.Sdk.Ethereum.Rpc;

/// <summary>EIP-1559 fees for a transaction: the cap and the tip per gas, in wei.</summary>
/// <param name="MaxFeePerGas">The most the sender pays per gas: twice the next block's base fee plus the tip.</param>
/// <param name="MaxPriorityFeePerGas">The tip per gas offered to the block producer.</param>
/// <param name="BaseFeePerGas">The next block's base fee the estimate started from.</param>
public sealed record FeeEstimate(BigInteger MaxFeePerGas, BigInteger MaxPriorityFeePerGas, BigInteger BaseFeePerGas);

/// <content>The write path: gas and fee estimation, sending raw transactions, waiting for receipts.</content>
public sealed partial class EthereumClient
{
    /// <summary>
    /// <c>eth_estimateGas</c> for a call from <paramref name="from"/> to <paramref name="to"/>. A call
    /// the contract would refuse gives <c>transactionReverted</c> with the node's revert message.
    /// </summary>
    public ValueTask<Result<ulong>> EstimateGasAsync(EthereumAddress from, EthereumAddress to, ReadOnlyMemory<byte> data, BigInteger value = default, CancellationToken cancellationToken = default)
        => EstimateGasCoreAsync(from, to, data, value, cancellationToken);

    /// <summary><c>eth_estimateGas</c> of a contract creation with <paramref name="initCode"/>; fails like <see cref="EstimateGasAsync(EthereumAddress, EthereumAddress, ReadOnlyMemory{byte}, BigInteger, CancellationToken)"/>.</summary>
    public ValueTask<Result<ulong>> EstimateDeploymentGasAsync(EthereumAddress from, ReadOnlyMemory<byte> initCode, CancellationToken cancellationToken = default)
        => EstimateGasCoreAsync(from, null, initCode, default, cancellationToken);

    private async ValueTask<Result<ulong>> EstimateGasCoreAsync(EthereumAddress from, EthereumAddress? to, ReadOnlyMemory<byte> data, BigInteger value, CancellationToken cancellationToken)
    {
        var call = new JsonObject
        {
            ["from"] = from.ToLowerCaseString(),
            ["data"] = Hex.Encode(data.Span),
        };
        if (to is { } target)
        {
            call["to"] = target.ToLowerCaseString();
        }

        if (!value.IsZero)
        {
            call["value"] = Quantity.Format(value);
        }

        var result = await Rpc.SendAsync("eth_estimateGas", [call], cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            return IsRevert(result.Error)
                ? new SdkError(EthereumErrorCodes.TransactionReverted, "The call reverts: " + result.Error.Message)
                : result.Error;
        }

        return ToUInt64(result, "gas estimate");
    }

    /// <summary>
    /// EIP-1559 fees for the next block: the base fee from <c>eth_feeHistory</c> (its last entry is the
    /// next block's), the tip from <c>eth_maxPriorityFeePerGas</c> (or <paramref name="fallbackTip"/>
    /// when the node lacks it), and <c>maxFeePerGas = 2 × baseFee + tip</c>, which stays valid through
    /// six consecutive full blocks. Both requests go in one batch.
    /// </summary>
    public async ValueTask<Result<FeeEstimate>> EstimateFeesAsync(BigInteger? fallbackTip = null, CancellationToken cancellationToken = default)
    {
        var responses = await Rpc.SendBatchAsync(
            [
                RpcRequest.Create("eth_feeHistory", "0x1", "latest", new JsonArray()),
                RpcRequest.Create("eth_maxPriorityFeePerGas"),
            ],
            cancellationToken).ConfigureAwait(false);
        if (responses.Count != 2)
        {
            return Malformed("fee history");
        }

        var history = responses[0];
        if (!history.Succeeded)
        {
            return history.Error;
        }

        if (history.Value.ValueKind != JsonValueKind.Object
            || !history.Value.TryGetProperty("baseFeePerGas", out var baseFees) || baseFees.ValueKind != JsonValueKind.Array
            || baseFees.GetArrayLength() == 0
            || baseFees[baseFees.GetArrayLength() - 1] is not { ValueKind: JsonValueKind.String } last
            || !Quantity.TryParse(last.GetString(), out var baseFee))
        {
            return Malformed("fee history");
        }

        BigInteger tip;
        var priority = responses[1];
        if (priority.Succeeded)
        {
            if (priority.Value.ValueKind != JsonValueKind.String || !Quantity.TryParse(priority.Value.GetString(), out tip))
            {
                return Malformed("priority fee");
            }
        }
        else if (RpcErrors.GetRpcCode(priority.Error!) is not null)
        {
            tip = fallbackTip ?? 1_000_000; // 0.001 gwei: enough on rollups, where a sequencer orders by arrival.
        }
        else
        {
            return priority.Error!;
        }

        return new FeeEstimate((2 * baseFee) + tip, tip, baseFee);
    }

    /// <summary>
    /// <c>eth_sendRawTransaction</c>; never retried. The node must answer with the transaction's own
    /// hash; a refusal is <c>transactionRejected</c> with the node's message.
    /// </summary>
    public async ValueTask<Result<string>> SendRawTransactionAsync(SignedTransaction transaction, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        var result = await Rpc.SendAsync("eth_sendRawTransaction", [transaction.ToRawHex()], cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            return RpcErrors.GetRpcCode(result.Error) is not null
                ? new SdkError(EthereumErrorCodes.TransactionRejected, "The node refused the transaction: " + result.Error.Message)
                : result.Error;
        }

        if (result.Value.ValueKind != JsonValueKind.String || !string.Equals(result.Value.GetString(), transaction.HashHex, StringComparison.OrdinalIgnoreCase))
        {
            return new SdkError(EthereumErrorCodes.TransactionRejected, $"The node answered with a hash other than the transaction's {transaction.HashHex}.");
        }

        return transaction.HashHex;
    }

    /// <summary>
    /// Polls <c>eth_getTransactionReceipt</c> every <paramref name="pollInterval"/> until the receipt
    /// appears or <paramref name="timeout"/> passes (<c>receiptTimeout</c>). A receipt with status 0 is
    /// <c>transactionReverted</c>. Transport errors other than "not found yet" end the wait.
    /// </summary>
    public async ValueTask<Result<TransactionReceipt>> WaitForReceiptAsync(string transactionHash, TimeSpan timeout, TimeSpan pollInterval, TimeProvider? timeProvider = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(transactionHash);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(pollInterval, TimeSpan.Zero);
        var time = timeProvider ?? TimeProvider.System;
        var deadline = time.GetUtcNow() + timeout;
        while (true)
        {
            var receipt = await GetTransactionReceiptAsync(transactionHash, cancellationToken).ConfigureAwait(false);
            if (receipt.Succeeded)
            {
                return receipt.Value.Succeeded
                    ? receipt
                    : new SdkError(EthereumErrorCodes.TransactionReverted, $"Transaction {transactionHash} reverted in block {receipt.Value.BlockNumber}.");
            }

            if (receipt.Error.Code != EthereumErrorCodes.RpcNotFound)
            {
                return receipt;
            }

            if (time.GetUtcNow() + pollInterval > deadline)
            {
                return new SdkError(EthereumErrorCodes.ReceiptTimeout, $"No receipt for transaction {transactionHash} within {timeout.TotalSeconds:0.#} s; it may still be mined.");
            }

            await Task.Delay(pollInterval, time, cancellationToken).ConfigureAwait(false);
        }
    }

    // Execution reverted: JSON-RPC error 3 (with revert data), or -32000/-32603 with "revert" in the
    // message, as geth, hardhat/EDR, Nethermind and Erigon word it.
    private static bool IsRevert(SdkError error)
        => RpcErrors.GetRpcCode(error) is { } code
           && (code == 3 || error.Message.Contains("revert", StringComparison.OrdinalIgnoreCase));
}
