// JSON Web Key, RFC 7517 §4, with the OKP (RFC 8037 §2) and EC (RFC 7518 §6.2) key types,
// thumbprints per RFC 7638 §3 and thumbprint URIs per RFC 9278.
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Did.Sdk.Jose;

/// <summary>
/// An immutable, validated JSON Web Key of kty <c>OKP</c> (Ed25519, X25519) or <c>EC</c> (P-256,
/// P-384, P-521, secp256k1). Coordinates are checked for length and curve membership on parse.
/// Members the SDK does not interpret are preserved and written back by <see cref="ToJson"/>.
/// </summary>
/// <remarks>
/// A JWK with <see cref="HasPrivateKey"/> is a secret-bearing object: its <c>d</c> cannot be erased
/// (the type is immutable and not disposable) and <see cref="ToJson"/> writes it out. Keep such JWKs
/// short-lived, import them into a <see cref="SigningKey"/> (which zeroes its copy on dispose), and
/// use <see cref="ToPublic"/> for anything that is stored, logged or shared. <see cref="Equals(Jwk)"/>
/// compares <c>d</c> in constant time.
/// </remarks>
public sealed class Jwk : IEquatable<Jwk>
{
    private static readonly HashSet<string> KnownMembers = ["kty", "crv", "x", "y", "d", "kid", "alg", "use", "key_ops"];

    private readonly byte[] _x;
    private readonly byte[]? _y;
    private readonly byte[]? _d;
    private readonly JsonObject _additional;

    private Jwk(KeyType keyType, byte[] x, byte[]? y, byte[]? d, string? kid, string? alg, string? use, IReadOnlyList<string>? keyOps, JsonObject additional)
    {
        KeyType = keyType;
        _x = x;
        _y = y;
        _d = d;
        Kid = kid;
        Alg = alg;
        Use = use;
        KeyOps = keyOps;
        _additional = additional;
    }

    /// <summary>The key type and curve.</summary>
    public KeyType KeyType { get; }

    /// <summary>The JWK <c>kty</c>: <c>OKP</c> or <c>EC</c>.</summary>
    public string Kty => Curves.IsOkp(KeyType) ? "OKP" : "EC";

    /// <summary>The JWK <c>crv</c>.</summary>
    public string Crv => Curves.CurveName(KeyType);

    /// <summary>The <c>x</c> member, base64url.</summary>
    public string X => Base64Url.Encode(_x);

    /// <summary>The <c>y</c> member, base64url, for EC keys; null for OKP keys.</summary>
    public string? Y => _y is null ? null : Base64Url.Encode(_y);

    /// <summary>True when the JWK carries private key material (<c>d</c>).</summary>
    public bool HasPrivateKey => _d is not null;

    /// <summary>The key identifier <c>kid</c>, if any.</summary>
    public string? Kid { get; }

    /// <summary>The intended algorithm <c>alg</c>, if any (not validated here; key import checks it).</summary>
    public string? Alg { get; }

    /// <summary>The public key use <c>use</c>, if any.</summary>
    public string? Use { get; }

    /// <summary>The key operations <c>key_ops</c>, if any.</summary>
    public IReadOnlyList<string>? KeyOps { get; }

    /// <summary>The names of members the SDK does not interpret, in their original order.</summary>
    public IReadOnlyList<string> AdditionalMemberNames => _additional.Select(p => p.Key).ToArray();

    internal ReadOnlySpan<byte> XBytes => _x;

    internal ReadOnlySpan<byte> YBytes => _y;

    internal ReadOnlySpan<byte> DBytes => _d;

    /// <summary>Parses a JWK from untrusted JSON text. Fails with <c>invalidJson</c>, <c>invalidJwk</c> or <c>unsupportedKeyType</c>.</summary>
    public static Result<Jwk> Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return Parse(Encoding.UTF8.GetBytes(json));
    }

    /// <summary>Parses a JWK from untrusted UTF-8 JSON. Fails with <c>invalidJson</c>, <c>invalidJwk</c> or <c>unsupportedKeyType</c>.</summary>
    public static Result<Jwk> Parse(ReadOnlySpan<byte> utf8Json)
    {
        // Strict policy plus a check that every string unescapes (invalid UTF-8, lone surrogates).
        var node = JoseJson.Parse(utf8Json);
        if (!node.Succeeded)
        {
            return node.Error;
        }

        return node.Value is JsonObject obj ? FromJsonObject(obj) : Invalid("The JWK is not a JSON object.");
    }

    /// <summary>Parses a JWK from untrusted JSON text; false (never throws) on any error. See <see cref="Parse(string)"/>.</summary>
    public static bool TryParse(string? json, [NotNullWhen(true)] out Jwk? jwk)
    {
        jwk = null;
        return json is not null && Parse(json).TryGetValue(out jwk);
    }

    /// <summary>Parses a JWK from untrusted UTF-8 JSON; false (never throws) on any error.</summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8Json, [NotNullWhen(true)] out Jwk? jwk) => Parse(utf8Json).TryGetValue(out jwk);

    /// <summary>Reads a JWK from a JSON object (already parsed under the strict policy). The object is not modified.</summary>
    public static Result<Jwk> FromJsonObject(JsonObject json)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (!JoseJson.IsReadable(json))
        {
            // The object may come from a parser other than JoseJson: a lone surrogate escape would throw on read.
            return Invalid("The JWK contains a string or member name that is not valid UTF-16.");
        }
        if (!TryGetString(json, "kty", out string? kty, out var error))
        {
            return error;
        }

        if (kty is null)
        {
            return Invalid("The JWK has no kty.");
        }

        if (kty is not ("OKP" or "EC"))
        {
            return Result<Jwk>.Failure(JoseErrorCodes.UnsupportedKeyType, $"The key type '{Truncate(kty)}' is not supported (only OKP and EC).");
        }

        if (!TryGetString(json, "crv", out string? crv, out error)
            || !TryGetString(json, "x", out string? x, out error)
            || !TryGetString(json, "y", out string? y, out error)
            || !TryGetString(json, "d", out string? d, out error)
            || !TryGetString(json, "kid", out string? kid, out error)
            || !TryGetString(json, "alg", out string? alg, out error)
            || !TryGetString(json, "use", out string? use, out error))
        {
            return error;
        }

        if (crv is null)
        {
            return Invalid("The JWK has no crv.");
        }

        if (!Curves.TryParseCurveName(crv, out KeyType keyType))
        {
            return Result<Jwk>.Failure(JoseErrorCodes.UnsupportedKeyType, $"The curve '{Truncate(crv)}' is not supported.");
        }

        if (Curves.IsOkp(keyType) != (kty == "OKP"))
        {
            return Invalid($"The curve {crv} does not belong to key type {kty}.");
        }

        List<string>? keyOps = null;
        if (json.TryGetPropertyValue("key_ops", out JsonNode? opsNode))
        {
            if (opsNode is not JsonArray opsArray)
            {
                return Invalid("key_ops is not an array.");
            }

            keyOps = [];
            foreach (var op in opsArray)
            {
                if (!JoseJson.TryGetString(op, out string? opName) || opName is null)
                {
                    return Invalid("key_ops contains a value that is not a string.");
                }

                if (keyOps.Contains(opName))
                {
                    return Invalid("key_ops contains a duplicate value.");
                }

                keyOps.Add(opName);
            }
        }

        var additional = new JsonObject();
        foreach (var (name, value) in json)
        {
            if (!KnownMembers.Contains(name))
            {
                additional[name] = value?.DeepClone();
            }
        }

        return Create(keyType, x, y, d, kid, alg, use, keyOps, additional);
    }

    /// <summary>
    /// Creates a public JWK from raw key bytes: 32 bytes for Ed25519/X25519, a SEC 1 compressed or
    /// uncompressed point for the EC curves. Fails with <c>invalidPublicKeyLength</c> or <c>invalidPublicKey</c>.
    /// </summary>
    public static Result<Jwk> FromPublicKey(KeyType keyType, ReadOnlySpan<byte> publicKey)
    {
        var key = VerificationKey.Import(keyType, publicKey);
        return key.Succeeded ? key.Value.ToJwk() : key.Error;
    }

    internal static Jwk FromValidated(KeyType keyType, byte[] x, byte[]? y, byte[]? d)
        => new(keyType, x, y, d, null, null, null, null, []);

    private static Result<Jwk> Create(KeyType keyType, string? x, string? y, string? d, string? kid, string? alg, string? use, List<string>? keyOps, JsonObject additional)
    {
        int n = Curves.FieldLength(keyType);
        if (x is null)
        {
            return Invalid("The JWK has no x.");
        }

        if (!Base64Url.TryDecode(x, out byte[]? xBytes) || xBytes.Length != n)
        {
            return Invalid($"x is not base64url of exactly {n} bytes.");
        }

        byte[]? yBytes = null;
        if (Curves.IsOkp(keyType))
        {
            if (y is not null)
            {
                return Invalid("An OKP JWK must not have y.");
            }

            if (keyType == KeyType.Ed25519 && !Curves.IsValidEd25519PublicKey(xBytes))
            {
                return Invalid("x is not a valid Ed25519 public key (not a canonical point of prime order).");
            }

            if (keyType == KeyType.X25519 && !Curves.IsValidX25519PublicKey(xBytes))
            {
                return Invalid("x is the u-coordinate of a small-order X25519 point.");
            }
        }
        else
        {
            if (y is null)
            {
                return Invalid("An EC JWK must have y.");
            }

            if (!Base64Url.TryDecode(y, out yBytes) || yBytes.Length != n)
            {
                return Invalid($"y is not base64url of exactly {n} bytes.");
            }

            if (!Curves.IsOnCurve(keyType, xBytes, yBytes))
            {
                return Invalid("The point (x, y) is not on the curve.");
            }
        }

        byte[]? dBytes = null;
        if (d is not null && (!Base64Url.TryDecode(d, out dBytes) || dBytes.Length != n))
        {
            return Invalid($"d is not base64url of exactly {n} bytes.");
        }

        return new Jwk(keyType, xBytes, yBytes, dBytes, kid, alg, use, keyOps?.AsReadOnly(), additional);
    }

    /// <summary>This key without its private member <c>d</c>; other members are kept.</summary>
    public Jwk ToPublic() => _d is null ? this : new Jwk(KeyType, _x, _y, null, Kid, Alg, Use, KeyOps, (JsonObject)_additional.DeepClone());

    /// <summary>A copy with <c>kid</c> set (or removed when null).</summary>
    public Jwk WithKid(string? kid) => new(KeyType, _x, _y, _d, kid, Alg, Use, KeyOps, (JsonObject)_additional.DeepClone());

    /// <summary>A copy with <c>alg</c> set (or removed when null).</summary>
    public Jwk WithAlg(string? alg) => new(KeyType, _x, _y, _d, Kid, alg, Use, KeyOps, (JsonObject)_additional.DeepClone());

    /// <summary>A copy with <c>use</c> set (or removed when null).</summary>
    public Jwk WithUse(string? use) => new(KeyType, _x, _y, _d, Kid, Alg, use, KeyOps, (JsonObject)_additional.DeepClone());

    /// <summary>A clone of an uninterpreted member, or null when absent.</summary>
    public JsonNode? GetAdditionalMember(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _additional.TryGetPropertyValue(name, out var value) ? value?.DeepClone() : null;
    }

    /// <summary>
    /// The JWK as a JSON object in deterministic member order: kty, crv, x, y, d, kid, alg, use,
    /// key_ops, then the uninterpreted members in their original order.
    /// </summary>
    public JsonObject ToJsonObject()
    {
        var obj = new JsonObject
        {
            ["kty"] = Kty,
            ["crv"] = Crv,
            ["x"] = X,
        };
        if (_y is not null)
        {
            obj["y"] = Y;
        }

        if (_d is not null)
        {
            obj["d"] = Base64Url.Encode(_d);
        }

        if (Kid is not null)
        {
            obj["kid"] = Kid;
        }

        if (Alg is not null)
        {
            obj["alg"] = Alg;
        }

        if (Use is not null)
        {
            obj["use"] = Use;
        }

        if (KeyOps is not null)
        {
            obj["key_ops"] = new JsonArray(KeyOps.Select(o => (JsonNode?)JsonValue.Create(o)).ToArray());
        }

        foreach (var (name, value) in _additional)
        {
            obj[name] = value?.DeepClone();
        }

        return obj;
    }

    /// <summary>The JWK as compact JSON in the order of <see cref="ToJsonObject"/>. Includes <c>d</c> when present.</summary>
    public string ToJson() => ToJsonObject().ToJsonString();

    /// <summary>
    /// The RFC 7638 JWK thumbprint: SHA-256 over the required members (crv, kty, x[, y]) in
    /// lexicographic order without whitespace, base64url-encoded.
    /// </summary>
    public string ComputeThumbprint()
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(GetThumbprintInput()), hash);
        return Base64Url.Encode(hash);
    }

    /// <summary>The RFC 9278 thumbprint URI <c>urn:ietf:params:oauth:jwk-thumbprint:sha-256:&lt;thumbprint&gt;</c>.</summary>
    public string ComputeThumbprintUri() => "urn:ietf:params:oauth:jwk-thumbprint:sha-256:" + ComputeThumbprint();

    /// <summary>The canonical JSON hashed by <see cref="ComputeThumbprint"/> (RFC 7638 §3.2).</summary>
    public string GetThumbprintInput()
    {
        // Values are fixed curve names and base64url, so no JSON escaping is ever needed.
        return _y is null
            ? $"{{\"crv\":\"{Crv}\",\"kty\":\"{Kty}\",\"x\":\"{X}\"}}"
            : $"{{\"crv\":\"{Crv}\",\"kty\":\"{Kty}\",\"x\":\"{X}\",\"y\":\"{Y}\"}}";
    }

    /// <summary>Equality of key material (type, x, y, d); metadata members are ignored.</summary>
    public bool Equals(Jwk? other)
        => other is not null && other.KeyType == KeyType && _x.AsSpan().SequenceEqual(other._x)
            && _y.AsSpan().SequenceEqual(other._y) && (_d is null) == (other._d is null)
            && (_d is null || CryptographicOperations.FixedTimeEquals(_d, other._d));

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as Jwk);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(KeyType, X);

    /// <summary>The public JSON form; private material is never included in <see cref="ToString"/>.</summary>
    public override string ToString() => ToPublic().ToJson();

    private static bool TryGetString(JsonObject json, string name, out string? value, out SdkError error)
    {
        value = null;
        error = null!;
        if (!json.TryGetPropertyValue(name, out JsonNode? node))
        {
            return true;
        }

        if (JoseJson.TryGetString(node, out value))
        {
            return true;
        }

        error = new SdkError(JoseErrorCodes.InvalidJwk, $"The JWK member '{name}' is not a string.");
        return false;
    }

    private static Result<Jwk> Invalid(string message) => Result<Jwk>.Failure(JoseErrorCodes.InvalidJwk, message);

    private static string Truncate(string s) => s.Length <= 32 ? s : s[..32] + "…";
}
