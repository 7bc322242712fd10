namespace Did.Sdk.Verification.Dcql;

/// <summary>A DCQL credential set query (OpenID4VP 1.0 §6.2): options, each a list of credential query ids that together satisfy it.</summary>
public sealed record DcqlCredentialSet
{
    /// <summary>The options; one of them must be fully presented.</summary>
    public required IReadOnlyList<IReadOnlyList<string>> Options { get; init; }

    /// <summary>Whether the set must be satisfied (default true).</summary>
    public bool Required { get; init; } = true;
}
