// ECDSA secp256k1 SHA-256 for JOSE, RFC 8812 §3.2 (r‖s), through the shared secp256k1 engine.
using System.Security.Cryptography;

namespace Did.Sdk.Jose;

internal sealed class Es256KAlgorithm : JwsAlgorithm
{
    internal Es256KAlgorithm()
        : base("ES256K", KeyType.Secp256k1, 64)
    {
    }

    internal override bool VerifyCore(VerificationKey key, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature, bool allowHighS)
    {
        if (signature.Length != SignatureSize)
        {
            return false;
        }

        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(data, hash);
        Span<byte> publicKey = stackalloc byte[65];
        publicKey[0] = 4;
        key.X.CopyTo(publicKey[1..]);
        key.Y.CopyTo(publicKey[33..]);
        return Secp256k1.Default.Verify(hash, signature, publicKey, allowHighS);
    }

    internal override void SignCore(SigningKey key, ReadOnlySpan<byte> data, Span<byte> signature)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(data, hash);
        Secp256k1.Default.Sign(hash, key.Scalar, signature[..SignatureSize]);
    }
}
