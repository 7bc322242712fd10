// Holder side: disclosure selection (RFC 9901 §4 and §7.2) and the Key Binding JWT (RFC 9901 §4.3).
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Did.Sdk.Jose;
using Did.Sdk.Json;

namespace Did.Sdk.SdJwt;

/// <summary>
/// Presents SD-JWTs: keeps the disclosures the chosen claims paths need (including the parents a
/// nested claim needs, and everything below a selected claim) and optionally appends a Key Binding JWT.
/// </summary>
public sealed class SdJwtHolder
{
    private readonly TimeProvider _time;

    /// <summary>Creates a holder; <paramref name="timeProvider"/> gives the KB-JWT <c>iat</c> (system clock by default).</summary>
    public SdJwtHolder(TimeProvider? timeProvider = null) => _time = timeProvider ?? TimeProvider.System;

    /// <summary>
    /// Keeps only the disclosures needed to reveal the claims selected by <paramref name="disclose"/>
    /// and drops any Key Binding JWT. Fails with the codes of <see cref="SdJwtToken.Parse"/> and of
    /// disclosure processing when the credential itself is malformed.
    /// </summary>
    public static Result<SdJwtToken> Select(SdJwtToken credential, IEnumerable<SdJwtClaimPath> disclose)
    {
        ArgumentNullException.ThrowIfNull(credential);
        ArgumentNullException.ThrowIfNull(disclose);
        return SelectCore(credential, disclose, out _);
    }

    private static Result<SdJwtToken> SelectCore(SdJwtToken credential, IEnumerable<SdJwtClaimPath> disclose, out SdJwtHashAlgorithm? algorithm)
    {
        var selected = disclose.ToList();
        algorithm = null;
        var payload = ReadPayload(credential);
        if (!payload.Succeeded)
        {
            return payload.Error;
        }

        var alg = ReadHashAlgorithm(payload.Value);
        if (!alg.Succeeded)
        {
            return alg.Error;
        }

        // The payload was parsed for this call, so it is processed in place; the credential's
        // disclosures belong to the caller and are copied.
        var processed = SdJwtProcessor.Process(payload.Value, credential.Disclosures, alg.Value, ownsPayload: true);
        if (!processed.Succeeded)
        {
            return processed.Error;
        }

        algorithm = alg.Value;
        var keep = credential.Disclosures.Where(d => Needed(processed.Value.Paths[d], selected)).ToList();
        return credential.With(keep, null);
    }

    /// <summary>
    /// Selects disclosures as <see cref="Select"/> does and, with <paramref name="holderKey"/>, appends a
    /// Key Binding JWT (<c>typ</c> kb+jwt; <c>iat</c> now, <c>aud</c>, <c>nonce</c>, <c>sd_hash</c>).
    /// </summary>
    public Result<SdJwtToken> Present(SdJwtToken credential, IEnumerable<SdJwtClaimPath> disclose, SigningKey? holderKey = null, string? audience = null, string? nonce = null)
    {
        ArgumentNullException.ThrowIfNull(credential);
        ArgumentNullException.ThrowIfNull(disclose);
        if (holderKey is not null)
        {
            ArgumentException.ThrowIfNullOrEmpty(audience);
            ArgumentException.ThrowIfNullOrEmpty(nonce);
        }

        var selected = SelectCore(credential, disclose, out var alg);
        if (!selected.Succeeded || holderKey is null)
        {
            return selected;
        }

        return selected.Value.With(selected.Value.Disclosures, CreateKeyBindingJwt(selected.Value, alg!, holderKey, audience!, nonce!));
    }

    private string CreateKeyBindingJwt(SdJwtToken presentation, SdJwtHashAlgorithm alg, SigningKey holderKey, string audience, string nonce)
    {
        var payload = new JsonObject
        {
            ["nonce"] = nonce,
            ["aud"] = audience,
            ["iat"] = _time.GetUtcNow().ToUnixTimeSeconds(),
            ["sd_hash"] = alg.Digest(presentation.ToCompactWithoutKeyBinding()),
        };
        return Jws.Sign(Encoding.UTF8.GetBytes(payload.ToJsonString()), holderKey, SdJwtVc.KeyBindingType);
    }

    private static bool Needed(IReadOnlyList<object> path, List<SdJwtClaimPath> selected)
        => selected.Any(s => s.IsPrefixOf(path) || IsAncestorSelected(s, path));

    private static bool IsAncestorSelected(SdJwtClaimPath s, IReadOnlyList<object> path)
        => s.Count <= path.Count && s.IsPrefixOf(path.Take(s.Count).ToArray());

    internal static Result<JsonObject> ReadPayload(SdJwtToken token)
    {
        if (!Base64Url.TryDecode(token.PayloadSegment, out byte[]? bytes))
        {
            return Result<JsonObject>.Failure(SdJwtErrorCodes.InvalidSdJwt, "The payload is not canonical base64url.");
        }

        var node = StrictJson.ParseNode(bytes);
        if (!node.Succeeded)
        {
            return node.Error;
        }

        return node.Value is JsonObject obj ? obj : Result<JsonObject>.Failure(SdJwtErrorCodes.InvalidSdJwt, "The payload is not a JSON object.");
    }

    internal static Result<SdJwtHashAlgorithm> ReadHashAlgorithm(JsonObject payload)
    {
        if (!payload.TryGetPropertyValue("_sd_alg", out var node))
        {
            return SdJwtHashAlgorithm.Sha256;
        }

        return node is JsonValue v && v.GetValueKind() == JsonValueKind.String && SdJwtHashAlgorithm.TryGetByName(v.GetValue<string>(), out var alg)
            ? alg
            : Result<SdJwtHashAlgorithm>.Failure(SdJwtErrorCodes.UnsupportedSdAlgorithm, "_sd_alg is not sha-256, sha-384 or sha-512.");
    }
}
