// Contracts installed at genesis at their canonical addresses; runtime code and provenance in
// Genesis/PROVENANCE.md.
using Did.Sdk.Ethereum;

namespace Did.Sdk.Devnet.Genesis;

internal static class Predeploys
{
    /// <summary>The ERC-1056 EthereumDIDRegistry's address on mainnet and most networks.</summary>
    public static readonly EthereumAddress RegistryAddress = EthereumAddress.Parse("0xdca7ef03e98e0dc2b855be647c39abe984fcf21b").ThrowIfFailed();

    /// <summary>Multicall3's address on hundreds of chains.</summary>
    public static readonly EthereumAddress Multicall3Address = EthereumAddress.Parse("0xcA11bde05977b3631167028862bE2a173976CA11").ThrowIfFailed();

    private static readonly Lazy<byte[]> Registry = new(() => Load("EthereumDIDRegistry.runtime.hex"));
    private static readonly Lazy<byte[]> Multicall3 = new(() => Load("Multicall3.runtime.hex"));

    /// <summary>The registry's runtime code (ethr-did-registry 1.3.0).</summary>
    public static byte[] RegistryCode => Registry.Value;

    /// <summary>Multicall3's runtime code (the canonical deployment).</summary>
    public static byte[] Multicall3Code => Multicall3.Value;

    private static byte[] Load(string name)
    {
        using var stream = typeof(Predeploys).Assembly.GetManifestResourceStream("Did.Sdk.Devnet.Genesis." + name)
            ?? throw new InvalidOperationException($"The embedded resource {name} is missing from {typeof(Predeploys).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return Convert.FromHexString(reader.ReadToEnd().Trim());
    }
}
