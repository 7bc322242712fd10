using Microsoft.AspNetCore.Builder;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Did.Sdk.Examples.VerifierApi;

namespace Did.Sdk.VerifierApi.Tests;

/// <summary>One embedded devnet world (brand, fan, gold credential) shared by the API instances of a test class.</summary>
public sealed class DemoFixture : IAsyncLifetime
{
    public DemoWorld World { get; private set; } = null!;

    public async Task InitializeAsync() => World = await DemoWorld.StartAsync();

    public async Task DisposeAsync() => await World.DisposeAsync();

    /// <summary>Starts an API instance on 127.0.0.1 (any free port) over the shared world.</summary>
    public async Task<Api> StartAsync(VerifierApiOptions? options = null)
    {
        var app = await VerifierApiApp.BuildAsync((options ?? new VerifierApiOptions()) with { Port = 0, Demo = World });
        await app.StartAsync();
        return new Api(app, new HttpClient { BaseAddress = new Uri(app.Urls.First()) });
    }
}

public sealed class Api(WebApplication app, HttpClient http) : IAsyncDisposable
{
    public HttpClient Http { get; } = http;

    public Uri Url => Http.BaseAddress!;

    public async Task<string> NewNonceAsync()
    {
        using var response = await Http.PostAsync(new Uri("/requests", UriKind.Relative), null);
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["nonce"]!.GetValue<string>();
    }

    public async Task<string> DemoPresentationAsync(string nonce)
    {
        using var response = await Http.PostAsJsonAsync(new Uri("/demo/presentation", UriKind.Relative), new { nonce });
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["presentation"]!.GetValue<string>();
    }

    public async Task<(int Status, JsonObject Body, string? ContentType)> VerifyAsync(string nonce, string presentation)
    {
        using var response = await Http.PostAsJsonAsync(new Uri("/verify", UriKind.Relative), new { nonce, presentation });
        return ((int)response.StatusCode, (await response.Content.ReadFromJsonAsync<JsonObject>())!, response.Content.Headers.ContentType?.MediaType);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
