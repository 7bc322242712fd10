using Did.Sdk.SdJwt.StatusList;

namespace Did.Sdk.SdJwt;

/// <summary>What a successful verification checked, for audit.</summary>
public sealed record SdJwtValidated
{
    /// <summary>The <c>iss</c> claim.</summary>
    public string? Issuer { get; init; }

    /// <summary>The <c>kid</c> header (a DID URL when resolved).</summary>
    public string? KeyId { get; init; }

    /// <summary>The issuer-signed JWT's algorithm.</summary>
    public required string Algorithm { get; init; }

    /// <summary>True when the key came from the issuer's DID document, false when given explicitly.</summary>
    public bool KeyResolved { get; init; }

    /// <summary>The ledger block the issuer's DID was resolved at (did:ethr: number, hash, tag, chain id), or null.</summary>
    public ResolvedBlock? IssuerBlock { get; init; }

    /// <summary>When the issuer key was required to be valid (now, or at issuance).</summary>
    public SdJwtKeyValidity IssuerKeyValidity { get; init; }

    /// <summary>The issuer-signed JWT signatures that were verified (1 unless the policy is <see cref="SdJwtSignaturePolicy.All"/>).</summary>
    public int IssuerSignatureCount { get; init; } = 1;

    /// <summary>The <c>typ</c> header.</summary>
    public string? Type { get; init; }

    /// <summary>The <c>vct</c> claim.</summary>
    public string? Vct { get; init; }

    /// <summary>The <c>iat</c> claim.</summary>
    public DateTimeOffset? IssuedAt { get; init; }

    /// <summary>The <c>nbf</c> claim.</summary>
    public DateTimeOffset? NotBefore { get; init; }

    /// <summary>The <c>exp</c> claim.</summary>
    public DateTimeOffset? Expires { get; init; }

    /// <summary>True when a Key Binding JWT was verified.</summary>
    public bool KeyBound { get; init; }

    /// <summary>The KB-JWT's <c>iat</c>, when key-bound.</summary>
    public DateTimeOffset? KeyBindingIssuedAt { get; init; }

    /// <summary>The holder's DID, when the binding went through <c>cnf.kid</c> (a DID URL); null for <c>cnf.jwk</c>.</summary>
    public string? HolderDid { get; init; }

    /// <summary>The holder's verification method (<c>cnf.kid</c>), when the binding went through a DID.</summary>
    public string? HolderKeyId { get; init; }

    /// <summary>The ledger block the holder's DID was resolved at, or null.</summary>
    public ResolvedBlock? HolderBlock { get; init; }

    /// <summary>The time the check was made at (the request's time, or the clock).</summary>
    public DateTimeOffset CheckedAt { get; init; }

    /// <summary>The status reported by the checker, or null when the credential has no <c>status</c> or checking is disabled.</summary>
    public TokenStatus? Status { get; init; }

    /// <summary>What the status check looked at (list URI, index, list lifetime, key), when a status was checked.</summary>
    public StatusListCheck? StatusCheck { get; init; }

    /// <summary>The number of disclosures processed.</summary>
    public int DisclosureCount { get; init; }
}
