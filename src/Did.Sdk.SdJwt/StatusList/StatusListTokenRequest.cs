namespace Did.Sdk.SdJwt.StatusList;

/// <summary>The content of a Status List Token to sign with <see cref="StatusListToken.Sign"/>.</summary>
public sealed class StatusListTokenRequest
{
    /// <summary>The <c>sub</c> claim: the URI the list is served at and credentials reference.</summary>
    public required string Subject { get; init; }

    /// <summary>The list to publish.</summary>
    public required StatusList StatusList { get; init; }

    /// <summary>The <c>iat</c> claim (whole seconds are written).</summary>
    public required DateTimeOffset IssuedAt { get; init; }

    /// <summary>The <c>exp</c> claim; recommended. Must be after <see cref="IssuedAt"/>.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>The <c>ttl</c> claim, how long verifiers may cache the list; recommended. Positive whole seconds.</summary>
    public TimeSpan? TimeToLive { get; init; }

    /// <summary>The optional <c>iss</c> claim.</summary>
    public string? Issuer { get; init; }

    /// <summary>The optional <c>kid</c> header (a DID URL when the issuer is a DID).</summary>
    public string? KeyId { get; init; }

    /// <summary>The optional <c>status_list.aggregation_uri</c>.</summary>
    public string? AggregationUri { get; init; }

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(Subject, nameof(Subject));
        ArgumentNullException.ThrowIfNull(StatusList, nameof(StatusList));
        if (!StatusReference.IsHttpUri(Subject))
        {
            throw new ArgumentException("Subject must be an absolute http(s) URI.", nameof(Subject));
        }

        if (ExpiresAt is { } exp && exp <= IssuedAt)
        {
            throw new ArgumentException("ExpiresAt must be after IssuedAt.", nameof(ExpiresAt));
        }

        if (TimeToLive is { } ttl && ttl < TimeSpan.FromSeconds(1))
        {
            throw new ArgumentException("TimeToLive must be at least one second.", nameof(TimeToLive));
        }
    }
}
