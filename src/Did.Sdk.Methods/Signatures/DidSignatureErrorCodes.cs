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
}
