using Did.Sdk.Jose;

namespace Did.Sdk.Methods;

/// <summary>What one signature check by a DID requires: the relationship, the policy, the finality and the time.</summary>
public sealed record DidSignatureRequest
{
    /// <summary>The relationship the method must be listed under (assertionMethod for issuers, authentication for holders).</summary>
    public required VerificationRelationship Relationship { get; init; }

    /// <summary>The JWS policy (algorithm allow-list, <c>crit</c>, low-S). The secure defaults when null.</summary>
    public JwsVerifier? JwsVerifier { get; init; }

    /// <summary>How settled the DID's ledger state must be (did:ethr); null for the resolver's default.</summary>
    public Finality? Finality { get; init; }

    /// <summary>
    /// Resolve the DID as it was at this time (DID resolution <c>versionTime</c>): the key must have been
    /// valid then. Null resolves the current version: the key must be valid now.
    /// </summary>
    public DateTimeOffset? ValidAt { get; init; }
}
