using System.Text.Json.Nodes;

namespace Did.Sdk.Verification.Dcql;

/// <summary>A DCQL credential query (OpenID4VP 1.0 §6.1) for an SD-JWT VC (<c>dc+sd-jwt</c>).</summary>
public sealed record DcqlCredentialQuery
{
    /// <summary>The format this SDK verifies.</summary>
    public const string SdJwtVcFormat = "dc+sd-jwt";

    /// <summary>The query's id (letters, digits, <c>_</c> and <c>-</c>), unique in the query.</summary>
    public required string Id { get; init; }

    /// <summary>The format; only <see cref="SdJwtVcFormat"/>.</summary>
    public string Format { get; init; } = SdJwtVcFormat;

    /// <summary>Whether several credentials may answer this query.</summary>
    public bool Multiple { get; init; }

    /// <summary>The accepted <c>vct</c> values (<c>meta.vct_values</c>).</summary>
    public required IReadOnlyList<string> VctValues { get; init; }

    /// <summary>The claims asked for, or null for none in particular.</summary>
    public IReadOnlyList<DcqlClaimQuery>? Claims { get; init; }

    /// <summary>The claim sets (lists of claim ids), in the verifier's order of preference, or null: every claim is required.</summary>
    public IReadOnlyList<IReadOnlyList<string>>? ClaimSets { get; init; }

    /// <summary>The trusted authorities, or null.</summary>
    public IReadOnlyList<DcqlTrustedAuthority>? TrustedAuthorities { get; init; }

    /// <summary>Whether the presentation must prove possession of the bound key (default true).</summary>
    public bool RequireCryptographicHolderBinding { get; init; } = true;

    /// <summary>
    /// Matches one credential (its <c>vct</c>, disclosed claims, and whether it was presented with holder
    /// binding) against this query: the index of the first claim set satisfied (0 when there are no claim
    /// sets), or the reason it does not match.
    /// </summary>
    public Result<int> Match(string? vct, JsonObject claims, bool holderBound)
    {
        ArgumentNullException.ThrowIfNull(claims);
        if (vct is null || !VctValues.Contains(vct, StringComparer.Ordinal))
        {
            return Fail($"its vct '{vct}' is not one of {string.Join(", ", VctValues)}");
        }

        if (RequireCryptographicHolderBinding && !holderBound)
        {
            return Fail("it was presented without holder binding");
        }

        if (Claims is null)
        {
            return 0;
        }

        if (ClaimSets is null)
        {
            var missing = Claims.FirstOrDefault(c => !c.Matches(claims));
            return missing is null ? 0 : Fail($"the claim {missing.Path} is not disclosed with an accepted value");
        }

        var matched = Claims.Where(c => c.Matches(claims)).Select(c => c.Id!).ToHashSet(StringComparer.Ordinal);
        for (int i = 0; i < ClaimSets.Count; i++)
        {
            if (ClaimSets[i].All(matched.Contains))
            {
                return i;
            }
        }

        return Fail("no claim set is satisfied by the disclosed claims");
    }

    private Result<int> Fail(string why) => Result<int>.Failure(VerificationErrorCodes.CredentialQueryNotSatisfied, $"The credential does not satisfy the credential query '{Id}': {why}.");
}
