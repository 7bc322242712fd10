using System.Text.Json;

namespace Did.Sdk.Tests;

internal static class TestData
{
    public static string PathOf(params string[] parts)
        => Path.Combine([AppContext.BaseDirectory, "Vectors", .. parts]);

    public static JsonDocument Load(params string[] parts) => JsonDocument.Parse(File.ReadAllBytes(PathOf(parts)));

    public static TheoryData<string> Strings(string file, string member)
    {
        using var doc = Load("DidCore", file);
        var data = new TheoryData<string>();
        foreach (var item in doc.RootElement.GetProperty(member).EnumerateArray())
        {
            data.Add(item.GetString()!);
        }

        return data;
    }
}
