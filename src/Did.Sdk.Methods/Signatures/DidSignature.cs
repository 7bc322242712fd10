namespace Did.Sdk.Methods;

/// <summary>A signature verified as made by a DID's verification method, and what the check relied on.</summary>
public sealed record DidSignature
{
    /// <summary>The signer's DID.</summary>
    public required string Did { get; init; }

    /// <summary>The verification method id (the absolute <c>kid</c>).</summary>
    public required string KeyId { get; init; }

    /// <summary>The verification method that verified the signature.</summary>
    public required VerificationMethod Method { get; init; }

    /// <summary>The ledger block the DID was resolved at (did:ethr), or null.</summary>
    public ResolvedBlock? Block { get; init; }

    /// <summary>The document metadata of the resolved version (<c>versionId</c>, <c>updated</c>, …).</summary>
    public required DidDocumentMetadata DocumentMetadata { get; init; }
}
