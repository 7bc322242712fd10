using System.Numerics;
using Nethereum.EVM.BlockchainState;
using Nethereum.Hex.HexConvertors.Extensions;

namespace Did.Sdk.Devnet.Chain;

/// <summary>
/// The read-only view of one world state that Nethereum.EVM reads chain state through (balance, nonce,
/// code, storage, BLOCKHASH). Every task it returns is already completed, so execution never waits.
/// </summary>
internal sealed class StateReader(WorldState state, Func<BigInteger, byte[]?> blockHash) : INodeDataService
{
    private static readonly Task<byte[]> NoBlockHash = Task.FromResult(new byte[32]);
    private static readonly Task<byte[]> NoValue = Task.FromResult<byte[]>(null!);

    public Task<BigInteger> GetBalanceAsync(byte[] address) => GetBalanceAsync(address.ToHex(true));

    public Task<BigInteger> GetBalanceAsync(string address) => Task.FromResult(state.Get(StateKeys.Address(address)).Balance);

    public Task<byte[]> GetCodeAsync(byte[] address) => GetCodeAsync(address.ToHex(true));

    public Task<byte[]> GetCodeAsync(string address) => Task.FromResult(state.Get(StateKeys.Address(address)).Code);

    public Task<byte[]> GetBlockHashAsync(BigInteger blockNumber) => blockHash(blockNumber) is { } hash ? Task.FromResult(hash) : NoBlockHash;

    public Task<byte[]> GetStorageAtAsync(byte[] address, BigInteger position) => GetStorageAtAsync(address.ToHex(true), position);

    // Null means "never written" (zero); Nethereum treats it so.
    public Task<byte[]> GetStorageAtAsync(string address, BigInteger position)
        => state.Get(StateKeys.Address(address)).Storage.TryGetValue(position, out var value) ? Task.FromResult((byte[])value.Clone()) : NoValue;

    public Task<BigInteger> GetTransactionCount(byte[] address) => GetTransactionCount(address.ToHex(true));

    public Task<BigInteger> GetTransactionCount(string address) => Task.FromResult(state.Get(StateKeys.Address(address)).Nonce);
}
