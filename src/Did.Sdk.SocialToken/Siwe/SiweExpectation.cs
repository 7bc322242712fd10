namespace Did.Sdk.SocialToken;

/// <summary>What a relying party (an issuer) expects of a SIWE message it asked a wallet to sign.</summary>
public sealed record SiweExpectation
{
    /// <summary>The relying party's domain; the message's must be the same.</summary>
    public required string Domain { get; init; }

    /// <summary>The URI the message must name, or null to accept any.</summary>
    public string? Uri { get; init; }

    /// <summary>The chain the message must name (EIP-155 id).</summary>
    public required ulong ChainId { get; init; }

    /// <summary>A resource the message must list (here: the DID whose wallet signs), or null.</summary>
    public string? Resource { get; init; }

    /// <summary>Clock skew tolerated for the message's times. 60 s by default.</summary>
    public TimeSpan ClockSkew { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The oldest <c>Issued At</c> accepted, relative to now. 10 minutes by default.</summary>
    public TimeSpan MaxAge { get; init; } = TimeSpan.FromMinutes(10);
}
