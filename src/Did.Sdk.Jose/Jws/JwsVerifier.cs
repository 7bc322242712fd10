// JWS validation, RFC 7515 §5.2, with the crit rules of §4.1.11 and RFC 7797 §6.
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Did.Sdk.Jose;

/// <summary>
/// Verifies JWS against one key under a <see cref="JwsVerificationOptions"/> policy. Checks, in
/// order: size and structure (<c>inputTooLarge</c>, <c>invalidJws</c>), the algorithm against the
/// closed set and the allow-list (<c>unsupportedAlgorithm</c>), the header algorithm against the key's
/// algorithm (<c>algorithmKeyMismatch</c>), <c>crit</c> and <c>b64</c> (<c>unsupportedCriticalHeader</c>),
/// then the signature (<c>invalidSignature</c>). Never throws on untrusted input.
/// </summary>
/// <remarks>
/// Conformance verdict policy (docs/jose.md): a token whose algorithm is outside {EdDSA, ES256,
/// ES256K} is always rejected, even where a test suite calls it valid; Wycheproof "acceptable" cases
/// are treated as invalid; ES256 accepts both S values (JOSE has no low-S rule for P-256) while
/// ES256K rejects high S unless <see cref="JwsVerificationOptions.AllowHighS"/> is set. Keys named by
/// the token (<c>jwk</c>, <c>jku</c>, <c>x5c</c>) are never used.
/// </remarks>
public sealed class JwsVerifier
{
    private static readonly HashSet<string> RegisteredHeaders =
        ["alg", "jku", "jwk", "kid", "x5u", "x5c", "x5t", "x5t#S256", "typ", "cty", "crit", "enc", "zip"];

    /// <summary>Creates a verifier with <paramref name="options"/> (or the secure defaults).</summary>
    /// <exception cref="ArgumentException">The allow-list is empty, the size bound is not positive, or a registered header is listed as critical.</exception>
    public JwsVerifier(JwsVerificationOptions? options = null)
    {
        Options = options ?? JwsVerificationOptions.Default;
        ArgumentNullException.ThrowIfNull(Options.AllowedAlgorithms, "options.AllowedAlgorithms");
        ArgumentNullException.ThrowIfNull(Options.SupportedCriticalHeaders, "options.SupportedCriticalHeaders");
        if (Options.AllowedAlgorithms.Count == 0)
        {
            throw new ArgumentException("The algorithm allow-list must not be empty.", nameof(options));
        }

        if (Options.MaxLength <= 0)
        {
            throw new ArgumentException("MaxLength must be positive.", nameof(options));
        }

        if (Options.SupportedCriticalHeaders.Any(RegisteredHeaders.Contains))
        {
            throw new ArgumentException("Registered header parameters cannot be critical (RFC 7515 §4.1.11).", nameof(options));
        }
    }

    /// <summary>The verifier's policy.</summary>
    public JwsVerificationOptions Options { get; }

    /// <summary>Decodes and verifies a compact JWS with <paramref name="key"/>.</summary>
    public Result<DecodedJws> Verify(string jws, VerificationKey key)
    {
        ArgumentNullException.ThrowIfNull(jws);
        ArgumentNullException.ThrowIfNull(key);
        var decoded = Jws.Decode(jws, Options.MaxLength);
        return decoded.Succeeded ? Verify(decoded.Value, key) : decoded;
    }

    /// <summary>
    /// Decodes a JWS JSON serialization (general or flattened) and succeeds with the first signature
    /// that verifies with <paramref name="key"/>; otherwise fails with the first signature's error.
    /// </summary>
    public Result<DecodedJws> VerifyJson(string json, VerificationKey key)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(key);
        var decoded = JwsJson.Decode(json, Options.MaxLength);
        if (!decoded.Succeeded)
        {
            return decoded.Error;
        }

        SdkError? firstError = null;
        foreach (var signature in decoded.Value)
        {
            var result = Verify(signature, key);
            if (result.Succeeded)
            {
                return result;
            }

            firstError ??= result.Error;
        }

        return firstError!;
    }

    /// <summary>Verifies an already decoded JWS with <paramref name="key"/>.</summary>
    public Result<DecodedJws> Verify(DecodedJws jws, VerificationKey key)
    {
        ArgumentNullException.ThrowIfNull(jws);
        ArgumentNullException.ThrowIfNull(key);
        if (!JwsAlgorithm.TryGetByName(jws.Algorithm, out var algorithm) || !Options.AllowedAlgorithms.Contains(algorithm))
        {
            return Result<DecodedJws>.Failure(JoseErrorCodes.UnsupportedAlgorithm, $"The algorithm '{Truncate(jws.Algorithm)}' is not allowed.");
        }

        if (!ReferenceEquals(algorithm, key.Algorithm))
        {
            return Result<DecodedJws>.Failure(JoseErrorCodes.AlgorithmKeyMismatch, $"The header algorithm {algorithm.Name} does not match the {key.KeyType} key.");
        }

        var critical = CheckCritical(jws);
        if (critical is not null)
        {
            return critical;
        }

        if (!key.Verify(jws.SigningInput.Span, jws.Signature.Span, Options.AllowHighS))
        {
            return Result<DecodedJws>.Failure(JoseErrorCodes.InvalidSignature, "The signature does not verify.");
        }

        return jws;
    }

    private SdkError? CheckCritical(DecodedJws jws)
    {
        var header = jws.ProtectedHeader;
        List<string>? names = null;
        if (header.TryGetPropertyValue("crit", out var critNode))
        {
            if (critNode is not JsonArray crit || crit.Count == 0)
            {
                return CriticalError("crit is not a non-empty array.");
            }

            foreach (var item in crit)
            {
                if (item is not JsonValue v || v.GetValueKind() != JsonValueKind.String)
                {
                    return CriticalError("crit contains a value that is not a string.");
                }

                string name = v.GetValue<string>();
                if (names?.Contains(name) == true || RegisteredHeaders.Contains(name))
                {
                    return CriticalError($"crit lists '{Truncate(name)}' twice or lists a registered parameter.");
                }

                if (jws.GetHeaderParameter(name) is null && !header.ContainsKey(name))
                {
                    return CriticalError($"crit lists '{Truncate(name)}', which the header does not contain.");
                }

                if (!Options.SupportedCriticalHeaders.Contains(name))
                {
                    return CriticalError($"The critical header parameter '{Truncate(name)}' is not supported.");
                }

                (names ??= []).Add(name);
            }
        }

        if (header.ContainsKey("b64"))
        {
            // RFC 7797 §6: b64 must be understood and listed in crit.
            if (!Options.SupportedCriticalHeaders.Contains("b64") || names?.Contains("b64") != true)
            {
                return CriticalError("b64 is present but not supported or not listed in crit.");
            }
        }

        return null;
    }

    private static SdkError CriticalError(string message) => new(JoseErrorCodes.UnsupportedCriticalHeader, message);

    private static string Truncate(string s) => s.Length <= 32 ? s : s[..32] + "…";
}
