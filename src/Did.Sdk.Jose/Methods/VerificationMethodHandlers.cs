using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;

namespace Did.Sdk.Jose;

/// <summary>
/// An immutable registry of <see cref="VerificationMethodHandler"/>s keyed by verification method type.
/// <see cref="Default"/> knows the key formats of the JOSE layer; other layers add theirs with
/// <see cref="With"/> (Did.Sdk.Ethereum adds <c>EcdsaSecp256k1RecoveryMethod2020</c> accounts).
/// </summary>
public sealed class VerificationMethodHandlers
{
    private readonly FrozenDictionary<string, VerificationMethodHandler> _byType;

    /// <summary>Creates a registry; for a type claimed by several handlers the last one wins.</summary>
    public VerificationMethodHandlers(IEnumerable<VerificationMethodHandler> handlers)
    {
        ArgumentNullException.ThrowIfNull(handlers);
        var byType = new Dictionary<string, VerificationMethodHandler>(StringComparer.Ordinal);
        foreach (var handler in handlers)
        {
            ArgumentNullException.ThrowIfNull(handler);
            foreach (var type in handler.MethodTypes)
            {
                byType[type] = handler;
            }
        }

        _byType = byType.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>
    /// The JOSE layer's handlers: JWK, Multikey, Ed25519 (2018/2020), secp256k1 and P-256 verification keys
    /// with their <c>publicKeyJwk</c>, <c>publicKeyMultibase</c>, <c>publicKeyHex</c>, <c>publicKeyBase58</c>
    /// and <c>publicKeyBase64</c> forms, and the X25519 key agreement types (which never sign).
    /// </summary>
    public static VerificationMethodHandlers Default { get; } = new([new PublicKeyMethodHandler()]);

    /// <summary>The method types with a handler.</summary>
    public IEnumerable<string> MethodTypes => _byType.Keys;

    /// <summary>A registry with <paramref name="handlers"/> added (replacing handlers of the same types).</summary>
    public VerificationMethodHandlers With(params VerificationMethodHandler[] handlers)
    {
        ArgumentNullException.ThrowIfNull(handlers);
        return new VerificationMethodHandlers(_byType.Values.Distinct().Concat(handlers));
    }

    /// <summary>The handler for <paramref name="methodType"/>.</summary>
    public bool TryGetHandler(string methodType, [NotNullWhen(true)] out VerificationMethodHandler? handler)
    {
        ArgumentNullException.ThrowIfNull(methodType);
        return _byType.TryGetValue(methodType, out handler);
    }

    /// <summary>
    /// Verifies <paramref name="jws"/> with the handler for <paramref name="method"/>'s type; a type without
    /// a handler fails with <c>unsupportedVerificationMethod</c>.
    /// </summary>
    public Result<DecodedJws> Verify(DecodedJws jws, VerificationMethod method, VerificationMethodContext context)
    {
        ArgumentNullException.ThrowIfNull(jws);
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(context);
        return _byType.TryGetValue(method.Type, out var handler)
            ? handler.Verify(jws, method, context)
            : Result<DecodedJws>.Failure(JoseErrorCodes.UnsupportedVerificationMethod, $"No handler verifies methods of type '{Truncate(method.Type)}'.");
    }

    /// <summary>True when a handler knows <paramref name="method"/>'s type and a signature by <paramref name="key"/> verifies as it.</summary>
    public bool IsSignedBy(VerificationMethod method, VerificationKey key, VerificationMethodContext context)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(context);
        return _byType.TryGetValue(method.Type, out var handler) && handler.IsSignedBy(method, key, context);
    }

    private static string Truncate(string s) => s.Length <= 64 ? s : s[..64] + "…";
}
