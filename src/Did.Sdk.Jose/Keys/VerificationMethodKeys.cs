// Public keys of DID verification methods, read through the PublicKeyMethodHandler rules.
namespace Did.Sdk.Jose;

/// <summary>The public key of a DID verification method, as a <see cref="VerificationKey"/>.</summary>
public static class VerificationMethodKeys
{
    private static readonly PublicKeyMethodHandler Handler = new();

    /// <summary>
    /// Imports the key of <paramref name="method"/> from the form its type allows (<c>publicKeyJwk</c>,
    /// <c>publicKeyMultibase</c>, <c>publicKeyHex</c>, <c>publicKeyBase58</c>, <c>publicKeyBase64</c>).
    /// Methods identified by an account (<c>blockchainAccountId</c>) carry no key: verify their signatures
    /// through a <see cref="VerificationMethodHandlers"/> registry instead.
    /// </summary>
    /// <returns>The key, or the codes of <see cref="PublicKeyMethodHandler.GetKey"/>.</returns>
    public static Result<VerificationKey> ToVerificationKey(VerificationMethod method) => Handler.GetKey(method);
}
