// DID Core 1.0 §7.1.3: datetimes are XML Schema dateTimes normalized to UTC ('Z') without
// sub-second precision.
using System.Globalization;

namespace Did.Sdk;

/// <summary>The DID Core datetime form, <c>2021-03-18T09:30:10Z</c>.</summary>
public static class DidDateTime
{
    private const string Pattern = "yyyy-MM-dd'T'HH:mm:ss'Z'";

    /// <summary>Formats a time in UTC, truncated to whole seconds.</summary>
    public static string Format(DateTimeOffset value)
        => value.ToUniversalTime().ToString(Pattern, CultureInfo.InvariantCulture);

    /// <summary>Parses the strict DID Core form; false for offsets, fractions or impossible dates.</summary>
    public static bool TryParse(string? value, out DateTimeOffset result)
        => DateTimeOffset.TryParseExact(value, Pattern, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out result);
}
