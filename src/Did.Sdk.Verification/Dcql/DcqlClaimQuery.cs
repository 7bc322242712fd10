using System.Text.Json.Nodes;

namespace Did.Sdk.Verification.Dcql;

/// <summary>A DCQL claims query (OpenID4VP 1.0 §6.3): a path and, optionally, the values the claim must have.</summary>
public sealed record DcqlClaimQuery
{
    /// <summary>The claim's id within its credential query (required when the credential query has claim sets).</summary>
    public string? Id { get; init; }

    /// <summary>The claims path pointer.</summary>
    public required DcqlClaimPath Path { get; init; }

    /// <summary>
    /// The accepted values (strings, integers, booleans), or null for any value. A selected claim matches when
    /// its type and value equal one of them exactly.
    /// </summary>
    public IReadOnlyList<JsonValue>? Values { get; init; }

    /// <summary>
    /// True when the path selects at least one element of <paramref name="claims"/> that is not JSON null and
    /// matches <see cref="Values"/> (a claim whose value is null is treated as absent, as the dcql reference does).
    /// </summary>
    public bool Matches(JsonNode claims)
    {
        var selected = Path.Select(claims);
        if (selected is null)
        {
            return false;
        }

        return Values is null
            ? selected.Any(s => s is not null && s.GetValueKind() != System.Text.Json.JsonValueKind.Null)
            : selected.Any(s => s is JsonValue v && Values.Any(expected => SameTypeAndValue(v, expected)));
    }

    internal static bool SameTypeAndValue(JsonValue actual, JsonValue expected)
    {
        var kind = expected.GetValueKind();
        if (actual.GetValueKind() != kind)
        {
            return false;
        }

        return kind switch
        {
            System.Text.Json.JsonValueKind.String => actual.GetValue<string>() == expected.GetValue<string>(),
            System.Text.Json.JsonValueKind.Number => actual.TryGetValue<long>(out var a) && expected.TryGetValue<long>(out var e) && a == e
                || decimal.TryParse(actual.ToJsonString(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var da)
                && decimal.TryParse(expected.ToJsonString(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var de) && da == de,
            _ => true, // true and false are their own kinds
        };
    }
}
