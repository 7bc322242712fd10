using System.Text.Json.Nodes;

namespace Did.Sdk.Methods;

/// <summary>A JWT verified as signed by its issuer's DID.</summary>
public sealed record DidJwt
{
    /// <summary>The payload (a copy the caller may keep).</summary>
    public required JsonObject Payload { get; init; }

    /// <summary>The protected header.</summary>
    public required JsonObject Header { get; init; }

    /// <summary>The signature check: the issuer's DID, the method, the block it was resolved at.</summary>
    public required DidSignature Signature { get; init; }
}
