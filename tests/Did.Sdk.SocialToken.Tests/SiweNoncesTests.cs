using Microsoft.Extensions.Time.Testing;

namespace Did.Sdk.SocialToken.Tests;

/// <summary>Nonces kept across processes: listed, restored into a new store, still used once, expiry kept.</summary>
public sealed class SiweNoncesTests
{
    [Fact]
    public void OutstandingRestored_InANewStore_ConsumedOnceAndExpireAsBefore()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
        var first = new SiweNonces(TimeSpan.FromMinutes(10), timeProvider: clock);
        var used = first.Issue();
        var kept = first.Issue();
        clock.Advance(TimeSpan.FromMinutes(5));
        var late = first.Issue();
        Assert.True(first.TryConsume(used));

        var second = new SiweNonces(TimeSpan.FromMinutes(10), timeProvider: clock);
        foreach (var (nonce, expires) in first.Outstanding())
        {
            second.Restore(nonce, expires);
        }

        Assert.Equal(new[] { kept, late }.Order(StringComparer.Ordinal), second.Outstanding().Keys.Order(StringComparer.Ordinal));
        Assert.False(second.TryConsume(used));
        clock.Advance(TimeSpan.FromMinutes(6)); // kept expired at 12:10, late expires at 12:15
        Assert.False(second.TryConsume(kept));
        Assert.True(second.TryConsume(late));
        Assert.False(second.TryConsume(late));
    }

    [Fact]
    public void Restore_ExpiredIgnored_FarFutureClampedToLifetime_MalformedRefused()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
        var nonces = new SiweNonces(TimeSpan.FromMinutes(10), timeProvider: clock);

        nonces.Restore("expired1234", clock.GetUtcNow().AddSeconds(-1));
        nonces.Restore("forever1234", clock.GetUtcNow().AddYears(1));

        Assert.Equal(clock.GetUtcNow().AddMinutes(10), Assert.Single(nonces.Outstanding()).Value);
        Assert.Throws<ArgumentException>(() => nonces.Restore("short", clock.GetUtcNow().AddMinutes(1)));
        Assert.Throws<ArgumentException>(() => nonces.Restore("has space 123", clock.GetUtcNow().AddMinutes(1)));
    }
}
