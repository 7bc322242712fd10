using System.Text.Json;
using Did.Sdk.SdJwt.StatusList;
using Microsoft.Extensions.DependencyInjection;

namespace Did.Sdk.SdJwt.Tests.StatusLists;

public sealed class StatusListRegistryTests : IDisposable
{
    private readonly StatusListFixture _f = new();

    public void Dispose() => _f.Dispose();

    [Fact]
    public void CreateList_Twice_Throws()
    {
        var registry = new StatusListRegistry(_f.Time);
        registry.CreateList(StatusListFixture.ListUri, 1, 8);
        Assert.Throws<ArgumentException>(() => registry.CreateList(StatusListFixture.ListUri, 2, 8));
    }

    [Fact]
    public void CreateList_RelativeUri_Throws()
        => Assert.Throws<ArgumentException>(() => new StatusListRegistry().CreateList("/lists/1", 1, 8));

    [Fact]
    public void Allocate_UnknownList_Throws()
        => Assert.Throws<KeyNotFoundException>(() => new StatusListRegistry().Allocate(StatusListFixture.ListUri));

    [Fact]
    public void Allocate_FullList_Throws()
    {
        var registry = new StatusListRegistry(_f.Time);
        registry.CreateList(StatusListFixture.ListUri, 1, 4);
        for (int i = 0; i < 4; i++)
        {
            registry.Allocate(StatusListFixture.ListUri);
        }

        Assert.Equal(0, registry.GetFreeCount(StatusListFixture.ListUri));
        Assert.Throws<InvalidOperationException>(() => registry.Allocate(StatusListFixture.ListUri));
    }

    [Fact]
    public void SetStatus_UnallocatedIndex_Throws()
    {
        var registry = new StatusListRegistry(_f.Time);
        registry.CreateList(StatusListFixture.ListUri, 1, 4);
        Assert.Throws<ArgumentOutOfRangeException>(() => registry.SetStatus(new StatusReference(StatusListFixture.ListUri, 2), TokenStatus.Invalid));
    }

    [Fact]
    public void SetStatus_SuspendedOnOneBitList_Throws()
    {
        var registry = new StatusListRegistry(_f.Time);
        registry.CreateList(StatusListFixture.ListUri, 1, 4);
        var reference = registry.Allocate(StatusListFixture.ListUri);
        Assert.Throws<ArgumentOutOfRangeException>(() => registry.SetStatus(reference, TokenStatus.Suspended));
    }

    [Fact]
    public void Allocate_EveryIndex_DistinctAndInRange()
    {
        var registry = new StatusListRegistry(_f.Time);
        registry.CreateList(StatusListFixture.ListUri, 2, 100);
        var indexes = Enumerable.Range(0, 100).Select(_ => registry.Allocate(StatusListFixture.ListUri).Index).ToList();
        Assert.Equal(100, indexes.Distinct().Count());
        Assert.All(indexes, i => Assert.InRange(i, 0, 99));
    }

    [Fact]
    public async Task IssueToken_AfterRevokeAndSuspend_CheckerSeesEachStatus()
    {
        var registry = new StatusListRegistry(_f.Time);
        registry.CreateList(StatusListFixture.ListUri, 2, 1000);
        var valid = registry.Allocate(StatusListFixture.ListUri);
        var revoked = registry.Allocate(StatusListFixture.ListUri);
        var suspended = registry.Allocate(StatusListFixture.ListUri);
        registry.SetStatus(revoked, TokenStatus.Invalid);
        registry.SetStatus(suspended, TokenStatus.Suspended);
        Assert.Equal(TokenStatus.Invalid, registry.GetStatus(revoked));

        _f.Serve(registry.IssueToken(StatusListFixture.ListUri, _f.Key, TimeSpan.FromHours(1), TimeSpan.FromMinutes(5), issuer: "did:example:issuer", keyId: "did:example:issuer#key-1"));
        var checker = _f.CreateChecker();
        Assert.Equal(TokenStatus.Valid, (await checker.CheckAsync(Claim(valid))).Status);
        Assert.Equal(TokenStatus.Invalid, (await checker.CheckAsync(Claim(revoked))).Status);
        var result = await checker.CheckAsync(Claim(suspended));
        Assert.Equal(TokenStatus.Suspended, result.Status);
        Assert.Equal("did:example:issuer#key-1", result.Checked!.KeyId);

        // Reinstating is published with the next token.
        registry.SetStatus(suspended, TokenStatus.Valid);
        _f.Time.Advance(TimeSpan.FromMinutes(6));
        _f.Serve(registry.IssueToken(StatusListFixture.ListUri, _f.Key, TimeSpan.FromHours(1), TimeSpan.FromMinutes(5)));
        Assert.True((await checker.CheckAsync(Claim(suspended))).IsValid);
    }

    [Fact]
    public async Task AddStatusListChecker_ResolvesCheckerOverNamedClient()
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(_f.Time);
        services.AddDidSdk()
            .AddStatusListKeyResolver(StatusListKeyResolver.FromKey(_f.Key.VerificationKey))
            .AddStatusListChecker(o => o.MaxCacheEntries = 10);
        services.AddHttpClient(HttpStatusListCheckerOptions.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => _f.Handler);
        await using var provider = services.BuildServiceProvider();
        var checker = provider.GetRequiredService<IStatusListChecker>();
        Assert.Same(checker, provider.GetRequiredService<IStatusListChecker>());
        _f.Serve(_f.SignToken());
        Assert.Equal(TokenStatus.Invalid, (await checker.CheckAsync(StatusListFixture.StatusClaim(1))).Status);
    }

    [Fact]
    public void AddStatusListChecker_InvalidOptions_ThrowsAtStartup()
    {
        var services = new ServiceCollection();
        Assert.Throws<ArgumentOutOfRangeException>(() => services.AddDidSdk().AddStatusListChecker(o => o.MaxResponseBytes = -1));
    }

    [Fact]
    public void AllocateAt_ChosenIndexes_SettableNotReallocated_TwiceOrOutsideThrows()
    {
        var registry = new StatusListRegistry(_f.Time);
        registry.CreateList(StatusListFixture.ListUri, 1, 4);
        var chosen = new StatusReference(StatusListFixture.ListUri, 2);

        registry.AllocateAt(chosen);
        registry.SetStatus(chosen, TokenStatus.Invalid);
        var others = Enumerable.Range(0, 3).Select(_ => registry.Allocate(StatusListFixture.ListUri).Index).Order().ToArray();

        Assert.Equal(TokenStatus.Invalid, registry.GetStatus(chosen));
        Assert.Equal(new[] { 0, 1, 3 }, others);
        Assert.Throws<InvalidOperationException>(() => registry.AllocateAt(chosen));
        Assert.Throws<ArgumentOutOfRangeException>(() => registry.AllocateAt(new StatusReference(StatusListFixture.ListUri, 4)));
        Assert.Throws<KeyNotFoundException>(() => registry.AllocateAt(new StatusReference("https://other.example/list", 0)));
    }

    private static JsonElement Claim(StatusReference reference)
        => JsonDocument.Parse(reference.ToStatusClaim().ToJsonString()).RootElement.Clone();
}
