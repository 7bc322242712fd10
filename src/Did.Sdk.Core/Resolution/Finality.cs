namespace Did.Sdk;

/// <summary>
/// How settled the ledger state behind a DID must be (the block tags of the Ethereum JSON-RPC API,
/// execution-apis "block tags"). On a rollup <see cref="Safe"/> trails <see cref="Latest"/> until the
/// batch is posted to L1, and <see cref="Finalized"/> trails until L1 finalizes it.
/// Methods without a ledger ignore it.
/// </summary>
public enum Finality
{
    /// <summary>The newest block: fastest, may still be reorganized.</summary>
    Latest,

    /// <summary>A block the chain considers safe from reorganization (on a rollup: posted to L1).</summary>
    Safe,

    /// <summary>A finalized block: cannot be reverted without breaking the chain's finality rules.</summary>
    Finalized,
}
