namespace Did.Sdk.SocialToken;

/// <summary>Stable error codes of the social-token layer; each has a page <c>docs/errors/&lt;code&gt;.md</c>.</summary>
public static class SocialTokenErrorCodes
{
    /// <summary>The block the evidence was pinned to is no longer on the chain (a reorg replaced it).</summary>
    public const string EvidenceBlockReorged = "evidenceBlockReorged";

    /// <summary>A token read failed (the contract reverted, or is not the standard it was said to be).</summary>
    public const string TokenReadFailed = "tokenReadFailed";

    /// <summary>A SIWE (EIP-4361) message is malformed.</summary>
    public const string InvalidSiweMessage = "invalidSiweMessage";

    /// <summary>A SIWE message is for another domain, URI, chain or DID than the issuer asked for.</summary>
    public const string SiweMismatch = "siweMismatch";

    /// <summary>A SIWE message is outside its validity (expired, not yet valid, issued in the future).</summary>
    public const string SiweExpired = "siweExpired";

    /// <summary>A SIWE nonce was not issued by this issuer or was already used.</summary>
    public const string SiweNonceInvalid = "siweNonceInvalid";

    /// <summary>The SIWE signature is not by the message's address (EOA signature or ERC-1271 contract wallet).</summary>
    public const string SiweSignatureInvalid = "siweSignatureInvalid";

    /// <summary>The signing wallet is not one of the DID's wallets.</summary>
    public const string WalletNotLinked = "walletNotLinked";

    /// <summary>The identity's holdings are below every tier the issuer grants.</summary>
    public const string BelowThreshold = "belowThreshold";

    /// <summary>The DID does not control the token contract (it is not the contract's owner).</summary>
    public const string NotTokenController = "notTokenController";

    /// <summary>The credential is not of the type the verifier asked for (another vct), or lacks its issuer or subject.</summary>
    public const string CredentialTypeMismatch = "credentialTypeMismatch";

    /// <summary>The credential is about another token or chain than the verifier asked for, or its evidence is malformed.</summary>
    public const string TokenMismatch = "tokenMismatch";

    /// <summary>The presentation does not disclose a tier, or discloses one the verifier does not accept.</summary>
    public const string TierNotAccepted = "tierNotAccepted";

    /// <summary>A holder's credential request is malformed (not a JSON object with a DID, the SIWE text and a hex signature).</summary>
    public const string InvalidHolderRequest = "invalidHolderRequest";

    /// <summary>The issuer is not among the verifier's trusted issuers for the token.</summary>
    public const string UntrustedIssuer = "untrustedIssuer";
}
