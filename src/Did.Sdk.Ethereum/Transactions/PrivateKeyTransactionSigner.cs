namespace Did.Sdk.Ethereum.Transactions;

/// <summary>Signs with a local key on the native secp256k1 backend (RFC 6979, low S).</summary>
/// <param name="key">The key; it stays with the caller (not disposed here).</param>
public sealed class PrivateKeyTransactionSigner(EthereumPrivateKey key) : IEthereumTransactionSigner
{
    private readonly EthereumPrivateKey _key = key ?? throw new ArgumentNullException(nameof(key));

    /// <inheritdoc />
    public EthereumAddress Address => _key.Address;

    /// <inheritdoc />
    public ValueTask<Result<SignedTransaction>> SignAsync(EthereumTransaction transaction, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            return ValueTask.FromResult<Result<SignedTransaction>>(transaction.Sign(_key));
        }
        catch (ArgumentException ex)
        {
            return ValueTask.FromResult(Result<SignedTransaction>.Failure(EthereumErrorCodes.InvalidTransaction, ex.Message));
        }
    }
}
