using Did.Sdk.SdJwt;
using System.Text.Json.Nodes;

namespace Did.Sdk.SocialToken;

/// <summary>An accepted social-token presentation: who, which token, which tier, on which evidence.</summary>
public sealed record SocialTokenPresentation
{
    /// <summary>The holder's DID (<c>sub</c>), whose key signed the presentation.</summary>
    public required string Subject { get; init; }

    /// <summary>The issuer's DID.</summary>
    public required string Issuer { get; init; }

    /// <summary>The tier (holder credentials), or null (creator credentials).</summary>
    public string? Tier { get; init; }

    /// <summary>The evidence block number, when disclosed.</summary>
    public ulong? EvidenceBlockNumber { get; init; }

    /// <summary>The evidence block hash, when disclosed.</summary>
    public string? EvidenceBlockHash { get; init; }

    /// <summary>The disclosed claims.</summary>
    public required JsonObject Claims { get; init; }

    /// <summary>What the SD-JWT verification established (keys, blocks, status, times).</summary>
    public required SdJwtValidated Validated { get; init; }
}
