// Ethereum transactions: legacy with EIP-155 replay protection and EIP-1559 (type 2 under the EIP-2718
// envelope), their signing payloads (Yellow Paper §4.2, EIP-155, EIP-1559) and signing.

using System.Numerics;
using Did.Sdk.Ethereum.Rlp;

namespace Did.Sdk.Ethereum.Transactions;

/// <summary>
/// An unsigned transaction. Which fee fields apply depends on <see cref="Type"/>: <see cref="GasPrice"/>
/// for <see cref="TransactionType.Legacy"/>, <see cref="MaxPriorityFeePerGas"/> and <see cref="MaxFeePerGas"/>
/// (and <see cref="AccessList"/>) for <see cref="TransactionType.Eip1559"/>. Amounts are in wei.
/// </summary>
public sealed record EthereumTransaction
{
    /// <summary>The envelope type.</summary>
    public TransactionType Type { get; init; } = TransactionType.Eip1559;

    /// <summary>The chain id (EIP-155). Null only for an unprotected legacy transaction read from the wire.</summary>
    public ulong? ChainId { get; init; }

    /// <summary>The sender's account nonce.</summary>
    public ulong Nonce { get; init; }

    /// <summary>The gas price of a legacy transaction, in wei.</summary>
    public BigInteger GasPrice { get; init; }

    /// <summary>EIP-1559 priority fee per gas (tip), in wei.</summary>
    public BigInteger MaxPriorityFeePerGas { get; init; }

    /// <summary>EIP-1559 maximum total fee per gas, in wei.</summary>
    public BigInteger MaxFeePerGas { get; init; }

    /// <summary>The gas limit.</summary>
    public ulong GasLimit { get; init; }

    /// <summary>The recipient; null for contract creation.</summary>
    public EthereumAddress? To { get; init; }

    /// <summary>The value transferred, in wei.</summary>
    public BigInteger Value { get; init; }

    /// <summary>Call data or contract init code.</summary>
    public ReadOnlyMemory<byte> Data { get; init; }

    /// <summary>The EIP-2930 access list of an EIP-1559 transaction.</summary>
    public IReadOnlyList<AccessListEntry> AccessList { get; init; } = [];

    /// <summary>
    /// The bytes whose Keccak-256 is signed: <c>rlp([nonce, gasPrice, gas, to, value, data, chainId, 0, 0])</c>
    /// for legacy (the first six fields without a chain id), <c>0x02 ‖ rlp([chainId, …, accessList])</c> for EIP-1559.
    /// </summary>
    /// <exception cref="ArgumentException">A field is out of range (negative or wider than 256 bits, a storage key not 32 bytes, EIP-1559 without chain id).</exception>
    public byte[] GetSigningPayload() => Encode(null);

    /// <summary>The 32-byte Keccak-256 of <see cref="GetSigningPayload"/>.</summary>
    public byte[] GetSigningHash() => Keccak256.Hash(GetSigningPayload());

    /// <summary>Signs the transaction (RFC 6979, low-S) and returns the signed transaction.</summary>
    /// <exception cref="ArgumentException">No <see cref="ChainId"/> is set, or a field is out of range.</exception>
    /// <exception cref="ObjectDisposedException"><paramref name="key"/> is disposed.</exception>
    public SignedTransaction Sign(EthereumPrivateKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (ChainId is null)
        {
            throw new ArgumentException("Set ChainId: this SDK signs only replay-protected transactions (EIP-155).", nameof(key));
        }

        var signature = EthereumSigner.SignHash(key, GetSigningHash());
        return new SignedTransaction(this, signature, Encode(signature), key.Address);
    }

    internal byte[] Encode(EthereumSignature? signature)
    {
        CheckRange(GasPrice, nameof(GasPrice));
        CheckRange(MaxPriorityFeePerGas, nameof(MaxPriorityFeePerGas));
        CheckRange(MaxFeePerGas, nameof(MaxFeePerGas));
        CheckRange(Value, nameof(Value));
        var to = To is { } address ? RlpItem.FromBytes(address.ToArray()) : RlpItem.FromBytes([]);
        var data = RlpItem.FromBytes(Data.Span);
        List<RlpItem> fields;
        switch (Type)
        {
            case TransactionType.Legacy:
                fields = [RlpItem.FromInteger(Nonce), RlpItem.FromInteger(GasPrice), RlpItem.FromInteger(GasLimit), to, RlpItem.FromInteger(Value), data];
                if (signature is null)
                {
                    if (ChainId is { } chainId)
                    {
                        fields.AddRange([RlpItem.FromInteger(chainId), RlpItem.FromBytes([]), RlpItem.FromBytes([])]);
                    }
                }
                else
                {
                    var v = ChainId is { } chainId
                        ? (new BigInteger(chainId) * 2) + 35 + signature.YParity
                        : new BigInteger(27 + signature.YParity);
                    fields.AddRange([RlpItem.FromInteger(v), Scalar(signature.R), Scalar(signature.S)]);
                }

                return RlpCodec.Encode(RlpItem.FromList(fields));
            case TransactionType.Eip1559:
                if (ChainId is not { } id)
                {
                    throw new ArgumentException("An EIP-1559 transaction needs a chain id.");
                }

                fields =
                [
                    RlpItem.FromInteger(id), RlpItem.FromInteger(Nonce), RlpItem.FromInteger(MaxPriorityFeePerGas),
                    RlpItem.FromInteger(MaxFeePerGas), RlpItem.FromInteger(GasLimit), to, RlpItem.FromInteger(Value), data,
                    EncodeAccessList(AccessList),
                ];
                if (signature is not null)
                {
                    fields.AddRange([RlpItem.FromInteger((ulong)signature.YParity), Scalar(signature.R), Scalar(signature.S)]);
                }

                return [(byte)TransactionType.Eip1559, .. RlpCodec.Encode(RlpItem.FromList(fields))];
            default:
                throw new ArgumentException($"Unsupported transaction type {Type}.");
        }
    }

    private static RlpItem Scalar(ReadOnlySpan<byte> bigEndian32)
        => RlpItem.FromInteger(new BigInteger(bigEndian32, isUnsigned: true, isBigEndian: true));

    private static RlpItem EncodeAccessList(IReadOnlyList<AccessListEntry> accessList)
    {
        ArgumentNullException.ThrowIfNull(accessList);
        var entries = new List<RlpItem>(accessList.Count);
        foreach (var entry in accessList)
        {
            ArgumentNullException.ThrowIfNull(entry);
            var keys = new List<RlpItem>(entry.StorageKeys.Count);
            foreach (var key in entry.StorageKeys)
            {
                if (key.Length != 32)
                {
                    throw new ArgumentException("Access list storage keys are 32 bytes.");
                }

                keys.Add(RlpItem.FromBytes(key.Span));
            }

            entries.Add(RlpItem.FromList(RlpItem.FromBytes(entry.Address.ToArray()), RlpItem.FromList(keys)));
        }

        return RlpItem.FromList(entries);
    }

    private static void CheckRange(BigInteger value, string name)
    {
        if (value.Sign < 0 || value.GetByteCount(isUnsigned: true) > 32)
        {
            throw new ArgumentException($"{name} must be in 0..2^256-1.", name);
        }
    }
}
