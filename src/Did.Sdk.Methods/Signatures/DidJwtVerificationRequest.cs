namespace Did.Sdk.Methods;

/// <summary>What one <see cref="DidJwtVerifier"/> check requires.</summary>
public sealed record DidJwtVerificationRequest
{
    /// <summary>The expected <c>aud</c>. A JWT with an <c>aud</c> is refused unless it names this (as did-jwt does).</summary>
    public string? Audience { get; init; }

    /// <summary>The relationship the signing method must be listed under; assertionMethod by default.</summary>
    public VerificationRelationship Relationship { get; init; } = VerificationRelationship.AssertionMethod;

    /// <summary>How settled the issuer DID's ledger state must be; null for the resolver's default.</summary>
    public Finality? Finality { get; init; }

    /// <summary>The time of the check; null reads the verifier's clock.</summary>
    public DateTimeOffset? Time { get; init; }
}
