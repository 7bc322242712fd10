using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;

namespace Did.Sdk.SdJwt.Tests;

/// <summary>RFC 9901 and SD-JWT VC (draft-18) examples: every serialization verifies; processed claims match.</summary>
public class RfcVectorTests
{
    public static TheoryData<string, string?> Presentations => new()
    {
        { "rfc9901/simple/sd_jwt_issuance.txt", null },
        { "rfc9901/simple/sd_jwt_presentation.txt", "rfc9901/simple/verified_contents.json" },
        { "rfc9901/complex_ekyc/sd_jwt_presentation.txt", "rfc9901/complex_ekyc/verified_contents.json" },
        { "rfc9901/arf-pid/sd_jwt_issuance.txt", null },
        { "rfc9901/arf-pid/sd_jwt_presentation.txt", "rfc9901/arf-pid/verified_contents.json" },
        { "rfc9901/jsonld/sd_jwt_issuance.txt", null },
        { "rfc9901/jsonld/sd_jwt_presentation.txt", "rfc9901/jsonld/verified_contents.json" },
        { "rfc9901/json_serialization_flattened/sd_jwt_issuance.json", null },
        { "rfc9901/json_serialization_flattened/sd_jwt_presentation.json", null },
        { "rfc9901/json_serialization_general/sd_jwt_presentation.json", null },
        { "sd-jwt-vc/draft-18/example_2_3/sd_jwt_issuance.txt", null },
        { "sd-jwt-vc/draft-18/example_2_3/sd_jwt_presentation_with_kb.txt", "sd-jwt-vc/draft-18/example_2_3/verified_contents_with_kb.json" },
        { "sd-jwt-vc/draft-18/example_2_3/sd_jwt_presentation_without_kb.txt", "sd-jwt-vc/draft-18/example_2_3/verified_contents_without_kb.json" },
        { "sd-jwt-vc/draft-18/appendix_pid/sd_jwt_issuance.txt", null },
        { "sd-jwt-vc/draft-18/appendix_pid/sd_jwt_presentation.txt", "sd-jwt-vc/draft-18/appendix_pid/verified_contents.json" },
    };

    [Theory]
    [MemberData(nameof(Presentations))]
    public async Task VerifyAsync_RfcExample_Succeeds(string file, string? expectedClaimsFile)
    {
        string text = TestData.ReadText(file);
        var token = SdJwtToken.Parse(text).ThrowIfFailed();
        var payload = TestData.JwtPayload(token.IssuerSignedJwt);
        string? typ = TestData.JwtHeader(token.IssuerSignedJwt)["typ"]?.GetValue<string>();
        var options = new SdJwtVerificationOptions
        {
            IssuerKey = TestData.RfcIssuerPublicKey(),
            RequireVerifiableCredential = typ == SdJwtVc.MediaType,
            DisableStatusCheck = true,
        };
        long now = payload["iat"]?.GetValue<long>() ?? 0;
        var request = SdJwtVerificationRequest.WithoutKeyBinding;
        if (token.KeyBindingJwt is not null)
        {
            var kb = TestData.JwtPayload(token.KeyBindingJwt);
            request = SdJwtVerificationRequest.KeyBound(kb["aud"]!.GetValue<string>(), kb["nonce"]!.GetValue<string>());
            now = kb["iat"]!.GetValue<long>();
        }

        var verifier = new SdJwtVerifier(options, timeProvider: new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(now)));
        var result = await verifier.VerifyAsync(text, request);

        Assert.True(result.Succeeded, result.Error?.ToString());
        Assert.Equal(token.KeyBindingJwt is not null, result.Validated.KeyBound);
        Assert.Equal("ES256", result.Validated.Algorithm);
        if (expectedClaimsFile is not null)
        {
            Assert.True(JsonNode.DeepEquals(TestData.ReadJson(expectedClaimsFile), result.Claims), result.Claims.ToJsonString());
        }
    }

    [Theory]
    [MemberData(nameof(Presentations))]
    public void Parse_RfcExample_RoundTripsCompactAndJson(string file, string? expectedClaimsFile)
    {
        _ = expectedClaimsFile;
        string text = TestData.ReadText(file);
        var token = SdJwtToken.Parse(text).ThrowIfFailed();
        if (!text.StartsWith('{'))
        {
            Assert.Equal(text, token.ToCompact());
        }

        var again = SdJwtToken.Parse(token.ToJson(token.Signatures.Count == 1 ? SdJwtJsonSyntax.Flattened : SdJwtJsonSyntax.General)).ThrowIfFailed();
        Assert.Equal(token.ToCompact(), again.ToCompact());
    }

    [Theory]
    [InlineData("rfc9901/simple")]
    [InlineData("rfc9901/complex_ekyc")]
    [InlineData("rfc9901/arf-pid")]
    [InlineData("rfc9901/jsonld")]
    [InlineData("rfc9901/address_only_flat")]
    [InlineData("rfc9901/address_only_structured")]
    [InlineData("rfc9901/address_only_recursive")]
    [InlineData("rfc9901/simple_structured")]
    [InlineData("sd-jwt-vc/draft-18/example_2_3")]
    [InlineData("sd-jwt-vc/draft-18/appendix_pid")]
    public void Issue_RfcExampleWithItsSalts_ReproducesDisclosuresAndPayload(string folder)
    {
        var expectedPayload = (JsonObject)TestData.ReadJson(folder + "/sd_jwt_payload.json");
        var vectorDisclosures = ((JsonArray)TestData.ReadJson(folder + "/disclosures.json"))
            .Select(d => SdJwtDisclosure.Parse(d!["disclosure"]!.GetValue<string>()).ThrowIfFailed()).ToList();
        var alg = SdJwtHashAlgorithm.Sha256;

        // The disclosure policy is what the example discloses: the concrete path of every disclosure.
        var processed = SdJwtProcessor.Process(expectedPayload, vectorDisclosures, alg);
        Assert.True(processed.Succeeded, processed.Error?.ToString());
        var paths = processed.Value.Paths.Values.Select(p => SdJwtClaimPath.Create([.. p])).ToList();

        // The claim set: the fully processed payload without what the issuer adds itself.
        var claims = processed.Value.Claims;
        var cnf = claims["cnf"]?["jwk"];
        claims.Remove("cnf");
        string? typ = claims.ContainsKey("vct") ? SdJwtVc.MediaType : null;
        var byPath = processed.Value.Paths.ToDictionary(p => string.Join('/', p.Value), p => p.Key);
        var known = vectorDisclosures.ToDictionary(d => d.ComputeDigest(alg));
        var decoys = new Dictionary<string, List<string>>();
        CollectDecoys(expectedPayload, [], known, decoys);
        var issuer = new SdJwtIssuer(TestData.RfcIssuerKey(), new SdJwtIssuerOptions { Type = typ })
        {
            JsonStyle = vectorDisclosures.Any(d => System.Text.Encoding.UTF8.GetString(Jose.Base64Url.Decode(d.Encoded).ThrowIfFailed()).Contains("\\u", StringComparison.Ordinal)) ? SdJwtJsonStyle.SpacedAscii : SdJwtJsonStyle.Spaced,
            DecoySource = path => decoys.GetValueOrDefault(string.Join('/', path)),
            SaltSource = path => byPath[string.Join('/', path)].Salt,
        };

        var issued = issuer.Issue(claims, paths, cnf is null ? null : Jose.Jwk.FromJsonObject((JsonObject)cnf).ThrowIfFailed());

        var missing = vectorDisclosures.Select(d => d.Encoded).Except(issued.Disclosures.Select(d => d.Encoded)).Select(e => System.Text.Encoding.UTF8.GetString(Jose.Base64Url.Decode(e).ThrowIfFailed()));
        var extra = issued.Disclosures.Select(d => d.Encoded).Except(vectorDisclosures.Select(d => d.Encoded)).Select(e => System.Text.Encoding.UTF8.GetString(Jose.Base64Url.Decode(e).ThrowIfFailed()));
        Assert.True(!missing.Any() && !extra.Any(), string.Join("\n", missing) + "\n---\n" + string.Join("\n", extra));
        var ours = TestData.JwtPayload(issued.IssuerSignedJwt);
        Assert.True(JsonNode.DeepEquals(expectedPayload, ours), ours.ToJsonString());
    }

    [Fact]
    public void Disclosure_Section4Examples_DigestsMatch()
    {
        var section4 = TestData.ReadJson("rfc9901/section4_disclosure_encoding.json")["object_property_disclosure"]!;
        var created = SdJwtDisclosure.Create(section4["contents"]![0]!.GetValue<string>(), section4["contents"]![1]!.GetValue<string>(), section4["contents"]![2], SdJwtJsonStyle.Spaced);
        Assert.Equal(section4["disclosure"]!.GetValue<string>(), created.Encoded);
        Assert.Equal(section4["sha256"]!.GetValue<string>(), created.ComputeDigest(SdJwtHashAlgorithm.Sha256));

        var simple = (JsonArray)TestData.ReadJson("rfc9901/simple/disclosures.json");
        foreach (var entry in simple)
        {
            var d = SdJwtDisclosure.Parse(entry!["disclosure"]!.GetValue<string>()).ThrowIfFailed();
            Assert.Equal(entry["sha256"]!.GetValue<string>(), d.ComputeDigest(SdJwtHashAlgorithm.Sha256));
            Assert.True(JsonNode.DeepEquals(entry["contents"], ToArray(d)));
        }
    }

    private static JsonArray ToArray(SdJwtDisclosure d)
        => d.ClaimName is null ? new JsonArray(JsonValue.Create(d.Salt), d.Value) : new JsonArray(JsonValue.Create(d.Salt), JsonValue.Create(d.ClaimName), d.Value);

    private static void CollectDecoys(JsonNode? node, List<object> path, Dictionary<string, SdJwtDisclosure> known, Dictionary<string, List<string>> decoys)
    {
        if (node is JsonObject obj)
        {
            foreach (var (name, value) in obj)
            {
                if (name == "_sd")
                {
                    foreach (var digest in value!.AsArray().Select(x => x!.GetValue<string>()))
                    {
                        if (known.TryGetValue(digest, out var d))
                        {
                            CollectDecoys(d.Value, [.. path, d.ClaimName!], known, decoys);
                        }
                        else
                        {
                            string key = string.Join('/', path);
                            decoys.TryAdd(key, []);
                            decoys[key].Add(digest);
                        }
                    }
                }
                else
                {
                    CollectDecoys(value, [.. path, name], known, decoys);
                }
            }
        }
        else if (node is JsonArray arr)
        {
            for (int i = 0; i < arr.Count; i++)
            {
                var element = arr[i];
                if (element is JsonObject eo && eo["..."] is { } dg && known.TryGetValue(dg.GetValue<string>(), out var d))
                {
                    element = d.Value;
                }

                CollectDecoys(element, [.. path, i], known, decoys);
            }
        }
    }
}

/// <summary>The holder side against the RFC: selecting what the example discloses reproduces its presentation.</summary>
public class RfcHolderTests
{
    [Theory]
    [InlineData("rfc9901/simple")]
    [InlineData("rfc9901/arf-pid")]
    [InlineData("rfc9901/jsonld")]
    [InlineData("sd-jwt-vc/draft-18/appendix_pid")]
    public void Present_RfcExampleSelection_ReproducesPresentationAndKeyBindingPayload(string folder)
    {
        var issued = SdJwtToken.Parse(TestData.ReadText(folder + "/sd_jwt_issuance.txt")).ThrowIfFailed();
        var presented = SdJwtToken.Parse(TestData.ReadText(folder + "/sd_jwt_presentation.txt")).ThrowIfFailed();
        var payload = TestData.JwtPayload(issued.IssuerSignedJwt);
        var processed = SdJwtProcessor.Process(payload, presented.Disclosures, SdJwtHashAlgorithm.Sha256);
        Assert.True(processed.Succeeded, processed.Error?.ToString());
        // A path reveals everything below it, so ask for the leaves only: their parents come along.
        var all = processed.Value.Paths.Values.ToList();
        var paths = all.Where(p => !all.Any(q => q.Count > p.Count && q.Take(p.Count).SequenceEqual(p)))
            .Select(p => SdJwtClaimPath.Create([.. p])).ToList();

        var kbPayload = TestData.JwtPayload(presented.KeyBindingJwt!);
        var time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(kbPayload["iat"]!.GetValue<long>()));
        var ours = new SdJwtHolder(time).Present(issued, paths, TestData.RfcHolderKey(), kbPayload["aud"]!.GetValue<string>(), kbPayload["nonce"]!.GetValue<string>()).ThrowIfFailed();

        Assert.Equal(presented.Disclosures.Select(d => d.Encoded).Order(StringComparer.Ordinal), ours.Disclosures.Select(d => d.Encoded).Order(StringComparer.Ordinal));
        if (presented.Disclosures.Select(d => d.Encoded).SequenceEqual(ours.Disclosures.Select(d => d.Encoded)))
        {
            Assert.True(JsonNode.DeepEquals(kbPayload, TestData.JwtPayload(ours.KeyBindingJwt!)));
        }
        else
        {
            Assert.NotEqual(kbPayload["sd_hash"]!.GetValue<string>(), TestData.JwtPayload(ours.KeyBindingJwt!)["sd_hash"]!.GetValue<string>());
        }

        Assert.Equal("kb+jwt", TestData.JwtHeader(ours.KeyBindingJwt!)["typ"]!.GetValue<string>());
    }
}
