namespace Did.Sdk.Verification;

/// <summary>Stable error codes of the verifier layer; each has a page <c>docs/errors/&lt;code&gt;.md</c>.</summary>
public static class VerificationErrorCodes
{
    /// <summary>A verification policy (JSON or built in code) is malformed, out of bounds or inconsistent.</summary>
    public const string InvalidPolicy = "invalidPolicy";

    /// <summary>A DCQL query is malformed or breaks a rule of OpenID4VP 1.0 §6.</summary>
    public const string InvalidDcqlQuery = "invalidDcqlQuery";

    /// <summary>The presentation (an SD-JWT or an OpenID4VP <c>vp_token</c> object) is malformed or too large.</summary>
    public const string InvalidPresentation = "invalidPresentation";

    /// <summary>A presented credential does not satisfy its DCQL credential query (format, vct, claims, claim sets).</summary>
    public const string CredentialQueryNotSatisfied = "credentialQueryNotSatisfied";

    /// <summary>The presented credentials do not satisfy the query's required credential sets.</summary>
    public const string CredentialSetNotSatisfied = "credentialSetNotSatisfied";

    /// <summary>The credential's issuer is not one the policy trusts.</summary>
    public const string IssuerNotTrusted = "issuerNotTrusted";

    /// <summary>The credential was issued longer ago than the policy's maximum age, or carries no <c>iat</c>.</summary>
    public const string CredentialTooOld = "credentialTooOld";

    /// <summary>The policy requires a status list entry and the credential has none.</summary>
    public const string StatusRequired = "statusRequired";

    /// <summary>A claim the policy's predicate reads was not disclosed.</summary>
    public const string ClaimNotDisclosed = "claimNotDisclosed";

    /// <summary>A disclosed claim does not satisfy a predicate of the policy (≥, ≤, between, age).</summary>
    public const string PredicateFailed = "predicateFailed";

    /// <summary>The identity's token holdings, votes or ownership do not satisfy a chain check of the policy.</summary>
    public const string ChainCheckFailed = "chainCheckFailed";

    /// <summary>The credential's evidence block is older than the policy allows, or not disclosed when the policy reads at it.</summary>
    public const string EvidenceStale = "evidenceStale";

    /// <summary>The chain facts are not yet at the finality the policy requires: the decision is pending.</summary>
    public const string FinalityPending = "finalityPending";

    /// <summary>The chain check needs the holder's DID (key binding through <c>cnf.kid</c>), and the credential binds a bare key.</summary>
    public const string HolderIdentityRequired = "holderIdentityRequired";

    /// <summary>No presentation request with this nonce was issued by this verifier (or it was forgotten after expiry).</summary>
    public const string RequestUnknown = "requestUnknown";

    /// <summary>The presentation request has expired.</summary>
    public const string RequestExpired = "requestExpired";

    /// <summary>The request's nonce was already used by an accepted presentation.</summary>
    public const string NonceReplayed = "nonceReplayed";

    /// <summary>The request store could not be reached; the verifier refuses rather than risk a replay.</summary>
    public const string RequestStoreUnavailable = "requestStoreUnavailable";
}
