// ES256K-R: ECDSA secp256k1 SHA-256 with the recovery id appended (r ‖ s ‖ v, 65 bytes), as the
// EcdsaSecp256k1RecoveryMethod2020 suite (W3C CCG secp256k1 recovery 2020) and did-jwt use it.
using System.Security.Cryptography;

namespace Did.Sdk.Jose;

internal sealed class Es256KRAlgorithm : JwsAlgorithm
{
    internal Es256KRAlgorithm()
        : base("ES256K-R", KeyType.Secp256k1, 65)
    {
    }

    /// <summary>The recovery id (0 or 1) of a 65-byte ES256K-R signature, or -1 when v is not 0, 1, 27 or 28.</summary>
    internal static int RecoveryId(ReadOnlySpan<byte> signature)
        => signature.Length != 65 ? -1 : signature[64] switch { 0 or 27 => 0, 1 or 28 => 1, _ => -1 };

    // With a known key: the recovered key must be this key (so v is checked too, not only r ‖ s).
    internal override bool VerifyCore(VerificationKey key, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature, bool allowHighS)
    {
        int recoveryId = RecoveryId(signature);
        if (recoveryId < 0 || (!allowHighS && !Secp256k1.IsLowS(signature[..64])))
        {
            return false;
        }

        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(data, hash);
        Span<byte> recovered = stackalloc byte[65];
        if (!Secp256k1.Default.TryRecover(hash, signature[..64], recoveryId, compressed: false, recovered, out _))
        {
            return false;
        }

        return recovered[1..33].SequenceEqual(key.X) && recovered[33..].SequenceEqual(key.Y);
    }

    internal override void SignCore(SigningKey key, ReadOnlySpan<byte> data, Span<byte> signature)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(data, hash);
        int recoveryId = Secp256k1.Default.SignRecoverable(hash, key.Scalar, signature[..64]);
        signature[64] = (byte)recoveryId;
    }
}
