namespace Did.Sdk.Ethereum.Transactions;

/// <summary>An EIP-2930 access list entry: an address and 32-byte storage keys it pre-warms.</summary>
/// <param name="Address">The accessed contract or account.</param>
/// <param name="StorageKeys">The 32-byte storage slots.</param>
public sealed record AccessListEntry(EthereumAddress Address, IReadOnlyList<ReadOnlyMemory<byte>> StorageKeys);
