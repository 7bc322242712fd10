// Shared inputs: a ~300-byte JSON payload like a small credential's claims.
using System.Text;

namespace Did.Sdk.Benchmarks;

internal static class BenchmarkData
{
    /// <summary>A 300-byte UTF-8 JSON payload.</summary>
    public static byte[] Payload { get; } = CreatePayload();

    private static byte[] CreatePayload()
    {
        var json = new StringBuilder(
            "{\"iss\":\"did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK\",\"sub\":\"did:example:holder\","
            + "\"iat\":1767225600,\"exp\":1798761600,\"nonce\":\"n-0S6_WzA2Mj\",\"vct\":\"https://example.com/membership\","
            + "\"claims\":{\"given_name\":\"Alice\",\"family_name\":\"Example\",\"age_over_18\":true,\"member\":true},\"pad\":\"");
        while (json.Length < 298)
        {
            json.Append('x');
        }

        json.Append("\"}");
        return Encoding.UTF8.GetBytes(json.ToString());
    }
}
