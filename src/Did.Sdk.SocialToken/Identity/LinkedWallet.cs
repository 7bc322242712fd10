using Did.Sdk.Ethereum;

namespace Did.Sdk.SocialToken;

/// <summary>A wallet of an identity: its address, the verification method that lists it, and its role.</summary>
public sealed record LinkedWallet(EthereumAddress Address, string MethodId, WalletRole Role);
