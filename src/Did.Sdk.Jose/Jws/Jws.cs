// JWS compact serialization, RFC 7515 §3.1 and §7.1; unencoded payload option, RFC 7797 §3 and §5.
using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Did.Sdk.Json;

namespace Did.Sdk.Jose;

/// <summary>Creates and decodes JWS in compact serialization.</summary>
public static class Jws
{
    private static readonly JsonSerializerOptions HeaderWriteOptions = new() { WriteIndented = false };

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

        string encodedHeader = Base64Url.Encode(JsonSerializer.SerializeToUtf8Bytes(protectedHeader, HeaderWriteOptions));
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

        return Build(header.Value, null, headerSegment, jws.AsSpan(first + 1, second - first - 1), signature);
    }

    internal static Result<JsonObject> ParseProtectedHeader(string headerSegment)
    {
        // Headers are small: decode on the stack (or a pooled buffer), StrictJson copies what it keeps.
        int maxLength = Base64Url.GetMaxDecodedLength(headerSegment.Length);
        byte[]? rented = null;
        Span<byte> buffer = maxLength <= 512 ? stackalloc byte[512] : (rented = ArrayPool<byte>.Shared.Rent(maxLength));
        try
        {
            if (headerSegment.Length == 0 || !Base64Url.TryDecode(headerSegment, buffer, out int written))
            {
                return Result<JsonObject>.Failure(JoseErrorCodes.InvalidJws, "The protected header is empty or not canonical base64url.");
            }

            return ParseHeaderJson(buffer[..written]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static Result<JsonObject> ParseHeaderJson(ReadOnlySpan<byte> headerBytes)
    {
        // StrictJson transcodes string values lazily, so invalid UTF-8 would surface later as an exception.
        if (!System.Text.Unicode.Utf8.IsValid(headerBytes))
        {
            return Result<JsonObject>.Failure(JoseErrorCodes.InvalidJws, "The protected header is not valid UTF-8.");
        }

        var node = StrictJson.ParseNode(headerBytes);
        if (!node.Succeeded)
        {
            return Result<JsonObject>.Failure(JoseErrorCodes.InvalidJws, "The protected header is not valid JSON: " + node.Error.Message);
        }

        return node.Value is JsonObject obj
            ? Result<JsonObject>.Success(obj)
            : Result<JsonObject>.Failure(JoseErrorCodes.InvalidJws, "The protected header is not a JSON object.");
    }

    internal static Result<DecodedJws> Build(JsonObject protectedHeader, JsonObject? unprotectedHeader, string headerSegment, ReadOnlySpan<char> payloadSegment, byte[] signature)
    {
        JsonNode? algNode = protectedHeader["alg"] ?? unprotectedHeader?["alg"];
        if (algNode is not JsonValue algValue || algValue.GetValueKind() != JsonValueKind.String)
        {
            return Invalid("The header has no string alg.");
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

        byte[] payload;
        if (encoded)
        {
            if (!Base64Url.TryDecode(payloadSegment, out byte[]? decoded))
            {
                return Invalid("The payload is not canonical base64url.");
            }

            payload = decoded;
        }
        else
        {
            payload = new byte[Encoding.UTF8.GetByteCount(payloadSegment)];
            Encoding.UTF8.GetBytes(payloadSegment, payload);
        }

        // ASCII(header) '.' payload segment, encoded in place without an intermediate string.
        int headerLength = Encoding.UTF8.GetByteCount(headerSegment);
        var signingInput = new byte[headerLength + 1 + Encoding.UTF8.GetByteCount(payloadSegment)];
        Encoding.UTF8.GetBytes(headerSegment, signingInput);
        signingInput[headerLength] = (byte)'.';
        Encoding.UTF8.GetBytes(payloadSegment, signingInput.AsSpan(headerLength + 1));
        return new DecodedJws(protectedHeader, unprotectedHeader, headerSegment, payload, signature, signingInput, algValue.GetValue<string>(), encoded);
    }

    internal static Result<DecodedJws> Invalid(string message) => Result<DecodedJws>.Failure(JoseErrorCodes.InvalidJws, message);
}
