// A deliberately minimal binding to libsecp256k1 (bitcoin-core/secp256k1 include/secp256k1.h) for the
// benchmark baseline: the public key and signature are parsed once, so a verify is one native call.
using System.Runtime.InteropServices;

namespace Did.Sdk.Benchmarks;

/// <summary>libsecp256k1 verify with pre-parsed <c>secp256k1_pubkey</c> and <c>secp256k1_ecdsa_signature</c>.</summary>
internal sealed unsafe class RawLibSecp256k1 : IDisposable
{
    private const uint ContextNone = 1; // SECP256K1_CONTEXT_NONE
    private const int OpaqueSize = 64;  // sizeof(secp256k1_pubkey) == sizeof(secp256k1_ecdsa_signature)

    private static readonly string[] CandidateNames =
        ["libsecp256k1.so.2", "libsecp256k1.so.1", "libsecp256k1.so", "libsecp256k1.dylib", "secp256k1.dll", "libsecp256k1.dll"];

    private readonly IntPtr _library;
    private readonly IntPtr _context;
    private readonly delegate* unmanaged<IntPtr, void> _contextDestroy;
    private readonly delegate* unmanaged<IntPtr, byte*, byte*, byte*, int> _verify;
    private readonly byte* _pubkey;
    private readonly byte* _signature;
    private readonly byte* _hash;

    public RawLibSecp256k1(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> compactSignature, ReadOnlySpan<byte> hash)
    {
        _library = IntPtr.Zero;
        foreach (var name in CandidateNames)
        {
            if (NativeLibrary.TryLoad(name, out _library))
            {
                LibraryName = name;
                break;
            }
        }

        if (_library == IntPtr.Zero)
        {
            throw new InvalidOperationException("libsecp256k1 is not installed (apt-get install libsecp256k1-1).");
        }

        var contextCreate = (delegate* unmanaged<uint, IntPtr>)NativeLibrary.GetExport(_library, "secp256k1_context_create");
        var pubkeyParse = (delegate* unmanaged<IntPtr, byte*, byte*, nuint, int>)NativeLibrary.GetExport(_library, "secp256k1_ec_pubkey_parse");
        var signatureParse = (delegate* unmanaged<IntPtr, byte*, byte*, int>)NativeLibrary.GetExport(_library, "secp256k1_ecdsa_signature_parse_compact");
        _contextDestroy = (delegate* unmanaged<IntPtr, void>)NativeLibrary.GetExport(_library, "secp256k1_context_destroy");
        _verify = (delegate* unmanaged<IntPtr, byte*, byte*, byte*, int>)NativeLibrary.GetExport(_library, "secp256k1_ecdsa_verify");

        _context = contextCreate(ContextNone);
        _pubkey = (byte*)NativeMemory.AlignedAlloc(OpaqueSize, 16);
        _signature = (byte*)NativeMemory.AlignedAlloc(OpaqueSize, 16);
        _hash = (byte*)NativeMemory.AlignedAlloc(32, 16);
        hash.CopyTo(new Span<byte>(_hash, 32));
        fixed (byte* input = publicKey)
        fixed (byte* sig = compactSignature)
        {
            if (pubkeyParse(_context, _pubkey, input, (nuint)publicKey.Length) != 1
                || signatureParse(_context, _signature, sig) != 1)
            {
                throw new ArgumentException("The public key or signature does not parse.");
            }
        }
    }

    public string LibraryName { get; } = "";

    /// <summary>One <c>secp256k1_ecdsa_verify</c> call on the pre-parsed inputs.</summary>
    public bool Verify() => _verify(_context, _signature, _hash, _pubkey) == 1;

    public void Dispose()
    {
        NativeMemory.AlignedFree(_pubkey);
        NativeMemory.AlignedFree(_signature);
        NativeMemory.AlignedFree(_hash);
        _contextDestroy(_context);
        NativeLibrary.Free(_library);
    }
}
