using Did.Sdk.SdJwt.StatusList;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Did.Sdk.Jose;
using Microsoft.Extensions.Time.Testing;

namespace Did.Sdk.SdJwt.Tests;

/// <summary>Keys, a clock and helpers to issue well-formed and forged SD-JWTs.</summary>
internal sealed class Fixture : IDisposable
{
    public const string Audience = "https://verifier.example";
    public const string Nonce = "nonce-123";
    public const string IssuerDid = "did:example:issuer";
    public const string IssuerKid = "did:example:issuer#key-1";

    public static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);

    public SigningKey IssuerKey { get; } = SigningKey.Generate(JwsAlgorithm.ES256);

    public SigningKey HolderKey { get; } = SigningKey.Generate(JwsAlgorithm.EdDSA);

    public FakeTimeProvider Time { get; } = new(Now);

    public static JsonObject Claims() => new()
    {
        ["iss"] = IssuerDid,
        ["iat"] = Now.ToUnixTimeSeconds() - 60,
        ["exp"] = Now.ToUnixTimeSeconds() + 3600,
        ["vct"] = "https://credentials.example/SocialTokenHolder",
        ["given_name"] = "Ada",
        ["age_over_18"] = true,
        ["address"] = new JsonObject { ["locality"] = "Berlin", ["country"] = "DE" },
        ["nationalities"] = new JsonArray("DE", "FR"),
    };

    public static SdJwtClaimPath[] Paths() =>
    [
        SdJwtClaimPath.Create("given_name"),
        SdJwtClaimPath.Create("age_over_18"),
        SdJwtClaimPath.Create("address"),
        SdJwtClaimPath.Create("address", "locality"),
        SdJwtClaimPath.Create("nationalities", null),
    ];

    public SdJwtToken Issue(JsonObject? claims = null, SdJwtIssuerOptions? options = null, IEnumerable<SdJwtClaimPath>? paths = null)
        => new SdJwtIssuer(IssuerKey, options ?? new SdJwtIssuerOptions { KeyId = IssuerKid }).Issue(claims ?? Claims(), paths ?? Paths(), HolderKey.VerificationKey.ToJwk());

    public string Present(SdJwtToken credential, SigningKey? holderKey = null, string audience = Audience, string nonce = Nonce, params SdJwtClaimPath[] disclose)
        => new SdJwtHolder(Time).Present(credential, disclose.Length == 0 ? Paths() : disclose, holderKey ?? HolderKey, audience, nonce).ThrowIfFailed().ToCompact();

    public SdJwtVerificationOptions Options() => new()
    {
        IssuerKey = IssuerKey.VerificationKey,
    };

    public static SdJwtVerificationRequest Request() => SdJwtVerificationRequest.KeyBound(Audience, Nonce);

    public SdJwtVerifier Verifier(SdJwtVerificationOptions? options = null, IDidResolver? resolver = null, IStatusListChecker? checker = null)
        => new(options ?? Options(), resolver, checker, Time);

    /// <summary>Signs an arbitrary payload (no SD processing) and appends raw disclosure strings and a KB-JWT built for them.</summary>
    public string Forge(JsonObject payload, IEnumerable<string> disclosures, JsonObject? header = null, bool keyBinding = true)
    {
        header ??= new JsonObject { ["typ"] = SdJwtVc.MediaType };
        if (keyBinding && !payload.ContainsKey("cnf"))
        {
            payload["cnf"] = new JsonObject { ["jwk"] = HolderKey.VerificationKey.ToJwk().ToJsonObject() };
        }

        string jwt = Jws.Sign(header, Encoding.UTF8.GetBytes(payload.ToJsonString()), IssuerKey);
        string sd = jwt + "~" + string.Concat(disclosures.Select(d => d + "~"));
        return keyBinding ? sd + KeyBinding(sd) : sd;
    }

    public string KeyBinding(string sdJwtWithTilde, SigningKey? key = null, string typ = SdJwtVc.KeyBindingType, long? iat = null, string aud = Audience, string nonce = Nonce, string? sdHash = null, JsonObject? extra = null)
    {
        var payload = new JsonObject
        {
            ["nonce"] = nonce,
            ["aud"] = aud,
            ["iat"] = iat ?? Now.ToUnixTimeSeconds(),
            ["sd_hash"] = sdHash ?? SdJwtHashAlgorithm.Sha256.Digest(sdJwtWithTilde),
        };
        foreach (var (name, value) in extra ?? [])
        {
            payload[name] = value?.DeepClone();
        }

        return Jws.Sign(Encoding.UTF8.GetBytes(payload.ToJsonString()), key ?? HolderKey, typ);
    }

    public static JsonObject BasePayload() => new()
    {
        ["iss"] = IssuerDid,
        ["iat"] = Now.ToUnixTimeSeconds() - 60,
        ["vct"] = "https://credentials.example/SocialTokenHolder",
        ["_sd_alg"] = "sha-256",
    };

    public static string RawDisclosure(string json) => Base64Url.Encode(Encoding.UTF8.GetBytes(json));

    public static string Digest(string disclosure) => SdJwtHashAlgorithm.Sha256.Digest(disclosure);

    public void Dispose()
    {
        IssuerKey.Dispose();
        HolderKey.Dispose();
    }
}

/// <summary>A resolver over fixed DID documents.</summary>
internal sealed class FakeResolver(params DidDocument[] documents) : IDidResolver
{
    public ValueTask<DidResolutionResult> ResolveAsync(string did, DidResolutionOptions? options = null, CancellationToken cancellationToken = default)
    {
        var doc = documents.FirstOrDefault(d => d.Id == did);
        return ValueTask.FromResult(doc is null ? DidResolutionResult.Failure("notFound", "No such DID.") : DidResolutionResult.Success(doc));
    }

    public static DidDocument Document(string did, string methodId, VerificationKey key, bool inAssertionMethod = true, bool inAuthentication = false)
    {
        var method = new VerificationMethod
        {
            Id = methodId,
            Type = "JsonWebKey",
            Controller = did,
            PublicKeyJwk = JsonDocument.Parse(key.ToJwk().ToJson()).RootElement.Clone(),
        };
        return new DidDocument
        {
            Id = did,
            VerificationMethod = [method],
            AssertionMethod = inAssertionMethod ? [new VerificationMethodReference(methodId)] : [],
            Authentication = inAuthentication ? [new VerificationMethodReference(methodId)] : [],
        };
    }
}

/// <summary>A status checker with a fixed answer.</summary>
internal sealed class FixedStatusChecker(StatusCheckResult result) : IStatusListChecker
{
    public static StatusCheckResult Status(TokenStatus status)
        => StatusCheckResult.Success(status, new StatusListCheck("https://issuer.example/status/1", 0, DateTimeOffset.UnixEpoch, null, null, null, "EdDSA", 2, false));

    public JsonElement? Seen { get; private set; }

    public ValueTask<StatusCheckResult> CheckAsync(JsonElement statusClaim, CancellationToken cancellationToken = default)
    {
        Seen = statusClaim;
        return ValueTask.FromResult(result);
    }
}
