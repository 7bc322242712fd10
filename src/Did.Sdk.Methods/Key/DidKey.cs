using Did.Sdk.Jose;

namespace Did.Sdk.Methods;

/// <summary>Creates <c>did:key</c> identifiers from public keys.</summary>
public static class DidKey
{
    /// <summary>The did:key of a public key: <c>did:key:</c> followed by its multikey (EC keys compressed).</summary>
    public static Did Create(VerificationKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Did.Parse("did:key:" + Multikey.Encode(key)).ThrowIfFailed();
    }

    /// <summary>
    /// The did:key of raw public key bytes (32 bytes for Ed25519/X25519, a SEC 1 point for EC curves).
    /// Fails with <c>invalidPublicKeyLength</c> or <c>invalidPublicKey</c>.
    /// </summary>
    public static Result<Did> Create(KeyType keyType, ReadOnlySpan<byte> publicKey)
    {
        var key = VerificationKey.Import(keyType, publicKey);
        return key.Succeeded ? Create(key.Value) : key.Error;
    }

    /// <summary>The did:key of a JWK's public part. Fails with the JWK import errors.</summary>
    public static Result<Did> Create(Jwk jwk)
    {
        ArgumentNullException.ThrowIfNull(jwk);
        // The key material alone: use, alg and key_ops do not change the identifier.
        var verificationKey = VerificationKey.Import(jwk.KeyType, RawPublicKey(jwk));
        return verificationKey.Succeeded ? Create(verificationKey.Value) : verificationKey.Error;
    }

    private static byte[] RawPublicKey(Jwk jwk)
    {
        var x = Base64Url.Decode(jwk.X).ThrowIfFailed();
        if (jwk.Y is null)
        {
            return x;
        }

        var y = Base64Url.Decode(jwk.Y).ThrowIfFailed();
        var point = new byte[1 + x.Length + y.Length];
        point[0] = 4;
        x.CopyTo(point, 1);
        y.CopyTo(point, 1 + x.Length);
        return point;
    }

    /// <summary>
    /// Decodes the public key of a did:key DID. Fails with <c>invalidDid</c> (not did:key or not
    /// base58btc) or a did:key public key error.
    /// </summary>
    public static Result<VerificationKey> GetPublicKey(Did did)
    {
        ArgumentNullException.ThrowIfNull(did);
        return did.Method == "key"
            ? DidKeyResolver.DecodeIdentifier(did.MethodSpecificId)
            : Result<VerificationKey>.Failure(DidResolutionErrors.InvalidDid, $"{did} is not a did:key.");
    }
}
