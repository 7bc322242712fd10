// JWS validation, RFC 7515 §5.2, with the crit rules of §4.1.11 and RFC 7797 §6.
using System.Collections.Frozen;
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
/// are treated as invalid; ES256 and ES256K accept both S values (JOSE has no low-S rule, RFC 8812)
/// unless <see cref="JwsVerificationOptions.RequireLowS"/> is set for ES256K. Keys named by
/// the token (<c>jwk</c>, <c>jku</c>, <c>x5c</c>) are never used.
/// </remarks>
public sealed class JwsVerifier
{
    private static readonly HashSet<string> RegisteredHeaders =
        ["alg", "jku", "jwk", "kid", "x5u", "x5c", "x5t", "x5t#S256", "typ", "cty", "crit", "enc", "zip"];

    /// <summary>
    /// Creates a verifier with <paramref name="options"/> (or the secure defaults). The sets are copied
    /// (into frozen sets, header names compared ordinally), so later changes to the caller's sets have no effect.
    /// </summary>
    /// <exception cref="ArgumentException">The allow-list is empty, a size bound is not positive, or a registered header is listed as critical.</exception>
    public JwsVerifier(JwsVerificationOptions? options = null)
    {
        var given = options ?? JwsVerificationOptions.Default;
        ArgumentNullException.ThrowIfNull(given.AllowedAlgorithms, "options.AllowedAlgorithms");
        ArgumentNullException.ThrowIfNull(given.SupportedCriticalHeaders, "options.SupportedCriticalHeaders");
        Options = new JwsVerificationOptions
        {
            AllowedAlgorithms = given.AllowedAlgorithms.ToFrozenSet(),
            SupportedCriticalHeaders = given.SupportedCriticalHeaders.ToFrozenSet(StringComparer.Ordinal),
            MaxLength = given.MaxLength,
            MaxSignatures = given.MaxSignatures,
            RequireLowS = given.RequireLowS,
        };
        if (Options.AllowedAlgorithms.Count == 0)
        {
            throw new ArgumentException("The algorithm allow-list must not be empty.", nameof(options));
        }

        if (Options.MaxLength <= 0)
        {
            throw new ArgumentException("MaxLength must be positive.", nameof(options));
        }

        if (Options.MaxSignatures <= 0)
        {
            throw new ArgumentException("MaxSignatures must be positive.", nameof(options));
        }

        if (Options.SupportedCriticalHeaders.Any(RegisteredHeaders.Contains))
        {
            throw new ArgumentException("Registered header parameters cannot be critical (RFC 7515 §4.1.11).", nameof(options));
        }
    }

    /// <summary>The verifier's policy: a private copy with frozen sets.</summary>
    public JwsVerificationOptions Options { get; }

    /// <summary>Decodes and verifies a compact JWS with <paramref name="key"/>.</summary>
    public Result<DecodedJws> Verify(string jws, VerificationKey key)
    {
        ArgumentNullException.ThrowIfNull(jws);
        ArgumentNullException.ThrowIfNull(key);
        var decoded = Jws.Decode(jws, Options.MaxLength);
        return decoded.Succeeded ? Verify(decoded.Value, key) : decoded;
    }

    /// <summary>Decodes and verifies a compact JWS with detached content (RFC 7515 Appendix F).</summary>
    public Result<DecodedJws> VerifyDetached(string jws, ReadOnlySpan<byte> detachedPayload, VerificationKey key)
    {
        ArgumentNullException.ThrowIfNull(jws);
        ArgumentNullException.ThrowIfNull(key);
        var decoded = Jws.DecodeDetached(jws, detachedPayload, Options.MaxLength);
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
        var decoded = JwsJson.Decode(json, Options.MaxLength, Options.MaxSignatures);
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
        var header = ValidateHeader(jws);
        if (!header.Succeeded)
        {
            return header.Error;
        }

        var algorithm = header.Value;
        if (algorithm.KeyType != key.KeyType)
        {
            return Result<DecodedJws>.Failure(JoseErrorCodes.AlgorithmKeyMismatch, $"The header algorithm {algorithm.Name} does not match the {key.KeyType} key.");
        }

        if (!algorithm.VerifyCore(key, jws.SigningInput.Span, jws.Signature.Span, allowHighS: !Options.RequireLowS))
        {
            return Result<DecodedJws>.Failure(JoseErrorCodes.InvalidSignature, "The signature does not verify.");
        }

        return jws;
    }

    /// <summary>
    /// The checks that come before any key: the algorithm is in the closed set and the allow-list
    /// (<c>unsupportedAlgorithm</c>), and <c>crit</c>/<c>b64</c> are understood (<c>unsupportedCriticalHeader</c>).
    /// Returns the algorithm. Handlers that verify without a public key (signature recovery) call this first.
    /// </summary>
    public Result<JwsAlgorithm> ValidateHeader(DecodedJws jws)
    {
        ArgumentNullException.ThrowIfNull(jws);
        if (!JwsAlgorithm.TryGetByName(jws.Algorithm, out var algorithm) || !Options.AllowedAlgorithms.Contains(algorithm))
        {
            return Result<JwsAlgorithm>.Failure(JoseErrorCodes.UnsupportedAlgorithm, $"The algorithm '{Truncate(jws.Algorithm)}' is not allowed.");
        }

        var critical = CheckCritical(jws);
        return critical is not null ? critical : algorithm;
    }

    private SdkError? CheckCritical(DecodedJws jws)
    {
        var header = jws.ProtectedHeader;
        var names = new List<string>();
        if (header.TryGetPropertyValue("crit", out var critNode))
        {
            if (critNode is not JsonArray crit || crit.Count == 0)
            {
                return CriticalError("crit is not a non-empty array.");
            }

            foreach (var item in crit)
            {
                if (!JoseJson.TryGetString(item, out string? name) || name is null)
                {
                    return CriticalError("crit contains a value that is not a string.");
                }

                if (names.Contains(name) || RegisteredHeaders.Contains(name))
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

                names.Add(name);
            }
        }

        if (header.ContainsKey("b64"))
        {
            // RFC 7797 §6: b64 must be understood and listed in crit.
            if (!Options.SupportedCriticalHeaders.Contains("b64") || !names.Contains("b64"))
            {
                return CriticalError("b64 is present but not supported or not listed in crit.");
            }
        }

        return null;
    }

    private static SdkError CriticalError(string message) => new(JoseErrorCodes.UnsupportedCriticalHeader, message);

    private static string Truncate(string s) => s.Length <= 32 ? s : s[..32] + "…";
}
