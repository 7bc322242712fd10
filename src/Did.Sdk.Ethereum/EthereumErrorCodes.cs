namespace Did.Sdk.Ethereum;

/// <summary>
/// Stable error codes of the Ethereum layer. Each code has a page <c>docs/errors/&lt;code&gt;.md</c>.
/// </summary>
public static class EthereumErrorCodes
{
    /// <summary>Text is not <c>0x</c>-prefixed hexadecimal with an even number of digits.</summary>
    public const string InvalidHex = "invalidHex";

    /// <summary>Text is not a <c>0x</c>-prefixed 40-digit hexadecimal address.</summary>
    public const string InvalidAddress = "invalidAddress";

    /// <summary>A mixed-case address does not match its EIP-55 checksum.</summary>
    public const string InvalidAddressChecksum = "invalidAddressChecksum";

    /// <summary>EIP-712 typed data is malformed, names an unknown type, or its values do not match their types.</summary>
    public const string InvalidTypedData = "invalidTypedData";

    /// <summary>A signature has the wrong length, an unknown <c>v</c>, <c>r</c>/<c>s</c> out of range, or recovers no key.</summary>
    public const string InvalidSignature = "invalidSignature";

    /// <summary>A signature has a high <c>s</c> value (<c>s &gt; n/2</c>), which EIP-2 forbids.</summary>
    public const string NonCanonicalSignature = "nonCanonicalSignature";

    /// <summary>Private key bytes are not 32 bytes encoding <c>0 &lt; d &lt; n</c>.</summary>
    public const string InvalidPrivateKey = "invalidPrivateKey";

    /// <summary>An ABI type name or signature is malformed or outside the supported subset.</summary>
    public const string InvalidAbi = "invalidAbi";

    /// <summary>ABI-encoded data is truncated, points outside itself, has non-zero padding or out-of-range values.</summary>
    public const string InvalidAbiData = "invalidAbiData";

    /// <summary>A JSON-RPC call returned an error object (the node rejected the request or execution reverted).</summary>
    public const string RpcError = "rpcError";

    /// <summary>A JSON-RPC call did not complete within its timeout.</summary>
    public const string RpcTimeout = "rpcTimeout";

    /// <summary>The JSON-RPC endpoint could not be reached or answered with an HTTP error status.</summary>
    public const string RpcUnavailable = "rpcUnavailable";

    /// <summary>A JSON-RPC response is not valid JSON-RPC 2.0 or its result has the wrong shape.</summary>
    public const string RpcMalformedResponse = "rpcMalformedResponse";

    /// <summary>A JSON-RPC response exceeds the configured size bound.</summary>
    public const string RpcResponseTooLarge = "rpcResponseTooLarge";

    /// <summary>The node reports a different chain id than the one configured.</summary>
    public const string ChainIdMismatch = "chainIdMismatch";

    /// <summary>The requested block, transaction or receipt does not exist (yet) on the node.</summary>
    public const string RpcNotFound = "rpcNotFound";

    /// <summary>An <c>eth_getLogs</c> query matched more logs than the configured bound.</summary>
    public const string TooManyLogs = "tooManyLogs";

    /// <summary>Bytes are not canonical RLP: truncated, non-minimal lengths, a wrapped single byte, or trailing data.</summary>
    public const string InvalidRlp = "invalidRlp";

    /// <summary>A raw transaction is well-formed RLP but not a valid signed legacy or EIP-1559 transaction.</summary>
    public const string InvalidTransaction = "invalidTransaction";

    /// <summary>A typed transaction envelope names a transaction type this SDK does not support.</summary>
    public const string UnsupportedTransactionType = "unsupportedTransactionType";

    /// <summary>A transaction (or its gas estimate) reverted: the contract refused it.</summary>
    public const string TransactionReverted = "transactionReverted";

    /// <summary>No receipt arrived for a sent transaction within the wait limit.</summary>
    public const string ReceiptTimeout = "receiptTimeout";

    /// <summary>The node refused a raw transaction (nonce, fee, balance, chain id).</summary>
    public const string TransactionRejected = "transactionRejected";

    /// <summary>A signature recovers to an address other than the verification method's account.</summary>
    public const string AccountMismatch = "accountMismatch";

    /// <summary>A CAIP-10 account names a chain other than the one the DID is anchored on.</summary>
    public const string AccountChainMismatch = "accountChainMismatch";
}
