// Verification methods (DID Core §5.2): how a signature is checked depends on the method's type.
namespace Did.Sdk.Jose;

/// <summary>
/// Checks JWS signatures for the verification methods of some <see cref="VerificationMethod.Type"/>s.
/// A <see cref="VerificationMethodHandlers"/> registry dispatches on the type, so a new kind of method
/// (a key format, or an account checked by signature recovery) is a new handler, not a new branch.
/// </summary>
/// <remarks>
/// Implementations never throw on untrusted input (a hostile DID document, a forged JWS): they return
/// a failed result with a stable code. They check the header through
/// <see cref="JwsVerifier.ValidateHeader"/> so the verifier's algorithm allow-list and <c>crit</c>
/// rules hold for every kind of method.
/// </remarks>
public abstract class VerificationMethodHandler
{
    /// <summary>The verification method types this handler checks (exact, case-sensitive).</summary>
    public abstract IReadOnlyCollection<string> MethodTypes { get; }

    /// <summary>
    /// Verifies <paramref name="jws"/> as signed by <paramref name="method"/>. Returns the JWS on success,
    /// otherwise a code such as <c>invalidSignature</c>, <c>unsupportedAlgorithm</c>,
    /// <c>algorithmKeyMismatch</c> or <c>invalidVerificationMethod</c>.
    /// </summary>
    public abstract Result<DecodedJws> Verify(DecodedJws jws, VerificationMethod method, VerificationMethodContext context);

    /// <summary>
    /// True when a signature by <paramref name="key"/> verifies as <paramref name="method"/>: the method
    /// carries this public key, or names the account this key controls. Used by issuers and holders to
    /// pick their <c>kid</c>.
    /// </summary>
    public abstract bool IsSignedBy(VerificationMethod method, VerificationKey key, VerificationMethodContext context);
}
