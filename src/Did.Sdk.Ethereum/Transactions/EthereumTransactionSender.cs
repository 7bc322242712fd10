// Sending a contract call as an EIP-1559 transaction: nonce (pending state), gas estimate with a
// margin, fees, EIP-155/EIP-1559 chain-bound signature, eth_sendRawTransaction, receipt.
using System.Numerics;
using Did.Sdk.Ethereum.Rpc;

namespace Did.Sdk.Ethereum.Transactions;

/// <summary>Bounds and margins of <see cref="EthereumTransactionSender"/>.</summary>
public sealed class EthereumTransactionSenderOptions
{
    /// <summary>How long to wait for the receipt. 2 minutes by default.</summary>
    public TimeSpan ReceiptTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How often to ask for the receipt. 1 second by default (local nodes mine at once; rollups every 0.25–2 s).</summary>
    public TimeSpan ReceiptPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The gas limit is the estimate times this factor (state may change before inclusion). 1.25 by default.</summary>
    public double GasLimitMultiplier { get; set; } = 1.25;

    /// <summary>The highest <c>maxFeePerGas</c> the sender accepts to sign, in wei; null for no cap.</summary>
    public BigInteger? MaxFeePerGasCap { get; set; }

    /// <summary>Checks the values.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ReceiptTimeout, TimeSpan.Zero, nameof(ReceiptTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ReceiptPollInterval, TimeSpan.Zero, nameof(ReceiptPollInterval));
        if (GasLimitMultiplier is < 1 or > 10 || double.IsNaN(GasLimitMultiplier))
        {
            throw new ArgumentOutOfRangeException(nameof(GasLimitMultiplier), "GasLimitMultiplier is between 1 and 10.");
        }
    }
}

/// <summary>
/// Sends contract calls from one account as signed EIP-1559 transactions bound to one chain, and waits
/// for their receipts. Sends from one instance are serialized so nonces never collide. The key or signer
/// stays with the caller (not disposed here).
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "SemaphoreSlim holds no OS handle unless AvailableWaitHandle is read, which this class never does.")]
public sealed class EthereumTransactionSender
{
    private readonly EthereumClient _client;
    private readonly IEthereumTransactionSigner _signer;
    private readonly ulong _chainId;
    private readonly EthereumTransactionSenderOptions _options;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Creates a sender for <paramref name="key"/>'s account on chain <paramref name="chainId"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The options are out of range.</exception>
    public EthereumTransactionSender(EthereumClient client, EthereumPrivateKey key, ulong chainId, EthereumTransactionSenderOptions? options = null, TimeProvider? timeProvider = null)
        : this(client, new PrivateKeyTransactionSigner(key ?? throw new ArgumentNullException(nameof(key))), chainId, options, timeProvider)
    {
    }

    /// <summary>
    /// Creates a sender for <paramref name="signer"/>'s account on chain <paramref name="chainId"/>: a local
    /// key, a Nethereum key or an external signer (KMS, HSM, hardware wallet).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The options are out of range.</exception>
    public EthereumTransactionSender(EthereumClient client, IEthereumTransactionSigner signer, ulong chainId, EthereumTransactionSenderOptions? options = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(signer);
        ArgumentOutOfRangeException.ThrowIfZero(chainId);
        options ??= new EthereumTransactionSenderOptions();
        options.Validate();
        _client = client;
        _signer = signer;
        _chainId = chainId;
        _options = options;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The sending account.</summary>
    public EthereumAddress Address => _signer.Address;

    /// <summary>The chain the transactions are signed for.</summary>
    public ulong ChainId => _chainId;

    /// <summary>The client the transactions go through.</summary>
    public EthereumClient Client => _client;

    /// <summary>
    /// Calls <paramref name="to"/> with <paramref name="data"/>: estimates gas (a call that would revert
    /// fails here with <c>transactionReverted</c>, before anything is signed), reads the pending nonce
    /// and the fees, signs, sends and waits for the receipt.
    /// </summary>
    /// <returns>The receipt of a successful transaction, or <c>transactionReverted</c>,
    /// <c>transactionRejected</c>, <c>receiptTimeout</c>, <c>chainIdMismatch</c> and the transport codes.</returns>
    public ValueTask<Result<TransactionReceipt>> SendAsync(EthereumAddress to, ReadOnlyMemory<byte> data, BigInteger value = default, CancellationToken cancellationToken = default)
        => SendCoreAsync(to, data, value, cancellationToken);

    /// <summary>
    /// Deploys a contract with <paramref name="initCode"/> (creation bytecode and ABI-encoded constructor
    /// arguments) like <see cref="SendAsync"/> sends a call; the receipt carries the contract's address.
    /// </summary>
    public ValueTask<Result<TransactionReceipt>> DeployAsync(ReadOnlyMemory<byte> initCode, CancellationToken cancellationToken = default)
        => SendCoreAsync(null, initCode, default, cancellationToken);

    private async ValueTask<Result<TransactionReceipt>> SendCoreAsync(EthereumAddress? to, ReadOnlyMemory<byte> data, BigInteger value, CancellationToken cancellationToken)
    {
        var chain = await _client.VerifyChainIdAsync(cancellationToken).ConfigureAwait(false);
        if (!chain.Succeeded)
        {
            return chain.Error;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        string hash;
        try
        {
            var gas = to is { } target
                ? await _client.EstimateGasAsync(_signer.Address, target, data, value, cancellationToken).ConfigureAwait(false)
                : await _client.EstimateDeploymentGasAsync(_signer.Address, data, cancellationToken).ConfigureAwait(false);
            if (!gas.Succeeded)
            {
                return gas.Error;
            }

            var nonce = await _client.GetTransactionCountAsync(_signer.Address, BlockTag.Pending, cancellationToken).ConfigureAwait(false);
            if (!nonce.Succeeded)
            {
                return nonce.Error;
            }

            var fees = await _client.EstimateFeesAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            if (!fees.Succeeded)
            {
                return fees.Error;
            }

            if (_options.MaxFeePerGasCap is { } cap && fees.Value.MaxFeePerGas > cap)
            {
                return new SdkError(EthereumErrorCodes.TransactionRejected, $"maxFeePerGas {fees.Value.MaxFeePerGas} wei is above the configured cap {cap} wei; nothing was sent.");
            }

            var transaction = new EthereumTransaction
            {
                Type = TransactionType.Eip1559,
                ChainId = _chainId,
                Nonce = nonce.Value,
                MaxPriorityFeePerGas = fees.Value.MaxPriorityFeePerGas,
                MaxFeePerGas = fees.Value.MaxFeePerGas,
                GasLimit = (ulong)Math.Ceiling(gas.Value * _options.GasLimitMultiplier),
                To = to,
                Value = value,
                Data = data,
            };
            var signed = await _signer.SignAsync(transaction, cancellationToken).ConfigureAwait(false);
            if (!signed.Succeeded)
            {
                return signed.Error;
            }

            if (signed.Value.Sender != _signer.Address)
            {
                return new SdkError(EthereumErrorCodes.InvalidTransaction, "The signer returned a transaction signed by another account; nothing was sent.");
            }

            var sent = await _client.SendRawTransactionAsync(signed.Value, cancellationToken).ConfigureAwait(false);
            if (!sent.Succeeded)
            {
                return sent.Error;
            }

            hash = sent.Value;
        }
        finally
        {
            _gate.Release();
        }

        return await _client.WaitForReceiptAsync(hash, _options.ReceiptTimeout, _options.ReceiptPollInterval, _time, cancellationToken).ConfigureAwait(false);
    }
}
