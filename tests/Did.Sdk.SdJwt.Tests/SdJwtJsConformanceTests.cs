using System.Text.Json.Nodes;
using Did.Sdk.Jose;
using Microsoft.Extensions.Time.Testing;

namespace Did.Sdk.SdJwt.Tests;

/// <summary>
/// The sd-jwt-python test cases in the JSON form of sd-jwt-js (packages/core/test/*.json): issue with
/// the disclosure frame, present with the presentation frame, verify and compare the presented claims.
/// </summary>
public class SdJwtJsConformanceTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(TestData.Path("sd-jwt-js/core_test"), "*.json").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task IssuePresentVerify_SdJwtJsCase_PresentsExpectedClaims(string file)
    {
        var test = (JsonObject)TestData.ReadJson("sd-jwt-js/core_test/" + file);
        var claims = (JsonObject)test["claims"]!;
        var sdPaths = new List<SdJwtClaimPath>();
        FrameToPaths(test["disclosureFrame"] as JsonObject, claims, [], sdPaths, disclosureFrame: true);
        var presentPaths = new List<SdJwtClaimPath>();
        FrameToPaths(test["presentationFrames"] as JsonObject, claims, [], presentPaths, disclosureFrame: false);

        using var issuerKey = SigningKey.Generate(JwsAlgorithm.EdDSA);
        using var holderKey = SigningKey.Generate(JwsAlgorithm.ES256K);
        var issuer = new SdJwtIssuer(issuerKey, new SdJwtIssuerOptions { Type = null, DecoyDigests = 2 });
        var credential = issuer.Issue(claims, sdPaths, holderKey.VerificationKey.ToJwk());
        var time = new FakeTimeProvider(Now);
        var presentation = new SdJwtHolder(time).Present(credential, presentPaths, holderKey, "https://verifier.example", "n-0S6_WzA2Mj").ThrowIfFailed();
        string serialized = file == "json_serialization.json" ? presentation.ToJson() : presentation.ToCompact();

        var verifier = new SdJwtVerifier(
            new SdJwtVerificationOptions { IssuerKey = issuerKey.VerificationKey, RequireVerifiableCredential = false },
            timeProvider: time);
        var result = await verifier.VerifyAsync(serialized, SdJwtVerificationRequest.KeyBound("https://verifier.example", "n-0S6_WzA2Mj"));

        Assert.True(result.Succeeded, result.Error?.ToString());
        Assert.True(result.Validated.KeyBound);
        result.Claims.Remove("cnf");
        // array_none_disclosed: the JSON port drops the emptied object; the sd-jwt-python case it was
        // ported from (tests/testcases/array_none_disclosed) expects `is_over: {}`, as RFC 9901 §7.1 gives.
        var expected = file == "array_none_disclosed.json" ? JsonNode.Parse("{\"is_over\":{}}") : test["presentedClaims"];
        Assert.True(JsonNode.DeepEquals(expected, result.Claims), result.Claims.ToJsonString());
    }

    private static void FrameToPaths(JsonObject? frame, JsonNode? claims, List<object> prefix, List<SdJwtClaimPath> paths, bool disclosureFrame)
    {
        if (frame is null)
        {
            return;
        }

        foreach (var (key, value) in frame)
        {
            if (key == "_sd_decoy")
            {
                continue;
            }

            if (key == "_sd" && disclosureFrame)
            {
                foreach (var item in value!.AsArray())
                {
                    object element = item!.GetValueKind() == System.Text.Json.JsonValueKind.Number ? item.GetValue<int>() : item.GetValue<string>();
                    paths.Add(SdJwtClaimPath.Create([.. prefix, element]));
                }

                continue;
            }

            object step = claims is JsonArray ? int.Parse(key, System.Globalization.CultureInfo.InvariantCulture) : key;
            JsonNode? child = step is int i ? (claims is JsonArray a && i < a.Count ? a[i] : null) : claims?[key];
            if (value is JsonObject nested)
            {
                if (!disclosureFrame && nested.Count == 0)
                {
                    continue;
                }

                FrameToPaths(nested, child, [.. prefix, step], paths, disclosureFrame);
            }
            else if (value?.GetValueKind() == System.Text.Json.JsonValueKind.True)
            {
                paths.Add(SdJwtClaimPath.Create([.. prefix, step]));
            }
        }
    }
}
