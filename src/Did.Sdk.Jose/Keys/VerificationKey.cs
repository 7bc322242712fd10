// Public keys for JWS verification and DID documents (RFC 8037 §2, RFC 7518 §6.2.1, SEC 1 §2.3.4).
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace Did.Sdk.Jose;

/// <summary>
/// A validated public key. Keys of type Ed25519, P-256 and secp256k1 verify signatures of their
/// <see cref="Algorithm"/>; X25519, P-384 and P-521 keys are carried for representation and
/// conversion only (their <see cref="Algorithm"/> is null and <see cref="Verify(ReadOnlySpan{byte}, ReadOnlySpan{byte})"/> returns false).
/// </summary>
public sealed class VerificationKey : IEquatable<VerificationKey>
{
    private readonly byte[] _x;
    private readonly byte[]? _y;

    // Imported P-256 keys for ES256 verify. Creating an ECDsa imports and checks the point, which
    // costs about twice the verify itself, so instances are reused. Each instance is used by one
    // thread at a time (rented, then returned): ECDsa instance members are not documented as thread
    // safe, and OpenSSL has had data races on an EVP_PKEY shared by concurrent verifies. Instances
    // are released by their SafeHandle finalizers when the key is collected.
    private readonly ECDsa?[]? _ecdsaPool;

    // The NSec form of an Ed25519 key, imported on first verify (immutable, so a race only imports twice).
    private NSec.Cryptography.PublicKey? _ed25519PublicKey;

    internal VerificationKey(KeyType keyType, byte[] x, byte[]? y)
    {
        KeyType = keyType;
        _x = x;
        _y = y;
        Algorithm = JwsAlgorithm.ForKeyType(keyType);
        if (keyType == KeyType.P256)
        {
            _ecdsaPool = new ECDsa?[Math.Clamp(Environment.ProcessorCount, 1, 8)];
        }
    }

    /// <summary>The key type and curve.</summary>
    public KeyType KeyType { get; }

    /// <summary>The signature algorithm of this key, or null when the key type does not sign.</summary>
    public JwsAlgorithm? Algorithm { get; }

    internal ReadOnlySpan<byte> X => _x;

    internal ReadOnlySpan<byte> Y => _y;

    /// <summary>
    /// Imports the public part of a JWK for verification. Fails with <c>invalidKeyUse</c> when
    /// <c>use</c> is present and not <c>sig</c> or <c>key_ops</c> lacks <c>verify</c> (for signing key
    /// types), <c>unsupportedAlgorithm</c> when <c>alg</c> names an algorithm outside the closed set, and
    /// <c>algorithmKeyMismatch</c> when <c>alg</c> does not match the curve.
    /// </summary>
    public static Result<VerificationKey> Import(Jwk jwk)
    {
        ArgumentNullException.ThrowIfNull(jwk);
        var algorithm = JwsAlgorithm.ForKeyType(jwk.KeyType);
        var check = CheckMetadata(jwk, algorithm, "verify");
        if (check is not null)
        {
            return check;
        }

        return Shared(jwk.KeyType, jwk.XBytes, jwk.KeyType is KeyType.Ed25519 or KeyType.X25519 ? default : jwk.YBytes);
    }

    // Keys imported from JWKs are shared, for a bounded set of keys: a verifier meets the same issuer
    // and holder keys again and again, and each instance keeps what is costly to rebuild per
    // verification (the NSec key, a pool of imported ECDsa objects). Instances are immutable.
    private const int MaxSharedKeys = 4096;
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, VerificationKey> SharedKeys = new(StringComparer.Ordinal);

    private static VerificationKey Shared(KeyType keyType, ReadOnlySpan<byte> x, ReadOnlySpan<byte> y)
    {
        var id = string.Concat(((int)keyType).ToString(System.Globalization.CultureInfo.InvariantCulture), ":", Convert.ToHexString(x), ":", Convert.ToHexString(y));
        if (SharedKeys.TryGetValue(id, out var known))
        {
            return known;
        }

        var key = new VerificationKey(keyType, x.ToArray(), y.IsEmpty ? null : y.ToArray());
        if (SharedKeys.Count >= MaxSharedKeys)
        {
            SharedKeys.Clear();
        }

        return SharedKeys.GetOrAdd(id, key);
    }

    /// <summary>
    /// Imports raw public key bytes: 32 bytes for Ed25519 and X25519; a SEC 1 compressed (33/49/67
    /// bytes) or uncompressed (65/97/133 bytes) point for the EC curves. Fails with
    /// <c>invalidPublicKeyLength</c> or <c>invalidPublicKey</c> (off-curve, small-order Ed25519 or X25519, bad prefix).
    /// </summary>
    public static Result<VerificationKey> Import(KeyType keyType, ReadOnlySpan<byte> publicKey)
    {
        int n = Curves.FieldLength(keyType);
        switch (keyType)
        {
            case KeyType.Ed25519 or KeyType.X25519:
                if (publicKey.Length != n)
                {
                    return Result<VerificationKey>.Failure(JoseErrorCodes.InvalidPublicKeyLength, $"A {keyType} public key is {n} bytes, not {publicKey.Length}.");
                }

                if (keyType == KeyType.Ed25519 && !Curves.IsValidEd25519PublicKey(publicKey))
                {
                    return Result<VerificationKey>.Failure(JoseErrorCodes.InvalidPublicKey, "The bytes are not a canonical Ed25519 point of prime order.");
                }

                if (keyType == KeyType.X25519 && !Curves.IsValidX25519PublicKey(publicKey))
                {
                    return Result<VerificationKey>.Failure(JoseErrorCodes.InvalidPublicKey, "The bytes are the u-coordinate of a small-order X25519 point.");
                }

                return new VerificationKey(keyType, publicKey.ToArray(), null);

            case KeyType.P256 or KeyType.P384 or KeyType.P521 or KeyType.Secp256k1:
                if (publicKey.Length != n + 1 && publicKey.Length != (2 * n) + 1)
                {
                    return Result<VerificationKey>.Failure(JoseErrorCodes.InvalidPublicKeyLength, $"A {keyType} public key is {n + 1} (compressed) or {(2 * n) + 1} (uncompressed) bytes, not {publicKey.Length}.");
                }

                if (!Curves.TryDecodeSec1(keyType, publicKey, out byte[] x, out byte[] y))
                {
                    return Result<VerificationKey>.Failure(JoseErrorCodes.InvalidPublicKey, "The bytes are not a valid SEC 1 point on the curve.");
                }

                return new VerificationKey(keyType, x, y);

            default:
                throw new ArgumentOutOfRangeException(nameof(keyType));
        }
    }

    /// <summary>JWK import like <see cref="Import(Jwk)"/> without a result object; false on any failure.</summary>
    public static bool TryImport(Jwk jwk, [NotNullWhen(true)] out VerificationKey? key)
    {
        ArgumentNullException.ThrowIfNull(jwk);
        return Import(jwk).TryGetValue(out key);
    }

    /// <summary>Raw-key import without a result object; false on any invalid input.</summary>
    public static bool TryImport(KeyType keyType, ReadOnlySpan<byte> publicKey, [NotNullWhen(true)] out VerificationKey? key)
    {
        var result = Import(keyType, publicKey);
        key = result.Value;
        return result.Succeeded;
    }

    /// <summary>
    /// The raw public key: 32 bytes for Ed25519/X25519; for EC curves the SEC 1 point, compressed
    /// when <paramref name="compressed"/> is true (the multikey form), uncompressed otherwise.
    /// </summary>
    public byte[] Export(bool compressed = false)
    {
        if (_y is null)
        {
            return (byte[])_x.Clone();
        }

        return compressed ? Curves.Compress(_x, _y) : Curves.Uncompressed(_x, _y);
    }

    /// <summary>The public JWK (kty, crv, x[, y]) of this key, without kid or alg.</summary>
    public Jwk ToJwk() => Jwk.FromValidated(KeyType, (byte[])_x.Clone(), (byte[]?)_y?.Clone(), null);

    /// <summary>
    /// Verifies <paramref name="signature"/> over <paramref name="data"/> with this key's algorithm.
    /// Returns false (never throws) for a wrong signature, a signature of the wrong length, or a key
    /// type that does not sign. ES256K accepts a high S value as RFC 8812 does (JWS has no low-S rule).
    /// </summary>
    public bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature) => VerifyCore(data, signature, allowHighS: true);

    /// <summary>
    /// Verifies like <see cref="Verify(ReadOnlySpan{byte}, ReadOnlySpan{byte})"/>; with
    /// <paramref name="requireLowS"/> an ES256K signature with <c>s &gt; n/2</c> is refused.
    /// </summary>
    public bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature, bool requireLowS) => VerifyCore(data, signature, allowHighS: !requireLowS);

    internal bool VerifyCore(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature, bool allowHighS)
        => Algorithm is not null && Algorithm.VerifyCore(this, data, signature, allowHighS);

    /// <summary>The NSec public key of this Ed25519 key, or null when NSec refuses it.</summary>
    internal NSec.Cryptography.PublicKey? GetEd25519PublicKey()
    {
        if (_ed25519PublicKey is null
            && NSec.Cryptography.PublicKey.TryImport(NSec.Cryptography.SignatureAlgorithm.Ed25519, _x, NSec.Cryptography.KeyBlobFormat.RawPublicKey, out var imported))
        {
            _ed25519PublicKey = imported;
        }

        return _ed25519PublicKey;
    }

    /// <summary>Takes a pooled ECDsa for this P-256 key, or imports a new one; give it back with <see cref="ReturnEcdsa"/>.</summary>
    /// <exception cref="CryptographicException">The platform refuses the key.</exception>
    internal ECDsa RentEcdsa()
    {
        var pool = _ecdsaPool ?? throw new InvalidOperationException("Only P-256 keys have an ECDsa.");
        for (int i = 0; i < pool.Length; i++)
        {
            var ecdsa = Interlocked.Exchange(ref pool[i], null);
            if (ecdsa is not null)
            {
                return ecdsa;
            }
        }

        return ECDsa.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = (byte[])_x.Clone(), Y = (byte[])_y!.Clone() },
        });
    }

    /// <summary>Puts an ECDsa from <see cref="RentEcdsa"/> back in the pool, or disposes it when the pool is full.</summary>
    internal void ReturnEcdsa(ECDsa ecdsa)
    {
        var pool = _ecdsaPool!;
        for (int i = 0; i < pool.Length; i++)
        {
            if (Interlocked.CompareExchange(ref pool[i], ecdsa, null) is null)
            {
                return;
            }
        }

        ecdsa.Dispose();
    }

    /// <summary>Converts an Ed25519 key to the X25519 key of the same secret (RFC 7748 §4.1 birational map).</summary>
    /// <exception cref="InvalidOperationException">The key is not Ed25519.</exception>
    public VerificationKey ToX25519()
    {
        if (KeyType != KeyType.Ed25519)
        {
            throw new InvalidOperationException("Only Ed25519 keys convert to X25519.");
        }

        var u = new byte[32];
        // Ed25519 keys are validated (canonical, prime order) when created, so only the map runs here.
        if (!Curves.TryEd25519ToX25519Unchecked(_x, u))
        {
            throw new InvalidOperationException("The Ed25519 key cannot be mapped.");
        }

        return new VerificationKey(KeyType.X25519, u, null);
    }

    /// <summary>Equality of key type and key material.</summary>
    public bool Equals(VerificationKey? other)
        => other is not null && other.KeyType == KeyType && _x.AsSpan().SequenceEqual(other._x) && _y.AsSpan().SequenceEqual(other._y);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as VerificationKey);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(KeyType, _x.Length > 4 ? BitConverter.ToInt32(_x, 0) : 0);

    /// <inheritdoc />
    public override string ToString() => $"{KeyType} {ToJwk().ComputeThumbprint()}";

    internal static SdkError? CheckMetadata(Jwk jwk, JwsAlgorithm? algorithm, string operation)
    {
        if (jwk.Alg is not null)
        {
            if (!JwsAlgorithm.TryGetByName(jwk.Alg, out var named))
            {
                return new SdkError(JoseErrorCodes.UnsupportedAlgorithm, $"The JWK algorithm '{jwk.Alg}' is not supported.");
            }

            if (!ReferenceEquals(named, algorithm))
            {
                return new SdkError(JoseErrorCodes.AlgorithmKeyMismatch, $"The JWK algorithm {named.Name} does not match its curve {jwk.Crv}.");
            }
        }

        if (algorithm is not null)
        {
            if (jwk.Use is not null && jwk.Use != "sig")
            {
                return new SdkError(JoseErrorCodes.InvalidKeyUse, $"The JWK use '{jwk.Use}' does not allow signatures.");
            }

            if (jwk.KeyOps is not null && !jwk.KeyOps.Contains(operation))
            {
                return new SdkError(JoseErrorCodes.InvalidKeyUse, $"The JWK key_ops do not include '{operation}'.");
            }
        }

        return null;
    }
}
