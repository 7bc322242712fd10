using Did.Sdk.Ethereum;

namespace Did.Sdk.Devnet;

/// <summary>
/// A funded dev account of the devnet: one of the ten accounts of the standard test mnemonic
/// (<c>test test test test test test test test test test test junk</c>, path <c>m/44'/60'/0'/0/i</c>),
/// with the same addresses and keys as hardhat and anvil. The keys are public knowledge: never use them
/// on a real network.
/// </summary>
/// <param name="Index">The index in the derivation path.</param>
/// <param name="Address">The account address.</param>
/// <param name="PrivateKey">The 32-byte secp256k1 private key.</param>
public sealed record DevnetAccount(int Index, EthereumAddress Address, ReadOnlyMemory<byte> PrivateKey)
{
    /// <summary>Imports <see cref="PrivateKey"/> as a signing key; the caller disposes it.</summary>
    public EthereumPrivateKey CreateKey() => EthereumPrivateKey.Import(PrivateKey.Span).ThrowIfFailed();

    /// <inheritdoc />
    public override string ToString() => $"DevnetAccount(#{Index} {Address})";
}
