using System.Text.Json;
using System.Text.Json.Nodes;

namespace Did.Sdk.Methods;

/// <summary>Small JSON helpers shared by the method resolvers.</summary>
internal static class MethodJson
{
    /// <summary>A detached <see cref="JsonElement"/> holding <paramref name="node"/>.</summary>
    public static JsonElement ToElement(JsonNode node)
    {
        using var document = JsonDocument.Parse(node.ToJsonString());
        return document.RootElement.Clone();
    }

    /// <summary>An <c>@context</c> array of the given entries (strings or JSON objects).</summary>
    public static JsonElement Context(IEnumerable<JsonNode> entries)
    {
        var array = new JsonArray();
        foreach (var entry in entries)
        {
            array.Add(entry.DeepClone());
        }

        return ToElement(array);
    }

    /// <summary>An <c>@context</c> array of URLs, in order and without repetition.</summary>
    public static JsonElement Context(IEnumerable<string> urls)
        => Context(urls.Distinct(StringComparer.Ordinal).Select(u => (JsonNode)JsonValue.Create(u)));

    /// <summary>The DID Core v1 context URL.</summary>
    public const string DidV1 = "https://www.w3.org/ns/did/v1";

    /// <summary>The JsonWebKey2020 suite context URL.</summary>
    public const string Jws2020 = "https://w3id.org/security/suites/jws-2020/v1";

    /// <summary>The Multikey context URL.</summary>
    public const string MultikeyV1 = "https://w3id.org/security/multikey/v1";
}
