using System.Text.Json.Nodes;
using Did.Sdk.SdJwt;

namespace Did.Sdk.Verification;

/// <summary>One presented credential that verified, and the credential query it answers.</summary>
public sealed record VerifiedCredential
{
    /// <summary>The DCQL credential query id it answers.</summary>
    public required string QueryId { get; init; }

    /// <summary>The index of the claim set it satisfied (0 without claim sets).</summary>
    public int ClaimSet { get; init; }

    /// <summary>The credential type.</summary>
    public string? Vct { get; init; }

    /// <summary>The issuer DID.</summary>
    public string? Issuer { get; init; }

    /// <summary>The holder DID (key binding through <c>cnf.kid</c>), or null for a bare key.</summary>
    public string? Holder { get; init; }

    /// <summary>The disclosed claims.</summary>
    public required JsonObject Claims { get; init; }

    /// <summary>What the SD-JWT verification established.</summary>
    public required SdJwtValidated Validated { get; init; }
}
