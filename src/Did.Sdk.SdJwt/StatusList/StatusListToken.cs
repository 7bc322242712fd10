// Token Status List (draft-ietf-oauth-status-list-20) §5.1: Status List Token in JWT format
// (typ statuslist+jwt; claims sub, iat, exp, ttl, status_list {bits, lst, aggregation_uri}).
using System.Text.Json;
using Did.Sdk.Json;
using System.Text.Json.Nodes;
using Did.Sdk.Jose;

namespace Did.Sdk.SdJwt.StatusList;

/// <summary>A verified Status List Token: its claims and the decoded list.</summary>
public sealed class StatusListToken
{
    /// <summary>The JWT <c>typ</c> of a Status List Token.</summary>
    public const string JwtType = "statuslist+jwt";

    /// <summary>The media type of a Status List Token in JWT format.</summary>
    public const string MediaType = "application/statuslist+jwt";

    internal StatusListToken(string subject, string? issuer, DateTimeOffset issuedAt, DateTimeOffset? expiresAt, TimeSpan? timeToLive, StatusList list, string? aggregationUri, string? keyId, string algorithm)
    {
        Subject = subject;
        Issuer = issuer;
        IssuedAt = issuedAt;
        ExpiresAt = expiresAt;
        TimeToLive = timeToLive;
        StatusList = list;
        AggregationUri = aggregationUri;
        KeyId = keyId;
        Algorithm = algorithm;
    }

    /// <summary>The <c>sub</c> claim: the URI of the status list.</summary>
    public string Subject { get; }

    /// <summary>The <c>iss</c> claim, if present.</summary>
    public string? Issuer { get; }

    /// <summary>The <c>iat</c> claim.</summary>
    public DateTimeOffset IssuedAt { get; }

    /// <summary>The <c>exp</c> claim, if present.</summary>
    public DateTimeOffset? ExpiresAt { get; }

    /// <summary>The <c>ttl</c> claim (how long the list may be cached), if present.</summary>
    public TimeSpan? TimeToLive { get; }

    /// <summary>The decoded status list. Treat as read-only.</summary>
    public StatusList StatusList { get; }

    /// <summary>The <c>status_list.aggregation_uri</c> member, if present.</summary>
    public string? AggregationUri { get; }

    /// <summary>The <c>kid</c> header, if present.</summary>
    public string? KeyId { get; }

    /// <summary>The JWS algorithm the token was verified with.</summary>
    public string Algorithm { get; }

    /// <summary>
    /// Signs a Status List Token with header <c>typ</c> <c>statuslist+jwt</c> (and <c>kid</c> when
    /// given) and claims <c>sub</c>, <c>iat</c>, <c>exp</c>, <c>ttl</c>, <c>iss</c>, <c>status_list</c>.
    /// </summary>
    /// <exception cref="ArgumentException">The request is incomplete or inconsistent.</exception>
    public static string Sign(StatusListTokenRequest request, SigningKey key)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(key);
        request.Validate();
        var list = new JsonObject { ["bits"] = request.StatusList.Bits, ["lst"] = request.StatusList.ToLst() };
        if (request.AggregationUri is not null)
        {
            list["aggregation_uri"] = request.AggregationUri;
        }

        var claims = new JsonObject { ["sub"] = request.Subject, ["iat"] = request.IssuedAt.ToUnixTimeSeconds() };
        if (request.ExpiresAt is { } exp)
        {
            claims["exp"] = exp.ToUnixTimeSeconds();
        }

        if (request.TimeToLive is { } ttl)
        {
            claims["ttl"] = (long)ttl.TotalSeconds;
        }

        if (request.Issuer is not null)
        {
            claims["iss"] = request.Issuer;
        }

        claims["status_list"] = list;
        var header = new JsonObject { ["typ"] = JwtType };
        if (request.KeyId is not null)
        {
            header["kid"] = request.KeyId;
        }

        return Jws.Sign(header, JsonSerializer.SerializeToUtf8Bytes(claims), key);
    }

    /// <summary>Reads the claims of a JWS whose signature has been checked. Inflates the list last.</summary>
    internal static Result<StatusListToken> FromClaims(DecodedJws jws, StatusListClaims claims, int maxDecompressedBytes)
    {
        var list = StatusList.FromLst(claims.Bits, claims.Lst, maxDecompressedBytes);
        if (!list.Succeeded)
        {
            return list.Error;
        }

        return new StatusListToken(claims.Subject, claims.Issuer, claims.IssuedAt, claims.ExpiresAt, claims.TimeToLive, list.Value, claims.AggregationUri, jws.KeyId, jws.Algorithm);
    }
}

/// <summary>The claims of a Status List Token before the list is inflated.</summary>
internal sealed record StatusListClaims(string Subject, string? Issuer, DateTimeOffset IssuedAt, DateTimeOffset? ExpiresAt, TimeSpan? TimeToLive, int Bits, string Lst, string? AggregationUri)
{
    /// <summary>Parses the payload strictly; fails with <c>invalidStatusListToken</c>.</summary>
    public static Result<StatusListClaims> Parse(ReadOnlyMemory<byte> payload)
    {
        var parsed = StrictJson.ParseDocument(payload);
        if (!parsed.Succeeded)
        {
            return Invalid("The payload is not valid JSON: " + parsed.Error.Message);
        }

        using var document = parsed.Value;
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return Invalid("The payload is not a JSON object.");
        }

        if (!root.TryGetProperty("sub", out var sub) || sub.ValueKind != JsonValueKind.String)
        {
            return Invalid("sub is missing or not a string.");
        }

        if (!TryReadNumericDate(root, "iat", out var iat) || iat is null)
        {
            return Invalid("iat is missing or not a NumericDate.");
        }

        if (!TryReadNumericDate(root, "exp", out var exp))
        {
            return Invalid("exp is not a NumericDate.");
        }

        TimeSpan? ttl = null;
        if (root.TryGetProperty("ttl", out var ttlElement))
        {
            if (ttlElement.ValueKind != JsonValueKind.Number || !ttlElement.TryGetInt64(out long seconds) || seconds <= 0 || seconds > TimeSpan.MaxValue.TotalSeconds / 2)
            {
                return Invalid("ttl is not a positive integer number of seconds.");
            }

            ttl = TimeSpan.FromSeconds(seconds);
        }

        string? issuer = null;
        if (root.TryGetProperty("iss", out var iss))
        {
            if (iss.ValueKind != JsonValueKind.String)
            {
                return Invalid("iss is not a string.");
            }

            issuer = iss.GetString();
        }

        if (!root.TryGetProperty("status_list", out var list) || list.ValueKind != JsonValueKind.Object)
        {
            return Invalid("status_list is missing or not an object.");
        }

        if (!list.TryGetProperty("bits", out var bits) || bits.ValueKind != JsonValueKind.Number || !bits.TryGetInt32(out int bitCount))
        {
            return Invalid("status_list.bits is missing or not an integer.");
        }

        if (!StatusList.IsValidBits(bitCount))
        {
            return Result<StatusListClaims>.Failure(StatusListErrorCodes.InvalidStatusList, $"status_list.bits is {bitCount}; it must be 1, 2, 4 or 8.");
        }

        if (!list.TryGetProperty("lst", out var lst) || lst.ValueKind != JsonValueKind.String)
        {
            return Invalid("status_list.lst is missing or not a string.");
        }

        string? aggregation = null;
        if (list.TryGetProperty("aggregation_uri", out var agg))
        {
            if (agg.ValueKind != JsonValueKind.String)
            {
                return Invalid("status_list.aggregation_uri is not a string.");
            }

            aggregation = agg.GetString();
        }

        return new StatusListClaims(sub.GetString()!, issuer, iat.Value, exp, ttl, bitCount, lst.GetString()!, aggregation);
    }

    private static bool TryReadNumericDate(JsonElement root, string name, out DateTimeOffset? value)
    {
        value = null;
        if (!root.TryGetProperty(name, out var element))
        {
            return true;
        }

        // NumericDate (RFC 7519 §2): seconds since the epoch; fractions are allowed and truncated.
        if (element.ValueKind != JsonValueKind.Number || !element.TryGetDouble(out double seconds)
            || seconds < 0 || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds() || double.IsNaN(seconds))
        {
            return false;
        }

        value = DateTimeOffset.FromUnixTimeSeconds((long)seconds);
        return true;
    }

    private static Result<StatusListClaims> Invalid(string message) => Result<StatusListClaims>.Failure(StatusListErrorCodes.InvalidStatusListToken, message);
}
