namespace Did.Sdk.Jose.Tests.Secp256k1;

using Secp = global::Did.Sdk.Jose.Secp256k1;

/// <summary>Regressions from the review: how the native library is accepted and kept from aborting.</summary>
public class NativeLoadingTests
{
    [Fact]
    public void Native_BadInputs_NeverReachTheLibraryAsIllegalArguments()
    {
        var native = Secp.Native ?? throw new InvalidOperationException("libsecp256k1 is not installed: apt-get install libsecp256k1-1");
        var before = NativeSecp256k1.IllegalArgumentCount;
        var hash = new byte[32];
        var zeros = new byte[64];
        var key = new byte[33];
        key[0] = 0x02;

        Assert.False(native.Verify(hash, zeros, key));
        Assert.False(native.Verify(hash, new byte[63], key));
        Assert.False(native.Verify(new byte[31], zeros, key));
        Assert.False(native.Verify(hash, zeros, new byte[65]));
        Assert.False(native.TryRecover(hash, zeros, 4, compressed: true, new byte[33], out _));
        Assert.False(native.TryGetPublicKey(new byte[32], compressed: true, new byte[33], out _));
        Assert.False(native.IsValidPrivateKey(new byte[31]));

        Assert.Equal(before, NativeSecp256k1.IllegalArgumentCount);
    }

    [Fact]
    public void Native_Description_NamesAVersionedLibrary()
    {
        var native = Secp.Native ?? throw new InvalidOperationException("libsecp256k1 is not installed: apt-get install libsecp256k1-1");

        Assert.Matches(@"^native libsecp256k1 \(libsecp256k1(\.so\.\d|\.\d\.dylib|\.dylib|\.dll)\)$|^native libsecp256k1 \(secp256k1\.dll\)$", native.Description);
    }

    [Fact]
    public void Default_FollowsBackendEnvironmentVariable()
    {
        // build.sh runs the Jose and Ethereum suites twice: natively, then with DIDSDK_SECP256K1=managed.
        var forced = Environment.GetEnvironmentVariable(Secp.BackendEnvironmentVariable);

        if (string.Equals(forced, "managed", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Same(Secp.Managed, Secp.Default);
        }
        else
        {
            Assert.Same((Secp?)Secp.Native ?? Secp.Managed, Secp.Default);
        }
    }
}
