using System.Text;

namespace Did.Sdk.Jose.Tests.Regressions;

/// <summary>
/// Regression: a general JWS JSON serialization decoded the payload and built a signing input for every
/// signature entry, so a 512 KB payload with ~9k minimal entries (under the 1 MiB bound) kept gigabytes alive.
/// </summary>
public sealed class JwsJsonSignatureAmplificationTests : IDisposable
{
    private readonly SigningKey _key = SigningKey.Generate(JwsAlgorithm.EdDSA);

    public void Dispose() => _key.Dispose();

    private static string GeneralJson(int payloadChars, int signatures, string protectedHeader = "eyJhbGciOiJFZERTQSJ9", string signature = "")
    {
        var sb = new StringBuilder();
        sb.Append("{\"payload\":\"").Append('A', payloadChars).Append("\",\"signatures\":[");
        for (int i = 0; i < signatures; i++)
        {
            sb.Append(i == 0 ? "" : ",").Append("{\"protected\":\"").Append(protectedHeader).Append("\",\"signature\":\"").Append(signature).Append("\"}");
        }

        return sb.Append("]}").ToString();
    }

    [Fact]
    public void VerifyJson_ManySignaturesOverLargePayload_FailsFastWithBoundedAllocation()
    {
        string json = GeneralJson(512 * 1024, 9000);
        Assert.True(json.Length <= JwsVerificationOptions.DefaultMaxLength);
        var verifier = new JwsVerifier();

        long before = GC.GetAllocatedBytesForCurrentThread();
        var result = verifier.VerifyJson(json, _key.VerificationKey);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.False(result.Succeeded);
        Assert.Equal(ErrorCodes.InputTooLarge, result.Error.Code);
        Assert.True(allocated < 8 * 1024 * 1024, $"allocated {allocated} bytes");
    }

    [Fact]
    public void Decode_MoreSignaturesThanMax_FailsWithInputTooLarge()
    {
        var result = JwsJson.Decode(GeneralJson(4, 3), JwsVerificationOptions.DefaultMaxLength, maxSignatures: 2);
        Assert.False(result.Succeeded);
        Assert.Equal(ErrorCodes.InputTooLarge, result.Error.Code);
    }

    [Fact]
    public void Decode_SignaturesUpToMax_ShareOnePayload()
    {
        var result = JwsJson.Decode(GeneralJson(4, JwsVerificationOptions.DefaultMaxSignatures));
        Assert.True(result.Succeeded);
        Assert.Equal(JwsVerificationOptions.DefaultMaxSignatures, result.Value.Count);
        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(result.Value[0].Payload, out var first));
        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(result.Value[^1].Payload, out var last));
        Assert.Same(first.Array, last.Array);
        Assert.Equal("eyJhbGciOiJFZERTQSJ9.AAAA"u8.ToArray(), result.Value[^1].SigningInput.ToArray());
    }

    [Fact]
    public void Constructor_NonPositiveMaxSignatures_Throws()
    {
        Assert.Throws<ArgumentException>(() => new JwsVerifier(new JwsVerificationOptions { MaxSignatures = 0 }));
    }
}
