// Signed raw transactions: serialization for eth_sendRawTransaction, the transaction hash (Keccak-256 of
// the raw bytes, EIP-2718) and strict parsing with sender recovery (legacy/EIP-155 and EIP-1559).

using System.Numerics;
using Did.Sdk.Ethereum.Rlp;

namespace Did.Sdk.Ethereum.Transactions;

/// <summary>A signed transaction: its fields, signature, raw bytes, hash and sender.</summary>
public sealed class SignedTransaction
{
    private readonly byte[] _raw;
    private readonly byte[] _hash;

    internal SignedTransaction(EthereumTransaction transaction, EthereumSignature signature, byte[] raw, EthereumAddress sender)
    {
        Transaction = transaction;
        Signature = signature;
        _raw = raw;
        _hash = Keccak256.Hash(raw);
        Sender = sender;
    }

    /// <summary>The signed fields.</summary>
    public EthereumTransaction Transaction { get; }

    /// <summary>The signature (always low-S).</summary>
    public EthereumSignature Signature { get; }

    /// <summary>The address that signed the transaction.</summary>
    public EthereumAddress Sender { get; }

    /// <summary>The raw bytes as sent with <c>eth_sendRawTransaction</c>.</summary>
    public ReadOnlySpan<byte> RawBytes => _raw;

    /// <summary>The 32-byte transaction hash: Keccak-256 of <see cref="RawBytes"/>.</summary>
    public ReadOnlySpan<byte> Hash => _hash;

    /// <summary>The <c>0x</c>-hex of <see cref="RawBytes"/>.</summary>
    public string ToRawHex() => Hex.Encode(_raw);

    /// <summary>The <c>0x</c>-hex of <see cref="Hash"/>.</summary>
    public string HashHex => Hex.Encode(_hash);

    /// <summary>Parses <c>0x</c>-hex raw transaction bytes; see <see cref="Decode(ReadOnlySpan{byte}, RlpDecodeOptions?)"/>.</summary>
    public static Result<SignedTransaction> Decode(string? rawHex, RlpDecodeOptions? options = null)
        => Hex.TryDecode(rawHex, out var bytes)
            ? Decode(bytes, options)
            : Result<SignedTransaction>.Failure(EthereumErrorCodes.InvalidHex, "The raw transaction is not 0x-prefixed hexadecimal.");

    /// <summary>
    /// Parses a signed legacy (with or without EIP-155) or EIP-1559 transaction and recovers its sender.
    /// Fails with <c>invalidRlp</c>, <c>inputTooLarge</c>, <c>invalidTransaction</c> (wrong field count,
    /// non-canonical or out-of-range integers, a bad <c>to</c>, a <c>v</c> that encodes no chain),
    /// <c>unsupportedTransactionType</c>, <c>invalidSignature</c> or <c>nonCanonicalSignature</c> (high S).
    /// Fee consistency and balances are the node's business and are not checked.
    /// </summary>
    public static Result<SignedTransaction> Decode(ReadOnlySpan<byte> raw, RlpDecodeOptions? options = null)
    {
        if (raw.IsEmpty)
        {
            return Invalid("The raw transaction is empty.");
        }

        var first = raw[0];
        if (first >= 0xC0)
        {
            return DecodeLegacy(raw, options);
        }

        if (first == (byte)TransactionType.Eip1559)
        {
            return DecodeEip1559(raw, options);
        }

        return first < 0x80
            ? Result<SignedTransaction>.Failure(EthereumErrorCodes.UnsupportedTransactionType, $"Transaction type {first} is not supported (legacy and 2 are).")
            : Invalid("A raw transaction is an RLP list or a typed envelope.");
    }

    private static Result<SignedTransaction> DecodeLegacy(ReadOnlySpan<byte> raw, RlpDecodeOptions? options)
    {
        var decoded = RlpCodec.Decode(raw, options);
        if (!decoded.Succeeded)
        {
            return Result<SignedTransaction>.Failure(decoded.Error);
        }

        var f = decoded.Value.Items;
        if (f.Count != 9)
        {
            return Invalid("A signed legacy transaction has 9 fields.");
        }

        if (!f[0].TryGetUInt64(out var nonce) || !f[1].TryGetInteger(32, out var gasPrice) || !f[2].TryGetUInt64(out var gas)
            || !TryGetTo(f[3], out var to) || !f[4].TryGetInteger(32, out var value) || f[5].IsList || !f[6].TryGetInteger(32, out var v))
        {
            return Invalid("A legacy transaction field is not a canonical integer in range, or to/data are malformed.");
        }

        ulong? chainId;
        int yParity;
        if (v == 27 || v == 28)
        {
            chainId = null;
            yParity = (int)(v - 27);
        }
        else if (v >= 37 && (v - 35) / 2 <= ulong.MaxValue)
        {
            chainId = (ulong)((v - 35) / 2);
            yParity = (int)((v - 35) % 2);
        }
        else
        {
            return Invalid("v is neither 27/28 nor chainId*2+35/36 (EIP-155).");
        }

        var transaction = new EthereumTransaction
        {
            Type = TransactionType.Legacy,
            ChainId = chainId,
            Nonce = nonce,
            GasPrice = gasPrice,
            GasLimit = gas,
            To = to,
            Value = value,
            Data = f[5].Bytes.ToArray(),
        };
        return Finish(transaction, f[7], f[8], yParity, raw);
    }

    private static Result<SignedTransaction> DecodeEip1559(ReadOnlySpan<byte> raw, RlpDecodeOptions? options)
    {
        var decoded = RlpCodec.Decode(raw[1..], options);
        if (!decoded.Succeeded)
        {
            return Result<SignedTransaction>.Failure(decoded.Error);
        }

        if (!decoded.Value.IsList)
        {
            return Invalid("An EIP-1559 payload is an RLP list.");
        }

        var f = decoded.Value.Items;
        if (f.Count != 12)
        {
            return Invalid("A signed EIP-1559 transaction has 12 fields.");
        }

        if (!f[0].TryGetUInt64(out var chainId) || !f[1].TryGetUInt64(out var nonce) || !f[2].TryGetInteger(32, out var tip)
            || !f[3].TryGetInteger(32, out var maxFee) || !f[4].TryGetUInt64(out var gas) || !TryGetTo(f[5], out var to)
            || !f[6].TryGetInteger(32, out var value) || f[7].IsList || !f[9].TryGetUInt64(out var yParity) || yParity > 1)
        {
            return Invalid("An EIP-1559 transaction field is not a canonical integer in range, or to/data/yParity are malformed.");
        }

        if (!TryGetAccessList(f[8], out var accessList))
        {
            return Invalid("The access list is not a list of [20-byte address, [32-byte keys]].");
        }

        var transaction = new EthereumTransaction
        {
            Type = TransactionType.Eip1559,
            ChainId = chainId,
            Nonce = nonce,
            MaxPriorityFeePerGas = tip,
            MaxFeePerGas = maxFee,
            GasLimit = gas,
            To = to,
            Value = value,
            Data = f[7].Bytes.ToArray(),
            AccessList = accessList,
        };
        return Finish(transaction, f[10], f[11], (int)yParity, raw);
    }

    private static Result<SignedTransaction> Finish(EthereumTransaction transaction, RlpItem rItem, RlpItem sItem, int yParity, ReadOnlySpan<byte> raw)
    {
        if (!rItem.TryGetInteger(32, out var r) || !sItem.TryGetInteger(32, out var s))
        {
            return Invalid("r and s are canonical integers of at most 32 bytes.");
        }

        Span<byte> rBytes = stackalloc byte[32];
        Span<byte> sBytes = stackalloc byte[32];
        WritePadded(r, rBytes);
        WritePadded(s, sBytes);
        var signature = EthereumSignature.FromParts(rBytes, sBytes, yParity);
        if (!signature.Succeeded)
        {
            return Result<SignedTransaction>.Failure(signature.Error);
        }

        var sender = EthereumSigner.Recover(transaction.GetSigningHash(), signature.Value);
        return sender.Succeeded
            ? new SignedTransaction(transaction, signature.Value, raw.ToArray(), sender.Value)
            : Result<SignedTransaction>.Failure(sender.Error);
    }

    private static void WritePadded(BigInteger value, Span<byte> destination)
    {
        destination.Clear();
        var count = value.GetByteCount(isUnsigned: true);
        if (!value.IsZero)
        {
            value.TryWriteBytes(destination[(32 - count)..], out _, isUnsigned: true, isBigEndian: true);
        }
    }

    private static bool TryGetTo(RlpItem item, out EthereumAddress? to)
    {
        to = null;
        if (item.IsList || (item.Bytes.Length != 0 && item.Bytes.Length != EthereumAddress.Size))
        {
            return false;
        }

        if (item.Bytes.Length == EthereumAddress.Size)
        {
            to = EthereumAddress.FromBytes(item.Bytes);
        }

        return true;
    }

    private static bool TryGetAccessList(RlpItem item, out IReadOnlyList<AccessListEntry> accessList)
    {
        accessList = [];
        if (!item.IsList)
        {
            return false;
        }

        var entries = new List<AccessListEntry>(item.Items.Count);
        foreach (var entry in item.Items)
        {
            if (!entry.IsList || entry.Items.Count != 2 || entry.Items[0].IsList || entry.Items[0].Bytes.Length != EthereumAddress.Size || !entry.Items[1].IsList)
            {
                return false;
            }

            var keys = new List<ReadOnlyMemory<byte>>(entry.Items[1].Items.Count);
            foreach (var key in entry.Items[1].Items)
            {
                if (key.IsList || key.Bytes.Length != 32)
                {
                    return false;
                }

                keys.Add(key.Bytes.ToArray());
            }

            entries.Add(new AccessListEntry(EthereumAddress.FromBytes(entry.Items[0].Bytes), keys));
        }

        accessList = entries;
        return true;
    }

    private static Result<SignedTransaction> Invalid(string message)
        => Result<SignedTransaction>.Failure(EthereumErrorCodes.InvalidTransaction, message);
}
