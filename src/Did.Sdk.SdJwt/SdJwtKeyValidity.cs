namespace Did.Sdk.SdJwt;

/// <summary>When the issuer's key must be valid for a credential to verify.</summary>
public enum SdJwtKeyValidity
{
    /// <summary>
    /// Now (the default): the issuer's current DID document must list the key. A credential signed with
    /// a key the issuer has since rotated out or revoked is refused.
    /// </summary>
    Now,

    /// <summary>
    /// At issuance: the DID document as it was at the credential's <c>iat</c> (DID resolution
    /// <c>versionTime</c>) must list the key. A credential issued before a key rotation still verifies;
    /// one whose <c>iat</c> falls after the key was removed does not. Needs <c>iat</c>.
    /// </summary>
    AtIssuance,
}
