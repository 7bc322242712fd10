// JWS compact serialization, RFC 7515 §3.1 and §7.1; unencoded payload option, RFC 7797 §3 and §5.
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Did.Sdk.Jose;

/// <summary>Creates and decodes JWS in compact serialization.</summary>
public static class Jws
{
    /// <summary>
    /// Signs <paramref name="payload"/> and returns the compact JWS. The header's <c>alg</c> is set
    /// from the key (put first); other members (<c>typ</c>, <c>kid</c>, …) are kept in order. With
    /// <c>"b64": false</c> in the header the payload is left unencoded (RFC 7797) and <c>b64</c> is
    /// added to <c>crit</c>; such a payload must be UTF-8 without '.'.
    /// </summary>
    /// <exception cref="ArgumentException">The header names another <c>alg</c>, or an unencoded payload is unusable.</exception>
    public static string Sign(JsonObject header, ReadOnlySpan<byte> payload, SigningKey key)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(key);
        var protectedHeader = new JsonObject { ["alg"] = key.Algorithm.Name };
        foreach (var (name, value) in header)
        {
            if (name == "alg")
            {
                if (value is not JsonValue v || v.GetValueKind() != JsonValueKind.String || v.GetValue<string>() != key.Algorithm.Name)
                {
                    throw new ArgumentException($"The header alg does not match the key's algorithm {key.Algorithm.Name}.", nameof(header));
                }

                continue;
            }

            protectedHeader[name] = value?.DeepClone();
        }

        bool encodePayload = true;
        if (protectedHeader.TryGetPropertyValue("b64", out var b64) && b64 is JsonValue b64Value && b64Value.GetValueKind() == JsonValueKind.False)
        {
            encodePayload = false;
            var crit = protectedHeader["crit"] as JsonArray;
            if (crit is null)
            {
                protectedHeader["crit"] = new JsonArray("b64");
            }
            else if (!crit.Any(c => c is JsonValue cv && cv.GetValueKind() == JsonValueKind.String && cv.GetValue<string>() == "b64"))
            {
                crit.Add("b64");
            }
        }

        string encodedHeader = Base64Url.Encode(Serialize(protectedHeader));
        string payloadSegment;
        if (encodePayload)
        {
            payloadSegment = Base64Url.Encode(payload);
        }
        else
        {
            if (payload.Contains((byte)'.'))
            {
                throw new ArgumentException("An unencoded compact payload must not contain '.'.", nameof(payload));
            }

            payloadSegment = new UTF8Encoding(false, true).GetString(payload);
        }

        string signingInput = encodedHeader + "." + payloadSegment;
        var signature = key.Sign(Encoding.UTF8.GetBytes(signingInput));
        return signingInput + "." + Base64Url.Encode(signature);
    }

    /// <summary>Signs with a header of <c>alg</c> plus the optional <c>typ</c> and <c>kid</c>.</summary>
    public static string Sign(ReadOnlySpan<byte> payload, SigningKey key, string? type = null, string? keyId = null)
    {
        var header = new JsonObject();
        if (type is not null)
        {
            header["typ"] = type;
        }

        if (keyId is not null)
        {
            header["kid"] = keyId;
        }

        return Sign(header, payload, key);
    }

    /// <summary>
    /// Decodes a compact JWS without verifying it. Fails with <c>inputTooLarge</c> beyond
    /// <paramref name="maxLength"/> characters, and with <c>invalidJws</c> for a wrong number of
    /// segments, non-canonical base64url, a header that is not a strict JSON object, a missing or
    /// non-string <c>alg</c>, or a non-boolean <c>b64</c>.
    /// </summary>
    public static Result<DecodedJws> Decode(string jws, int maxLength = JwsVerificationOptions.DefaultMaxLength)
    {
        ArgumentNullException.ThrowIfNull(jws);
        if (jws.Length > maxLength)
        {
            return Result<DecodedJws>.Failure(ErrorCodes.InputTooLarge, $"The JWS is longer than {maxLength} characters.");
        }

        int first = jws.IndexOf('.', StringComparison.Ordinal);
        int second = first < 0 ? -1 : jws.IndexOf('.', first + 1);
        if (first < 0 || second < 0 || jws.IndexOf('.', second + 1) >= 0)
        {
            return Invalid("A compact JWS has exactly three segments.");
        }

        string headerSegment = jws[..first];
        var header = ParseProtectedHeader(headerSegment);
        if (!header.Succeeded)
        {
            return header.Error;
        }

        if (!Base64Url.TryDecode(jws.AsSpan(second + 1), out byte[]? signature))
        {
            return Invalid("The signature is not canonical base64url.");
        }

        return Build(header.Value, null, headerSegment, new JwsPayload(jws.AsMemory(first + 1, second - first - 1)), signature);
    }

    /// <summary>
    /// Decodes a compact JWS with detached content (RFC 7515 Appendix F): the payload segment must be
    /// empty and <paramref name="detachedPayload"/> supplies the content. Fails like <see cref="Decode(string, int)"/>.
    /// </summary>
    public static Result<DecodedJws> DecodeDetached(string jws, ReadOnlySpan<byte> detachedPayload, int maxLength = JwsVerificationOptions.DefaultMaxLength)
    {
        ArgumentNullException.ThrowIfNull(jws);
        if (jws.Length > maxLength)
        {
            return Result<DecodedJws>.Failure(ErrorCodes.InputTooLarge, $"The JWS is longer than {maxLength} characters.");
        }

        var parts = jws.Split('.');
        if (parts.Length != 3 || parts[1].Length != 0)
        {
            return Invalid("A detached compact JWS has three segments with an empty payload segment.");
        }

        var header = ParseProtectedHeader(parts[0]);
        if (!header.Succeeded)
        {
            return header.Error;
        }

        if (!Base64Url.TryDecode(parts[2], out byte[]? signature))
        {
            return Invalid("The signature is not canonical base64url.");
        }

        string payloadSegment;
        if (header.Value["b64"] is JsonValue b64 && b64.GetValueKind() == JsonValueKind.False)
        {
            if (!System.Text.Unicode.Utf8.IsValid(detachedPayload))
            {
                return Invalid("An unencoded detached payload must be UTF-8.");
            }

            payloadSegment = Encoding.UTF8.GetString(detachedPayload);
        }
        else
        {
            payloadSegment = Base64Url.Encode(detachedPayload);
        }

        return Build(header.Value, null, parts[0], new JwsPayload(payloadSegment.AsMemory()), signature);
    }

    /// <summary>Signs like <see cref="Sign(JsonObject, ReadOnlySpan{byte}, SigningKey)"/> and removes the payload segment (RFC 7515 Appendix F).</summary>
    public static string SignDetached(JsonObject header, ReadOnlySpan<byte> payload, SigningKey key)
    {
        string jws = Sign(header, payload, key);
        int first = jws.IndexOf('.', StringComparison.Ordinal);
        int last = jws.LastIndexOf('.');
        return string.Concat(jws.AsSpan(0, first + 1), jws.AsSpan(last));
    }

    internal static Result<JsonObject> ParseProtectedHeader(string headerSegment)
    {
        if (headerSegment.Length == 0 || !Base64Url.TryDecode(headerSegment, out byte[]? headerBytes))
        {
            return Result<JsonObject>.Failure(JoseErrorCodes.InvalidJws, "The protected header is empty or not canonical base64url.");
        }

        // Strict policy plus a check that every string unescapes (invalid UTF-8, lone surrogates).
        var node = JoseJson.Parse(headerBytes);
        if (!node.Succeeded)
        {
            return Result<JsonObject>.Failure(JoseErrorCodes.InvalidJws, "The protected header is not valid JSON: " + node.Error.Message);
        }

        return node.Value is JsonObject obj
            ? Result<JsonObject>.Success(obj)
            : Result<JsonObject>.Failure(JoseErrorCodes.InvalidJws, "The protected header is not a JSON object.");
    }

    internal static Result<DecodedJws> Build(JsonObject protectedHeader, JsonObject? unprotectedHeader, string headerSegment, JwsPayload payloadSegment, byte[] signature)
    {
        // Registered parameters have fixed JSON types (RFC 7515 §4.1, RFC 7797 §3), whatever supplies
        // the key: a kid that is an object is malformed even when the verifier ignores kid.
        var mistyped = FindMistypedParameter(protectedHeader) ?? (unprotectedHeader is null ? null : FindMistypedParameter(unprotectedHeader));
        if (mistyped is not null)
        {
            return Invalid($"The header parameter '{mistyped}' does not have the JSON type RFC 7515 gives it.");
        }

        // alg must be integrity protected (RFC 7515 §10.7 algorithm substitution): never read it from the unprotected header.
        if (!JoseJson.TryGetString(protectedHeader["alg"], out string? algorithm) || algorithm is null)
        {
            return Invalid("The protected header has no string alg.");
        }

        if (unprotectedHeader?.ContainsKey("alg") == true)
        {
            return Invalid("alg must be in the protected header.");
        }

        bool encoded = true;
        if (protectedHeader.TryGetPropertyValue("b64", out var b64))
        {
            var kind = b64?.GetValueKind();
            if (kind is not (JsonValueKind.True or JsonValueKind.False))
            {
                return Invalid("b64 is not a boolean.");
            }

            encoded = kind == JsonValueKind.True;
        }
        else if (unprotectedHeader?.ContainsKey("b64") == true)
        {
            return Invalid("b64 must be in the protected header.");
        }

        byte[]? payload = encoded ? payloadSegment.GetDecoded() : payloadSegment.GetUnencoded();
        if (payload is null)
        {
            return Invalid("The payload is not canonical base64url.");
        }

        return new DecodedJws(protectedHeader, unprotectedHeader, headerSegment, payload, signature, payloadSegment.Segment, algorithm, encoded);
    }

    /// <summary>The first registered header parameter of <paramref name="header"/> with the wrong JSON type, or null.</summary>
    internal static string? FindMistypedParameter(JsonObject header)
    {
        foreach (var (name, value) in header)
        {
            bool ok = name switch
            {
                "alg" or "jku" or "kid" or "x5u" or "x5t" or "x5t#S256" or "typ" or "cty" or "enc" or "zip" => IsKind(value, JsonValueKind.String),
                "jwk" => value is JsonObject,
                "x5c" or "crit" => value is JsonArray array && array.All(item => IsKind(item, JsonValueKind.String)),
                "b64" => IsKind(value, JsonValueKind.True) || IsKind(value, JsonValueKind.False),
                _ => true,
            };
            if (!ok)
            {
                return name;
            }
        }

        return null;
    }

    private static bool IsKind(JsonNode? node, JsonValueKind kind) => node is JsonValue v && v.GetValueKind() == kind;

    private static byte[] Serialize(JsonObject header)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        // Relaxed escaping: "dc+sd-jwt" stays as written (the default encoder would write \u002B);
        // a protected header is never embedded in HTML, so HTML-sensitive characters need no escapes.
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            header.WriteTo(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }

    internal static Result<DecodedJws> Invalid(string message) => Result<DecodedJws>.Failure(JoseErrorCodes.InvalidJws, message);
}
