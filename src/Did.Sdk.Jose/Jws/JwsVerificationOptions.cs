using System.Collections.Frozen;

namespace Did.Sdk.Jose;

/// <summary>
/// Policy of a <see cref="JwsVerifier"/>. The defaults are the secure ones. Immutable once built: the
/// default sets are frozen, and <see cref="JwsVerifier"/> copies the sets it is given into frozen sets.
/// </summary>
public sealed class JwsVerificationOptions
{
    /// <summary>The default maximum length of a serialized JWS, in characters (1 MiB).</summary>
    public const int DefaultMaxLength = 1024 * 1024;

    /// <summary>The default maximum number of signatures in a JWS JSON serialization (8).</summary>
    public const int DefaultMaxSignatures = 8;

    /// <summary>The default options (shared; its sets are frozen and cannot be changed through a cast).</summary>
    public static JwsVerificationOptions Default { get; } = new();

    /// <summary>The algorithms accepted. Closed by default to {EdDSA, ES256, ES256K}; must not be empty.</summary>
    public IReadOnlySet<JwsAlgorithm> AllowedAlgorithms { get; init; } = JwsAlgorithm.All.ToFrozenSet();

    /// <summary>
    /// Header parameter names the caller understands and accepts in <c>crit</c> (RFC 7515 §4.1.11).
    /// Empty by default, so any <c>crit</c> fails. List <c>b64</c> to accept RFC 7797 unencoded payloads.
    /// </summary>
    public IReadOnlySet<string> SupportedCriticalHeaders { get; init; } = FrozenSet<string>.Empty;

    /// <summary>The maximum serialized JWS length in characters; longer input fails with <c>inputTooLarge</c>.</summary>
    public int MaxLength { get; init; } = DefaultMaxLength;

    /// <summary>
    /// The maximum number of entries in the <c>signatures</c> array of a general JWS JSON serialization;
    /// more fail with <c>inputTooLarge</c> before any entry is decoded. Must be positive.
    /// </summary>
    public int MaxSignatures { get; init; } = DefaultMaxSignatures;

    /// <summary>
    /// Refuse ES256K signatures with a high S value (<c>s &gt; n/2</c>). False by default: RFC 8812 has no
    /// low-S rule for JWS, OpenSSL-based signers (node:crypto, jose, @sd-jwt) produce high S half the
    /// time, and ES256 has the same malleability without anyone refusing it. A high-S signature is
    /// normalised before it is verified, so it is still checked. Ethereum signatures (EIP-2) are a
    /// different path and always require low S.
    /// </summary>
    public bool RequireLowS { get; init; }
}
