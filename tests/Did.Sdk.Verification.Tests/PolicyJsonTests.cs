using System.Numerics;
using System.Text;
using System.Text.Json.Nodes;
using Did.Sdk.Ethereum;
using Did.Sdk.Verification.Dcql;
using Did.Sdk.Verification.Policy;
using NJsonSchema;

namespace Did.Sdk.Verification.Tests;

/// <summary>Policy files: the schema, the example, round trips, and hostile files refused with a typed error.</summary>
public sealed class PolicyJsonTests
{
    private static readonly string SchemaDir = Path.Combine(AppContext.BaseDirectory, "schemas", "verification-policy", "v1");

    private static readonly string Minimal = """{"version":1,"dcql":{"credentials":[{"id":"a","format":"dc+sd-jwt","meta":{"vct_values":["urn:x"]}}]}}""";

    [Fact]
    public async Task Example_MatchesTheSchema_AndParses()
    {
        var schema = await JsonSchema.FromFileAsync(Path.Combine(SchemaDir, "schema.json"));
        string example = await File.ReadAllTextAsync(Path.Combine(SchemaDir, "example-gold-member.json"));

        Assert.Empty(schema.Validate(example));
        var policy = VerificationPolicyJson.Parse(Encoding.UTF8.GetBytes(example)).ThrowIfFailed();

        Assert.Equal(["member", "person"], policy.Dcql.Credentials.Select(c => c.Id));
        Assert.Equal(Finality.Finalized, policy.DidFinality);
        var all = Assert.IsType<AllOfRule>(policy.Rules);
        Assert.Equal(18, Assert.IsType<ClaimRule>(all.Rules[0]).MinimumAgeYears);
        Assert.Equal(BigInteger.Parse("1000000000000000000000"), Assert.IsType<ChainRule>(all.Rules[1]).Amount);
    }

    [Fact]
    public async Task BuiltPolicies_RoundTrip_AndMatchTheSchema()
    {
        var schema = await JsonSchema.FromFileAsync(Path.Combine(SchemaDir, "schema.json"));
        var coin = EthereumAddress.Parse("0x5FbDB2315678afecb367f032d93F642f64180aa3").Value;
        var policies = new[]
        {
            new VerificationPolicyBuilder().RequireCredential("a", "urn:x").Build(),
            new VerificationPolicyBuilder()
                .RequireCredential("member", "urn:did-sdk:vct:SocialTokenHolder:2", c => c.Claim("tier", "gold", "silver").ClaimAt(DcqlClaimPath.Of("evidence", "block_number")).OrType("urn:y"))
                .TrustIssuer("did:ethr:0xa:0x1111111111111111111111111111111111111111")
                .MaxCredentialAge(TimeSpan.FromDays(30)).RequireStatus().ResolveDidsAt(Finality.Latest).IssuerKeyValid(SdJwt.SdJwtKeyValidity.AtIssuance)
                .OnChainAtEvidence(10, 100, Finality.Finalized)
                .Require(
                    PolicyRule.AnyOf(Rules.BalanceAtLeast(coin, 5), Rules.PastVotesAtLeast(coin, 7, timepoint: 12)),
                    Rules.IsLocked(coin, 3), Rules.IssuerControlsToken(coin), Rules.Between("score", 1.5m, 9), Rules.AgeAtLeast("birthdate", 21),
                    new ClaimRule { Path = DcqlClaimPath.Of("since"), AtMost = ClaimBound.Of(new DateOnly(2025, 1, 2)) })
                .RequestLifetime(TimeSpan.FromMinutes(2))
                .Build(),
        };

        foreach (var policy in policies)
        {
            string json = VerificationPolicyJson.ToJson(policy).ToJsonString();
            Assert.Empty(schema.Validate(json));
            var parsed = VerificationPolicyJson.Parse(Encoding.UTF8.GetBytes(json)).ThrowIfFailed();
            Assert.Equal(json, VerificationPolicyJson.ToJson(parsed).ToJsonString());
        }
    }

    public static TheoryData<string, string> Hostile => new()
    {
        { "", VerificationErrorCodes.InvalidPolicy },
        { "null", VerificationErrorCodes.InvalidPolicy },
        { "[]", VerificationErrorCodes.InvalidPolicy },
        { """{"version":2,"dcql":{"credentials":[{"id":"a","format":"dc+sd-jwt","meta":{"vct_values":["x"]}}]}}""", VerificationErrorCodes.InvalidPolicy },
        { """{"version":1,"version":1,"dcql":{}}""", VerificationErrorCodes.InvalidPolicy },
        { Minimal.Replace("\"version\":1", "\"version\":1,\"trustedIssuer\":[]", StringComparison.Ordinal), VerificationErrorCodes.InvalidPolicy },
        { Minimal.Replace("\"version\":1", "\"version\":1,\"trustedIssuers\":[\"not a did\"]", StringComparison.Ordinal), VerificationErrorCodes.InvalidPolicy },
        { Minimal.Replace("\"version\":1", "\"version\":1,\"maxCredentialAgeSeconds\":-1", StringComparison.Ordinal), VerificationErrorCodes.InvalidPolicy },
        { Minimal.Replace("\"version\":1", "\"version\":1,\"maxCredentialAgeSeconds\":1.5", StringComparison.Ordinal), VerificationErrorCodes.InvalidPolicy },
        { Minimal.Replace("\"version\":1", "\"version\":1,\"didFinality\":\"pending\"", StringComparison.Ordinal), VerificationErrorCodes.InvalidPolicy },
        { Minimal.Replace("\"version\":1", "\"version\":1,\"trustListFile\":\"issuers.json\"", StringComparison.Ordinal), VerificationErrorCodes.InvalidPolicy },
        { Minimal.Replace("\"version\":1", "\"version\":1,\"chain\":{\"chainId\":0}", StringComparison.Ordinal), VerificationErrorCodes.InvalidPolicy },
        { Minimal.Replace("\"version\":1", "\"version\":1,\"chain\":{\"chainId\":1,\"block\":\"safe\",\"maxEvidenceAgeBlocks\":3}", StringComparison.Ordinal), VerificationErrorCodes.InvalidPolicy },
        { WithRules("""{"chain":{"check":"balanceAtLeast","token":"0x5FbDB2315678afecb367f032d93F642f64180aa3","amount":"1"}}"""), VerificationErrorCodes.InvalidPolicy },
        { WithChain("""{"chain":{"check":"balanceAtLeast","token":"0x5FbDB2315678afecb367f032d93F642f64180aa3"}}"""), VerificationErrorCodes.InvalidPolicy },
        { WithChain("""{"chain":{"check":"balanceAtLeast","token":"0x5FbDB2315678afecb367f032d93F642f64180aA3","amount":"1"}}"""), VerificationErrorCodes.InvalidPolicy },
        { WithChain("""{"chain":{"check":"balanceAtLeast","token":"0x5FbDB2315678afecb367f032d93F642f64180aa3","amount":"-1"}}"""), VerificationErrorCodes.InvalidPolicy },
        { WithChain("""{"chain":{"check":"balanceAtLeast","token":"0x5FbDB2315678afecb367f032d93F642f64180aa3","amount":"01"}}"""), VerificationErrorCodes.InvalidPolicy },
        { WithChain("""{"chain":{"check":"balanceAtLeast","token":"0x5FbDB2315678afecb367f032d93F642f64180aa3","amount":"115792089237316195423570985008687907853269984665640564039457584007913129639936"}}"""), VerificationErrorCodes.InvalidPolicy },
        { WithChain("""{"chain":{"check":"BalanceAtLeast","token":"0x5FbDB2315678afecb367f032d93F642f64180aa3","amount":"1"}}"""), VerificationErrorCodes.InvalidPolicy },
        { WithChain("""{"chain":{"check":"isLocked","token":"0x5FbDB2315678afecb367f032d93F642f64180aa3"}}"""), VerificationErrorCodes.InvalidPolicy },
        { WithChain("""{"chain":{"check":"ownsToken","token":"0x5FbDB2315678afecb367f032d93F642f64180aa3","identity":"anyone"}}"""), VerificationErrorCodes.InvalidPolicy },
        { WithChain("""{"chain":{"check":"ownsToken","token":"0x5FbDB2315678afecb367f032d93F642f64180aa3","credential":"nope"}}"""), VerificationErrorCodes.InvalidPolicy },
        { WithRules("""{"claim":{"path":["age"]}}"""), VerificationErrorCodes.InvalidPolicy },
        { WithRules("""{"claim":{"path":[],"atLeast":1}}"""), VerificationErrorCodes.InvalidPolicy },
        { WithRules("""{"claim":{"path":["age"],"atLeast":"yesterday"}}"""), VerificationErrorCodes.InvalidPolicy },
        { WithRules("""{"claim":{"path":["age"],"atLeast":1,"atMost":"2020-01-01"}}"""), VerificationErrorCodes.InvalidPolicy },
        { WithRules("""{"claim":{"path":["birthdate"],"ageAtLeast":200}}"""), VerificationErrorCodes.InvalidPolicy },
        { WithRules("""{"allOf":[]}"""), VerificationErrorCodes.InvalidPolicy },
        { WithRules("""{"allOf":[{"claim":{"path":["a"],"atLeast":1}}],"anyOf":[{"claim":{"path":["a"],"atLeast":1}}]}"""), VerificationErrorCodes.InvalidPolicy },
        { WithRules(Nested(9)), VerificationErrorCodes.InvalidPolicy },
        { WithRules("{\"allOf\":[" + string.Join(",", Enumerable.Repeat("""{"claim":{"path":["a"],"atLeast":1}}""", 70)) + "]}"), VerificationErrorCodes.InvalidPolicy },
        { """{"version":1,"dcql":{"credentials":[]}}""", VerificationErrorCodes.InvalidDcqlQuery },
        { """{"version":1,"dcql":{"credentials":[{"id":"a","format":"dc+sd-jwt","meta":{}}]}}""", VerificationErrorCodes.InvalidDcqlQuery },
        { """{"version":1,"dcql":{"credentials":[{"id":"a b","format":"dc+sd-jwt","meta":{"vct_values":["x"]}}]}}""", VerificationErrorCodes.InvalidDcqlQuery },
        { """{"version":1,"dcql":{"credentials":[{"id":"a","format":"dc+sd-jwt","meta":{"vct_values":["x"]}},{"id":"a","format":"dc+sd-jwt","meta":{"vct_values":["x"]}}]}}""", VerificationErrorCodes.InvalidDcqlQuery },
        { """{"version":1,"dcql":{"credentials":[{"id":"a","format":"dc+sd-jwt","meta":{"vct_values":["x"]},"claims":[{"path":["x"]}],"claim_sets":[["x"]]}]}}""", VerificationErrorCodes.InvalidDcqlQuery },
        { """{"version":1,"dcql":{"credentials":[{"id":"a","format":"dc+sd-jwt","meta":{"vct_values":["x"]},"claims":[{"id":"x","path":["x"]}],"claim_sets":[["y"]]}]}}""", VerificationErrorCodes.InvalidDcqlQuery },
        { """{"version":1,"dcql":{"credentials":[{"id":"a","format":"dc+sd-jwt","meta":{"vct_values":["x"]},"claims":[{"path":["x"],"values":[1.5]}]}]}}""", VerificationErrorCodes.InvalidDcqlQuery },
        { """{"version":1,"dcql":{"credentials":[{"id":"a","format":"dc+sd-jwt","meta":{"vct_values":["x"]},"claims":[{"path":["x", -1]}]}]}}""", VerificationErrorCodes.InvalidDcqlQuery },
        { """{"version":1,"dcql":{"credentials":[{"id":"a","format":"dc+sd-jwt","meta":{"vct_values":["x"]}}],"credential_sets":[{"options":[["b"]]}]}}""", VerificationErrorCodes.InvalidDcqlQuery },
        { """{"version":1,"dcql":{"credentials":[{"id":"a","format":"dc+sd-jwt","meta":{"vct_values":["x"]},"trusted_authorities":[{"type":"did","values":["x"]}]}]}}""", VerificationErrorCodes.InvalidDcqlQuery },
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public void HostilePolicy_RefusedWithATypedError(string json, string code)
    {
        var result = VerificationPolicyJson.Parse(Encoding.UTF8.GetBytes(json));

        Assert.False(result.Succeeded);
        Assert.Equal(code, result.Error.Code);
        Assert.DoesNotContain("Exception", result.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OversizedAndDeep_Refused_WithoutReadingThemWhole()
    {
        Assert.Equal(VerificationErrorCodes.InvalidPolicy, VerificationPolicyJson.Parse(new byte[VerificationPolicyJson.MaxBytes + 1]).Error?.Code);
        Assert.Equal(VerificationErrorCodes.InvalidPolicy, VerificationPolicyJson.Parse(Encoding.UTF8.GetBytes(new string('[', 5000) + new string(']', 5000))).Error?.Code);
    }

    [Fact]
    public void SeededMutations_NeverThrow()
    {
        string example = File.ReadAllText(Path.Combine(SchemaDir, "example-gold-member.json"));
        var random = new Random(1405);
        int accepted = 0;
        for (int i = 0; i < 3000; i++)
        {
            var bytes = Encoding.UTF8.GetBytes(example);
            for (int m = random.Next(1, 4); m > 0; m--)
            {
                const string Alphabet = "{}[]\",:01-9aAzZ.\\ \n\u00ff";
                bytes[random.Next(bytes.Length)] = (byte)Alphabet[random.Next(Alphabet.Length)];
            }

            var result = VerificationPolicyJson.Parse(bytes);
            accepted += result.Succeeded ? 1 : 0;
            Assert.True(result.Succeeded || result.Error.Code is VerificationErrorCodes.InvalidPolicy or VerificationErrorCodes.InvalidDcqlQuery);
        }

        Assert.InRange(accepted, 1, 2999);
    }

    [Fact]
    public async Task TrustListFile_ReadBesideThePolicy_TraversalAndBadListsRefused()
    {
        var dir = Directory.CreateTempSubdirectory("policy-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(dir, "issuers.json"), """{"issuers":["did:ethr:0xa:0x1111111111111111111111111111111111111111"]}""");
            await File.WriteAllTextAsync(Path.Combine(dir, "bad.json"), """{"issuers":["nope"]}""");
            await File.WriteAllTextAsync(Path.Combine(dir, "big.json"), new string(' ', VerificationPolicyJson.MaxBytes + 1));
            async Task<Result<VerificationPolicy>> LoadAsync(string file)
            {
                string path = Path.Combine(dir, "policy.json");
                await File.WriteAllTextAsync(path, Minimal.Replace("\"version\":1", $"\"version\":1,\"trustListFile\":\"{file}\"", StringComparison.Ordinal));
                return await VerificationPolicyJson.LoadAsync(path);
            }

            Assert.Equal(["did:ethr:0xa:0x1111111111111111111111111111111111111111"], (await LoadAsync("issuers.json")).ThrowIfFailed().TrustedIssuers);
            foreach (var bad in new[] { "../issuers.json", "/etc/passwd", "bad.json", "big.json", "missing.json", "sub//x.json" })
            {
                Assert.Equal(VerificationErrorCodes.InvalidPolicy, (await LoadAsync(bad)).Error?.Code);
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void ClaimsPath_SelectsAsOpenId4VpSection7Says()
    {
        var claims = JsonNode.Parse("""{"name":"Ada","address":{"locality":"London"},"degrees":[{"type":"BSc"},{"type":"MSc"}],"nationalities":["GB","FR"]}""")!;

        Assert.Equal(["Ada"], DcqlClaimPath.Of("name").Select(claims)!.Select(n => n!.GetValue<string>()));
        Assert.Equal(["London"], DcqlClaimPath.Of("address", "locality").Select(claims)!.Select(n => n!.GetValue<string>()));
        Assert.Equal(["BSc", "MSc"], DcqlClaimPath.Of("degrees", null, "type").Select(claims)!.Select(n => n!.GetValue<string>()));
        Assert.Equal(["FR"], DcqlClaimPath.Of("nationalities", 1).Select(claims)!.Select(n => n!.GetValue<string>()));
        Assert.Null(DcqlClaimPath.Of("nationalities", 2).Select(claims));
        Assert.Null(DcqlClaimPath.Of("name", "first").Select(claims)); // a string where an object is needed
        Assert.Null(DcqlClaimPath.Of("address", null).Select(claims)); // an object where an array is needed
        Assert.Null(DcqlClaimPath.Of("missing").Select(claims));
    }

    private static string WithRules(string rules) => Minimal[..^1] + ",\"rules\":" + rules + "}";

    private static string WithChain(string rules) => Minimal[..^1] + ",\"chain\":{\"chainId\":10},\"rules\":" + rules + "}";

    private static string Nested(int depth) => depth == 0 ? """{"claim":{"path":["a"],"atLeast":1}}""" : "{\"allOf\":[" + Nested(depth - 1) + "]}";
}
