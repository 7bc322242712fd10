// secp256k1 ECDSA through the native libsecp256k1 (bitcoin-core/secp256k1 include/secp256k1.h and
// include/secp256k1_recovery.h, API of v0.2+). RFC 6979 nonces, low-S output (BIP-62), SEC 1 §4.1.6 recovery.

using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Did.Sdk.Jose;

/// <summary>The libsecp256k1 backend; one randomized context for the life of the process.</summary>
internal sealed unsafe class NativeSecp256k1 : Secp256k1
{
    // Flags from secp256k1.h.
    private const uint ContextNone = 1;                        // SECP256K1_FLAGS_TYPE_CONTEXT
    private const uint EcCompressed = (1 << 1) | (1 << 8);     // SECP256K1_EC_COMPRESSED
    private const uint EcUncompressed = 1 << 1;                // SECP256K1_EC_UNCOMPRESSED

    // Opaque structure sizes from secp256k1.h / secp256k1_recovery.h.
    private const int PubkeyStructSize = 64;
    private const int SignatureStructSize = 64;
    private const int RecoverableSignatureStructSize = 65;

    // Versioned names only on Linux: the bare "libsecp256k1.so" (a -dev symlink) can point at a
    // pre-0.2 library whose ABI differs. Loaded from safe directories only (no current directory).
    private static readonly string[] CandidateNames =
    [
        "libsecp256k1.so.2",
        "libsecp256k1.so.1",
        "libsecp256k1.2.dylib",
        "libsecp256k1.1.dylib",
        "libsecp256k1.dylib",
        "secp256k1.dll",
        "libsecp256k1.dll",
    ];

    private readonly IntPtr _context;
    private readonly string _libraryName;

    private readonly delegate* unmanaged<IntPtr, byte*, int> _seckeyVerify;
    private readonly delegate* unmanaged<IntPtr, byte*, byte*, int> _pubkeyCreate;
    private readonly delegate* unmanaged<IntPtr, byte*, byte*, nuint, int> _pubkeyParse;
    private readonly delegate* unmanaged<IntPtr, byte*, nuint*, byte*, uint, int> _pubkeySerialize;
    private readonly delegate* unmanaged<IntPtr, byte*, byte*, int> _signatureParseCompact;
    private readonly delegate* unmanaged<IntPtr, byte*, byte*, int> _signatureSerializeCompact;
    private readonly delegate* unmanaged<IntPtr, byte*, byte*, int> _signatureNormalize;
    private readonly delegate* unmanaged<IntPtr, byte*, byte*, byte*, int> _verify;
    private readonly delegate* unmanaged<IntPtr, byte*, byte*, byte*, IntPtr, IntPtr, int> _sign;
    private readonly delegate* unmanaged<IntPtr, byte*, byte*, byte*, IntPtr, IntPtr, int> _signRecoverable;
    private readonly delegate* unmanaged<IntPtr, byte*, int*, byte*, int> _recoverableSerializeCompact;
    private readonly delegate* unmanaged<IntPtr, byte*, byte*, int, int> _recoverableParseCompact;
    private readonly delegate* unmanaged<IntPtr, byte*, byte*, byte*, int> _recover;

    private NativeSecp256k1(IntPtr library, string libraryName)
    {
        _libraryName = libraryName;

        // secp256k1_context_static appeared in v0.2.0, the API this class is written against.
        _ = NativeLibrary.GetExport(library, "secp256k1_context_static");
        var setIllegalCallback = (delegate* unmanaged<IntPtr, delegate* unmanaged<byte*, void*, void>, void*, void>)NativeLibrary.GetExport(library, "secp256k1_context_set_illegal_callback");
        var contextCreate = (delegate* unmanaged<uint, IntPtr>)NativeLibrary.GetExport(library, "secp256k1_context_create");
        var contextRandomize = (delegate* unmanaged<IntPtr, byte*, int>)NativeLibrary.GetExport(library, "secp256k1_context_randomize");
        _seckeyVerify = (delegate* unmanaged<IntPtr, byte*, int>)NativeLibrary.GetExport(library, "secp256k1_ec_seckey_verify");
        _pubkeyCreate = (delegate* unmanaged<IntPtr, byte*, byte*, int>)NativeLibrary.GetExport(library, "secp256k1_ec_pubkey_create");
        _pubkeyParse = (delegate* unmanaged<IntPtr, byte*, byte*, nuint, int>)NativeLibrary.GetExport(library, "secp256k1_ec_pubkey_parse");
        _pubkeySerialize = (delegate* unmanaged<IntPtr, byte*, nuint*, byte*, uint, int>)NativeLibrary.GetExport(library, "secp256k1_ec_pubkey_serialize");
        _signatureParseCompact = (delegate* unmanaged<IntPtr, byte*, byte*, int>)NativeLibrary.GetExport(library, "secp256k1_ecdsa_signature_parse_compact");
        _signatureSerializeCompact = (delegate* unmanaged<IntPtr, byte*, byte*, int>)NativeLibrary.GetExport(library, "secp256k1_ecdsa_signature_serialize_compact");
        _signatureNormalize = (delegate* unmanaged<IntPtr, byte*, byte*, int>)NativeLibrary.GetExport(library, "secp256k1_ecdsa_signature_normalize");
        _verify = (delegate* unmanaged<IntPtr, byte*, byte*, byte*, int>)NativeLibrary.GetExport(library, "secp256k1_ecdsa_verify");
        _sign = (delegate* unmanaged<IntPtr, byte*, byte*, byte*, IntPtr, IntPtr, int>)NativeLibrary.GetExport(library, "secp256k1_ecdsa_sign");
        _signRecoverable = (delegate* unmanaged<IntPtr, byte*, byte*, byte*, IntPtr, IntPtr, int>)NativeLibrary.GetExport(library, "secp256k1_ecdsa_sign_recoverable");
        _recoverableSerializeCompact = (delegate* unmanaged<IntPtr, byte*, int*, byte*, int>)NativeLibrary.GetExport(library, "secp256k1_ecdsa_recoverable_signature_serialize_compact");
        _recoverableParseCompact = (delegate* unmanaged<IntPtr, byte*, byte*, int, int>)NativeLibrary.GetExport(library, "secp256k1_ecdsa_recoverable_signature_parse_compact");
        _recover = (delegate* unmanaged<IntPtr, byte*, byte*, byte*, int>)NativeLibrary.GetExport(library, "secp256k1_ecdsa_recover");

        _context = contextCreate(ContextNone);
        if (_context == IntPtr.Zero)
        {
            throw new InvalidOperationException("secp256k1_context_create failed.");
        }

        // The library's default reaction to an illegal argument is abort(). With this callback the
        // call returns 0 instead, which every caller here maps to false or a managed exception.
        setIllegalCallback(_context, &OnIllegalArgument, null);

        // Blinding against side channels during signing and key derivation.
        Span<byte> seed = stackalloc byte[32];
        RandomNumberGenerator.Fill(seed);
        fixed (byte* seedPtr = seed)
        {
            if (contextRandomize(_context, seedPtr) != 1)
            {
                throw new InvalidOperationException("secp256k1_context_randomize failed.");
            }
        }

        CryptographicOperations.ZeroMemory(seed);
    }

    /// <summary>Counts illegal-argument reports from the library (a bug on our side if ever non-zero).</summary>
    internal static int IllegalArgumentCount => Volatile.Read(ref s_illegalArguments);

    private static int s_illegalArguments;

    [UnmanagedCallersOnly]
    private static void OnIllegalArgument(byte* message, void* data) => Interlocked.Increment(ref s_illegalArguments);

    public override bool IsNative => true;

    public override string Description => "native libsecp256k1 (" + _libraryName + ")";

    /// <summary>Loads libsecp256k1 by its usual names; null when none loads or an export is missing.</summary>
    internal static NativeSecp256k1? TryCreate()
    {
        foreach (var name in CandidateNames)
        {
            if (!NativeLibrary.TryLoad(name, typeof(NativeSecp256k1).Assembly, DllImportSearchPath.SafeDirectories, out var handle))
            {
                continue;
            }

            try
            {
                return new NativeSecp256k1(handle, name);
            }
            catch (EntryPointNotFoundException)
            {
                // A build without the recovery module; try the next name.
                NativeLibrary.Free(handle);
            }
            catch (InvalidOperationException)
            {
                NativeLibrary.Free(handle);
            }
        }

        return null;
    }

    public override bool IsValidPrivateKey(ReadOnlySpan<byte> privateKey)
    {
        if (privateKey.Length != ScalarSize)
        {
            return false;
        }

        fixed (byte* key = privateKey)
        {
            return _seckeyVerify(_context, key) == 1;
        }
    }

    public override bool TryGetPublicKey(ReadOnlySpan<byte> privateKey, bool compressed, Span<byte> publicKey, out int bytesWritten)
    {
        bytesWritten = 0;
        if (privateKey.Length != ScalarSize || publicKey.Length < (compressed ? CompressedPublicKeySize : UncompressedPublicKeySize))
        {
            return false;
        }

        byte* pubkey = stackalloc byte[PubkeyStructSize];
        fixed (byte* key = privateKey)
        {
            if (_pubkeyCreate(_context, pubkey, key) != 1)
            {
                return false;
            }
        }

        return Serialize(pubkey, compressed, publicKey, out bytesWritten);
    }

    public override bool TryNormalizePublicKey(ReadOnlySpan<byte> publicKey, bool compressed, Span<byte> output, out int bytesWritten)
    {
        bytesWritten = 0;
        if (output.Length < (compressed ? CompressedPublicKeySize : UncompressedPublicKeySize))
        {
            return false;
        }

        byte* pubkey = stackalloc byte[PubkeyStructSize];
        return Parse(publicKey, pubkey) && Serialize(pubkey, compressed, output, out bytesWritten);
    }

    public override void Sign(ReadOnlySpan<byte> hash, ReadOnlySpan<byte> privateKey, Span<byte> signature)
    {
        CheckSignArguments(hash, privateKey, signature);
        byte* sig = stackalloc byte[SignatureStructSize];
        fixed (byte* msg = hash)
        fixed (byte* key = privateKey)
        fixed (byte* output = signature)
        {
            // A null nonce function selects RFC 6979 with HMAC-SHA-256; the output is always low-S.
            if (_sign(_context, sig, msg, key, IntPtr.Zero, IntPtr.Zero) != 1
                || _signatureSerializeCompact(_context, output, sig) != 1)
            {
                throw new CryptographicException("secp256k1_ecdsa_sign failed.");
            }
        }
    }

    public override int SignRecoverable(ReadOnlySpan<byte> hash, ReadOnlySpan<byte> privateKey, Span<byte> signature)
    {
        CheckSignArguments(hash, privateKey, signature);
        byte* sig = stackalloc byte[RecoverableSignatureStructSize];
        int recoveryId;
        fixed (byte* msg = hash)
        fixed (byte* key = privateKey)
        fixed (byte* output = signature)
        {
            if (_signRecoverable(_context, sig, msg, key, IntPtr.Zero, IntPtr.Zero) != 1
                || _recoverableSerializeCompact(_context, output, &recoveryId, sig) != 1)
            {
                throw new CryptographicException("secp256k1_ecdsa_sign_recoverable failed.");
            }
        }

        return recoveryId;
    }

    public override bool Verify(ReadOnlySpan<byte> hash, ReadOnlySpan<byte> signature, ReadOnlySpan<byte> publicKey, bool allowHighS = false)
    {
        if (hash.Length != ScalarSize || signature.Length != SignatureSize)
        {
            return false;
        }

        byte* pubkey = stackalloc byte[PubkeyStructSize];
        byte* sig = stackalloc byte[SignatureStructSize];
        if (!Parse(publicKey, pubkey))
        {
            return false;
        }

        fixed (byte* input = signature)
        {
            // parse_compact refuses r or s >= n; zero values are refused by verify.
            if (_signatureParseCompact(_context, sig, input) != 1)
            {
                return false;
            }
        }

        if (allowHighS)
        {
            // Normalizing in place is allowed by the API (sigout may equal sigin).
            _ = _signatureNormalize(_context, sig, sig);
        }

        fixed (byte* msg = hash)
        {
            return _verify(_context, sig, msg, pubkey) == 1;
        }
    }

    public override bool TryRecover(ReadOnlySpan<byte> hash, ReadOnlySpan<byte> signature, int recoveryId, bool compressed, Span<byte> publicKey, out int bytesWritten)
    {
        bytesWritten = 0;
        if (hash.Length != ScalarSize || signature.Length != SignatureSize || recoveryId is < 0 or > 3
            || publicKey.Length < (compressed ? CompressedPublicKeySize : UncompressedPublicKeySize))
        {
            return false;
        }

        byte* sig = stackalloc byte[RecoverableSignatureStructSize];
        byte* pubkey = stackalloc byte[PubkeyStructSize];
        fixed (byte* input = signature)
        fixed (byte* msg = hash)
        {
            if (_recoverableParseCompact(_context, sig, input, recoveryId) != 1
                || _recover(_context, pubkey, sig, msg) != 1)
            {
                return false;
            }
        }

        return Serialize(pubkey, compressed, publicKey, out bytesWritten);
    }

    private bool Parse(ReadOnlySpan<byte> publicKey, byte* pubkey)
    {
        // libsecp256k1 also accepts hybrid (06/07) keys; the SDK does not.
        if (!HasSec1Shape(publicKey))
        {
            return false;
        }

        fixed (byte* input = publicKey)
        {
            return _pubkeyParse(_context, pubkey, input, (nuint)publicKey.Length) == 1;
        }
    }

    private bool Serialize(byte* pubkey, bool compressed, Span<byte> output, out int bytesWritten)
    {
        nuint length = (nuint)(compressed ? CompressedPublicKeySize : UncompressedPublicKeySize);
        fixed (byte* outputPtr = output)
        {
            if (_pubkeySerialize(_context, outputPtr, &length, pubkey, compressed ? EcCompressed : EcUncompressed) != 1)
            {
                bytesWritten = 0;
                return false;
            }
        }

        bytesWritten = (int)length;
        return true;
    }
}
