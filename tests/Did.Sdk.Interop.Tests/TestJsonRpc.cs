using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Did.Sdk.Interop.Tests;

/// <summary>
/// A minimal JSON-RPC 2.0 client for the interop harness (one POST per call). It stands in until the
/// SDK's own Ethereum RPC client is merged.
/// </summary>
internal sealed class TestJsonRpc(HttpClient http, Uri endpoint)
{
    private int _id;

    public async Task<JsonElement> CallAsync(string method, params JsonNode?[] parameters)
    {
        var request = new JsonObject
        {
            ["jsonrpc"] = "2.0",
            ["id"] = Interlocked.Increment(ref _id),
            ["method"] = method,
            ["params"] = new JsonArray(parameters),
        };
        using var response = await http.PostAsJsonAsync(endpoint, request);
        response.EnsureSuccessStatusCode();
        using var doc = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync());
        if (doc.RootElement.TryGetProperty("error", out var error))
        {
            throw new InvalidOperationException($"JSON-RPC {method} failed: {error.GetRawText()}");
        }

        return doc.RootElement.GetProperty("result").Clone();
    }

    public async Task<ulong> GetNonceAsync(string address)
        => ParseQuantity(await CallAsync("eth_getTransactionCount", address, "pending"));

    /// <summary>Sends a raw transaction and waits (bounded) for its receipt; hardhat mines at once.</summary>
    public async Task<JsonElement> SendAndWaitAsync(string rawHex, string expectedHash)
    {
        var hash = (await CallAsync("eth_sendRawTransaction", rawHex)).GetString();
        Assert.Equal(expectedHash, hash);
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var receipt = await CallAsync("eth_getTransactionReceipt", hash);
            if (receipt.ValueKind == JsonValueKind.Object)
            {
                return receipt;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"No receipt for {hash} after 5 s.");
    }

    public static ulong ParseQuantity(JsonElement value)
        => Convert.ToUInt64(value.GetString(), 16);
}
