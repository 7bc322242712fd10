using System.Text.Json;
using System.Text.Json.Nodes;

namespace Did.Sdk.Interop.Tests;

/// <summary>ethr-did-resolver through one long-lived <c>node resolve.mjs --lines</c> process.</summary>
internal sealed class ReferenceResolver(string nodeDirectory) : IAsyncDisposable
{
    private readonly JsonLinesProcess _process = new(nodeDirectory, "resolve.mjs", "--lines");

    /// <summary>Resolves with the reference implementation; the DID Resolution Result as JSON.</summary>
    public async Task<JsonElement> ResolveAsync(string did, Uri rpcUrl, string registry, ulong chainId, ulong? versionId = null)
    {
        var request = new JsonObject { ["did"] = did, ["rpcUrl"] = rpcUrl.ToString(), ["registry"] = registry, ["chainId"] = chainId };
        if (versionId is { } v)
        {
            request["versionId"] = v.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var response = await _process.SendAsync(request);
        return response.TryGetProperty("exception", out var exception)
            ? throw new InvalidOperationException("resolve.mjs: " + exception.GetString())
            : response.GetProperty("result");
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
