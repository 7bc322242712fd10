// SD-JWT and SD-JWT+KB serializations: compact (RFC 9901 §4) and JWS JSON (RFC 9901 §8).
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Did.Sdk.Json;

namespace Did.Sdk.SdJwt;

/// <summary>The JWS JSON serialization syntax of an SD-JWT (RFC 9901 §8).</summary>
public enum SdJwtJsonSyntax
{
    /// <summary>Flattened: one signature, disclosures and <c>kb_jwt</c> in its unprotected header.</summary>
    Flattened,

    /// <summary>General: a <c>signatures</c> array; disclosures and <c>kb_jwt</c> in the first signature's unprotected header.</summary>
    General,
}

/// <summary>
/// An SD-JWT or SD-JWT+KB, parsed but not verified: the issuer-signed JWT (one or more signatures
/// over one payload), the disclosures in order, and the Key Binding JWT if any. Immutable.
/// </summary>
public sealed class SdJwtToken
{
    /// <summary>The most signatures accepted in a general JWS JSON serialization (each may cost a DID resolution).</summary>
    public const int MaxSignatures = 8;

    // For a token parsed from compact text: that text (trimmed), the length of its issuer-signed JWT
    // and of its sd_hash input (everything up to and including the last '~'). The verifier hashes the
    // sd_hash input straight from this text and decodes the JWS without re-joining its segments.
    private readonly string? _compactSource;
    private readonly int _issuerJwsLength;
    private readonly int _sdHashInputLength;
    private Segments? _segments;

    internal SdJwtToken(string payloadSegment, IReadOnlyList<(string Protected, string Signature)> signatures, IReadOnlyList<SdJwtDisclosure> disclosures, string? keyBindingJwt)
    {
        _segments = new Segments(payloadSegment, signatures);
        Disclosures = disclosures;
        KeyBindingJwt = keyBindingJwt;
    }

    private SdJwtToken(string compactSource, int issuerJwsLength, int sdHashInputLength, IReadOnlyList<SdJwtDisclosure> disclosures, string? keyBindingJwt)
    {
        _compactSource = compactSource;
        _issuerJwsLength = issuerJwsLength;
        _sdHashInputLength = sdHashInputLength;
        Disclosures = disclosures;
        KeyBindingJwt = keyBindingJwt;
    }

    /// <summary>The issuer-signed JWT in compact form (first signature).</summary>
    public string IssuerSignedJwt => CompactJws(0);

    /// <summary>The disclosures, in the order they appear.</summary>
    public IReadOnlyList<SdJwtDisclosure> Disclosures { get; }

    /// <summary>The Key Binding JWT, or null.</summary>
    public string? KeyBindingJwt { get; }

    internal string PayloadSegment => (_segments ??= SplitSource()).Payload;

    internal IReadOnlyList<(string Protected, string Signature)> Signatures => (_segments ??= SplitSource()).Signatures;

    /// <summary>The number of issuer signatures (1 for compact).</summary>
    internal int SignatureCount => _compactSource is null ? Signatures.Count : 1;

    internal string CompactJws(int index)
        => _compactSource is not null && index == 0
            ? _compactSource[.._issuerJwsLength]
            : Signatures[index].Protected + "." + PayloadSegment + "." + Signatures[index].Signature;

    /// <summary>A copy with other disclosures and Key Binding JWT.</summary>
    internal SdJwtToken With(IReadOnlyList<SdJwtDisclosure> disclosures, string? keyBindingJwt) => new(PayloadSegment, Signatures, disclosures, keyBindingJwt);

    /// <summary>The base64url <c>sd_hash</c> of this token under <paramref name="algorithm"/> for one issuer signature (RFC 9901 §4.3.1).</summary>
    internal string ComputeSdHash(SdJwtHashAlgorithm algorithm, int signatureIndex)
        => _compactSource is not null && signatureIndex == 0
            ? algorithm.Digest(_compactSource.AsSpan(0, _sdHashInputLength))
            : algorithm.Digest(SdHashInput(signatureIndex));

    // Derived on first use for a compact token (one immutable object, so a racing reader sees both
    // parts or neither). The source was checked to hold three non-empty segments when parsed.
    private Segments SplitSource()
    {
        var jws = _compactSource.AsSpan(0, _issuerJwsLength);
        int first = jws.IndexOf('.');
        int second = first + 1 + jws[(first + 1)..].IndexOf('.');
        return new Segments(jws[(first + 1)..second].ToString(), [(jws[..first].ToString(), jws[(second + 1)..].ToString())]);
    }

    private sealed record Segments(string Payload, IReadOnlyList<(string Protected, string Signature)> Signatures);

    /// <summary>The compact SD-JWT without the Key Binding JWT, ending in '~': the <c>sd_hash</c> input (RFC 9901 §4.3.1).</summary>
    public string ToCompactWithoutKeyBinding() => SdHashInput(0);

    internal string SdHashInput(int signatureIndex)
    {
        if (_compactSource is not null && signatureIndex == 0)
        {
            return _compactSource[.._sdHashInputLength];
        }

        var sb = new StringBuilder(CompactJws(signatureIndex)).Append('~');
        foreach (var d in Disclosures)
        {
            sb.Append(d.Encoded).Append('~');
        }

        return sb.ToString();
    }

    /// <summary>The compact serialization: <c>&lt;JWT&gt;~&lt;D1&gt;~…~[&lt;KB-JWT&gt;]</c>.</summary>
    public string ToCompact() => ToCompactWithoutKeyBinding() + (KeyBindingJwt ?? string.Empty);

    /// <summary>The JWS JSON serialization (RFC 9901 §8), flattened or general.</summary>
    public string ToJson(SdJwtJsonSyntax syntax = SdJwtJsonSyntax.Flattened)
    {
        if (syntax == SdJwtJsonSyntax.Flattened && Signatures.Count != 1)
        {
            throw new InvalidOperationException("The flattened syntax carries exactly one signature.");
        }

        var header = new JsonObject { ["disclosures"] = new JsonArray(Disclosures.Select(d => (JsonNode?)JsonValue.Create(d.Encoded)).ToArray()) };
        if (KeyBindingJwt is not null)
        {
            header["kb_jwt"] = KeyBindingJwt;
        }

        JsonObject root;
        if (syntax == SdJwtJsonSyntax.Flattened)
        {
            root = new JsonObject
            {
                ["header"] = header,
                ["payload"] = PayloadSegment,
                ["protected"] = Signatures[0].Protected,
                ["signature"] = Signatures[0].Signature,
            };
        }
        else
        {
            var signatures = new JsonArray();
            for (int i = 0; i < Signatures.Count; i++)
            {
                var entry = new JsonObject { ["protected"] = Signatures[i].Protected };
                if (i == 0)
                {
                    entry["header"] = header;
                }

                entry["signature"] = Signatures[i].Signature;
                signatures.Add(entry);
            }

            root = new JsonObject { ["payload"] = PayloadSegment, ["signatures"] = signatures };
        }

        return root.ToJsonString();
    }

    /// <inheritdoc />
    public override string ToString() => "SD-JWT (" + Disclosures.Count + " disclosures" + (KeyBindingJwt is null ? ")" : ", key binding)");

    /// <summary>
    /// Parses a compact or JWS JSON SD-JWT without verifying anything. Fails with <c>inputTooLarge</c>,
    /// <c>tooManyDisclosures</c>, <c>invalidSdJwt</c>, <c>invalidJson</c> or <c>invalidDisclosure</c>.
    /// </summary>
    public static Result<SdJwtToken> Parse(string text, int maxLength = SdJwtVerificationOptions.DefaultMaxLength, int maxDisclosures = SdJwtVerificationOptions.DefaultMaxDisclosures)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > maxLength)
        {
            return Result<SdJwtToken>.Failure(ErrorCodes.InputTooLarge, $"The SD-JWT is longer than {maxLength} characters.");
        }

        string trimmed = text.Trim();
        return trimmed.StartsWith('{') ? ParseJson(trimmed, maxDisclosures) : ParseCompact(trimmed, maxDisclosures);
    }

    private static Result<SdJwtToken> ParseCompact(string text, int maxDisclosures)
    {
        int firstTilde = text.IndexOf('~');
        if (firstTilde < 0)
        {
            return Invalid("A compact SD-JWT has at least one '~'.");
        }

        int lastTilde = text.LastIndexOf('~');
        int disclosureCount = text.AsSpan(firstTilde, lastTilde - firstTilde).Count('~');
        if (disclosureCount > maxDisclosures)
        {
            return Result<SdJwtToken>.Failure(SdJwtErrorCodes.TooManyDisclosures, $"More than {maxDisclosures} disclosures.");
        }

        if (!IsCompactJws(text.AsSpan(0, firstTilde)))
        {
            return Invalid("The issuer-signed JWT is not a compact JWS of three non-empty segments.");
        }

        var disclosures = new List<SdJwtDisclosure>(disclosureCount);
        int start = firstTilde + 1;
        while (start <= lastTilde)
        {
            int end = text.IndexOf('~', start);
            if (end == start)
            {
                return Invalid("An empty disclosure ('~~').");
            }

            var d = SdJwtDisclosure.Parse(text[start..end]);
            if (!d.Succeeded)
            {
                return d.Error;
            }

            disclosures.Add(d.Value);
            start = end + 1;
        }

        var last = text.AsSpan(lastTilde + 1);
        if (last.Length > 0 && !IsCompactJws(last))
        {
            return Invalid("The Key Binding JWT is not a compact JWS.");
        }

        return new SdJwtToken(text, firstTilde, lastTilde + 1, disclosures, last.Length == 0 ? null : last.ToString());
    }

    private static Result<SdJwtToken> ParseJson(string text, int maxDisclosures)
    {
        var node = StrictJson.ParseNode(Encoding.UTF8.GetBytes(text));
        if (!node.Succeeded)
        {
            return node.Error;
        }

        if (node.Value is not JsonObject root || !TryString(root, "payload", out string? payload) || payload is null || payload.Length == 0)
        {
            return Invalid("A JWS JSON SD-JWT is an object with a string payload.");
        }

        var signatures = new List<(string, string)>();
        JsonObject? header;
        if (root.TryGetPropertyValue("signatures", out var sigNode))
        {
            if (root.Count != 2 || sigNode is not JsonArray array || array.Count is 0 or > MaxSignatures)
            {
                return Invalid($"A general JWS JSON SD-JWT has only payload and a signatures array of 1 to {MaxSignatures} entries.");
            }

            header = null;
            for (int i = 0; i < array.Count; i++)
            {
                if (array[i] is not JsonObject entry || entry.Any(p => p.Key is not ("protected" or "header" or "signature")))
                {
                    return Invalid("A signatures entry has only protected, header and signature.");
                }

                var sig = ReadSignature(entry);
                if (sig is null)
                {
                    return Invalid("A signature lacks a string protected header or signature, has a non-object header, or names a parameter in both headers.");
                }

                var h = entry["header"] as JsonObject;
                if (i == 0)
                {
                    header = h;
                }
                else if (h is not null && (h.ContainsKey("disclosures") || h.ContainsKey("kb_jwt")))
                {
                    return Invalid("disclosures and kb_jwt belong in the first signature's header only.");
                }

                signatures.Add(sig.Value);
            }
        }
        else
        {
            if (root.Any(p => p.Key is not ("payload" or "protected" or "header" or "signature")))
            {
                return Invalid("A flattened JWS JSON SD-JWT has only payload, protected, header and signature.");
            }

            var sig = ReadSignature(root);
            if (sig is null)
            {
                return Invalid("The protected header or signature is missing or not a string, header is not an object, or a parameter is in both headers.");
            }

            header = root["header"] as JsonObject;
            signatures.Add(sig.Value);
        }

        if (header is null || header["disclosures"] is not JsonArray disclosureArray)
        {
            return Invalid("The unprotected header has no disclosures array.");
        }

        if (disclosureArray.Count > maxDisclosures)
        {
            return Result<SdJwtToken>.Failure(SdJwtErrorCodes.TooManyDisclosures, $"More than {maxDisclosures} disclosures.");
        }

        var disclosures = new List<SdJwtDisclosure>(disclosureArray.Count);
        foreach (var item in disclosureArray)
        {
            if (item is not JsonValue v || v.GetValueKind() != JsonValueKind.String)
            {
                return Result<SdJwtToken>.Failure(SdJwtErrorCodes.InvalidDisclosure, "A disclosure is not a string.");
            }

            var d = SdJwtDisclosure.Parse(v.GetValue<string>());
            if (!d.Succeeded)
            {
                return d.Error;
            }

            disclosures.Add(d.Value);
        }

        string? kb = null;
        if (header.TryGetPropertyValue("kb_jwt", out var kbNode))
        {
            if (kbNode is not JsonValue kv || kv.GetValueKind() != JsonValueKind.String || !IsCompactJws(kv.GetValue<string>()))
            {
                return Invalid("kb_jwt is not a compact JWS.");
            }

            kb = kv.GetValue<string>();
        }

        return new SdJwtToken(payload, signatures, disclosures, kb);
    }

    private static (string Protected, string Signature)? ReadSignature(JsonObject obj)
    {
        if (!TryString(obj, "protected", out string? p) || p is null || p.Length == 0 || !TryString(obj, "signature", out string? s) || s is null || s.Length == 0)
        {
            return null;
        }

        if (obj.TryGetPropertyValue("header", out var h) && h is not JsonObject)
        {
            return null;
        }

        // RFC 7515 §7.2.1: the protected and unprotected header parameter names are disjoint, whatever
        // the verifier later reads from either.
        if (h is JsonObject unprotected && unprotected.Count > 0)
        {
            if (!Jose.Base64Url.TryDecode(p, out byte[]? protectedBytes) || StrictJson.ParseNode(protectedBytes) is not { Succeeded: true, Value: JsonObject protectedHeader }
                || unprotected.Any(member => protectedHeader.ContainsKey(member.Key)))
            {
                return null;
            }
        }

        return (p, s);
    }

    /// <summary>True for three non-empty '.'-separated segments.</summary>
    private static bool IsCompactJws(ReadOnlySpan<char> jws)
    {
        int first = jws.IndexOf('.');
        if (first <= 0)
        {
            return false;
        }

        var rest = jws[(first + 1)..];
        int second = rest.IndexOf('.');
        return second > 0 && second < rest.Length - 1 && rest[(second + 1)..].IndexOf('.') < 0;
    }

    private static bool TryString(JsonObject obj, string name, out string? value)
    {
        value = null;
        if (!obj.TryGetPropertyValue(name, out var node))
        {
            return true;
        }

        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.String)
        {
            value = v.GetValue<string>();
            return true;
        }

        return false;
    }

    private static Result<SdJwtToken> Invalid(string message) => Result<SdJwtToken>.Failure(SdJwtErrorCodes.InvalidSdJwt, message);
}
