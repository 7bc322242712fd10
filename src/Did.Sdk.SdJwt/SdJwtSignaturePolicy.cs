namespace Did.Sdk.SdJwt;

/// <summary>
/// Which issuer signatures of an SD-JWT in the general JWS JSON serialization must verify (RFC 9901 §8,
/// RFC 7515 §7.2: the application decides). Compact and flattened SD-JWTs have one signature.
/// </summary>
public enum SdJwtSignaturePolicy
{
    /// <summary>
    /// The first signature must verify, and only its headers are read. It is the signature whose
    /// unprotected header carries the disclosures and the KB-JWT, and the one the KB-JWT's
    /// <c>sd_hash</c> covers, so holder binding and issuer signature refer to the same bytes. Other
    /// signatures are ignored: nothing of theirs is trusted.
    /// </summary>
    First,

    /// <summary>Every signature must verify, each with a key of the issuer named by its own <c>kid</c> (or the explicit key).</summary>
    All,
}
