// Conversion between Jwk and Microsoft.IdentityModel.Tokens.JsonWebKey (RFC 7517 members only).
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.Tokens;

namespace Did.Sdk.Jose;

/// <summary>Converts between <see cref="Jwk"/> and Microsoft.IdentityModel's <see cref="JsonWebKey"/>.</summary>
public static class JsonWebKeyExtensions
{
    /// <summary>
    /// A <see cref="JsonWebKey"/> with the same kty, crv, x, y, kid, alg, use and key_ops. The private
    /// member <c>d</c> is copied only when <paramref name="includePrivateKey"/> is true.
    /// </summary>
    public static JsonWebKey ToJsonWebKey(this Jwk jwk, bool includePrivateKey = false)
    {
        ArgumentNullException.ThrowIfNull(jwk);
        var result = new JsonWebKey
        {
            Kty = jwk.Kty,
            Crv = jwk.Crv,
            X = jwk.X,
        };
        if (jwk.Y is not null)
        {
            result.Y = jwk.Y;
        }

        if (includePrivateKey && jwk.HasPrivateKey)
        {
            result.D = Base64Url.Encode(jwk.DBytes);
        }

        if (jwk.Kid is not null)
        {
            result.Kid = jwk.Kid;
        }

        if (jwk.Alg is not null)
        {
            result.Alg = jwk.Alg;
        }

        if (jwk.Use is not null)
        {
            result.Use = jwk.Use;
        }

        foreach (var op in jwk.KeyOps ?? [])
        {
            result.KeyOps.Add(op);
        }

        return result;
    }

    /// <summary>
    /// Reads a <see cref="JsonWebKey"/> into a validated <see cref="Jwk"/> (with <c>d</c> when present).
    /// Fails like <see cref="Jwk.FromJsonObject"/>: <c>invalidJwk</c>, <c>unsupportedKeyType</c>.
    /// </summary>
    public static Result<Jwk> ToJwk(this JsonWebKey jsonWebKey)
    {
        ArgumentNullException.ThrowIfNull(jsonWebKey);
        var obj = new JsonObject();
        Add(obj, "kty", jsonWebKey.Kty);
        Add(obj, "crv", jsonWebKey.Crv);
        Add(obj, "x", jsonWebKey.X);
        Add(obj, "y", jsonWebKey.Y);
        Add(obj, "d", jsonWebKey.D);
        Add(obj, "kid", jsonWebKey.Kid);
        Add(obj, "alg", jsonWebKey.Alg);
        Add(obj, "use", jsonWebKey.Use);
        if (jsonWebKey.KeyOps.Count > 0)
        {
            obj["key_ops"] = new JsonArray(jsonWebKey.KeyOps.Select(o => (JsonNode?)JsonValue.Create(o)).ToArray());
        }

        return Jwk.FromJsonObject(obj);
    }

    private static void Add(JsonObject obj, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            obj[name] = value;
        }
    }
}
