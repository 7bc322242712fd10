// Transaction signing through Nethereum.Signer: for keys Nethereum holds (EthECKey) and for external
// signers (IEthExternalSigner: cloud KMS, HSMs, hardware wallets), where the secret never reaches this
// process. Nethereum builds the signing payload, obtains the signature and assembles the signed
// envelope; Did.Sdk then decodes the raw bytes strictly and checks that they are the transaction asked
// for, signed by the expected account, before anything is sent.
using System.Numerics;
using Did.Sdk.Ethereum.Transactions;
using AccessListItem = Nethereum.Model.AccessListItem;
using LegacyTransactionChainId = Nethereum.Model.LegacyTransactionChainId;
using SignedTransaction = Did.Sdk.Ethereum.Transactions.SignedTransaction;
using Transaction1559 = Nethereum.Model.Transaction1559;
using Nethereum.Signer;

namespace Did.Sdk.Ethereum.Bridges;

/// <summary>
/// An <see cref="IEthereumTransactionSigner"/> backed by Nethereum.Signer (legacy EIP-155 and EIP-1559
/// transactions). For local keys <see cref="PrivateKeyTransactionSigner"/> is 77× faster (native
/// libsecp256k1, docs/dependencies.md); this one is for keys that live in Nethereum or outside the process.
/// </summary>
public sealed class NethereumTransactionSigner : IEthereumTransactionSigner
{
    private readonly EthECKey? _key;
    private readonly IEthExternalSigner? _external;

    private NethereumTransactionSigner(EthereumAddress address, EthECKey? key, IEthExternalSigner? external)
    {
        Address = address;
        _key = key;
        _external = external;
    }

    /// <inheritdoc />
    public EthereumAddress Address { get; }

    /// <summary>A signer over a Nethereum private key.</summary>
    public static NethereumTransactionSigner FromKey(EthECKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return new NethereumTransactionSigner(EthereumAddress.Parse(key.GetPublicAddress()).ThrowIfFailed(), key, null);
    }

    /// <summary>A signer over an external signer; its address is asked once. Fails with <c>invalidAddress</c> for a bad answer.</summary>
    public static async ValueTask<Result<NethereumTransactionSigner>> FromExternalAsync(IEthExternalSigner signer)
    {
        ArgumentNullException.ThrowIfNull(signer);
        var address = EthereumAddress.Parse(await signer.GetAddressAsync().ConfigureAwait(false));
        return address.Succeeded ? new NethereumTransactionSigner(address.Value, null, signer) : address.Error;
    }

    /// <inheritdoc />
    public async ValueTask<Result<SignedTransaction>> SignAsync(EthereumTransaction transaction, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            return await SignCoreAsync(transaction).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // An external signer is a remote party (KMS, device): any failure it raises is a refusal, not a crash.
        catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
        {
            return Invalid($"The signer failed ({ex.GetType().Name}): {ex.Message}");
        }
    }

    private async ValueTask<Result<SignedTransaction>> SignCoreAsync(EthereumTransaction transaction)
    {
        if (transaction.ChainId is not { } chainId)
        {
            return Invalid("Only chain-bound (EIP-155, EIP-1559) transactions are signed.");
        }

        string to = transaction.To?.ToString() ?? string.Empty;
        string data = Hex.Encode(transaction.Data.Span);
        byte[] raw;
        if (transaction.Type == TransactionType.Eip1559)
        {
            var accessList = transaction.AccessList.Select(e => new AccessListItem(e.Address.ToString(), e.StorageKeys.Select(k => k.ToArray()).ToList())).ToList();
            var nethereum = new Transaction1559(chainId, transaction.Nonce, transaction.MaxPriorityFeePerGas, transaction.MaxFeePerGas, transaction.GasLimit, to, transaction.Value, data, accessList);
            if (_key is not null)
            {
                raw = FromHex(new Transaction1559Signer().SignTransaction(_key, nethereum));
            }
            else
            {
                if (!_external!.Supported1559)
                {
                    return Invalid("The external signer does not sign EIP-1559 transactions.");
                }

                await _external.SignAsync(nethereum).ConfigureAwait(false);
                raw = nethereum.GetRLPEncoded();
            }
        }
        else
        {
            var nethereum = new LegacyTransactionChainId(to, transaction.Value, transaction.Nonce, transaction.GasPrice, transaction.GasLimit, data, new BigInteger(chainId));
            if (_key is not null)
            {
                raw = FromHex(new LegacyTransactionSigner().SignTransaction(_key.GetPrivateKeyAsBytes(), nethereum));
            }
            else
            {
                await _external!.SignAsync(nethereum).ConfigureAwait(false);
                raw = nethereum.GetRLPEncoded();
            }
        }

        var decoded = SignedTransaction.Decode(raw);
        if (!decoded.Succeeded)
        {
            return Invalid("The signer produced bytes that are not a valid signed transaction: " + decoded.Error.Message);
        }

        if (decoded.Value.Sender != Address || !Same(decoded.Value.Transaction, transaction))
        {
            return Invalid("The signer produced another transaction or signed it with another account.");
        }

        return decoded;
    }

    private static byte[] FromHex(string hex) => Convert.FromHexString(hex.StartsWith("0x", StringComparison.Ordinal) ? hex.AsSpan(2) : hex);

    private static bool Same(EthereumTransaction a, EthereumTransaction b)
        => a.Type == b.Type && a.ChainId == b.ChainId && a.Nonce == b.Nonce && a.GasLimit == b.GasLimit && a.To == b.To && a.Value == b.Value
            && a.Data.Span.SequenceEqual(b.Data.Span)
            && (a.Type == TransactionType.Eip1559
                ? a.MaxFeePerGas == b.MaxFeePerGas && a.MaxPriorityFeePerGas == b.MaxPriorityFeePerGas && a.AccessList.Count == b.AccessList.Count
                : a.GasPrice == b.GasPrice);

    private static Result<SignedTransaction> Invalid(string message) => Result<SignedTransaction>.Failure(EthereumErrorCodes.InvalidTransaction, message);
}
