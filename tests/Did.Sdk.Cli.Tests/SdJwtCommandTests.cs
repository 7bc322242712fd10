using System.Text.Json;
using System.Text.Json.Nodes;
using Did.Sdk.Jose;
using Did.Sdk.SdJwt;

namespace Did.Sdk.Cli.Tests;

/// <summary>
/// <c>did-sdk sd-jwt issue | present | verify | decode</c> driven in-process with files in a temporary
/// folder, as a script would drive it.
/// </summary>
public sealed class SdJwtCommandTests : IDisposable
{
    private const string Aud = "https://verifier.example";
    private const string Nonce = "n-0S6_WzA2Mj";
    private const string Claims = """
        { "given_name": "Ada", "family_name": "Lovelace", "age_over_18": true,
          "address": { "locality": "London", "country": "GB" },
          "nationalities": ["GB", "FR"] }
        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("did-sdk-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string PathOf(string name) => Path.Combine(_dir, name);

    private string Write(string name, string content)
    {
        File.WriteAllText(PathOf(name), content);
        return PathOf(name);
    }

    private async Task<JsonElement> GenerateKeyAsync(string alg, string prefix)
    {
        var run = await CliRun.RunAsync("key", "generate", "--alg", alg, "--out", PathOf(prefix));
        Assert.Equal(CliApp.Success, run.ExitCode);
        return run.Json;
    }

    private async Task<(string Credential, string IssuerDid)> IssueAsync(string alg = "ES256", string didKind = "didJwk", params string[] extra)
    {
        var issuer = await GenerateKeyAsync(alg, "issuer");
        await GenerateKeyAsync("EdDSA", "holder");
        var did = issuer.GetProperty(didKind).GetString()!;
        string[] args =
        [
            "sd-jwt", "issue", "--key", PathOf("issuer.private.jwk.json"), "--claims", Write("claims.json", Claims),
            "--iss", did, "--vct", "https://example.com/person",
            "--sd", "[\"given_name\"]", "--sd", "[\"family_name\"]", "--sd", "[\"age_over_18\"]",
            "--sd", "[\"address\"]", "--sd", "[\"address\",\"locality\"]", "--sd", "[\"nationalities\",null]",
            "--holder-jwk", PathOf("holder.public.jwk.json"), .. extra,
        ];
        var run = await CliRun.RunAsync(args);
        Assert.True(run.ExitCode == CliApp.Success, run.Stderr);
        return (run.Stdout.Trim(), did);
    }

    private async Task<string> PresentAsync(string credential, params string[] disclose)
    {
        var args = new List<string> { "sd-jwt", "present", "--credential", Write("credential.txt", credential) };
        foreach (var path in disclose)
        {
            args.AddRange(["--disclose", path]);
        }

        args.AddRange(["--holder-key", PathOf("holder.private.jwk.json"), "--aud", Aud, "--nonce", Nonce]);
        var run = await CliRun.RunAsync([.. args]);
        Assert.True(run.ExitCode == CliApp.Success, run.Stderr);
        return run.Stdout.Trim();
    }

    private Task<CliRun> VerifyAsync(string presentation, params string[] extra)
        => CliRun.RunAsync(["sd-jwt", "verify", "--presentation", Write("presentation.txt", presentation), .. extra]);

    [Fact]
    public async Task Verify_WrongNonce_ExitsInvalidWithCode()
    {
        var (credential, _) = await IssueAsync();
        var presentation = await PresentAsync(credential, "[\"age_over_18\"]");

        var run = await VerifyAsync(presentation, "--aud", Aud, "--nonce", "other");

        Assert.Equal(CliApp.Failed, run.ExitCode);
        Assert.False(run.Json.GetProperty("valid").GetBoolean());
        Assert.Equal(SdJwtErrorCodes.KeyBindingNonceMismatch, run.Json.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(JsonValueKind.Null, run.Json.GetProperty("claims").ValueKind);
    }

    [Fact]
    public async Task Verify_WrongAudience_ExitsInvalidWithCode()
    {
        var (credential, _) = await IssueAsync();
        var presentation = await PresentAsync(credential, "[\"age_over_18\"]");

        var run = await VerifyAsync(presentation, "--aud", "https://other.example", "--nonce", Nonce);

        Assert.Equal(CliApp.Failed, run.ExitCode);
        Assert.Equal(SdJwtErrorCodes.KeyBindingAudienceMismatch, run.Json.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Verify_TamperedDisclosure_ExitsInvalid()
    {
        var (credential, _) = await IssueAsync();
        var presentation = await PresentAsync(credential, "[\"age_over_18\"]");
        var parts = presentation.Split('~');

        // Replace the disclosed age_over_18 (true) by a forged one saying false: its digest is unknown.
        var forged = Base64Url.Encode(System.Text.Encoding.UTF8.GetBytes("[\"c2FsdHNhbHRzYWx0c2FsdA\",\"age_over_18\",false]"));
        parts[1] = forged;
        var run = await VerifyAsync(string.Join('~', parts), "--aud", Aud, "--nonce", Nonce);

        Assert.Equal(CliApp.Failed, run.ExitCode);
        Assert.False(run.Json.GetProperty("valid").GetBoolean());
        Assert.NotEqual(JsonValueKind.Null, run.Json.GetProperty("error").GetProperty("code").ValueKind);
    }

    [Fact]
    public async Task Verify_OtherIssuerKey_ExitsInvalid()
    {
        var (credential, _) = await IssueAsync();
        var presentation = await PresentAsync(credential, "[\"age_over_18\"]");
        await GenerateKeyAsync("ES256", "other");

        var run = await VerifyAsync(presentation, "--aud", Aud, "--nonce", Nonce, "--issuer-jwk", PathOf("other.public.jwk.json"));

        Assert.Equal(CliApp.Failed, run.ExitCode);
        Assert.Equal(JoseErrorCodes.InvalidSignature, run.Json.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Verify_StatusListOnLoopback_RefusedByTheNetworkGuard_UnlessAllowed()
    {
        // The status list URI comes from the credential; by default the fetch may not reach the
        // verifier's own network. Port 9 (discard) has no TLS server, so the allowed fetch fails later.
        var (credential, _) = await IssueAsync("ES256", "didJwk", "--status-uri", "https://127.0.0.1:9/lists/1", "--status-idx", "7");
        var presentation = await PresentAsync(credential, "[\"age_over_18\"]");

        var guarded = await VerifyAsync(presentation, "--aud", Aud, "--nonce", Nonce, "--status-list-jwk", PathOf("issuer.public.jwk.json"));
        Assert.Equal(CliApp.Failed, guarded.ExitCode);
        Assert.Equal(SdJwtErrorCodes.StatusCheckFailed, guarded.Json.GetProperty("error").GetProperty("code").GetString());
        Assert.Contains("refused", guarded.Json.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);

        var allowed = await VerifyAsync(presentation, "--aud", Aud, "--nonce", Nonce, "--status-list-jwk", PathOf("issuer.public.jwk.json"), "--allow-private-networks");
        Assert.Equal(CliApp.Failed, allowed.ExitCode);
        Assert.Equal(SdJwtErrorCodes.StatusCheckFailed, allowed.Json.GetProperty("error").GetProperty("code").GetString());
        Assert.DoesNotContain("refused", allowed.Json.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_StatusWithoutTrustedListKey_FailsClosed()
    {
        var (credential, _) = await IssueAsync("ES256", "didJwk", "--status-uri", "https://status.example/lists/1", "--status-idx", "7");
        var presentation = await PresentAsync(credential, "[\"age_over_18\"]");

        var run = await VerifyAsync(presentation, "--aud", Aud, "--nonce", Nonce);

        Assert.Equal(CliApp.Failed, run.ExitCode);
        Assert.Equal(SdJwtErrorCodes.StatusCheckUnavailable, run.Json.GetProperty("error").GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("EdDSA", "didJwk")]
    [InlineData("ES256", "didJwk")]
    [InlineData("ES256K", "didKey")]
    [InlineData("EdDSA", "didKey")]
    public async Task IssuePresentVerify_IssuerKeyFromDid_RevealsOnlyChosenClaims(string alg, string didKind)
    {
        var (credential, did) = await IssueAsync(alg, didKind);
        var presentation = await PresentAsync(credential, "[\"age_over_18\"]", "[\"address\",\"locality\"]", "[\"nationalities\",1]");

        var run = await VerifyAsync(presentation, "--aud", Aud, "--nonce", Nonce);

        Assert.True(run.ExitCode == CliApp.Success, run.Stdout + run.Stderr);
        var json = run.Json;
        Assert.True(json.GetProperty("valid").GetBoolean());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("error").ValueKind);
        var claims = json.GetProperty("claims");
        Assert.True(claims.GetProperty("age_over_18").GetBoolean());
        Assert.Equal("London", claims.GetProperty("address").GetProperty("locality").GetString());
        Assert.Equal("GB", claims.GetProperty("address").GetProperty("country").GetString());
        Assert.Equal(["FR"], claims.GetProperty("nationalities").EnumerateArray().Select(e => e.GetString()));
        Assert.False(claims.TryGetProperty("given_name", out _));
        Assert.False(claims.TryGetProperty("family_name", out _));
        var validated = json.GetProperty("validated");
        Assert.Equal(did, validated.GetProperty("issuer").GetString());
        Assert.StartsWith(did + "#", validated.GetProperty("keyId").GetString(), StringComparison.Ordinal);
        Assert.Equal(alg, validated.GetProperty("algorithm").GetString());
        Assert.True(validated.GetProperty("keyResolved").GetBoolean());
        Assert.True(validated.GetProperty("keyBound").GetBoolean());
        Assert.Equal("dc+sd-jwt", validated.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Verify_ExplicitIssuerJwkAndNoKeyBinding_Succeeds()
    {
        var issuer = await GenerateKeyAsync("EdDSA", "issuer");
        var issue = await CliRun.RunAsync("sd-jwt", "issue", "--key", PathOf("issuer.private.jwk.json"), "--claims", Write("claims.json", Claims),
            "--vct", "https://example.com/person", "--sd", "[\"given_name\"]", "--decoys", "3");
        Assert.Equal(CliApp.Success, issue.ExitCode);
        var present = await CliRun.RunWithInputAsync(issue.Stdout, "sd-jwt", "present", "--credential", "-", "--disclose", "[\"given_name\"]");
        Assert.Equal(CliApp.Success, present.ExitCode);

        var run = await CliRun.RunWithInputAsync(present.Stdout, "sd-jwt", "verify", "--presentation", "-", "--issuer-jwk", PathOf("issuer.public.jwk.json"), "--no-key-binding");

        Assert.True(run.ExitCode == CliApp.Success, run.Stdout + run.Stderr);
        Assert.Equal("Ada", run.Json.GetProperty("claims").GetProperty("given_name").GetString());
        Assert.False(run.Json.GetProperty("validated").GetProperty("keyBound").GetBoolean());
        Assert.False(run.Json.GetProperty("validated").GetProperty("keyResolved").GetBoolean());
        Assert.NotNull(issuer.GetProperty("didKey").GetString());

        // The same presentation without --no-key-binding is refused: key binding is required by default.
        var strict = await CliRun.RunWithInputAsync(present.Stdout, "sd-jwt", "verify", "--presentation", "-", "--issuer-jwk", PathOf("issuer.public.jwk.json"), "--aud", Aud, "--nonce", Nonce);
        Assert.Equal(CliApp.Failed, strict.ExitCode);
        Assert.Equal(SdJwtErrorCodes.KeyBindingMissing, strict.Json.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Decode_Presentation_PrintsHeaderPayloadDisclosuresAndKeyBinding()
    {
        var (credential, did) = await IssueAsync();
        var presentation = await PresentAsync(credential, "[\"age_over_18\"]");

        var run = await CliRun.RunWithInputAsync(presentation, "sd-jwt", "decode", "-");

        Assert.Equal(CliApp.Success, run.ExitCode);
        var json = run.Json;
        Assert.Equal("dc+sd-jwt", json.GetProperty("header").GetProperty("typ").GetString());
        Assert.True(Base64Url.TryDecode(presentation.AsSpan(0, presentation.IndexOf('.', StringComparison.Ordinal)), out var headerBytes));
        Assert.Contains("\"typ\":\"dc+sd-jwt\"", System.Text.Encoding.UTF8.GetString(headerBytes), StringComparison.Ordinal);
        Assert.Equal(did, json.GetProperty("payload").GetProperty("iss").GetString());
        var disclosure = Assert.Single(json.GetProperty("disclosures").EnumerateArray());
        Assert.Equal("age_over_18", disclosure.GetProperty("name").GetString());
        Assert.True(disclosure.GetProperty("value").GetBoolean());
        Assert.Contains(disclosure.GetProperty("digest").GetString(), json.GetProperty("payload").GetProperty("_sd").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("kb+jwt", json.GetProperty("keyBinding").GetProperty("header").GetProperty("typ").GetString());
        Assert.Equal(Nonce, json.GetProperty("keyBinding").GetProperty("payload").GetProperty("nonce").GetString());
    }

    [Fact]
    public async Task Decode_Garbage_ExitsInvalid()
    {
        var run = await CliRun.RunWithInputAsync("not an sd-jwt", "sd-jwt", "decode", "-");

        Assert.Equal(CliApp.Failed, run.ExitCode);
        Assert.Empty(run.Stdout);
        Assert.NotEmpty(run.Stderr);
    }

    [Fact]
    public async Task Issue_SdAndDecoys_CredentialHasDecoyDigests()
    {
        await GenerateKeyAsync("ES256", "issuer");
        var run = await CliRun.RunAsync("sd-jwt", "issue", "--key", PathOf("issuer.private.jwk.json"), "--claims", Write("claims.json", Claims),
            "--vct", "urn:example", "--sd", "[\"given_name\"]", "--decoys", "4");

        Assert.Equal(CliApp.Success, run.ExitCode);
        var token = SdJwtToken.Parse(run.Stdout.Trim()).ThrowIfFailed();
        var decode = await CliRun.RunWithInputAsync(run.Stdout, "sd-jwt", "decode", "-");
        Assert.Equal(5, decode.Json.GetProperty("payload").GetProperty("_sd").GetArrayLength());
        Assert.Single(token.Disclosures);
    }

    public static TheoryData<string[]> UsageErrors => new()
    {
        new[] { "sd-jwt", "issue", "--claims", "claims.json", "--vct", "x" },                                   // no --key
        new[] { "sd-jwt", "issue", "--key", "missing.jwk", "--claims", "claims.json", "--vct", "x" },           // missing file
        new[] { "sd-jwt", "issue", "--key", "issuer.public.jwk.json", "--claims", "claims.json", "--vct", "x" }, // no private key
        new[] { "sd-jwt", "issue", "--key", "issuer.private.jwk.json", "--claims", "array.json", "--vct", "x" }, // claims not an object
        new[] { "sd-jwt", "issue", "--key", "issuer.private.jwk.json", "--claims", "bad.json", "--vct", "x" },   // malformed JSON
        new[] { "sd-jwt", "issue", "--key", "issuer.private.jwk.json", "--claims", "claims.json" },             // no vct
        new[] { "sd-jwt", "issue", "--key", "issuer.private.jwk.json", "--claims", "claims.json", "--vct", "x", "--sd", "given_name" },      // not a JSON array
        new[] { "sd-jwt", "issue", "--key", "issuer.private.jwk.json", "--claims", "claims.json", "--vct", "x", "--sd", "[\"nothing\"]" },  // selects nothing
        new[] { "sd-jwt", "issue", "--key", "issuer.private.jwk.json", "--claims", "claims.json", "--vct", "x", "--sd", "[\"vct\"]" },      // never disclosable
        new[] { "sd-jwt", "issue", "--key", "issuer.private.jwk.json", "--claims", "claims.json", "--vct", "x", "--decoys", "-1" },
        new[] { "sd-jwt", "issue", "--key", "issuer.private.jwk.json", "--claims", "claims.json", "--vct", "x", "--status-uri", "https://s.example/1" },
        new[] { "sd-jwt", "issue", "--key", "issuer.private.jwk.json", "--claims", "claims.json", "--vct", "x", "--status-uri", "ftp://s.example/1", "--status-idx", "1" },
        new[] { "sd-jwt", "issue", "--key", "issuer.private.jwk.json", "--claims", "claims.json", "--vct", "x", "--holder-did", "did:example:h", "--holder-jwk", "issuer.public.jwk.json" },
        new[] { "sd-jwt", "issue", "--key", "issuer.private.jwk.json", "--claims", "claims.json", "--vct", "x", "--holder-kid", "did:example:h#k" }, // --holder-kid without --holder-did
        new[] { "sd-jwt", "issue", "--key", "issuer.private.jwk.json", "--claims", "claims.json", "--vct", "x", "--iss", "did:key:z6Mk", "--rpc", "http://127.0.0.1:1" }, // --rpc for a non-ethr DID
        new[] { "sd-jwt", "verify", "--presentation", "claims.json", "--no-key-binding", "--rpc", "http://127.0.0.1:1" },                    // --rpc without --chain-id
        new[] { "sd-jwt", "verify", "--presentation", "claims.json", "--no-key-binding", "--issuer-key-valid", "sometimes" },
        new[] { "sd-jwt", "verify", "--presentation", "missing.jwk", "--no-key-binding" },                                                   // the operator's path does not exist
        new[] { "sd-jwt", "present", "--credential", "claims.json", "--aud", "a", "--nonce", "n" },             // aud without holder key
        new[] { "sd-jwt", "present", "--credential", "claims.json", "--holder-key", "issuer.private.jwk.json" }, // holder key without aud/nonce
        new[] { "sd-jwt", "present" },
        new[] { "sd-jwt", "verify", "--presentation", "claims.json" },                                          // key binding needs aud + nonce
        new[] { "sd-jwt", "verify", "--presentation", "claims.json", "--no-key-binding", "--issuer-jwk", "bad.json" },
        new[] { "sd-jwt", "decode" },
        new[] { "sd-jwt", "frobnicate" },
    };

    [Theory]
    [MemberData(nameof(UsageErrors))]
    public async Task Command_UsageError_ExitsTwoWithOneLineAndNoOutput(string[] args)
    {
        await GenerateKeyAsync("ES256", "issuer");
        Write("claims.json", Claims);
        Write("array.json", "[1,2]");
        Write("bad.json", "{\"a\":1,\"a\":2}");
        var resolved = args.Select(a => File.Exists(PathOf(a)) || a.EndsWith(".jwk", StringComparison.Ordinal) ? PathOf(a) : a).ToArray();

        var run = await CliRun.RunAsync(resolved);

        Assert.Equal(CliApp.UsageError, run.ExitCode);
        Assert.Empty(run.Stdout);
        Assert.StartsWith("error: ", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Issue_IssuerDidThatCannotBeResolved_ExitsOneWithTheCode()
    {
        await GenerateKeyAsync("ES256", "issuer");

        var run = await CliRun.RunAsync("sd-jwt", "issue", "--key", PathOf("issuer.private.jwk.json"), "--claims", Write("claims.json", Claims), "--vct", "x", "--iss", "did:example:unknown");

        Assert.Equal(CliApp.Failed, run.ExitCode);
        Assert.StartsWith(Methods.DidSignatureErrorCodes.DidResolutionFailed + ":", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Issue_KeyThatIsNotTheIssuers_ExitsOneWithVerificationMethodNotFound()
    {
        var other = await GenerateKeyAsync("ES256", "other");
        await GenerateKeyAsync("ES256", "issuer");

        var run = await CliRun.RunAsync("sd-jwt", "issue", "--key", PathOf("issuer.private.jwk.json"), "--claims", Write("claims.json", Claims), "--vct", "x", "--iss", other.GetProperty("didJwk").GetString()!);

        Assert.Equal(CliApp.Failed, run.ExitCode);
        Assert.StartsWith(Methods.DidSignatureErrorCodes.VerificationMethodNotFound + ":", run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("file")]
    [InlineData("stdin")]
    public async Task Verify_OversizedPresentation_IsAResultNotAUsageError(string source)
    {
        // Untrusted data that is too large: a JSON result with inputTooLarge and exit 1.
        string big = new('A', SdJwtVerificationOptions.DefaultMaxLength + 10);
        var run = source == "file"
            ? await CliRun.RunAsync("sd-jwt", "verify", "--presentation", Write("big.txt", big), "--no-key-binding")
            : await CliRun.RunWithInputAsync(big, "sd-jwt", "verify", "--presentation", "-", "--no-key-binding");

        Assert.Equal(CliApp.Failed, run.ExitCode);
        Assert.False(run.Json.GetProperty("valid").GetBoolean());
        Assert.Equal(ErrorCodes.InputTooLarge, run.Json.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Verify_PresentationNotUtf8_IsAResultNotAUsageError()
    {
        File.WriteAllBytes(PathOf("binary.bin"), [0xff, 0xfe, 0x80, 0x7e]);

        var run = await CliRun.RunAsync("sd-jwt", "verify", "--presentation", PathOf("binary.bin"), "--no-key-binding");

        Assert.Equal(CliApp.Failed, run.ExitCode);
        Assert.Equal(SdJwtErrorCodes.InvalidSdJwt, run.Json.GetProperty("error").GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("present")]
    [InlineData("decode")]
    public async Task PresentAndDecode_MalformedOrOversizedCredential_ExitOne(string command)
    {
        string big = Write("big.txt", new string('~', SdJwtVerificationOptions.DefaultMaxLength + 1));
        string junk = Write("junk.txt", "not an sd-jwt");
        foreach (var file in new[] { big, junk })
        {
            var run = command == "present"
                ? await CliRun.RunAsync("sd-jwt", "present", "--credential", file)
                : await CliRun.RunAsync("sd-jwt", "decode", file);

            Assert.Equal(CliApp.Failed, run.ExitCode);
            Assert.DoesNotContain("error: ", run.Stderr, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task KeyGenerate_OutExisting_RefusesToOverwrite()
    {
        var first = await GenerateKeyAsync("EdDSA", "k");
        var before = File.ReadAllText(PathOf("k.private.jwk.json"));

        var run = await CliRun.RunAsync("key", "generate", "--alg", "EdDSA", "--out", PathOf("k"));

        Assert.Equal(CliApp.UsageError, run.ExitCode);
        Assert.Equal(before, File.ReadAllText(PathOf("k.private.jwk.json")));
        var written = Jwk.Parse(before).ThrowIfFailed();
        Assert.True(written.HasPrivateKey);
        Assert.Equal(first.GetProperty("privateJwk").GetProperty("d").GetString(), JsonNode.Parse(before)!["d"]!.GetValue<string>());
        Assert.False(Jwk.Parse(File.ReadAllText(PathOf("k.public.jwk.json"))).ThrowIfFailed().HasPrivateKey);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(PathOf("k.private.jwk.json")));
        }
    }
}
