namespace Did.Sdk.Verification;

/// <summary>How a <see cref="PresentationVerifier"/> caches chain reads.</summary>
public sealed record PresentationVerifierOptions
{
    /// <summary>
    /// How long the block a finality tag names (latest, safe, finalized) is reused before it is asked again;
    /// within it, chain reads already made at that block are answered from memory (a block's state never
    /// changes, so only the choice of block ages). One second by default, under a rollup's block time; zero
    /// reads the chain on every verification. Reads at a credential's evidence block are never cached (each
    /// verification re-checks that the block is still on the chain).
    /// </summary>
    public TimeSpan HeadCacheDuration { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The most chain readings kept (the cache is emptied when it is full).</summary>
    public int MaxCachedReadings { get; init; } = 10_000;

    /// <summary>Throws when a value is out of range (a programming error).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(HeadCacheDuration, TimeSpan.Zero, nameof(HeadCacheDuration));
        ArgumentOutOfRangeException.ThrowIfNegative(MaxCachedReadings, nameof(MaxCachedReadings));
    }
}
