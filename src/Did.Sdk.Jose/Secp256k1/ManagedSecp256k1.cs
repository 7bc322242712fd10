// secp256k1 ECDSA on BouncyCastle: SEC 1 v2.0 §4.1.3 (signing), §4.1.4 (verification), §4.1.6 (public key
// recovery); RFC 6979 §3.2 deterministic nonces (HMAC-SHA-256); BIP-62 / EIP-2 low-S normalization.

using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.EC;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Math.EC;
using Org.BouncyCastle.Math.EC.Multiplier;
using BigInteger = Org.BouncyCastle.Math.BigInteger;
using ECPoint = Org.BouncyCastle.Math.EC.ECPoint;

namespace Did.Sdk.Jose;

/// <summary>The managed backend over BouncyCastle's custom secp256k1 curve (<c>SecP256K1Curve</c>).</summary>
internal sealed class ManagedSecp256k1 : Secp256k1
{
    private static readonly ECDomainParameters Domain = CreateDomain();
    private static readonly BigInteger HalfN = Domain.N.ShiftRight(1);
    private static readonly BigInteger FieldPrime = Domain.Curve.Field.Characteristic;

    public override bool IsNative => false;

    public override string Description => "managed (BouncyCastle)";

    public override bool IsValidPrivateKey(ReadOnlySpan<byte> privateKey) => Scalar.IsValid(privateKey);

    public override bool TryGetPublicKey(ReadOnlySpan<byte> privateKey, bool compressed, Span<byte> publicKey, out int bytesWritten)
    {
        bytesWritten = 0;
        if (!Scalar.IsValid(privateKey))
        {
            return false;
        }

        var d = new BigInteger(1, privateKey);
        var q = new FixedPointCombMultiplier().Multiply(Domain.G, d).Normalize();
        return TryEncode(q, compressed, publicKey, out bytesWritten);
    }

    public override bool TryNormalizePublicKey(ReadOnlySpan<byte> publicKey, bool compressed, Span<byte> output, out int bytesWritten)
    {
        bytesWritten = 0;
        return TryDecode(publicKey, out var q) && TryEncode(q, compressed, output, out bytesWritten);
    }

    public override void Sign(ReadOnlySpan<byte> hash, ReadOnlySpan<byte> privateKey, Span<byte> signature)
        => _ = SignCore(hash, privateKey, signature);

    public override int SignRecoverable(ReadOnlySpan<byte> hash, ReadOnlySpan<byte> privateKey, Span<byte> signature)
        => SignCore(hash, privateKey, signature);

    public override bool Verify(ReadOnlySpan<byte> hash, ReadOnlySpan<byte> signature, ReadOnlySpan<byte> publicKey, bool allowHighS = false)
    {
        if (hash.Length != ScalarSize || signature.Length != SignatureSize
            || !Scalar.IsValid(signature[..ScalarSize]) || !Scalar.IsValid(signature[ScalarSize..]))
        {
            return false;
        }

        var r = new BigInteger(1, signature[..ScalarSize]);
        var s = new BigInteger(1, signature[ScalarSize..]);
        if (!allowHighS && s.CompareTo(HalfN) > 0)
        {
            return false;
        }

        if (!TryDecode(publicKey, out var q))
        {
            return false;
        }

        var signer = new ECDsaSigner();
        signer.Init(false, new ECPublicKeyParameters(q, Domain));
        return signer.VerifySignature(hash.ToArray(), r, s);
    }

    public override bool TryRecover(ReadOnlySpan<byte> hash, ReadOnlySpan<byte> signature, int recoveryId, bool compressed, Span<byte> publicKey, out int bytesWritten)
    {
        bytesWritten = 0;
        if (hash.Length != ScalarSize || signature.Length != SignatureSize || recoveryId is < 0 or > 3
            || !Scalar.IsValid(signature[..ScalarSize]) || !Scalar.IsValid(signature[ScalarSize..]))
        {
            return false;
        }

        var n = Domain.N;
        var r = new BigInteger(1, signature[..ScalarSize]);
        var s = new BigInteger(1, signature[ScalarSize..]);

        // SEC 1 §4.1.6 step 1.1: x = r + j·n, j = recoveryId >> 1; x must be a field element.
        var x = (recoveryId & 2) != 0 ? r.Add(n) : r;
        if (x.CompareTo(FieldPrime) >= 0)
        {
            return false;
        }

        // Step 1.2-1.3: R from x and the parity bit; secp256k1 has cofactor 1, so n·R = O always holds.
        Span<byte> encodedR = stackalloc byte[CompressedPublicKeySize];
        encodedR[0] = (byte)(0x02 | (recoveryId & 1));
        WriteScalar(x, encodedR[1..]);
        ECPoint bigR;
        try
        {
            bigR = Domain.Curve.DecodePoint(encodedR.ToArray());
        }
        catch (ArgumentException)
        {
            // x is not the abscissa of a curve point.
            return false;
        }

        // Step 1.6: Q = r⁻¹ (s·R − e·G).
        var e = new BigInteger(1, hash).Mod(n);
        var rInverse = r.ModInverse(n);
        var u1 = n.Subtract(e).Multiply(rInverse).Mod(n);
        var u2 = s.Multiply(rInverse).Mod(n);
        var q = ECAlgorithms.SumOfTwoMultiplies(Domain.G, u1, bigR, u2).Normalize();
        return !q.IsInfinity && TryEncode(q, compressed, publicKey, out bytesWritten);
    }

    private static int SignCore(ReadOnlySpan<byte> hash, ReadOnlySpan<byte> privateKey, Span<byte> signature)
    {
        CheckSignArguments(hash, privateKey, signature);
        var n = Domain.N;
        var d = new BigInteger(1, privateKey);
        var message = hash.ToArray();

        var signer = new ECDsaSigner(new HMacDsaKCalculator(new Sha256Digest()));
        signer.Init(true, new ECPrivateKeyParameters(d, Domain));
        var rs = signer.GenerateSignature(message);
        var r = rs[0];
        var s = rs[1];

        // The signer does not expose k or R, so derive the same RFC 6979 nonce again to learn R's
        // y parity and whether R.x overflowed n (the two bits of the recovery id).
        var k = DeriveNonce(d, message);
        var bigR = new FixedPointCombMultiplier().Multiply(Domain.G, k).Normalize();
        var x = bigR.AffineXCoord.ToBigInteger();
        var recoveryId = (bigR.AffineYCoord.TestBitZero() ? 1 : 0) | (x.CompareTo(n) >= 0 ? 2 : 0);

        if (s.CompareTo(HalfN) > 0)
        {
            // s ↦ n − s is the signature for −k, whose point has the opposite y parity.
            s = n.Subtract(s);
            recoveryId ^= 1;
        }

        WriteScalar(r, signature[..ScalarSize]);
        WriteScalar(s, signature[ScalarSize..SignatureSize]);
        Array.Clear(message);

        if (!x.Mod(n).Equals(r))
        {
            // The signer skipped the first nonce (r or s was zero; probability ~2⁻²⁵⁶): find the id by trial.
            recoveryId = FindRecoveryId(hash, signature[..SignatureSize], d);
        }

        return recoveryId;
    }

    private static int FindRecoveryId(ReadOnlySpan<byte> hash, ReadOnlySpan<byte> signature, BigInteger d)
    {
        var expected = new FixedPointCombMultiplier().Multiply(Domain.G, d).Normalize().GetEncoded(true);
        Span<byte> candidate = stackalloc byte[CompressedPublicKeySize];
        for (var id = 0; id < 4; id++)
        {
            if (Managed.TryRecover(hash, signature, id, true, candidate, out _) && candidate.SequenceEqual(expected))
            {
                return id;
            }
        }

        throw new CryptographicException("No recovery id reproduces the signing key.");
    }

    /// <summary>The first RFC 6979 nonce for (d, hash); ECDsaSigner retries only if r or s is zero (probability ~2⁻²⁵⁶).</summary>
    private static BigInteger DeriveNonce(BigInteger d, byte[] message)
    {
        var calculator = new HMacDsaKCalculator(new Sha256Digest());
        calculator.Init(Domain.N, d, message);
        return calculator.NextK();
    }

    private static void WriteScalar(BigInteger value, Span<byte> destination)
    {
        destination.Clear();
        var bytes = value.ToByteArrayUnsigned();
        bytes.AsSpan().CopyTo(destination[(destination.Length - bytes.Length)..]);
    }

    private static bool TryDecode(ReadOnlySpan<byte> publicKey, out ECPoint point)
    {
        point = null!;
        if (!HasSec1Shape(publicKey))
        {
            return false;
        }

        try
        {
            // DecodePoint validates field ranges and the curve equation and rejects infinity.
            point = Domain.Curve.DecodePoint(publicKey.ToArray());
            return !point.IsInfinity && point.IsValid();
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (ArithmeticException)
        {
            return false;
        }
    }

    private static bool TryEncode(ECPoint point, bool compressed, Span<byte> output, out int bytesWritten)
    {
        bytesWritten = 0;
        var size = compressed ? CompressedPublicKeySize : UncompressedPublicKeySize;
        if (output.Length < size || point.IsInfinity)
        {
            return false;
        }

        point.GetEncoded(compressed).AsSpan().CopyTo(output);
        bytesWritten = size;
        return true;
    }

    private static ECDomainParameters CreateDomain()
    {
        var curve = CustomNamedCurves.GetByName("secp256k1");
        return new ECDomainParameters(curve.Curve, curve.G, curve.N, curve.H);
    }
}
