namespace Did.Sdk.Methods;

/// <summary>
/// Stable error codes of <see cref="DidSignatureVerifier"/>, besides those of the verification method
/// handlers (<c>invalidSignature</c>, <c>accountMismatch</c>, …). Each has a page <c>docs/errors/&lt;code&gt;.md</c>.
/// </summary>
public static class DidSignatureErrorCodes
{
    /// <summary>The signer's DID could not be resolved (the message carries the resolver's code).</summary>
    public const string DidResolutionFailed = "didResolutionFailed";

    /// <summary>The signer's DID is deactivated at the resolved version.</summary>
    public const string DidDeactivated = "didDeactivated";

    /// <summary>The <c>kid</c> names no verification method the document lists under the required relationship.</summary>
    public const string VerificationMethodNotFound = "verificationMethodNotFound";

    /// <summary>A JWT's payload is not an object with a DID <c>iss</c>, or a registered claim has the wrong type.</summary>
    public const string InvalidJwt = "invalidJwt";

    /// <summary>A JWT's <c>exp</c> has passed.</summary>
    public const string JwtExpired = "jwtExpired";

    /// <summary>A JWT's <c>nbf</c> or <c>iat</c> is in the future.</summary>
    public const string JwtNotYetValid = "jwtNotYetValid";

    /// <summary>A JWT carries an <c>aud</c> that does not name this verifier.</summary>
    public const string JwtAudienceMismatch = "jwtAudienceMismatch";
}
