// EdDSA with Ed25519 for JOSE, RFC 8037 §3.1, through NSec (libsodium).
using NSec.Cryptography;

namespace Did.Sdk.Jose;

internal sealed class EdDsaAlgorithm : JwsAlgorithm
{
    internal EdDsaAlgorithm()
        : base("EdDSA", KeyType.Ed25519, 64)
    {
    }

    internal override bool VerifyCore(VerificationKey key, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature, bool allowHighS)
    {
        if (signature.Length != SignatureSize)
        {
            return false;
        }

        var publicKey = key.GetEd25519PublicKey();
        return publicKey is not null && SignatureAlgorithm.Ed25519.Verify(publicKey, data, signature);
    }

    internal override void SignCore(SigningKey key, ReadOnlySpan<byte> data, Span<byte> signature)
    {
        SignatureAlgorithm.Ed25519.Sign(key.Ed25519Key!, data, signature);
    }
}
