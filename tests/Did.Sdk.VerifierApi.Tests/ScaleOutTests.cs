using System.Net;
using System.Text.Json.Nodes;

namespace Did.Sdk.VerifierApi.Tests;

/// <summary>Two API instances sharing presentation requests through a real Redis: a nonce is accepted once across both; an outage refuses.</summary>
public sealed class ScaleOutTests(DemoFixture demo) : IClassFixture<DemoFixture>
{
    [Fact]
    public async Task NonceUsedAtOneInstance_RefusedAtTheOther_RacesWonOnce_OutageFailsClosed()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var a = await demo.StartAsync(new() { Redis = redis.Configuration });
        await using var b = await demo.StartAsync(new() { Redis = redis.Configuration });

        // A request made at A is answered at B, once.
        string nonce = await a.NewNonceAsync();
        string presentation = await a.DemoPresentationAsync(nonce);
        Assert.Equal("accepted", (await b.VerifyAsync(nonce, presentation)).Body["decision"]!.GetValue<string>());
        Assert.Equal("nonceReplayed", (await a.VerifyAsync(nonce, presentation)).Body["error"]!["code"]!.GetValue<string>());

        // Eight presentations of one request race across both instances: one is accepted.
        nonce = await b.NewNonceAsync();
        presentation = await b.DemoPresentationAsync(nonce);
        var decisions = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => (i % 2 == 0 ? a : b).VerifyAsync(nonce, presentation)));
        Assert.Single(decisions, d => d.Body["decision"]!.GetValue<string>() == "accepted");
        Assert.All(decisions.Where(d => d.Body["decision"]!.GetValue<string>() != "accepted"), d => Assert.Equal("nonceReplayed", d.Body["error"]!["code"]!.GetValue<string>()));

        // Redis goes down: nothing is accepted, and the answers say why.
        nonce = await a.NewNonceAsync();
        presentation = await a.DemoPresentationAsync(nonce);
        await redis.StopAsync();
        var (status, body, type) = await b.VerifyAsync(nonce, presentation);
        Assert.Equal((503, "application/problem+json", "requestStoreUnavailable"), (status, type, body["code"]!.GetValue<string>()));
        using var newRequest = await a.Http.PostAsync(new Uri("/requests", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, newRequest.StatusCode);
        using var health = await a.Http.GetAsync(new Uri("/health", UriKind.Relative));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Equal("requestStoreUnavailable", JsonNode.Parse(await health.Content.ReadAsStringAsync())!["code"]!.GetValue<string>());
    }
}
