// Multikey public keys (W3C Controlled Identifiers §2.2.2 and the did:key "Decode Public Key" algorithm):
// base58btc multibase of varint(multicodec) || raw key, EC keys in SEC 1 compressed form.
using System.Diagnostics.CodeAnalysis;

namespace Did.Sdk.Jose;

/// <summary>Encodes and decodes public keys in the Multikey / did:key form (<c>z…</c>).</summary>
public static class Multikey
{
    /// <summary>
    /// The longest multikey text accepted, in characters. The longest supported key (P-521, 2-byte
    /// varint + 67-byte compressed point) is about 96 characters of base58btc; the bound is set above
    /// RSA-4096 multikeys (about 750 characters) so that those still fail as <c>unsupportedPublicKeyType</c>,
    /// as the did:key specification asks, while keeping the quadratic base58 decode cheap.
    /// </summary>
    public const int MaxLength = 1024;

    /// <summary>Encodes a public key as a base58btc multikey (EC keys compressed).</summary>
    public static string Encode(VerificationKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        byte[] raw = key.Export(compressed: true);
        ulong code = Multicodec.GetPublicKeyCode(key.KeyType);
        var buffer = new byte[Multicodec.GetVarintLength(code) + raw.Length];
        int offset = Multicodec.WriteVarint(code, buffer);
        raw.CopyTo(buffer, offset);
        return Multibase.Encode(buffer, MultibaseEncoding.Base58Btc);
    }

    /// <summary>
    /// Decodes a multikey into a validated public key. Fails with <c>invalidPublicKeyType</c> when the
    /// text is not base58btc (prefix 'z'), <c>invalidMultibase</c> when it does not decode,
    /// <c>invalidPublicKey</c> for a malformed varint or an invalid key (off-curve, small order, bad
    /// SEC 1 prefix), <c>unsupportedPublicKeyType</c> for codecs outside Ed25519, X25519, secp256k1
    /// and P-256/384/521, and <c>invalidPublicKeyLength</c> when the key length does not match the codec
    /// or the text is longer than <see cref="MaxLength"/> characters (checked before decoding).
    /// </summary>
    public static Result<VerificationKey> Decode(string multikey)
        => DecodeCore(multikey ?? throw new ArgumentNullException(nameof(multikey)));

    /// <summary>Decodes a multikey like <see cref="Decode(string)"/>; false (never throws) on any error.</summary>
    public static bool TryDecode(string? multikey, [NotNullWhen(true)] out VerificationKey? key)
    {
        key = null;
        return multikey is not null && DecodeCore(multikey).TryGetValue(out key);
    }

    private static Result<VerificationKey> DecodeCore(string multikey)
    {
        if (multikey.Length == 0 || multikey[0] != 'z')
        {
            return Result<VerificationKey>.Failure(JoseErrorCodes.InvalidPublicKeyType, "A multikey is base58btc multibase (prefix 'z').");
        }

        // base58 decoding is quadratic: bound the text before decoding it.
        if (multikey.Length > MaxLength)
        {
            return Result<VerificationKey>.Failure(JoseErrorCodes.InvalidPublicKeyLength, $"A multikey is at most {MaxLength} characters.");
        }

        if (!Multibase.TryDecode(multikey, out _, out byte[]? bytes))
        {
            return Result<VerificationKey>.Failure(JoseErrorCodes.InvalidMultibase, "The multikey is not valid base58btc.");
        }

        if (!Multicodec.TryReadVarint(bytes, out ulong code, out int read))
        {
            return Result<VerificationKey>.Failure(JoseErrorCodes.InvalidPublicKey, "The multicodec header is not a valid varint.");
        }

        if (!Multicodec.TryGetKeyType(code, out KeyType keyType))
        {
            return Result<VerificationKey>.Failure(JoseErrorCodes.UnsupportedPublicKeyType, $"The multicodec 0x{code:x} is not a supported public key type.");
        }

        var raw = bytes.AsSpan(read);
        int expected = Curves.IsOkp(keyType) ? Curves.FieldLength(keyType) : Curves.FieldLength(keyType) + 1;
        if (raw.Length != expected)
        {
            return Result<VerificationKey>.Failure(JoseErrorCodes.InvalidPublicKeyLength, $"A {keyType} multikey holds {expected} key bytes, not {raw.Length}.");
        }

        return VerificationKey.Import(keyType, raw);
    }
}
