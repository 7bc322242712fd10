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

    /// <summary>Bytes are not canonical RLP: truncated, non-minimal lengths, a wrapped single byte, or trailing data.</summary>
    public const string InvalidRlp = "invalidRlp";

    /// <summary>A raw transaction is well-formed RLP but not a valid signed legacy or EIP-1559 transaction.</summary>
    public const string InvalidTransaction = "invalidTransaction";

    /// <summary>A typed transaction envelope names a transaction type this SDK does not support.</summary>
    public const string UnsupportedTransactionType = "unsupportedTransactionType";
}
