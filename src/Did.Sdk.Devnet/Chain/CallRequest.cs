using System.Numerics;
using Did.Sdk.Ethereum;

namespace Did.Sdk.Devnet.Chain;

/// <summary>The transaction object of <c>eth_call</c> and <c>eth_estimateGas</c>.</summary>
internal sealed record CallRequest(EthereumAddress? From, EthereumAddress? To, ulong? Gas, BigInteger Value, byte[] Data);
