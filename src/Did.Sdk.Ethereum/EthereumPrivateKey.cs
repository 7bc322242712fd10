using System.Security.Cryptography;
using Did.Sdk.Jose;

namespace Did.Sdk.Ethereum;

/// <summary>
/// A secp256k1 private key for Ethereum signing. The secret lives in pinned memory that is zeroed on
/// <see cref="Dispose"/>; it cannot be read back through this type, and <see cref="ToString"/> shows only
/// the address.
/// </summary>
public sealed class EthereumPrivateKey : IDisposable
{
    private readonly byte[] _secret;
    private readonly byte[] _publicKey;
    private bool _disposed;

    private EthereumPrivateKey(byte[] secret)
    {
        _secret = secret;
        _publicKey = new byte[Secp256k1.UncompressedPublicKeySize];
        if (!Secp256k1.Default.TryGetPublicKey(_secret, compressed: false, _publicKey, out _))
        {
            throw new CryptographicException("Public key derivation failed.");
        }

        Address = EthereumAddress.FromPublicKey(_publicKey);
    }

    /// <summary>The account address of this key.</summary>
    public EthereumAddress Address { get; }

    /// <summary>The 65-byte uncompressed SEC 1 public key.</summary>
    public ReadOnlySpan<byte> PublicKey => _publicKey;

    /// <summary>
    /// Imports 32 bytes <c>0 &lt; d &lt; n</c>; the input is copied (callers should clear their copy).
    /// Fails with <c>invalidPrivateKey</c>.
    /// </summary>
    public static Result<EthereumPrivateKey> Import(ReadOnlySpan<byte> privateKey)
    {
        if (!Secp256k1.Default.IsValidPrivateKey(privateKey))
        {
            return Result<EthereumPrivateKey>.Failure(EthereumErrorCodes.InvalidPrivateKey, "A private key is 32 bytes encoding 0 < d < n.");
        }

        var secret = GC.AllocateUninitializedArray<byte>(Secp256k1.ScalarSize, pinned: true);
        privateKey.CopyTo(secret);
        return new EthereumPrivateKey(secret);
    }

    /// <summary>Creates a new random key from <see cref="RandomNumberGenerator"/>.</summary>
    public static EthereumPrivateKey Generate()
    {
        var secret = GC.AllocateUninitializedArray<byte>(Secp256k1.ScalarSize, pinned: true);
        do
        {
            RandomNumberGenerator.Fill(secret);
        }
        while (!Secp256k1.Default.IsValidPrivateKey(secret));

        return new EthereumPrivateKey(secret);
    }

    /// <summary>
    /// The same secp256k1 key as a JOSE <see cref="SigningKey"/> (ES256K, not exportable), so one wallet key
    /// signs both Ethereum transactions and JWS (credentials, key binding). The caller disposes it.
    /// </summary>
    public SigningKey ToSigningKey()
    {
        var d = Base64Url.Encode(Secret);
        var jwk = Jwk.Parse("{\"kty\":\"EC\",\"crv\":\"secp256k1\",\"x\":\"" + Base64Url.Encode(_publicKey.AsSpan(1, 32))
            + "\",\"y\":\"" + Base64Url.Encode(_publicKey.AsSpan(33, 32)) + "\",\"d\":\"" + d + "\"}").ThrowIfFailed();
        return SigningKey.Import(jwk).ThrowIfFailed();
    }

    /// <summary>
    /// The Ethereum account key of an exportable ES256K <paramref name="key"/>. Fails with
    /// <c>invalidPrivateKey</c> for another algorithm.
    /// </summary>
    /// <exception cref="InvalidOperationException">The key is not exportable.</exception>
    public static Result<EthereumPrivateKey> FromSigningKey(SigningKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Algorithm != JwsAlgorithm.ES256K)
        {
            return Result<EthereumPrivateKey>.Failure(EthereumErrorCodes.InvalidPrivateKey, "Only ES256K (secp256k1) keys are Ethereum account keys.");
        }

        var d = key.ExportPrivateJwk().ToJsonObject()["d"]!.GetValue<string>();
        var scalar = Base64Url.Decode(d).ThrowIfFailed();
        try
        {
            return Import(scalar);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(scalar);
        }
    }

    /// <summary>Zeroes the secret. Signing with a disposed key throws <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(_secret);
        _disposed = true;
    }

    /// <summary>Shows the address only, never the secret.</summary>
    public override string ToString() => "EthereumPrivateKey(" + Address + ")";

    /// <summary>The secret, for signing inside this assembly.</summary>
    internal ReadOnlySpan<byte> Secret
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _secret;
        }
    }
}
