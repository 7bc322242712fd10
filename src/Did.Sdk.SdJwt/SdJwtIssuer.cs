// SD-JWT issuance, RFC 9901 §4 (issuer-signed JWT, disclosures, decoys §4.2.5) and the SD-JWT VC
// rules of draft-ietf-oauth-sd-jwt-vc §3.2 (typ, vct, claims that are never selectively disclosable).
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Did.Sdk.Jose;

namespace Did.Sdk.SdJwt;

/// <summary>
/// Issues SD-JWTs: from a claim set and the claims paths to make selectively disclosable it writes the
/// disclosures (salts of 128 bits from <see cref="RandomNumberGenerator"/>), the payload with
/// <c>_sd</c>/<c>...</c> digests, <c>_sd_alg</c> and optional <c>cnf</c>, and signs it.
/// </summary>
public sealed class SdJwtIssuer
{
    private readonly SigningKey _key;

    /// <summary>Creates an issuer that signs with <paramref name="key"/>.</summary>
    /// <exception cref="ArgumentException">The options are invalid (negative decoys).</exception>
    public SdJwtIssuer(SigningKey key, SdJwtIssuerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        _key = key;
        Options = options ?? new SdJwtIssuerOptions();
        ArgumentNullException.ThrowIfNull(Options.HashAlgorithm, "options.HashAlgorithm");
        if (Options.DecoyDigests is < 0 or > 1000)
        {
            throw new ArgumentException("DecoyDigests is between 0 and 1000.", nameof(options));
        }
    }

    /// <summary>The issuer's settings.</summary>
    public SdJwtIssuerOptions Options { get; }

    /// <summary>
    /// An issuer that signs as <paramref name="issuerDid"/> (did:ethr controller or delegate, did:pkh, did:key,
    /// did:jwk, did:web): resolves the DID at <paramref name="finality"/> and takes the assertionMethod that a
    /// signature by <paramref name="key"/> verifies as (or checks <see cref="SdJwtIssuerOptions.KeyId"/> when
    /// given). Sets <c>kid</c> and <c>iss</c>. Fails with <c>didResolutionFailed</c>, <c>didDeactivated</c>
    /// or <c>verificationMethodNotFound</c> (a key the document does not list for assertion).
    /// </summary>
    public static async ValueTask<Result<SdJwtIssuer>> ForDidAsync(SigningKey key, string issuerDid, IDidResolver resolver, SdJwtIssuerOptions? options = null, Finality? finality = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(issuerDid);
        ArgumentNullException.ThrowIfNull(resolver);
        options ??= new SdJwtIssuerOptions();
        var signatures = new Methods.DidSignatureVerifier(resolver);
        var found = await signatures.FindKeyIdAsync(issuerDid, key.VerificationKey, VerificationRelationship.AssertionMethod, finality, options.KeyId, cancellationToken).ConfigureAwait(false);
        if (!found.Succeeded)
        {
            return found.Error;
        }

        return new SdJwtIssuer(key, new SdJwtIssuerOptions
        {
            HashAlgorithm = options.HashAlgorithm,
            Type = options.Type,
            DecoyDigests = options.DecoyDigests,
            KeyId = found.Value,
            Issuer = issuerDid,
        });
    }

    /// <summary>Test seam: produces the salt of the disclosure at a concrete claims path; random 128-bit salts when null.</summary>
    internal Func<IReadOnlyList<object>, string>? SaltSource { get; set; }

    /// <summary>Test seam: the decoy digests of the object at a concrete path (instead of random ones), or null.</summary>
    internal Func<IReadOnlyList<object>, IReadOnlyList<string>?>? DecoySource { get; set; }

    /// <summary>Test seam: the JSON layout of disclosures and payload.</summary>
    internal SdJwtJsonStyle JsonStyle { get; set; } = SdJwtJsonStyle.Compact;

    /// <summary>
    /// Issues an SD-JWT (without Key Binding JWT) for <paramref name="claims"/>, making the claims
    /// selected by <paramref name="disclosable"/> selectively disclosable. A path and its ancestor
    /// both listed give recursive disclosures. <paramref name="holderKey"/>, if given, is written to
    /// <c>cnf.jwk</c>.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// A path selects nothing; the claims use <c>_sd</c>, <c>...</c> or <c>_sd_alg</c>, or (SD-JWT VC)
    /// lack a string <c>vct</c> or make <c>iss</c>, <c>nbf</c>, <c>exp</c>, <c>cnf</c>, <c>vct</c>,
    /// <c>vct#integrity</c> or <c>status</c> selectively disclosable; <c>iss</c> is a DID and the
    /// <c>kid</c> is not a DID URL of it.
    /// </exception>
    public SdJwtToken Issue(JsonObject claims, IEnumerable<SdJwtClaimPath> disclosable, Jwk? holderKey = null)
    {
        ArgumentNullException.ThrowIfNull(claims);
        ArgumentNullException.ThrowIfNull(disclosable);
        var paths = disclosable.ToList();
        if (Options.Issuer is not null)
        {
            if (claims["iss"] is { } existing && (existing is not JsonValue ev || ev.GetValueKind() != System.Text.Json.JsonValueKind.String || ev.GetValue<string>() != Options.Issuer))
            {
                throw new ArgumentException($"The claims name another iss than the issuer {Options.Issuer}.", nameof(claims));
            }

            claims = (JsonObject)claims.DeepClone();
            claims["iss"] = Options.Issuer;
        }

        bool vc = SdJwtVc.IsVcType(Options.Type);
        if (vc)
        {
            if (claims["vct"] is not JsonValue vct || vct.GetValueKind() != System.Text.Json.JsonValueKind.String)
            {
                throw new ArgumentException("An SD-JWT VC has a string vct claim.", nameof(claims));
            }

            var forbidden = paths.FirstOrDefault(p => p.Elements[0] is string s && SdJwtVc.NeverDisclosable.Contains(s));
            if (forbidden is not null)
            {
                throw new ArgumentException($"The claim {forbidden} must never be selectively disclosable in an SD-JWT VC.", nameof(disclosable));
            }
        }

        // With a DID issuer the kid must be an absolute DID URL of that DID, as verifiers match it strictly.
        if (Options.KeyId is not null && claims["iss"] is JsonValue issValue && issValue.GetValueKind() == System.Text.Json.JsonValueKind.String
            && Did.TryParse(issValue.GetValue<string>(), out var issuerDid)
            && (!DidUrl.TryParse(Options.KeyId, out var kidUrl) || kidUrl.Did != issuerDid || kidUrl.Fragment is null))
        {
            throw new ArgumentException("With a DID issuer, KeyId must be a DID URL of that DID with a fragment.", nameof(claims));
        }

        if (claims.ContainsKey("_sd_alg") || (holderKey is not null && claims.ContainsKey("cnf")))
        {
            throw new ArgumentException("The claims must not contain _sd_alg, nor cnf when a holder key is given.", nameof(claims));
        }

        var disclosures = new List<SdJwtDisclosure>();
        var matched = new bool[paths.Count];
        var payload = (JsonObject)Process(claims, [], paths, matched, disclosures, isRoot: true)!;
        int unmatched = Array.IndexOf(matched, false);
        if (unmatched >= 0)
        {
            throw new ArgumentException($"The claims path {paths[unmatched]} selects no claim.", nameof(disclosable));
        }

        payload["_sd_alg"] = Options.HashAlgorithm.Name;
        if (holderKey is not null)
        {
            payload["cnf"] = new JsonObject { ["jwk"] = holderKey.ToPublic().ToJsonObject() };
        }

        var header = new JsonObject();
        if (Options.Type is not null)
        {
            header["typ"] = Options.Type;
        }

        if (Options.KeyId is not null)
        {
            header["kid"] = Options.KeyId;
        }

        string jws = Jws.Sign(header, Encoding.UTF8.GetBytes(SdJwtJson.Write(payload, JsonStyle)), _key);
        string[] parts = jws.Split('.');
        return new SdJwtToken(parts[1], [(parts[0], parts[2])], disclosures, null);
    }

    /// <summary>
    /// Adds this issuer's signature (with its <c>typ</c> and <c>kid</c>) over the payload of
    /// <paramref name="token"/>, for the general JWS JSON serialization (RFC 9901 §8) with several signers.
    /// </summary>
    public SdJwtToken AddSignature(SdJwtToken token)
    {
        ArgumentNullException.ThrowIfNull(token);
        var header = new JsonObject();
        if (Options.Type is not null)
        {
            header["typ"] = Options.Type;
        }

        if (Options.KeyId is not null)
        {
            header["kid"] = Options.KeyId;
        }

        // Sign the exact payload segment: re-encoding it could change its bytes.
        var payload = Base64Url.Decode(token.PayloadSegment).ThrowIfFailed();
        string[] parts = Jws.Sign(header, payload, _key).Split('.');
        return new SdJwtToken(token.PayloadSegment, [.. token.Signatures, (parts[0], parts[2])], token.Disclosures, token.KeyBindingJwt);
    }

    private JsonNode? Process(JsonNode? node, List<object> path, List<SdJwtClaimPath> paths, bool[] matched, List<SdJwtDisclosure> disclosures, bool isRoot = false)
    {
        switch (node)
        {
            case JsonObject obj:
            {
                var result = new JsonObject();
                var digests = new List<string>();
                foreach (var (name, value) in obj)
                {
                    if (name is "_sd" or "..." || name == "_sd_alg" && !isRoot)
                    {
                        throw new ArgumentException($"The claim name '{name}' is reserved by SD-JWT.", nameof(node));
                    }

                    path.Add(name);
                    var processed = Process(value, path, paths, matched, disclosures);
                    if (Selects(paths, path, matched))
                    {
                        var d = SdJwtDisclosure.Create(NextSalt(path), name, processed, JsonStyle);
                        disclosures.Add(d);
                        digests.Add(d.ComputeDigest(Options.HashAlgorithm));
                    }
                    else
                    {
                        result[name] = processed;
                    }

                    path.RemoveAt(path.Count - 1);
                }

                var decoys = DecoySource?.Invoke(path.ToArray());
                if (digests.Count > 0 || (isRoot && Options.DecoyDigests > 0) || decoys is { Count: > 0 })
                {
                    if (decoys is not null)
                    {
                        digests.AddRange(decoys);
                    }
                    else
                    {
                        for (int i = 0; i < Options.DecoyDigests; i++)
                        {
                            digests.Add(Options.HashAlgorithm.Digest(RandomSalt()));
                        }
                    }

                    digests.Sort(StringComparer.Ordinal);
                    var sd = new JsonArray();
                    foreach (var digest in digests)
                    {
                        sd.Add(digest);
                    }

                    // Put _sd first, as the RFC examples do.
                    var ordered = new JsonObject { ["_sd"] = sd };
                    foreach (var (name, value) in result.ToList())
                    {
                        result.Remove(name);
                        ordered[name] = value;
                    }

                    return ordered;
                }

                return result;
            }

            case JsonArray array:
            {
                var result = new JsonArray();
                for (int i = 0; i < array.Count; i++)
                {
                    path.Add(i);
                    var processed = Process(array[i], path, paths, matched, disclosures);
                    if (Selects(paths, path, matched))
                    {
                        var d = SdJwtDisclosure.Create(NextSalt(path), null, processed, JsonStyle);
                        disclosures.Add(d);
                        result.Add(new JsonObject { ["..."] = d.ComputeDigest(Options.HashAlgorithm) });
                    }
                    else
                    {
                        result.Add(processed);
                    }

                    path.RemoveAt(path.Count - 1);
                }

                return result;
            }

            default:
                return node?.DeepClone();
        }
    }

    private static bool Selects(List<SdJwtClaimPath> paths, List<object> path, bool[] matched)
    {
        bool any = false;
        for (int i = 0; i < paths.Count; i++)
        {
            if (paths[i].Matches(path))
            {
                matched[i] = true;
                any = true;
            }
        }

        return any;
    }

    private string NextSalt(List<object> path) => SaltSource?.Invoke(path.ToArray()) ?? RandomSalt();

    // Salts (RFC 9901 §4.2.1: at least 128 bits from a CSPRNG) come from a per-thread block of
    // RandomNumberGenerator output: one call per 16 salts instead of one per salt, since a call costs
    // about as much as hashing a disclosure. Each byte is used once and wiped once encoded.
    private const int SaltBytes = 16;

    [ThreadStatic]
    private static byte[]? t_saltBlock;

    [ThreadStatic]
    private static int t_saltOffset;

    private static string RandomSalt()
    {
        var block = t_saltBlock ??= new byte[SaltBytes * 16];
        if (t_saltOffset == 0)
        {
            RandomNumberGenerator.Fill(block);
        }

        var salt = block.AsSpan(t_saltOffset, SaltBytes);
        string encoded = Base64Url.Encode(salt);
        CryptographicOperations.ZeroMemory(salt);
        t_saltOffset = (t_saltOffset + SaltBytes) % block.Length;
        return encoded;
    }
}
