namespace Did.Sdk;

/// <summary>
/// Error codes of W3C DID Resolution (§ "DID Resolution Metadata" and "DID URL Dereferencing Metadata")
/// and of the did:key method, as they appear in <c>didResolutionMetadata.error</c>.
/// </summary>
public static class DidResolutionErrors
{
    /// <summary>The input is not a conformant DID.</summary>
    public const string InvalidDid = "invalidDid";

    /// <summary>The input is not a conformant DID URL.</summary>
    public const string InvalidDidUrl = "invalidDidUrl";

    /// <summary>The DID (or the resource a DID URL names) does not exist.</summary>
    public const string NotFound = "notFound";

    /// <summary>The requested representation (<c>accept</c>) is not supported.</summary>
    public const string RepresentationNotSupported = "representationNotSupported";

    /// <summary>No resolver is registered for the DID method.</summary>
    public const string MethodNotSupported = "methodNotSupported";

    /// <summary>A resolution option is invalid or not supported.</summary>
    public const string InvalidOptions = "invalidOptions";

    /// <summary>An unexpected error, often transient (network, remote server). Never cached.</summary>
    public const string InternalError = "internalError";

    /// <summary>A DID document violates DID Core (wrong <c>id</c>, malformed members, too large).</summary>
    public const string InvalidDidDocument = "invalidDidDocument";

    /// <summary>did:key — the public key is invalid (for example not on its curve).</summary>
    public const string InvalidPublicKey = "invalidPublicKey";

    /// <summary>did:key — the public key has the wrong length for its type.</summary>
    public const string InvalidPublicKeyLength = "invalidPublicKeyLength";

    /// <summary>did:key — the requested verification method type does not fit the key.</summary>
    public const string InvalidPublicKeyType = "invalidPublicKeyType";

    /// <summary>did:key — the key's multicodec type is not supported.</summary>
    public const string UnsupportedPublicKeyType = "unsupportedPublicKeyType";
}
