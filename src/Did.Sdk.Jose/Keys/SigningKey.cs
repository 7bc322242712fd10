// Private signing keys for EdDSA (RFC 8037), ES256 (RFC 7518 §3.4) and ES256K (RFC 8812).
using System.Security.Cryptography;
using NSec.Cryptography;

namespace Did.Sdk.Jose;

/// <summary>
/// A private key bound to one <see cref="JwsAlgorithm"/>. Private keys are not exportable unless
/// created with <c>exportable: true</c>; only then does <see cref="ExportPrivateJwk"/> return them.
/// <see cref="ToString"/> never shows the key. Dispose to erase it.
/// </summary>
/// <remarks>
/// Thread-safe: <see cref="Sign(ReadOnlySpan{byte})"/> and <see cref="ExportPrivateJwk"/> may be called
/// from several threads at once, and <see cref="Dispose"/> may race them. An operation that started before
/// <see cref="Dispose"/> completes with the intact key (the key is erased when the last one finishes);
/// every operation that starts afterwards throws <see cref="ObjectDisposedException"/>.
/// </remarks>
public sealed class SigningKey : IDisposable
{
    private byte[]? _scalar;
    private int _disposed;

    // Owner reference (1) plus in-flight operations; the key is erased when it drops to zero.
    private int _references = 1;

    private SigningKey(JwsAlgorithm algorithm, VerificationKey verificationKey, bool exportable)
    {
        Algorithm = algorithm;
        VerificationKey = verificationKey;
        IsExportable = exportable;
    }

    /// <summary>True when <see cref="ExportPrivateJwk"/> may export the private key.</summary>
    public bool IsExportable { get; }

    /// <summary>The algorithm this key signs with.</summary>
    public JwsAlgorithm Algorithm { get; }

    /// <summary>The matching public key.</summary>
    public VerificationKey VerificationKey { get; }

    /// <summary>The signature length in bytes.</summary>
    public int SignatureSize => Algorithm.SignatureSize;

    internal Key? Ed25519Key { get; private set; }

    internal ECDsa? Ecdsa { get; private set; }

    internal ReadOnlySpan<byte> Scalar => _scalar;

    internal byte[]? ScalarArray => _scalar;

    /// <summary>Generates a new, non-exportable key for <paramref name="algorithm"/> from the system CSPRNG.</summary>
    public static SigningKey Generate(JwsAlgorithm algorithm) => Generate(algorithm, exportable: false);

    /// <summary>
    /// Generates a new key for <paramref name="algorithm"/> from the system CSPRNG; with
    /// <paramref name="exportable"/> true, <see cref="ExportPrivateJwk"/> can export it.
    /// </summary>
    public static SigningKey Generate(JwsAlgorithm algorithm, bool exportable)
    {
        ArgumentNullException.ThrowIfNull(algorithm);
        int n = Curves.FieldLength(algorithm.KeyType);
        var seed = new byte[n];
        try
        {
            while (true)
            {
                RandomNumberGenerator.Fill(seed);
                if (algorithm.KeyType == KeyType.Ed25519 || Curves.IsValidScalar(algorithm.KeyType, seed))
                {
                    return FromPrivate(algorithm, seed, null, null, exportable).ThrowIfFailed();
                }
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
        }
    }

    /// <summary>
    /// Imports a private JWK (with <c>d</c>). Fails with <c>invalidJwk</c> when <c>d</c> is missing,
    /// <c>invalidPrivateKey</c> when <c>d</c> is out of range or does not match x/y,
    /// <c>unsupportedAlgorithm</c> for key types that do not sign, and the metadata codes of
    /// <see cref="VerificationKey.Import(Jwk)"/> (with <c>key_ops</c> requiring <c>sign</c>). The key is not exportable.
    /// </summary>
    public static Result<SigningKey> Import(Jwk jwk) => Import(jwk, exportable: false);

    /// <summary>
    /// Imports a private JWK like <see cref="Import(Jwk)"/>; with <paramref name="exportable"/> true,
    /// <see cref="ExportPrivateJwk"/> can export it again.
    /// </summary>
    public static Result<SigningKey> Import(Jwk jwk, bool exportable)
    {
        ArgumentNullException.ThrowIfNull(jwk);
        if (!jwk.HasPrivateKey)
        {
            return Result<SigningKey>.Failure(JoseErrorCodes.InvalidJwk, "The JWK has no private key (d).");
        }

        var algorithm = JwsAlgorithm.ForKeyType(jwk.KeyType);
        if (algorithm is null)
        {
            return Result<SigningKey>.Failure(JoseErrorCodes.UnsupportedAlgorithm, $"Keys of curve {jwk.Crv} do not sign in this SDK.");
        }

        var check = VerificationKey.CheckMetadata(jwk, algorithm, "sign");
        if (check is not null)
        {
            return check;
        }

        return FromPrivate(algorithm, jwk.DBytes, jwk.XBytes, algorithm.KeyType == KeyType.Ed25519 ? null : jwk.YBytes.ToArray(), exportable);
    }

    private static Result<SigningKey> FromPrivate(JwsAlgorithm algorithm, ReadOnlySpan<byte> d, ReadOnlySpan<byte> expectedX, byte[]? expectedY, bool exportable)
    {
        switch (algorithm.KeyType)
        {
            case KeyType.Ed25519:
            {
                var key = Key.Import(SignatureAlgorithm.Ed25519, d, KeyBlobFormat.RawPrivateKey, new KeyCreationParameters { ExportPolicy = exportable ? KeyExportPolicies.AllowPlaintextExport : KeyExportPolicies.None });
                var publicBytes = key.PublicKey.Export(KeyBlobFormat.RawPublicKey);
                if (!expectedX.IsEmpty && !expectedX.SequenceEqual(publicBytes))
                {
                    key.Dispose();
                    return Result<SigningKey>.Failure(JoseErrorCodes.InvalidPrivateKey, "d does not match x.");
                }

                return new SigningKey(algorithm, new VerificationKey(KeyType.Ed25519, publicBytes, null), exportable) { Ed25519Key = key };
            }

            default:
            {
                if (!Curves.IsValidScalar(algorithm.KeyType, d))
                {
                    return Result<SigningKey>.Failure(JoseErrorCodes.InvalidPrivateKey, "d is zero or not below the group order.");
                }

                var (x, y) = Curves.PublicFromScalar(algorithm.KeyType, d);
                if (!expectedX.IsEmpty && (!expectedX.SequenceEqual(x) || !y.AsSpan().SequenceEqual(expectedY)))
                {
                    return Result<SigningKey>.Failure(JoseErrorCodes.InvalidPrivateKey, "d does not match (x, y).");
                }

                // Pinned so that the GC leaves no copies behind that Dispose cannot zero.
                var scalar = GC.AllocateUninitializedArray<byte>(d.Length, pinned: true);
                d.CopyTo(scalar);
                var signingKey = new SigningKey(algorithm, new VerificationKey(algorithm.KeyType, x, y), exportable) { _scalar = scalar };
                if (algorithm.KeyType == KeyType.P256)
                {
                    var parameters = new ECParameters
                    {
                        Curve = ECCurve.NamedCurves.nistP256,
                        D = d.ToArray(),
                        Q = new System.Security.Cryptography.ECPoint { X = x, Y = y },
                    };
                    try
                    {
                        signingKey.Ecdsa = ECDsa.Create(parameters);
                    }
                    finally
                    {
                        CryptographicOperations.ZeroMemory(parameters.D);
                    }
                }

                return signingKey;
            }
        }
    }

    /// <summary>Signs <paramref name="data"/> and returns the JWS signature (64 bytes; ES256K low-S).</summary>
    public byte[] Sign(ReadOnlySpan<byte> data)
    {
        var signature = new byte[SignatureSize];
        Sign(data, signature);
        return signature;
    }

    /// <summary>Signs <paramref name="data"/> into <paramref name="signature"/>, which must hold <see cref="SignatureSize"/> bytes.</summary>
    /// <exception cref="ObjectDisposedException">The key is disposed.</exception>
    public void Sign(ReadOnlySpan<byte> data, Span<byte> signature)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(signature.Length, SignatureSize, nameof(signature));
        AddReference();
        try
        {
            Algorithm.SignCore(this, data, signature[..SignatureSize]);
        }
        finally
        {
            Release();
        }
    }

    /// <summary>
    /// Exports the private key as a JWK including <c>d</c>. Handle the result as a secret.
    /// </summary>
    /// <exception cref="InvalidOperationException">The key was not created with <c>exportable: true</c>.</exception>
    /// <exception cref="ObjectDisposedException">The key is disposed.</exception>
    public Jwk ExportPrivateJwk()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (!IsExportable)
        {
            throw new InvalidOperationException("The private key is not exportable; create it with exportable: true.");
        }

        AddReference();
        try
        {
            var pub = VerificationKey;
            byte[] d = Ed25519Key is not null ? Ed25519Key.Export(KeyBlobFormat.RawPrivateKey) : (byte[])_scalar!.Clone();
            return Jwk.FromValidated(pub.KeyType, pub.X.ToArray(), pub.KeyType == KeyType.Ed25519 ? null : pub.Y.ToArray(), d);
        }
        finally
        {
            Release();
        }
    }

    /// <summary>Erases the private key, at once or when in-flight operations finish.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        Release();
    }

    private void AddReference()
    {
        while (true)
        {
            int references = Volatile.Read(ref _references);
            ObjectDisposedException.ThrowIf(references == 0 || Volatile.Read(ref _disposed) != 0, this);
            if (Interlocked.CompareExchange(ref _references, references + 1, references) == references)
            {
                return;
            }
        }
    }

    private void Release()
    {
        if (Interlocked.Decrement(ref _references) == 0)
        {
            Erase();
        }
    }

    private void Erase()
    {
        Ed25519Key?.Dispose();
        Ecdsa?.Dispose();
        if (_scalar is not null)
        {
            CryptographicOperations.ZeroMemory(_scalar);
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"SigningKey {Algorithm.Name} ({VerificationKey.ToJwk().ComputeThumbprint()})";
}
