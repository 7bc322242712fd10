namespace Did.Sdk.Jose.Tests.Secp256k1;

using Secp = global::Did.Sdk.Jose.Secp256k1;

/// <summary>Every engine test runs over both backends; a missing native library is a failure, not a skip.</summary>
internal static class Backends
{
    public const string Managed = "managed";
    public const string Native = "native";

    public static TheoryData<string> All => new() { Managed, Native };

    public static Secp Get(string name) => name switch
    {
        Managed => Secp.Managed,
        Native => Secp.Native ?? throw new InvalidOperationException(
            "libsecp256k1 could not be loaded (tried libsecp256k1.so.2/.so.1/.so, .dylib, .dll). "
            + "Install it: apt-get install libsecp256k1-1"),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };
}
