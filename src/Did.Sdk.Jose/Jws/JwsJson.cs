// JWS JSON serialization, general and flattened syntax, RFC 7515 §7.2.
using System.Text;
using System.Text.Json.Nodes;

namespace Did.Sdk.Jose;

/// <summary>Decodes JWS in JSON serialization (general and flattened, RFC 7515 §7.2).</summary>
public static class JwsJson
{
    private static readonly HashSet<string> FlattenedMembers = ["payload", "protected", "header", "signature"];
    private static readonly HashSet<string> SignatureMembers = ["protected", "header", "signature"];

    /// <summary>
    /// Decodes a JWS JSON serialization into one <see cref="DecodedJws"/> per signature, without
    /// verifying. Fails with <c>inputTooLarge</c>, <c>invalidJson</c> or <c>invalidJws</c> (missing or
    /// mistyped members, a member in both the protected and unprotected headers, no signature).
    /// Unknown top-level members are rejected. At most <see cref="JwsVerificationOptions.DefaultMaxSignatures"/>
    /// signatures are accepted.
    /// </summary>
    public static Result<IReadOnlyList<DecodedJws>> Decode(string json, int maxLength = JwsVerificationOptions.DefaultMaxLength)
        => Decode(json, maxLength, JwsVerificationOptions.DefaultMaxSignatures);

    /// <summary>
    /// Decodes like <see cref="Decode(string, int)"/> with at most <paramref name="maxSignatures"/> entries
    /// in <c>signatures</c>; more fail with <c>inputTooLarge</c> before any entry is decoded. The payload is
    /// decoded once and shared by all entries; signing inputs are built on first use.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxSignatures"/> is not positive.</exception>
    public static Result<IReadOnlyList<DecodedJws>> Decode(string json, int maxLength, int maxSignatures)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxSignatures);
        if (json.Length > maxLength)
        {
            return Result<IReadOnlyList<DecodedJws>>.Failure(ErrorCodes.InputTooLarge, $"The JWS is longer than {maxLength} characters.");
        }

        var node = JoseJson.ParseWithoutStringCheck(Encoding.UTF8.GetBytes(json));
        if (!node.Succeeded)
        {
            return node.Error;
        }

        if (node.Value is not JsonObject root)
        {
            return Invalid("A JWS JSON serialization is a JSON object.");
        }

        // Bound the signature count before anything else is materialized.
        if (root.TryGetPropertyValue("signatures", out var signaturesBound) && signaturesBound is JsonArray bounded && bounded.Count > maxSignatures)
        {
            return Result<IReadOnlyList<DecodedJws>>.Failure(ErrorCodes.InputTooLarge, $"The JWS has more than {maxSignatures} signatures.");
        }

        var unreadable = JoseJson.CheckReadable(root);
        if (unreadable is not null)
        {
            return unreadable;
        }

        if (!TryGetString(root, "payload", out string? payload) || payload is null)
        {
            return Invalid("payload is missing or not a string.");
        }

        var shared = new JwsPayload(payload.AsMemory());
        var results = new List<DecodedJws>();
        if (root.TryGetPropertyValue("signatures", out var signaturesNode))
        {
            if (root.Any(p => p.Key is not ("payload" or "signatures")))
            {
                return Invalid("A general JWS JSON serialization has only payload and signatures.");
            }

            if (signaturesNode is not JsonArray signatures || signatures.Count == 0)
            {
                return Invalid("signatures is not a non-empty array.");
            }

            foreach (var entry in signatures)
            {
                if (entry is not JsonObject signatureObject || signatureObject.Any(p => !SignatureMembers.Contains(p.Key)))
                {
                    return Invalid("A signatures entry is not an object of protected, header and signature.");
                }

                var decoded = DecodeOne(signatureObject, shared);
                if (!decoded.Succeeded)
                {
                    return decoded.Error;
                }

                results.Add(decoded.Value);
            }
        }
        else
        {
            if (root.Any(p => !FlattenedMembers.Contains(p.Key)))
            {
                return Invalid("A flattened JWS JSON serialization has only payload, protected, header and signature.");
            }

            var decoded = DecodeOne(root, shared);
            if (!decoded.Succeeded)
            {
                return decoded.Error;
            }

            results.Add(decoded.Value);
        }

        return results;
    }

    private static Result<DecodedJws> DecodeOne(JsonObject obj, JwsPayload payload)
    {
        if (!TryGetString(obj, "signature", out string? signatureText) || signatureText is null)
        {
            return Jws.Invalid("signature is missing or not a string.");
        }

        if (!TryGetString(obj, "protected", out string? protectedText))
        {
            return Jws.Invalid("protected is not a string.");
        }

        if (protectedText is null)
        {
            // Without a protected header there is nothing to bind alg to; the SDK requires one.
            return Jws.Invalid("The protected header is missing.");
        }

        var protectedHeader = Jws.ParseProtectedHeader(protectedText);
        if (!protectedHeader.Succeeded)
        {
            return protectedHeader.Error;
        }

        JsonObject? unprotected = null;
        if (obj.TryGetPropertyValue("header", out var headerNode))
        {
            if (headerNode is not JsonObject headerObject)
            {
                return Jws.Invalid("header is not an object.");
            }

            unprotected = (JsonObject)headerObject.DeepClone();
            if (unprotected.Any(p => protectedHeader.Value.ContainsKey(p.Key)))
            {
                return Jws.Invalid("A header parameter appears in both the protected and unprotected headers.");
            }

            if (unprotected.ContainsKey("crit"))
            {
                return Jws.Invalid("crit must be in the protected header.");
            }
        }

        if (!Base64Url.TryDecode(signatureText, out byte[]? signature))
        {
            return Jws.Invalid("The signature is not canonical base64url.");
        }

        return Jws.Build(protectedHeader.Value, unprotected, protectedText, payload, signature);
    }

    private static bool TryGetString(JsonObject obj, string name, out string? value)
    {
        value = null;
        if (!obj.TryGetPropertyValue(name, out var node))
        {
            return true;
        }

        return JoseJson.TryGetString(node, out value);
    }

    private static Result<IReadOnlyList<DecodedJws>> Invalid(string message)
        => Result<IReadOnlyList<DecodedJws>>.Failure(JoseErrorCodes.InvalidJws, message);
}
