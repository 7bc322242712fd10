using Did.Sdk.Ethereum;

namespace Did.Sdk.Interop.Tests;

/// <summary>A chain the did:ethr differential suite plays its histories on: chain id 10, an ERC-1056 registry, funded accounts.</summary>
public interface IDifferentialChain
{
    /// <summary>The chain's JSON-RPC endpoint (HTTP on 127.0.0.1).</summary>
    Uri RpcUrl { get; }

    /// <summary>The registry.</summary>
    EthereumAddress Registry { get; }

    /// <summary>The folder of the npm packages (ethr-did-resolver).</summary>
    string NodeDirectory { get; }

    /// <summary>A fresh account with 1 ETH.</summary>
    Task<EthereumPrivateKey> NewFundedAccountAsync();
}
