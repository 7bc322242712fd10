// Verifying a JWS as signed by a DID (DID Core §5.2, §5.3): resolve the DID, take the verification
// method named by the kid only if the document lists it under the required relationship, and check the
// signature with the handler for the method's type.
using System.Globalization;
using Did.Sdk.Ethereum;
using Did.Sdk.Jose;

namespace Did.Sdk.Methods;

/// <summary>
/// Verifies JWS signatures against DID verification methods of every form the supported methods produce
/// (JWK, Multikey, hex, base58, base64, and <c>blockchainAccountId</c> by signature recovery). The method
/// is chosen by the <c>kid</c> only, never by trying keys. Never throws on untrusted input.
/// </summary>
public sealed class DidSignatureVerifier
{
    private static readonly JwsVerifier DefaultJwsVerifier = new();
    private readonly IDidResolver _resolver;
    private readonly VerificationMethodHandlers _handlers;

    /// <summary>Creates a verifier.</summary>
    /// <param name="resolver">Resolves the signer DIDs.</param>
    /// <param name="handlers">The method handlers; <see cref="EthereumVerificationMethods.Handlers"/> by default.</param>
    public DidSignatureVerifier(IDidResolver resolver, VerificationMethodHandlers? handlers = null)
    {
        ArgumentNullException.ThrowIfNull(resolver);
        _resolver = resolver;
        _handlers = handlers ?? EthereumVerificationMethods.Handlers;
    }

    /// <summary>The handlers signatures are checked with.</summary>
    public VerificationMethodHandlers Handlers => _handlers;

    /// <summary>
    /// Verifies <paramref name="jws"/> as signed by the method <paramref name="keyId"/> (an absolute DID
    /// URL with a fragment). Fails with <c>invalidDidUrl</c>, <see cref="DidSignatureErrorCodes"/> codes,
    /// or the handler's code.
    /// </summary>
    public async ValueTask<Result<DidSignature>> VerifyAsync(DecodedJws jws, string keyId, DidSignatureRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(jws);
        ArgumentNullException.ThrowIfNull(keyId);
        ArgumentNullException.ThrowIfNull(request);
        if (!DidUrl.TryParse(keyId, out var url) || url.Fragment is null || url.Path.Length != 0 || url.Query is not null)
        {
            return Result<DidSignature>.Failure(DidResolutionErrors.InvalidDidUrl, "kid is not an absolute DID URL with a fragment.");
        }

        var resolved = await ResolveAsync(url.Did.ToString(), request, cancellationToken).ConfigureAwait(false);
        if (!resolved.Succeeded)
        {
            return resolved.Error;
        }

        var (resolution, context) = resolved.Value;
        var method = resolution.DidDocument!.FindVerificationMethod(keyId, request.Relationship);
        if (method is null)
        {
            return Result<DidSignature>.Failure(DidSignatureErrorCodes.VerificationMethodNotFound, $"The DID document lists no {Name(request.Relationship)} method {Truncate(keyId)}.");
        }

        var verified = _handlers.Verify(jws, method, context);
        if (!verified.Succeeded)
        {
            return verified.Error;
        }

        return new DidSignature
        {
            Did = url.Did.ToString(),
            KeyId = keyId,
            Method = method,
            Block = resolution.DidResolutionMetadata.Block,
            DocumentMetadata = resolution.DidDocumentMetadata,
        };
    }

    /// <summary>
    /// The id of the first method of <paramref name="did"/> listed under <paramref name="relationship"/>
    /// that a signature by <paramref name="key"/> verifies as: the method carries this key, or names the
    /// Ethereum account of this key. With <paramref name="keyId"/> only that method is considered. Fails
    /// with <c>verificationMethodNotFound</c> when the document lists none (a key the DID does not
    /// authorize), <c>didDeactivated</c>, or <c>didResolutionFailed</c>.
    /// </summary>
    public async ValueTask<Result<string>> FindKeyIdAsync(string did, VerificationKey key, VerificationRelationship relationship, Finality? finality = null, string? keyId = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(did);
        ArgumentNullException.ThrowIfNull(key);
        var ids = await ListMethodIdsAsync(did, relationship, finality, cancellationToken).ConfigureAwait(false);
        if (!ids.Succeeded)
        {
            return ids.Error;
        }

        var (document, context, list) = ids.Value;
        foreach (var id in list)
        {
            if (keyId is not null && id != keyId)
            {
                continue;
            }

            var method = document.FindVerificationMethod(id, relationship);
            if (method is not null && _handlers.IsSignedBy(method, key, context))
            {
                return id;
            }
        }

        return Result<string>.Failure(DidSignatureErrorCodes.VerificationMethodNotFound, keyId is null
            ? $"{Truncate(did)} lists no {Name(relationship)} method for this key."
            : $"{Truncate(did)} does not list {Truncate(keyId)} as a {Name(relationship)} method of this key.");
    }

    /// <summary>
    /// The absolute ids of the methods <paramref name="did"/> lists under <paramref name="relationship"/>,
    /// in document order. Fails like <see cref="FindKeyIdAsync"/>.
    /// </summary>
    public async ValueTask<Result<IReadOnlyList<string>>> FindMethodIdsAsync(string did, VerificationRelationship relationship, Finality? finality = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(did);
        var ids = await ListMethodIdsAsync(did, relationship, finality, cancellationToken).ConfigureAwait(false);
        return ids.Succeeded ? Result<IReadOnlyList<string>>.Success(ids.Value.Ids) : ids.Error;
    }

    private async ValueTask<Result<(DidDocument Document, VerificationMethodContext Context, List<string> Ids)>> ListMethodIdsAsync(string did, VerificationRelationship relationship, Finality? finality, CancellationToken cancellationToken)
    {
        var resolved = await ResolveAsync(did, new DidSignatureRequest { Relationship = relationship, Finality = finality }, cancellationToken).ConfigureAwait(false);
        if (!resolved.Succeeded)
        {
            return resolved.Error;
        }

        var (resolution, context) = resolved.Value;
        var document = resolution.DidDocument!;
        var ids = new List<string>();
        foreach (var reference in Relationship(document, relationship) ?? [])
        {
            string? id = reference?.Embedded?.Id ?? reference?.Reference;
            if (id is not null && document.FindVerificationMethod(id, relationship) is { } method)
            {
                ids.Add(Absolute(method.Id, document.Id));
            }
        }

        return (document, context, ids);
    }

    private async ValueTask<Result<(DidResolutionResult, VerificationMethodContext)>> ResolveAsync(string did, DidSignatureRequest request, CancellationToken cancellationToken)
    {
        var options = request.Finality is null && request.ValidAt is null
            ? null
            : new DidResolutionOptions { Finality = request.Finality, VersionTime = request.ValidAt };
        var resolution = await _resolver.ResolveAsync(did, options, cancellationToken).ConfigureAwait(false);
        if (!resolution.Succeeded)
        {
            return Result<(DidResolutionResult, VerificationMethodContext)>.Failure(DidSignatureErrorCodes.DidResolutionFailed, $"{Truncate(did)} could not be resolved: {resolution.Error.Code}.");
        }

        if (resolution.DidDocumentMetadata.Deactivated == true)
        {
            return Result<(DidResolutionResult, VerificationMethodContext)>.Failure(DidSignatureErrorCodes.DidDeactivated, $"{Truncate(did)} is deactivated.");
        }

        var context = new VerificationMethodContext(request.JwsVerifier ?? DefaultJwsVerifier)
        {
            ChainId = resolution.DidResolutionMetadata.Block?.ChainId ?? PkhChainId(did),
        };
        return (resolution, context);
    }

    // did:pkh:eip155:<chainId>:<address> names its chain.
    private static ulong? PkhChainId(string did)
    {
        const string prefix = "did:pkh:eip155:";
        if (!did.StartsWith(prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var rest = did.AsSpan(prefix.Length);
        int colon = rest.IndexOf(':');
        return colon > 0 && ulong.TryParse(rest[..colon], NumberStyles.None, CultureInfo.InvariantCulture, out ulong id) ? id : null;
    }

    private static IReadOnlyList<VerificationMethodReference>? Relationship(DidDocument document, VerificationRelationship relationship) => relationship switch
    {
        VerificationRelationship.Authentication => document.Authentication,
        VerificationRelationship.AssertionMethod => document.AssertionMethod,
        VerificationRelationship.KeyAgreement => document.KeyAgreement,
        VerificationRelationship.CapabilityInvocation => document.CapabilityInvocation,
        _ => document.CapabilityDelegation,
    };

    private static string Absolute(string id, string did) => id.StartsWith('#') ? did + id : id;

    private static string Name(VerificationRelationship relationship) => relationship switch
    {
        VerificationRelationship.Authentication => "authentication",
        VerificationRelationship.AssertionMethod => "assertionMethod",
        VerificationRelationship.KeyAgreement => "keyAgreement",
        VerificationRelationship.CapabilityInvocation => "capabilityInvocation",
        _ => "capabilityDelegation",
    };

    private static string Truncate(string s) => s.Length <= 128 ? s : s[..128] + "…";
}
