using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Did.Sdk.Verification.Policy;

/// <summary>A bound of a <see cref="ClaimRule"/>: a number, or a date (<c>YYYY-MM-DD</c>) or time (RFC 3339).</summary>
public sealed record ClaimBound
{
    private ClaimBound(decimal? number, DateTimeOffset? time, bool dateOnly)
    {
        Number = number;
        Time = time;
        IsDate = dateOnly;
    }

    /// <summary>The number, for numeric bounds.</summary>
    public decimal? Number { get; }

    /// <summary>The instant, for date and time bounds (a date is its midnight UTC).</summary>
    public DateTimeOffset? Time { get; }

    /// <summary>True for a date without a time.</summary>
    public bool IsDate { get; }

    /// <summary>A numeric bound.</summary>
    public static ClaimBound Of(decimal number) => new(number, null, false);

    /// <summary>A date bound.</summary>
    public static ClaimBound Of(DateOnly date) => new(null, new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), true);

    /// <summary>A time bound.</summary>
    public static ClaimBound Of(DateTimeOffset time) => new(null, time, false);

    /// <summary>Reads a bound (a JSON number, or a string holding a date or an RFC 3339 time), or null.</summary>
    public static ClaimBound? Parse(JsonNode? node)
    {
        if (node is not JsonValue value)
        {
            return null;
        }

        if (value.GetValueKind() == JsonValueKind.Number)
        {
            return decimal.TryParse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? Of(d) : null;
        }

        return value.GetValueKind() == JsonValueKind.String ? ParseText(value.GetValue<string>()) : null;
    }

    /// <summary>Reads a date or time string, or null.</summary>
    public static ClaimBound? ParseText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 10 && DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return Of(date);
        }

        return text.Length is >= 20 and <= 40 && text[10] is 'T' or 't'
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? Of(time)
            : null;
    }

    /// <summary>Compares a disclosed claim with this bound: negative, zero, positive, or null when the claim is not of the bound's kind.</summary>
    public int? CompareClaim(JsonNode? claim)
    {
        if (claim is not JsonValue value)
        {
            return null;
        }

        if (Number is { } number)
        {
            return value.GetValueKind() == JsonValueKind.Number && decimal.TryParse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
                ? d.CompareTo(number)
                : null;
        }

        return value.GetValueKind() == JsonValueKind.String && ParseText(value.GetValue<string>()) is { Time: { } time } ? time.CompareTo(Time!.Value) : null;
    }

    /// <summary>The JSON form.</summary>
    public JsonNode ToJson() => Number is { } n
        ? JsonValue.Create(n)
        : JsonValue.Create(IsDate ? Time!.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : Time!.Value.ToString("yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture));

    /// <inheritdoc/>
    public override string ToString() => ToJson().ToJsonString();
}
