using Did.Sdk.Jose;

namespace Did.Sdk.SdJwt.StatusList;

/// <summary>Policy of <see cref="StatusListTokenValidator"/>. The defaults are the secure ones.</summary>
public sealed class StatusListValidationOptions
{
    /// <summary>The default options.</summary>
    public static StatusListValidationOptions Default { get; } = new();

    /// <summary>The JWS policy: the closed algorithm allow-list and the token size bound.</summary>
    public JwsVerificationOptions Jws { get; init; } = JwsVerificationOptions.Default;

    /// <summary>Tolerance for <c>iat</c> in the future and <c>exp</c> in the past. Default 60 s; 0 to 5 minutes.</summary>
    public TimeSpan ClockSkew { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The oldest list accepted, measured from its <c>iat</c>; null (default) for no bound beyond
    /// <c>exp</c>. Older lists fail with <c>statusListStale</c>.
    /// </summary>
    public TimeSpan? MaxAge { get; init; }

    /// <summary>The bound on the inflated list in bytes (default 16 MiB); beyond it: <c>statusListDecompressedTooLarge</c>.</summary>
    public int MaxDecompressedBytes { get; init; } = StatusList.DefaultMaxDecompressedBytes;

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(Jws, nameof(Jws));
        ArgumentOutOfRangeException.ThrowIfLessThan(ClockSkew, TimeSpan.Zero, nameof(ClockSkew));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ClockSkew, TimeSpan.FromMinutes(5), nameof(ClockSkew));
        if (MaxAge is { } maxAge)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(maxAge, TimeSpan.Zero, nameof(MaxAge));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(MaxDecompressedBytes, 1, nameof(MaxDecompressedBytes));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxDecompressedBytes, 256 * 1024 * 1024, nameof(MaxDecompressedBytes));
    }
}
