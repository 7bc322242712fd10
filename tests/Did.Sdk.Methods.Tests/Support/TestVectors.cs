using System.Text.Json;

namespace Did.Sdk.Methods.Tests;

/// <summary>Reads the conformance vectors copied next to the test assembly.</summary>
internal static class TestVectors
{
    public static string PathOf(params string[] parts)
        => Path.Combine([AppContext.BaseDirectory, "Vectors", .. parts]);

    public static JsonElement Load(params string[] parts)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(PathOf(parts)));
        return document.RootElement.Clone();
    }
}

/// <summary>Semantic JSON comparison: object member order is irrelevant, array order matters.</summary>
internal static class JsonAssert
{
    public static void Equivalent(JsonElement expected, JsonElement actual)
    {
        var difference = FindDifference(expected, actual, "$");
        Assert.True(difference is null, difference + "\nexpected: " + expected.GetRawText() + "\nactual:   " + actual.GetRawText());
    }

    public static void Equivalent(JsonElement expected, DidDocument actual)
        => Equivalent(expected, JsonDocument.Parse(DidDocumentSerializer.Serialize(actual)).RootElement);

    private static string? FindDifference(JsonElement a, JsonElement b, string path)
    {
        if (a.ValueKind != b.ValueKind)
        {
            return $"{path}: kind {a.ValueKind} vs {b.ValueKind}";
        }

        switch (a.ValueKind)
        {
            case JsonValueKind.Object:
                var aNames = a.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToArray();
                var bNames = b.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToArray();
                if (!aNames.SequenceEqual(bNames))
                {
                    return $"{path}: members [{string.Join(",", aNames)}] vs [{string.Join(",", bNames)}]";
                }

                foreach (var name in aNames)
                {
                    var d = FindDifference(a.GetProperty(name), b.GetProperty(name), path + "." + name);
                    if (d is not null)
                    {
                        return d;
                    }
                }

                return null;
            case JsonValueKind.Array:
                if (a.GetArrayLength() != b.GetArrayLength())
                {
                    return $"{path}: length {a.GetArrayLength()} vs {b.GetArrayLength()}";
                }

                for (var i = 0; i < a.GetArrayLength(); i++)
                {
                    var d = FindDifference(a[i], b[i], $"{path}[{i}]");
                    if (d is not null)
                    {
                        return d;
                    }
                }

                return null;
            default:
                return a.GetRawText() == b.GetRawText() ? null : $"{path}: {a.GetRawText()} vs {b.GetRawText()}";
        }
    }
}
