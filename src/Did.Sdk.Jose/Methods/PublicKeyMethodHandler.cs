// Verification methods that carry a public key: JsonWebKey2020 (W3C CCG), Multikey (W3C Controlled
// Identifiers §2.2.2), Ed25519VerificationKey2018/2020, EcdsaSecp256k1VerificationKey2019,
// EcdsaSecp256r1VerificationKey2019, P256Key2021; and the key-agreement types, which never sign.
using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Did.Sdk.Jose;

/// <summary>
/// Checks signatures against the public key a verification method carries. The method's type decides
/// which key forms are allowed (<c>publicKeyJwk</c>, <c>publicKeyMultibase</c>, <c>publicKeyHex</c>,
/// <c>publicKeyBase58</c>, <c>publicKeyBase64</c>) and which curve the key must be on; exactly one
/// form must be present. X25519 key agreement types are refused with <c>invalidKeyUse</c>.
/// </summary>
public sealed class PublicKeyMethodHandler : VerificationMethodHandler
{
    private const int MaxKeyText = 256;
    private const int CacheLimit = 4096;
    private static readonly System.Buffers.SearchValues<char> HexDigits = System.Buffers.SearchValues.Create("0123456789abcdefABCDEF");

    [Flags]
    private enum Forms
    {
        Jwk = 1,
        Multibase = 2,
        Hex = 4,
        Base58 = 8,
        Base64 = 16,
        Raw = Hex | Base58 | Base64,
    }

    // Type → (allowed forms, required key type or null for "any signing key", signs).
    private static readonly Dictionary<string, (Forms Forms, KeyType? KeyType, bool Signs)> Types = new(StringComparer.Ordinal)
    {
        ["JsonWebKey2020"] = (Forms.Jwk, null, true),
        ["JsonWebKey"] = (Forms.Jwk, null, true),
        ["Multikey"] = (Forms.Multibase, null, true),
        ["Ed25519VerificationKey2020"] = (Forms.Multibase | Forms.Jwk, KeyType.Ed25519, true),
        ["Ed25519VerificationKey2018"] = (Forms.Raw | Forms.Jwk, KeyType.Ed25519, true),
        ["EcdsaSecp256k1VerificationKey2019"] = (Forms.Raw | Forms.Jwk | Forms.Multibase, KeyType.Secp256k1, true),
        ["EcdsaSecp256r1VerificationKey2019"] = (Forms.Raw | Forms.Jwk | Forms.Multibase, KeyType.P256, true),
        ["P256Key2021"] = (Forms.Base58 | Forms.Jwk | Forms.Multibase, KeyType.P256, true),
        ["X25519KeyAgreementKey2019"] = (Forms.Raw | Forms.Jwk, KeyType.X25519, false),
        ["X25519KeyAgreementKey2020"] = (Forms.Multibase | Forms.Jwk, KeyType.X25519, false),
    };

    // Decoding a compressed EC point costs a square root: keys read from documents are kept (bounded).
    private readonly ConcurrentDictionary<(string Type, string Material), VerificationKey> _keys = new();

    /// <inheritdoc />
    public override IReadOnlyCollection<string> MethodTypes => Types.Keys;

    /// <inheritdoc />
    public override Result<DecodedJws> Verify(DecodedJws jws, VerificationMethod method, VerificationMethodContext context)
    {
        ArgumentNullException.ThrowIfNull(jws);
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(context);
        var key = GetKey(method);
        return key.Succeeded ? context.JwsVerifier.Verify(jws, key.Value) : key.Error;
    }

    /// <inheritdoc />
    public override bool IsSignedBy(VerificationMethod method, VerificationKey key, VerificationMethodContext context)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(key);
        return GetKey(method).TryGetValue(out var own) && own.KeyType == key.KeyType
            && own.Export(compressed: true).AsSpan().SequenceEqual(key.Export(compressed: true));
    }

    /// <summary>
    /// The public key of <paramref name="method"/>, checked against its type. Fails with
    /// <c>unsupportedVerificationMethod</c> (type not handled here), <c>invalidVerificationMethod</c> (no key,
    /// several key forms, a form the type does not allow, a key on another curve), <c>invalidKeyUse</c>
    /// (a key agreement type), or the decoding codes of the JWK, multibase and key layers.
    /// </summary>
    public Result<VerificationKey> GetKey(VerificationMethod method)
    {
        ArgumentNullException.ThrowIfNull(method);
        if (!Types.TryGetValue(method.Type, out var rule))
        {
            return Result<VerificationKey>.Failure(JoseErrorCodes.UnsupportedVerificationMethod, "This handler does not know the method's type.");
        }

        if (!rule.Signs)
        {
            return Result<VerificationKey>.Failure(JoseErrorCodes.InvalidKeyUse, $"A {method.Type} is a key agreement key; it does not sign.");
        }

        var material = ReadMaterial(method);
        if (!material.Succeeded)
        {
            return material.Error;
        }

        var (form, text) = material.Value;
        if ((rule.Forms & form) == 0)
        {
            return Invalid($"A {method.Type} does not carry its key as {FormName(form)}.");
        }

        if (_keys.TryGetValue((method.Type, text), out var cached))
        {
            return cached;
        }

        var key = Decode(form, text, rule.KeyType);
        if (!key.Succeeded)
        {
            return key;
        }

        if ((rule.KeyType is { } required && key.Value.KeyType != required) || key.Value.Algorithm is null)
        {
            return Invalid($"The key of a {method.Type} is a {key.Value.KeyType} key, which this type does not allow for signing.");
        }

        if (_keys.Count >= CacheLimit)
        {
            _keys.Clear();
        }

        _keys[(method.Type, text)] = key.Value;
        return key;
    }

    private static Result<(Forms Form, string Text)> ReadMaterial(VerificationMethod method)
    {
        (Forms, string)? found = null;
        int count = 0;
        if (method.PublicKeyJwk is { } jwk)
        {
            count++;
            found = (Forms.Jwk, jwk.GetRawText());
        }

        if (method.PublicKeyMultibase is { } multibase)
        {
            count++;
            found = (Forms.Multibase, multibase);
        }

        foreach (var (name, form) in (ReadOnlySpan<(string, Forms)>)[("publicKeyHex", Forms.Hex), ("publicKeyBase58", Forms.Base58), ("publicKeyBase64", Forms.Base64)])
        {
            if (method.AdditionalProperties?.TryGetValue(name, out var value) == true)
            {
                count++;
                if (value.ValueKind != JsonValueKind.String)
                {
                    return Result<(Forms, string)>.Failure(JoseErrorCodes.InvalidVerificationMethod, $"{name} is not a string.");
                }

                found = (form, value.GetString()!);
            }
        }

        if (count != 1)
        {
            return Result<(Forms, string)>.Failure(JoseErrorCodes.InvalidVerificationMethod, count == 0
                ? "The verification method carries no public key."
                : "The verification method carries its key in more than one form; which one counts would be ambiguous.");
        }

        return found!.Value;
    }

    private static Result<VerificationKey> Decode(Forms form, string text, KeyType? keyType)
    {
        if (form == Forms.Jwk)
        {
            if (text.Length > 4 * 1024 || JsonNode.Parse(text) is not JsonObject obj)
            {
                return Result<VerificationKey>.Failure(JoseErrorCodes.InvalidJwk, "publicKeyJwk is not a JWK object.");
            }

            var jwk = Jwk.FromJsonObject(obj);
            if (!jwk.Succeeded)
            {
                return jwk.Error;
            }

            return jwk.Value.HasPrivateKey
                ? Result<VerificationKey>.Failure(JoseErrorCodes.InvalidJwk, "publicKeyJwk contains private key material.")
                : VerificationKey.Import(jwk.Value);
        }

        if (form == Forms.Multibase)
        {
            return Multikey.Decode(text);
        }

        if (text.Length > MaxKeyText)
        {
            return Invalid($"The key text is longer than {MaxKeyText} characters.");
        }

        byte[]? raw = form switch
        {
            Forms.Hex => DecodeHex(text),
            Forms.Base58 => text.Length > 0 && Multibase.TryDecode("z" + text, out var encoding, out byte[]? b58) && encoding == MultibaseEncoding.Base58Btc ? b58 : null,
            _ => DecodeBase64(text),
        };
        if (raw is null)
        {
            return Invalid($"The key is not valid {FormName(form)}.");
        }

        return VerificationKey.Import(keyType!.Value, raw);
    }

    private static byte[]? DecodeHex(string text)
    {
        var body = text.StartsWith("0x", StringComparison.Ordinal) ? text.AsSpan(2) : text.AsSpan();
        if (body.Length == 0 || body.Length % 2 != 0 || body.ContainsAnyExcept(HexDigits))
        {
            return null;
        }

        return Convert.FromHexString(body);
    }

    // Standard base64 with padding (RFC 4648 §4), as did:ethr documents write publicKeyBase64; only the
    // canonical encoding is accepted.
    private static byte[]? DecodeBase64(string text)
    {
        var buffer = new byte[text.Length];
        return Convert.TryFromBase64String(text, buffer, out int written) && Convert.ToBase64String(buffer, 0, written) == text
            ? buffer[..written]
            : null;
    }

    private static string FormName(Forms form) => form switch
    {
        Forms.Jwk => "publicKeyJwk",
        Forms.Multibase => "publicKeyMultibase",
        Forms.Hex => "publicKeyHex",
        Forms.Base58 => "publicKeyBase58",
        _ => "publicKeyBase64",
    };

    private static Result<VerificationKey> Invalid(string message) => Result<VerificationKey>.Failure(JoseErrorCodes.InvalidVerificationMethod, message);
}
