// Ethereum message signatures: ECDSA over secp256k1 with public key recovery (SEC 1 §4.1.6, the
// ecrecover precompile of Yellow Paper Appendix E), EIP-191 personal messages, EIP-712 typed data.

using Did.Sdk.Jose;

namespace Did.Sdk.Ethereum;

/// <summary>
/// Signs hashes, EIP-191 personal messages and EIP-712 typed data with recoverable signatures, and
/// recovers or verifies the signer's address (<c>ecrecover</c>). Uses <see cref="Secp256k1.Default"/>.
/// </summary>
public static class EthereumSigner
{
    /// <summary>Signs a 32-byte hash (RFC 6979 deterministic, low-S).</summary>
    /// <exception cref="ArgumentException"><paramref name="hash"/> is not 32 bytes.</exception>
    /// <exception cref="ObjectDisposedException"><paramref name="key"/> is disposed.</exception>
    public static EthereumSignature SignHash(EthereumPrivateKey key, ReadOnlySpan<byte> hash)
    {
        ArgumentNullException.ThrowIfNull(key);
        CheckHash(hash);
        var rs = new byte[Secp256k1.SignatureSize];
        var recoveryId = Secp256k1.Default.SignRecoverable(hash, key.Secret, rs);

        // Recovery ids 2 and 3 (R.x ≥ n) occur with probability ~2⁻¹²⁷ and cannot be expressed in v.
        return (recoveryId & 2) == 0
            ? EthereumSignature.FromTrusted(rs, recoveryId)
            : throw new System.Security.Cryptography.CryptographicException("The signature needs recovery id 2 or 3, which Ethereum cannot encode.");
    }

    /// <summary>Signs the EIP-191 personal message hash of <paramref name="message"/>.</summary>
    public static EthereumSignature SignPersonalMessage(EthereumPrivateKey key, ReadOnlySpan<byte> message)
        => SignHash(key, Eip191.HashPersonalMessage(message));

    /// <summary>Signs the EIP-712 digest of <paramref name="typedData"/> (<c>eth_signTypedData_v4</c>).</summary>
    public static EthereumSignature SignTypedData(EthereumPrivateKey key, Eip712TypedData typedData)
    {
        ArgumentNullException.ThrowIfNull(typedData);
        return SignHash(key, typedData.Hash.Span);
    }

    /// <summary>
    /// Recovers the signer's address from a 32-byte hash and a parsed signature. Fails with
    /// <c>invalidSignature</c> when no public key matches.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="hash"/> is not 32 bytes.</exception>
    public static Result<EthereumAddress> Recover(ReadOnlySpan<byte> hash, EthereumSignature signature)
    {
        ArgumentNullException.ThrowIfNull(signature);
        CheckHash(hash);
        Span<byte> rs = stackalloc byte[Secp256k1.SignatureSize];
        signature.CopyRsTo(rs);
        Span<byte> publicKey = stackalloc byte[Secp256k1.UncompressedPublicKeySize];
        if (!Secp256k1.Default.TryRecover(hash, rs, signature.YParity, compressed: false, publicKey, out _))
        {
            return Result<EthereumAddress>.Failure(EthereumErrorCodes.InvalidSignature, "No public key can be recovered from the signature.");
        }

        return EthereumAddress.FromPublicKey(publicKey);
    }

    /// <summary>
    /// Parses a 65- or 64-byte signature and recovers the signer's address. Fails with
    /// <c>invalidSignature</c> or <c>nonCanonicalSignature</c>.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="hash"/> is not 32 bytes.</exception>
    public static Result<EthereumAddress> Recover(ReadOnlySpan<byte> hash, ReadOnlySpan<byte> signature)
    {
        CheckHash(hash);
        var parsed = EthereumSignature.Parse(signature);
        return parsed.Succeeded ? Recover(hash, parsed.Value) : Result<EthereumAddress>.Failure(parsed.Error);
    }

    /// <summary>Recovers the signer of an EIP-191 personal message.</summary>
    public static Result<EthereumAddress> RecoverPersonalMessage(ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
        => Recover(Eip191.HashPersonalMessage(message), signature);

    /// <summary>Recovers the signer of EIP-712 typed data.</summary>
    public static Result<EthereumAddress> RecoverTypedData(Eip712TypedData typedData, ReadOnlySpan<byte> signature)
    {
        ArgumentNullException.ThrowIfNull(typedData);
        return Recover(typedData.Hash.Span, signature);
    }

    /// <summary>True when <paramref name="signature"/> over the hash recovers to <paramref name="address"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="hash"/> is not 32 bytes.</exception>
    public static bool VerifyHash(ReadOnlySpan<byte> hash, ReadOnlySpan<byte> signature, EthereumAddress address)
    {
        var recovered = Recover(hash, signature);
        return recovered.Succeeded && recovered.Value == address;
    }

    /// <summary>True when <paramref name="signature"/> is <paramref name="address"/>'s EIP-191 signature of <paramref name="message"/>.</summary>
    public static bool VerifyPersonalMessage(ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature, EthereumAddress address)
        => VerifyHash(Eip191.HashPersonalMessage(message), signature, address);

    /// <summary>True when <paramref name="signature"/> is <paramref name="address"/>'s EIP-712 signature of <paramref name="typedData"/>.</summary>
    public static bool VerifyTypedData(Eip712TypedData typedData, ReadOnlySpan<byte> signature, EthereumAddress address)
    {
        ArgumentNullException.ThrowIfNull(typedData);
        return VerifyHash(typedData.Hash.Span, signature, address);
    }

    private static void CheckHash(ReadOnlySpan<byte> hash)
    {
        if (hash.Length != Keccak256.HashSize)
        {
            throw new ArgumentException("The hash must be 32 bytes.", nameof(hash));
        }
    }
}
