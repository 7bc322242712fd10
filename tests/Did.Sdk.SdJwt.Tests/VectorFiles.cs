using System.Text.Json.Nodes;

namespace Did.Sdk.SdJwt.Tests;

/// <summary>Reads conformance vectors copied to the test output (never /work/shared at run time).</summary>
internal static class VectorFiles
{
    public static string Path(string relative) => System.IO.Path.Combine(AppContext.BaseDirectory, "Vectors", relative);

    public static string ReadText(string relative) => File.ReadAllText(Path(relative));

    public static JsonNode ReadJson(string relative) => JsonNode.Parse(ReadText(relative))!;
}
