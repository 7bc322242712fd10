using System.Text.Json;

namespace Did.Sdk.Ethereum.Tests;

internal static class VectorFiles
{
    private static readonly Dictionary<string, JsonElement> Cache = new(StringComparer.Ordinal);

    public static JsonElement Load(string relativePath)
    {
        lock (Cache)
        {
            if (!Cache.TryGetValue(relativePath, out var element))
            {
                var path = Path.Combine(AppContext.BaseDirectory, "Vectors", "EthSig", relativePath);
                using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
                element = doc.RootElement.Clone();
                Cache[relativePath] = element;
            }

            return element;
        }
    }


    public static byte[] HexBytes(string? hex)
    {
        Assert.NotNull(hex);
        Assert.StartsWith("0x", hex, StringComparison.Ordinal);
        return Convert.FromHexString(hex.AsSpan(2));
    }

    public static string Lower(ReadOnlySpan<byte> bytes) => "0x" + Convert.ToHexStringLower(bytes);
}
