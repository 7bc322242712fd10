using Did.Sdk.Verification.Dcql;

namespace Did.Sdk.Verification.Policy;

/// <summary>
/// A predicate on a disclosed claim that DCQL cannot express: a number or a date at least / at most a bound
/// (both: between), or a birth date at least <see cref="MinimumAgeYears"/> before the time of the check.
/// The claim must be disclosed; when the path selects several elements, one satisfying the predicate is enough.
/// </summary>
public sealed record ClaimRule : PolicyRule
{
    /// <summary>The credential query whose credential is read; null for the first credential query.</summary>
    public string? Credential { get; init; }

    /// <summary>The claim.</summary>
    public required DcqlClaimPath Path { get; init; }

    /// <summary>The inclusive lower bound, or null.</summary>
    public ClaimBound? AtLeast { get; init; }

    /// <summary>The inclusive upper bound, or null.</summary>
    public ClaimBound? AtMost { get; init; }

    /// <summary>The claim is a date of birth (<c>YYYY-MM-DD</c>) at least this many whole years before the check.</summary>
    public int? MinimumAgeYears { get; init; }
}
