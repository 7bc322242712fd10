using System.Numerics;
using System.Reflection;
using Did.Sdk.Devnet;
using Did.Sdk.Ethereum;
using Did.Sdk.Ethereum.Rpc;
using Did.Sdk.Ethereum.Transactions;

namespace Did.Sdk.Interop.Tests;

/// <summary>
/// The embedded devnet as the differential suite's chain: chain id 10 (as the hardhat node), the ERC-1056
/// registry predeployed at its canonical address, served over HTTP on 127.0.0.1, so both resolvers reach it
/// through JSON-RPC exactly as they reach hardhat. Blocks may share a second (as on hardhat), so the
/// chain's clock does not run ahead of the wall clock, which the suite compares validity against.
/// </summary>
public sealed class DevnetHttpChain : IDifferentialChain, IAsyncLifetime
{
    private readonly SemaphoreSlim _funding = new(1, 1);
    private Devnet.Devnet _devnet = null!;
    private DevnetServer _server = null!;

    public Uri RpcUrl => _server.Url;

    public EthereumAddress Registry => _devnet.RegistryAddress;

    public string NodeDirectory { get; } = typeof(DevnetHttpChain).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "InteropNodeDirectory").Value!;

    public async Task InitializeAsync()
    {
        _devnet = await Devnet.Devnet.StartAsync(new DevnetOptions { ChainId = HardhatNode.ChainId, AllowBlocksWithSameTimestamp = true });
        _server = await _devnet.ServeHttpAsync();
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _devnet.DisposeAsync();
        _funding.Dispose();
    }

    public async Task<EthereumPrivateKey> NewFundedAccountAsync()
    {
        var key = EthereumPrivateKey.Generate();
        await _funding.WaitAsync();
        try
        {
            using var funder = _devnet.Accounts[0].CreateKey();
            var sender = new EthereumTransactionSender(new EthereumClient(_devnet.Rpc, new EthereumClientOptions { ChainId = _devnet.ChainId }), funder, _devnet.ChainId, new EthereumTransactionSenderOptions { ReceiptPollInterval = TimeSpan.FromMilliseconds(1) });
            (await sender.SendAsync(key.Address, ReadOnlyMemory<byte>.Empty, BigInteger.Pow(10, 18))).ThrowIfFailed();
        }
        finally
        {
            _funding.Release();
        }

        return key;
    }
}
