using System.Numerics;
using Did.Sdk.Ethereum;
using Did.Sdk.Ethereum.Transactions;

namespace Did.Sdk.Devnet.Chain;

/// <summary>An event log as a receipt holds it.</summary>
internal sealed record LogRecord(EthereumAddress Address, IReadOnlyList<byte[]> Topics, byte[] Data);

/// <summary>A transaction accepted by the chain: the signed transaction, its hash and sender.</summary>
internal sealed class TransactionRecord
{
    public TransactionRecord(SignedTransaction signed)
    {
        Signed = signed;
        Hash = signed.Hash.ToArray();
        HashHex = signed.HashHex;
    }

    public SignedTransaction Signed { get; }

    public EthereumTransaction Fields => Signed.Transaction;

    public EthereumAddress From => Signed.Sender;

    public byte[] Hash { get; }

    public string HashHex { get; }

    /// <summary>The fee cap per gas: <c>maxFeePerGas</c>, or the legacy gas price.</summary>
    public BigInteger FeeCap => Fields.Type == TransactionType.Legacy ? Fields.GasPrice : Fields.MaxFeePerGas;

    /// <summary>The price per gas paid in a block with <paramref name="baseFee"/>.</summary>
    public BigInteger EffectiveGasPrice(BigInteger baseFee)
        => Fields.Type == TransactionType.Legacy ? Fields.GasPrice : BigInteger.Min(Fields.MaxFeePerGas, baseFee + Fields.MaxPriorityFeePerGas);
}

/// <summary>The outcome of one transaction in a block.</summary>
internal sealed record ReceiptRecord(
    bool Succeeded,
    ulong GasUsed,
    ulong CumulativeGasUsed,
    BigInteger EffectiveGasPrice,
    EthereumAddress? ContractAddress,
    IReadOnlyList<LogRecord> Logs,
    byte[] Bloom,
    int FirstLogIndex);
