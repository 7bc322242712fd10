namespace Did.Sdk.Ethereum.Transactions;

/// <summary>
/// Signs transactions for one account: a local <see cref="EthereumPrivateKey"/> (native libsecp256k1),
/// a key held by Nethereum, or an external signer (a KMS, an HSM, a hardware wallet) through
/// <see cref="Bridges.NethereumTransactionSigner"/>. Implementations return the signed transaction as
/// decoded back from its raw bytes, so what is sent is what was meant.
/// </summary>
public interface IEthereumTransactionSigner
{
    /// <summary>The account the signatures recover to.</summary>
    EthereumAddress Address { get; }

    /// <summary>
    /// Signs <paramref name="transaction"/> (which carries its chain id). Fails with
    /// <c>invalidTransaction</c> when the signer cannot sign it or produced something else than asked.
    /// </summary>
    ValueTask<Result<SignedTransaction>> SignAsync(EthereumTransaction transaction, CancellationToken cancellationToken = default);
}
