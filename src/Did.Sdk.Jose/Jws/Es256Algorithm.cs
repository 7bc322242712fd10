// ECDSA P-256 SHA-256 for JOSE, RFC 7518 §3.4 (r‖s, IEEE P1363), through System.Security.Cryptography.
using System.Security.Cryptography;

namespace Did.Sdk.Jose;

internal sealed class Es256Algorithm : JwsAlgorithm
{
    internal Es256Algorithm()
        : base("ES256", KeyType.P256, 64)
    {
    }

    internal override bool VerifyCore(VerificationKey key, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature, bool allowHighS)
    {
        // Both S values verify for P-256: JOSE does not require low-S for ES256.
        if (signature.Length != SignatureSize)
        {
            return false;
        }

        ECDsa ecdsa;
        try
        {
            ecdsa = key.RentEcdsa();
        }
        catch (CryptographicException)
        {
            return false;
        }

        try
        {
            return ecdsa.VerifyData(data, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        }
        catch (CryptographicException)
        {
            return false;
        }
        finally
        {
            key.ReturnEcdsa(ecdsa);
        }
    }

    internal override void SignCore(SigningKey key, ReadOnlySpan<byte> data, Span<byte> signature)
    {
        int written;
        var ecdsa = key.Ecdsa!;

        // ECDsa instance members are not documented as thread-safe; SigningKey.Sign is.
        lock (ecdsa)
        {
            written = ecdsa.SignData(data, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        }

        if (written != SignatureSize)
        {
            throw new CryptographicException("Unexpected ES256 signature length.");
        }
    }
}
