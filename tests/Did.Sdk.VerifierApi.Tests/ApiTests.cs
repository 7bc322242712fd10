using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Did.Sdk.VerifierApi.Tests;

/// <summary>The verifier web API on the embedded devnet: requests, decisions, problems, limits, OpenAPI.</summary>
public sealed class ApiTests(DemoFixture demo) : IClassFixture<DemoFixture>
{
    [Fact]
    public async Task Request_Verify_Accepted_WithEveryCheck_ThenTheReplayRefused()
    {
        await using var api = await demo.StartAsync();
        string nonce = await api.NewNonceAsync();
        string presentation = await api.DemoPresentationAsync(nonce);

        var (status, decision, type) = await api.VerifyAsync(nonce, presentation);

        Assert.Equal((200, "application/json"), (status, type));
        Assert.Equal("accepted", decision["decision"]!.GetValue<string>());
        Assert.Equal("gold", decision["claims"]!["tier"]!.GetValue<string>());
        Assert.Equal(demo.World.BrandDid, decision["issuer"]!.GetValue<string>());
        Assert.Equal(demo.World.FanDid, decision["holder"]!.GetValue<string>());
        Assert.Contains(decision["checks"]!.AsArray(), c => c!["name"]!.GetValue<string>() == "rules.chain.balanceAtLeast" && c["passed"]!.GetValue<bool>());

        var (_, replay, _) = await api.VerifyAsync(nonce, presentation);
        Assert.Equal(("rejected", "nonceReplayed"), (replay["decision"]!.GetValue<string>(), replay["error"]!["code"]!.GetValue<string>()));
        var (_, unknown, _) = await api.VerifyAsync("made-up", presentation);
        Assert.Equal("requestUnknown", unknown["error"]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task MalformedAndOversizedBodies_ProblemJsonWithTheSdkCode()
    {
        await using var api = await demo.StartAsync(new() { MaxRequestBodyBytes = 64 * 1024 });
        foreach (var body in new[] { "{", "[]", "{\"nonce\":1,\"presentation\":\"x\"}", "{\"nonce\":\"n\"}" })
        {
            using var response = await api.Http.PostAsync(new Uri("/verify", UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("invalidPresentation", JsonNode.Parse(await response.Content.ReadAsStringAsync())!["code"]!.GetValue<string>());
        }

        string huge = "{\"nonce\":\"n\",\"presentation\":\"" + new string('a', 100 * 1024) + "\"}";
        using var tooLarge = await api.Http.PostAsync(new Uri("/verify", UriKind.Relative), new StringContent(huge, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        Assert.Equal("invalidPresentation", JsonNode.Parse(await tooLarge.Content.ReadAsStringAsync())!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task RateLimit_429ProblemJson()
    {
        await using var api = await demo.StartAsync(new() { RateLimitPerSecond = 5 });
        var statuses = new List<HttpStatusCode>();
        for (int i = 0; i < 20; i++)
        {
            using var response = await api.Http.GetAsync(new Uri("/health", UriKind.Relative));
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.Equal("rateLimited", JsonNode.Parse(await response.Content.ReadAsStringAsync())!["code"]!.GetValue<string>());
            }
        }

        Assert.Contains(HttpStatusCode.OK, statuses);
        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
    }

    [Fact]
    public async Task OpenApi_Health_AndThePage()
    {
        await using var api = await demo.StartAsync();
        var openApi = JsonNode.Parse(await api.Http.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative)))!;
        var paths = openApi["paths"]!.AsObject().Select(p => p.Key).ToList();
        Assert.Contains("/requests", paths);
        Assert.Contains("/verify", paths);
        Assert.Contains("/health", paths);

        var health = JsonNode.Parse(await api.Http.GetStringAsync(new Uri("/health", UriKind.Relative)))!;
        Assert.Equal(("ok", "memory", 31337ul), (health["status"]!.GetValue<string>(), health["store"]!.GetValue<string>(), health["chainId"]!.GetValue<ulong>()));
        Assert.Contains("<h1>Verify a presentation</h1>", await api.Http.GetStringAsync(new Uri("/", UriKind.Relative)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThePolicyFileShipped_AcceptsTheDemoHolder()
    {
        var policy = (await global::Did.Sdk.Verification.Policy.VerificationPolicyJson.LoadAsync(Path.Combine(AppContext.BaseDirectory, "policies", "gold-member.json"))).ThrowIfFailed();
        await using var api = await demo.StartAsync(new() { Policy = policy });
        string nonce = await api.NewNonceAsync();

        var (_, decision, _) = await api.VerifyAsync(nonce, await api.DemoPresentationAsync(nonce));

        Assert.Equal("accepted", decision["decision"]!.GetValue<string>());
    }
}
