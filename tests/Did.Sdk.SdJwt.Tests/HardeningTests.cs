using System.Text;
using System.Text.Json.Nodes;
using Did.Sdk.Jose;
using Did.Sdk.Methods;

namespace Did.Sdk.SdJwt.Tests;

/// <summary>
/// The classes of hostile input from the adversarial review: lax base64url anywhere, mistyped JOSE
/// headers, KB-JWT lifetime claims, headers named twice in the JSON serialization, general JSON with
/// several signatures. Each class is covered across every place it can occur.
/// </summary>
public sealed class HardeningTests : IDisposable
{
    private readonly Fixture _f = new();

    public void Dispose() => _f.Dispose();

    private async Task<string?> CodeOf(string presentation, SdJwtVerificationOptions? options = null, SdJwtVerificationRequest? request = null, IDidResolver? resolver = null)
    {
        var result = await _f.Verifier(options, resolver).VerifyAsync(presentation, request ?? Fixture.Request());
        Assert.True(result.Succeeded == (result.Error is null));
        return result.Error?.Code;
    }

    // --- strict base64url (RFC 7515 §2) in every segment ---

    public static TheoryData<string, string> Deviations() => new()
    {
        { "plus", "+" },
        { "slash", "/" },
        { "padding", "=" },
        { "space", " " },
        { "newline", "\n" },
        { "trailing-bits", "" },
    };

    // Rewrites a base64url segment into a deviating form that decodes to the same bytes under a lax decoder.
    private static string Deviate(string segment, string kind)
    {
        switch (kind)
        {
            case "+":
                // The standard alphabet's '+' where base64url has '-' (same bytes under a lax decoder).
                return segment.Contains('-', StringComparison.Ordinal) ? segment.Replace('-', '+') : segment + "+";
            case "/":
                return segment.Contains('_', StringComparison.Ordinal) ? segment.Replace('_', '/') : segment + "/";
            case "=":
                return segment + "==";
            case " ":
            case "\n":
                return segment[..(segment.Length / 2)] + kind + segment[(segment.Length / 2)..];
            default:
                // Set unused low bits of the last character (only when the length leaves unused bits).
                if (segment.Length % 4 is 2 or 3)
                {
                    const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
                    int last = alphabet.IndexOf(segment[^1], StringComparison.Ordinal);
                    return segment[..^1] + alphabet[last | 1];
                }

                return segment + "A";
        }
    }

    [Theory]
    [MemberData(nameof(Deviations))]
    public async Task VerifyAsync_LaxBase64UrlInAnySegment_Refused(string name, string kind)
    {
        _ = name;
        string presentation = _f.Present(_f.Issue());
        var parts = presentation.Split('~');
        var jwt = parts[0].Split('.');
        var kb = parts[^1].Split('.');

        var variants = new List<(string Where, string Text)>
        {
            ("issuer header", string.Join('~', [string.Join('.', Deviate(jwt[0], kind), jwt[1], jwt[2]), .. parts[1..]])),
            ("issuer payload", string.Join('~', [string.Join('.', jwt[0], Deviate(jwt[1], kind), jwt[2]), .. parts[1..]])),
            ("issuer signature", string.Join('~', [string.Join('.', jwt[0], jwt[1], Deviate(jwt[2], kind)), .. parts[1..]])),
            ("disclosure", string.Join('~', [parts[0], Deviate(parts[1], kind), .. parts[2..]])),
            ("kb header", string.Join('~', [.. parts[..^1], string.Join('.', Deviate(kb[0], kind), kb[1], kb[2])])),
            ("kb payload", string.Join('~', [.. parts[..^1], string.Join('.', kb[0], Deviate(kb[1], kind), kb[2])])),
            ("kb signature", string.Join('~', [.. parts[..^1], string.Join('.', kb[0], kb[1], Deviate(kb[2], kind))])),
        };

        foreach (var (where, text) in variants)
        {
            if (text == presentation)
            {
                continue;
            }

            var code = await CodeOf(text);
            Assert.True(code is not null, $"{where} with {name} was accepted");
        }
    }

    [Theory]
    [InlineData("x")]
    [InlineData("y")]
    public void CnfJwk_LaxBase64UrlMember_RefusedAsHolderKey(string member)
    {
        var jwk = _f.HolderKey.VerificationKey.ToJwk().ToJsonObject();
        if (!jwk.ContainsKey(member))
        {
            jwk[member] = "AAAA";
        }

        string value = jwk[member]!.GetValue<string>();
        foreach (var lax in new[] { value + "=", value.Replace('-', '+').Replace('_', '/') + "+", " " + value })
        {
            jwk[member] = lax;
            Assert.False(Jwk.FromJsonObject(jwk).Succeeded, lax);
        }
    }

    // --- JOSE header types (RFC 7515 §4.1), whatever the key source ---

    [Theory]
    [InlineData("kid", "{\"a\":1}")]
    [InlineData("typ", "[\"dc+sd-jwt\"]")]
    [InlineData("crit", "\"b64\"")]
    [InlineData("x5c", "[1]")]
    [InlineData("jwk", "\"k\"")]
    public async Task VerifyAsync_MistypedIssuerHeaderWithExplicitKey_FailsWithInvalidJws(string name, string valueJson)
    {
        var header = new JsonObject { ["typ"] = SdJwtVc.MediaType, [name] = JsonNode.Parse(valueJson) };
        if (name == "typ")
        {
            header.Remove("typ");
            header["typ"] = JsonNode.Parse(valueJson);
        }

        string presentation = _f.Forge(Fixture.BasePayload(), [], header);

        Assert.Equal(JoseErrorCodes.InvalidJws, await CodeOf(presentation));
    }

    [Fact]
    public async Task VerifyAsync_MistypedKbHeader_FailsWithInvalidKeyBinding()
    {
        string sd = _f.Issue().ToCompactWithoutKeyBinding();
        var payload = new JsonObject { ["nonce"] = Fixture.Nonce, ["aud"] = Fixture.Audience, ["iat"] = Fixture.Now.ToUnixTimeSeconds(), ["sd_hash"] = Fixture.Digest(sd) };
        string kb = Jws.Sign(new JsonObject { ["typ"] = "kb+jwt", ["kid"] = new JsonArray(1) }, Encoding.UTF8.GetBytes(payload.ToJsonString()), _f.HolderKey);

        Assert.Equal(SdJwtErrorCodes.InvalidKeyBinding, await CodeOf(sd + kb));
    }

    // --- KB-JWT lifetime (RFC 7519 §4.1.4, §4.1.5) ---

    [Fact]
    public async Task VerifyAsync_KbJwtExpired_FailsWithKeyBindingExpired()
    {
        string sd = _f.Issue().ToCompactWithoutKeyBinding();
        long now = Fixture.Now.ToUnixTimeSeconds();
        var options = _f.Options() with { ClockSkew = TimeSpan.FromSeconds(30) };

        Assert.Equal(SdJwtErrorCodes.KeyBindingExpired, await CodeOf(sd + _f.KeyBinding(sd, extra: new JsonObject { ["exp"] = now - 31 }), options));
        Assert.Null(await CodeOf(sd + _f.KeyBinding(sd, extra: new JsonObject { ["exp"] = now - 29 }), options)); // within the skew
        Assert.Null(await CodeOf(sd + _f.KeyBinding(sd, extra: new JsonObject { ["exp"] = now + 60 }), options));
    }

    [Fact]
    public async Task VerifyAsync_KbJwtNotYetValid_FailsWithKeyBindingNotYetValid()
    {
        string sd = _f.Issue().ToCompactWithoutKeyBinding();
        long now = Fixture.Now.ToUnixTimeSeconds();
        var options = _f.Options() with { ClockSkew = TimeSpan.FromSeconds(30) };

        Assert.Equal(SdJwtErrorCodes.KeyBindingNotYetValid, await CodeOf(sd + _f.KeyBinding(sd, extra: new JsonObject { ["nbf"] = now + 31 }), options));
        Assert.Null(await CodeOf(sd + _f.KeyBinding(sd, extra: new JsonObject { ["nbf"] = now + 29 }), options));
    }

    [Theory]
    [InlineData("exp", "\"tomorrow\"")]
    [InlineData("nbf", "true")]
    [InlineData("exp", "-5")]
    public async Task VerifyAsync_KbJwtNonNumericLifetime_FailsWithInvalidKeyBinding(string claim, string valueJson)
    {
        string sd = _f.Issue().ToCompactWithoutKeyBinding();

        Assert.Equal(SdJwtErrorCodes.InvalidKeyBinding, await CodeOf(sd + _f.KeyBinding(sd, extra: new JsonObject { [claim] = JsonNode.Parse(valueJson) })));
    }

    [Fact]
    public async Task VerifyAsync_RequestTime_UsedForLifetimes()
    {
        string presentation = _f.Present(_f.Issue());
        var late = Fixture.Request() with { Time = Fixture.Now.AddHours(2) };

        Assert.Equal(SdJwtErrorCodes.TokenExpired, await CodeOf(presentation, request: late));
        var result = await _f.Verifier().VerifyAsync(presentation, Fixture.Request() with { Time = Fixture.Now });
        Assert.Equal(Fixture.Now, result.Validated?.CheckedAt);
    }

    // --- JWS JSON serialization: header names disjoint (RFC 7515 §7.2.1) ---

    [Fact]
    public async Task VerifyAsync_JsonSerializationNameInBothHeaders_FailsWithInvalidSdJwt()
    {
        var token = SdJwtToken.Parse(_f.Present(_f.Issue())).ThrowIfFailed();
        var json = JsonNode.Parse(token.ToJson(SdJwtJsonSyntax.Flattened))!.AsObject();
        json["header"]!["typ"] = "dc+sd-jwt"; // typ is in the protected header too

        Assert.Equal(SdJwtErrorCodes.InvalidSdJwt, await CodeOf(json.ToJsonString()));
    }

    // --- general JSON with several signatures: the All policy with a resolved issuer ---

    [Fact]
    public async Task VerifyAsync_AllSignaturesPolicy_EverySignatureMustBeAnIssuerKey()
    {
        using var second = SigningKey.Generate(JwsAlgorithm.ES256);
        var document = FakeResolver.Document(Fixture.IssuerDid, Fixture.IssuerKid, _f.IssuerKey.VerificationKey);
        var both = new DidDocument
        {
            Id = Fixture.IssuerDid,
            VerificationMethod = [document.VerificationMethod![0], FakeResolver.Document(Fixture.IssuerDid, Fixture.IssuerDid + "#key-2", second.VerificationKey).VerificationMethod![0]],
            AssertionMethod = [new VerificationMethodReference(Fixture.IssuerKid), new VerificationMethodReference(Fixture.IssuerDid + "#key-2")],
        };
        var token = new SdJwtIssuer(second, new SdJwtIssuerOptions { KeyId = Fixture.IssuerDid + "#key-2" }).AddSignature(_f.Issue());
        string json = new SdJwtHolder(_f.Time).Present(token, Fixture.Paths(), _f.HolderKey, Fixture.Audience, Fixture.Nonce).ThrowIfFailed().ToJson(SdJwtJsonSyntax.General);
        var all = _f.Options() with { IssuerKey = null, SignaturePolicy = SdJwtSignaturePolicy.All };

        var accepted = await _f.Verifier(all, new FakeResolver(both)).VerifyAsync(json, Fixture.Request());
        Assert.True(accepted.Succeeded, accepted.Error?.ToString());
        Assert.Equal(2, accepted.Validated.IssuerSignatureCount);

        // The second key is not the issuer's: the default policy ignores that signature, All refuses it.
        Assert.Null(await CodeOf(json, _f.Options() with { IssuerKey = null }, resolver: new FakeResolver(document)));
        Assert.Equal(SdJwtErrorCodes.IssuerKeyNotFound, await CodeOf(json, all, resolver: new FakeResolver(document)));
    }

    // --- a deactivated issuer, its own code ---

    [Fact]
    public async Task VerifyAsync_DeactivatedIssuer_FailsWithDidDeactivated()
    {
        var document = FakeResolver.Document(Fixture.IssuerDid, Fixture.IssuerKid, _f.IssuerKey.VerificationKey);
        var resolver = new DeactivatedResolver(document);

        Assert.Equal(DidSignatureErrorCodes.DidDeactivated, await CodeOf(_f.Present(_f.Issue()), _f.Options() with { IssuerKey = null }, resolver: resolver));
    }

    private sealed class DeactivatedResolver(DidDocument document) : IDidResolver
    {
        public ValueTask<DidResolutionResult> ResolveAsync(string did, DidResolutionOptions? options = null, CancellationToken cancellationToken = default)
            => ValueTask.FromResult(DidResolutionResult.Success(document, new DidDocumentMetadata { Deactivated = true }));
    }
}
