// secp256k1 ECDSA engine: SEC 1 v2.0 §4.1 (ECDSA), §4.1.6 (public key recovery), SEC 2 §2.4.1 (curve),
// RFC 6979 §3.2 (deterministic nonces), BIP-62/EIP-2 (low-S normalization).

namespace Did.Sdk.Jose;

/// <summary>
/// ECDSA over secp256k1 with SHA-256-sized message hashes: key derivation, deterministic signing,
/// verification and public key recovery. Two backends give identical results: the system's native
/// libsecp256k1 (<see cref="Native"/>) and a managed one on BouncyCastle's custom-curve code
/// (<see cref="Managed"/>).
/// </summary>
/// <remarks>
/// <para>
/// Signatures are 64 bytes <c>r ‖ s</c> (IEEE P1363 / JOSE form), big-endian, each 32 bytes. Hashes are
/// exactly 32 bytes. Public keys are SEC 1 encodings: 33 bytes compressed (<c>02</c>/<c>03</c> prefix) or
/// 65 bytes uncompressed (<c>04</c> prefix); hybrid encodings (<c>06</c>/<c>07</c>) are refused.
/// </para>
/// <para>
/// Signing uses RFC 6979 deterministic nonces (HMAC-SHA-256) and always produces low-S signatures
/// (<c>s ≤ n/2</c>). <see cref="Verify"/> rejects high-S signatures unless <c>allowHighS</c> is set.
/// Conformance policy (Wycheproof): the IEEE P1363 and ASN.1 DER files are checked with
/// <c>allowHighS: true</c> (plain ECDSA has no low-S rule), the "bitcoin" file with <c>allowHighS: false</c>.
/// None of these files contain "acceptable" verdicts; should one appear, it is treated as "invalid"
/// (the engine must reject it). See <c>docs/secp256k1.md</c>.
/// </para>
/// <para>
/// Set the environment variable <c>DIDSDK_SECP256K1=managed</c> before the first use of this type to make
/// <see cref="Default"/> the managed backend even when libsecp256k1 can be loaded.
/// </para>
/// </remarks>
public abstract class Secp256k1
{
    /// <summary>Length in bytes of a private key, a hash and each of <c>r</c> and <c>s</c>.</summary>
    public const int ScalarSize = 32;

    /// <summary>Length in bytes of a compact signature <c>r ‖ s</c>.</summary>
    public const int SignatureSize = 64;

    /// <summary>Length in bytes of a compressed SEC 1 public key.</summary>
    public const int CompressedPublicKeySize = 33;

    /// <summary>Length in bytes of an uncompressed SEC 1 public key.</summary>
    public const int UncompressedPublicKeySize = 65;

    /// <summary>The environment variable that selects the default backend (<c>managed</c> forces managed).</summary>
    public const string BackendEnvironmentVariable = "DIDSDK_SECP256K1";

    private static readonly Lazy<Secp256k1> ManagedInstance = new(() => new ManagedSecp256k1());
    private static readonly Lazy<Secp256k1?> NativeInstance = new(NativeSecp256k1.TryCreate);
    private static readonly Lazy<Secp256k1> DefaultInstance = new(SelectDefault);

    private protected Secp256k1()
    {
    }

    /// <summary>
    /// The backend used by the SDK: <see cref="Native"/> when libsecp256k1 can be loaded, else
    /// <see cref="Managed"/>.
    /// </summary>
    /// <remarks>
    /// When the environment variable <c>DIDSDK_SECP256K1</c> is <c>managed</c> (case-insensitive) at first
    /// use, this is always <see cref="Managed"/>.
    /// </remarks>
    public static Secp256k1 Default => DefaultInstance.Value;

    /// <summary>The managed backend (BouncyCastle <c>SecP256K1Curve</c>); always available.</summary>
    public static Secp256k1 Managed => ManagedInstance.Value;

    /// <summary>
    /// The native backend over libsecp256k1, or <see langword="null"/> when no libsecp256k1 can be loaded
    /// (tried: <c>libsecp256k1.so.2</c>, <c>libsecp256k1.so.1</c>, <c>libsecp256k1.so</c>,
    /// <c>libsecp256k1.dylib</c>, <c>secp256k1.dll</c>, <c>libsecp256k1.dll</c>).
    /// </summary>
    public static Secp256k1? Native => NativeInstance.Value;

    /// <summary>True for the libsecp256k1 backend.</summary>
    public abstract bool IsNative { get; }

    /// <summary>A description for diagnostics, such as <c>native libsecp256k1 (libsecp256k1.so.1)</c>.</summary>
    public abstract string Description { get; }

    /// <summary>True when <paramref name="privateKey"/> is 32 bytes encoding <c>0 &lt; d &lt; n</c>.</summary>
    public abstract bool IsValidPrivateKey(ReadOnlySpan<byte> privateKey);

    /// <summary>
    /// Derives the SEC 1 public key of <paramref name="privateKey"/>: 33 bytes when
    /// <paramref name="compressed"/>, else 65 bytes. Returns false for an invalid private key or a too
    /// short destination.
    /// </summary>
    public abstract bool TryGetPublicKey(ReadOnlySpan<byte> privateKey, bool compressed, Span<byte> publicKey, out int bytesWritten);

    /// <summary>
    /// Parses a 33- or 65-byte SEC 1 public key, checks that it is a point on the curve, and writes it
    /// compressed (33 bytes) or uncompressed (65 bytes). Returns false for any invalid input.
    /// </summary>
    public abstract bool TryNormalizePublicKey(ReadOnlySpan<byte> publicKey, bool compressed, Span<byte> output, out int bytesWritten);

    /// <summary>
    /// Signs a 32-byte hash with RFC 6979 deterministic ECDSA and writes the low-S signature <c>r ‖ s</c>
    /// (64 bytes) into <paramref name="signature"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The hash is not 32 bytes, the private key is invalid, or the
    /// destination is shorter than 64 bytes.</exception>
    public abstract void Sign(ReadOnlySpan<byte> hash, ReadOnlySpan<byte> privateKey, Span<byte> signature);

    /// <summary>
    /// Like <see cref="Sign"/>, and returns the recovery id (0..3) that lets
    /// <see cref="TryRecover"/> find the public key: bit 0 is the parity of <c>R.y</c>, bit 1 is set when
    /// <c>R.x ≥ n</c>.
    /// </summary>
    /// <exception cref="ArgumentException">As for <see cref="Sign"/>.</exception>
    public abstract int SignRecoverable(ReadOnlySpan<byte> hash, ReadOnlySpan<byte> privateKey, Span<byte> signature);

    /// <summary>
    /// Verifies a 64-byte signature <c>r ‖ s</c> over a 32-byte hash with a 33- or 65-byte SEC 1 public key.
    /// Returns false (never throws) for any malformed input, <c>r</c> or <c>s</c> equal to zero or not below
    /// <c>n</c>, a public key not on the curve, and — unless <paramref name="allowHighS"/> — <c>s &gt; n/2</c>.
    /// </summary>
    public abstract bool Verify(ReadOnlySpan<byte> hash, ReadOnlySpan<byte> signature, ReadOnlySpan<byte> publicKey, bool allowHighS = false);

    /// <summary>
    /// Recovers the public key from a 32-byte hash, a 64-byte signature <c>r ‖ s</c> and a recovery id
    /// (0..3), and writes it compressed (33 bytes) or uncompressed (65 bytes). High-S signatures are
    /// accepted here (the caller applies any low-S rule). Returns false for any invalid input.
    /// </summary>
    public abstract bool TryRecover(ReadOnlySpan<byte> hash, ReadOnlySpan<byte> signature, int recoveryId, bool compressed, Span<byte> publicKey, out int bytesWritten);

    /// <summary>True when the 64-byte signature has <c>s ≤ n/2</c> and 0 &lt; r, s &lt; n.</summary>
    public static bool IsLowS(ReadOnlySpan<byte> signature)
        => signature.Length == SignatureSize
            && Scalar.IsValid(signature[..ScalarSize])
            && Scalar.IsValid(signature[ScalarSize..])
            && Scalar.CompareBigEndian(signature[ScalarSize..], Scalar.HalfOrder) <= 0;

    /// <inheritdoc />
    public override string ToString() => Description;

    private static Secp256k1 SelectDefault()
    {
        var choice = Environment.GetEnvironmentVariable(BackendEnvironmentVariable);
        if (string.Equals(choice, "managed", StringComparison.OrdinalIgnoreCase))
        {
            return Managed;
        }

        return Native ?? Managed;
    }

    private protected static void CheckSignArguments(ReadOnlySpan<byte> hash, ReadOnlySpan<byte> privateKey, Span<byte> signature)
    {
        if (hash.Length != ScalarSize)
        {
            throw new ArgumentException("The hash must be 32 bytes.", nameof(hash));
        }

        if (!Scalar.IsValid(privateKey))
        {
            throw new ArgumentException("The private key must be 32 bytes encoding 0 < d < n.", nameof(privateKey));
        }

        if (signature.Length < SignatureSize)
        {
            throw new ArgumentException("The destination must hold 64 bytes.", nameof(signature));
        }
    }

    /// <summary>True when the encoding has a valid SEC 1 prefix for its length (02/03 for 33, 04 for 65).</summary>
    private protected static bool HasSec1Shape(ReadOnlySpan<byte> publicKey)
        => publicKey.Length switch
        {
            CompressedPublicKeySize => publicKey[0] is 0x02 or 0x03,
            UncompressedPublicKeySize => publicKey[0] == 0x04,
            _ => false,
        };
}

/// <summary>Big-endian range checks against the secp256k1 group order.</summary>
internal static class Scalar
{
    /// <summary>The group order n.</summary>
    internal static ReadOnlySpan<byte> Order =>
    [
        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFE,
        0xBA, 0xAE, 0xDC, 0xE6, 0xAF, 0x48, 0xA0, 0x3B, 0xBF, 0xD2, 0x5E, 0x8C, 0xD0, 0x36, 0x41, 0x41,
    ];

    /// <summary>floor(n / 2).</summary>
    internal static ReadOnlySpan<byte> HalfOrder =>
    [
        0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0x5D, 0x57, 0x6E, 0x73, 0x57, 0xA4, 0x50, 0x1D, 0xDF, 0xE9, 0x2F, 0x46, 0x68, 0x1B, 0x20, 0xA0,
    ];

    /// <summary>True when <paramref name="value"/> is 32 bytes and 0 &lt; value &lt; n.</summary>
    internal static bool IsValid(ReadOnlySpan<byte> value)
        => value.Length == Secp256k1.ScalarSize
            && value.IndexOfAnyExcept((byte)0) >= 0
            && CompareBigEndian(value, Order) < 0;

    internal static int CompareBigEndian(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right) => left.SequenceCompareTo(right);
}
