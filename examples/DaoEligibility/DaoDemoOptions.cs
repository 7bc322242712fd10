namespace Did.Sdk.Examples.DaoEligibility;

/// <summary>The demo's command line.</summary>
public sealed record DaoDemoOptions
{
    /// <summary>Where the proposal, receipts, snapshot list and (by default) the SQLite store are written.</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>The eligibility store: a SQLite file or a PostgreSQL connection string; a SQLite file in the output directory when null.</summary>
    public string? Store { get; init; }

    /// <summary>How many other token holders join the snapshot list.</summary>
    public int OtherHolders { get; init; } = 50;
}
