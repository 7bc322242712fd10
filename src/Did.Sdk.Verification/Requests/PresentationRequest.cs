using System.Text.Json.Nodes;
using Did.Sdk.Verification.Dcql;

namespace Did.Sdk.Verification.Requests;

/// <summary>
/// A verifier's request for a presentation (what OpenID4VP carries in an authorization request): the nonce
/// the holder's key-binding JWT must answer, the audience it must name, the DCQL query, and its lifetime.
/// The nonce identifies the request; it is accepted once.
/// </summary>
public sealed record PresentationRequest
{
    /// <summary>The nonce (128 random bits, base64url).</summary>
    public required string Nonce { get; init; }

    /// <summary>The verifier's audience (its client id or URL).</summary>
    public required string Audience { get; init; }

    /// <summary>The credentials asked for.</summary>
    public required DcqlQuery DcqlQuery { get; init; }

    /// <summary>When the request was made.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the request expires.</summary>
    public required DateTimeOffset ExpiresAt { get; init; }

    /// <summary>A new request for <paramref name="audience"/> asking <paramref name="query"/>, with a fresh nonce (128 random bits), expiring after <paramref name="lifetime"/>.</summary>
    public static PresentationRequest Create(DcqlQuery query, string audience, TimeSpan lifetime, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentException.ThrowIfNullOrEmpty(audience);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lifetime, TimeSpan.Zero);
        var now = (timeProvider ?? TimeProvider.System).GetUtcNow();
        return new PresentationRequest
        {
            Nonce = Jose.Base64Url.Encode(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)),
            Audience = audience,
            DcqlQuery = query,
            CreatedAt = now,
            ExpiresAt = now + lifetime,
        };
    }

    /// <summary>The request as JSON: <c>{nonce, aud, dcql_query, iat, exp}</c> (times in seconds since the epoch).</summary>
    public JsonObject ToJson() => new()
    {
        ["nonce"] = Nonce,
        ["aud"] = Audience,
        ["dcql_query"] = DcqlQuery.ToJson(),
        ["iat"] = CreatedAt.ToUnixTimeSeconds(),
        ["exp"] = ExpiresAt.ToUnixTimeSeconds(),
    };

    /// <summary>Reads the JSON form. Fails with <c>invalidPresentation</c> or <c>invalidDcqlQuery</c>.</summary>
    public static Result<PresentationRequest> FromJson(JsonNode? json)
    {
        if (json is not JsonObject obj || obj.Count != 5 || obj["nonce"] is not JsonValue nonce || !nonce.TryGetValue<string>(out var n) || n.Length is 0 or > 256
            || obj["aud"] is not JsonValue aud || !aud.TryGetValue<string>(out var a) || a.Length is 0 or > 2048
            || obj["iat"] is not JsonValue iat || !iat.TryGetValue<long>(out var i) || obj["exp"] is not JsonValue exp || !exp.TryGetValue<long>(out var e)
            || i is < 0 or > 253402300799 || e is < 0 or > 253402300799)
        {
            return Result<PresentationRequest>.Failure(VerificationErrorCodes.InvalidPresentation, "A presentation request is {nonce, aud, dcql_query, iat, exp}.");
        }

        var query = DcqlQuery.Parse(obj["dcql_query"]);
        if (!query.Succeeded)
        {
            return query.Error;
        }

        return new PresentationRequest
        {
            Nonce = n,
            Audience = a,
            DcqlQuery = query.Value,
            CreatedAt = DateTimeOffset.FromUnixTimeSeconds(i),
            ExpiresAt = DateTimeOffset.FromUnixTimeSeconds(e),
        };
    }
}
