namespace Did.Sdk.Ethereum.Transactions;

/// <summary>The transaction envelopes this SDK builds and parses.</summary>
public enum TransactionType
{
    /// <summary>An untyped RLP list; replay-protected with EIP-155 when a chain id is set.</summary>
    Legacy = 0,

    /// <summary>EIP-1559 dynamic-fee transaction, envelope type 2 (EIP-2718).</summary>
    Eip1559 = 2,
}
