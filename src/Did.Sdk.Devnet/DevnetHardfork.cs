namespace Did.Sdk.Devnet;

/// <summary>The execution rules the devnet runs (what Nethereum.EVM 6.1.0 implements).</summary>
public enum DevnetHardfork
{
    /// <summary>Prague: Cancun plus EIP-7623 (calldata floor), EIP-7702 and the EIP-7685 requests hash in headers. The default.</summary>
    Prague = 0,

    /// <summary>Cancun (EIP-1153 transient storage, EIP-5656 MCOPY, EIP-4844 fields, EIP-6780).</summary>
    Cancun = 1,
}
