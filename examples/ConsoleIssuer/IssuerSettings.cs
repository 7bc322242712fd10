namespace Did.Sdk.Examples.ConsoleIssuer;

/// <summary>The global options: where the state is and which chain and brand key to use.</summary>
/// <param name="DbPath">The SQLite database (<c>--db</c>).</param>
/// <param name="Rpc">The chain's JSON-RPC URL (<c>--rpc</c>), or null for the embedded devnet.</param>
/// <param name="BrandKey">The brand's key: a file holding a 0x-hex secp256k1 private key, or <c>dev:N</c> for devnet account N.</param>
/// <param name="Registry">The ERC-1056 registry for did:ethr on the chain, or null for the chain's known one.</param>
/// <param name="InMemoryChain">The embedded devnet keeps no state file (the demo).</param>
internal sealed record IssuerSettings(string DbPath, string? Rpc, string BrandKey, string? Registry, bool InMemoryChain = false)
{
    /// <summary>The embedded devnet's state file next to the database, so separate commands see one chain.</summary>
    public string ChainFile => Path.GetFullPath(DbPath) + ".chain";
}
