// An identity's wallets: the EcdsaSecp256k1RecoveryMethod2020 methods of its DID document whose CAIP-10
// account is on the token's chain (did:ethr: #controller and #delegate-N; did:pkh: #blockchainAccountId).
using Did.Sdk.Ethereum;

namespace Did.Sdk.SocialToken;

/// <summary>Finds the wallets of an identity by resolving its DID.</summary>
public sealed class SocialIdentityResolver
{
    /// <summary>The most wallets one identity brings (a bound on the reads per identity).</summary>
    public const int MaxWallets = 32;

    private readonly IDidResolver _resolver;

    /// <summary>Creates the resolver.</summary>
    public SocialIdentityResolver(IDidResolver resolver)
    {
        ArgumentNullException.ThrowIfNull(resolver);
        _resolver = resolver;
    }

    /// <summary>
    /// Resolves <paramref name="did"/> at <paramref name="finality"/> and lists its wallets on
    /// <paramref name="chainId"/>. Fails with <c>didResolutionFailed</c>, <c>didDeactivated</c>, or
    /// <c>walletNotLinked</c> when the document lists no wallet on that chain.
    /// </summary>
    public async ValueTask<Result<SocialIdentity>> ResolveAsync(string did, ulong chainId, Finality? finality = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(did);
        var resolution = await _resolver.ResolveAsync(did, finality is null ? null : new DidResolutionOptions { Finality = finality }, cancellationToken).ConfigureAwait(false);
        if (!resolution.Succeeded)
        {
            return Result<SocialIdentity>.Failure(Methods.DidSignatureErrorCodes.DidResolutionFailed, $"{did} could not be resolved: {resolution.Error.Code}.");
        }

        if (resolution.DidDocumentMetadata.Deactivated == true)
        {
            return Result<SocialIdentity>.Failure(Methods.DidSignatureErrorCodes.DidDeactivated, $"{did} is deactivated.");
        }

        var wallets = new List<LinkedWallet>();
        var context = new Jose.VerificationMethodContext(new Jose.JwsVerifier()) { ChainId = chainId };
        foreach (var method in resolution.DidDocument.VerificationMethod ?? [])
        {
            if (method?.Type != BlockchainAccountMethodHandler.RecoveryMethod2020 || method.BlockchainAccountId is not { } account
                || !BlockchainAccountMethodHandler.ParseAccount(account, context).TryGetValue(out var address)
                || wallets.Any(w => w.Address == address))
            {
                continue;
            }

            string id = method.Id.StartsWith('#') ? did + method.Id : method.Id;
            var role = id.EndsWith("#controller", StringComparison.Ordinal) ? WalletRole.Controller
                : did.StartsWith("did:pkh:", StringComparison.Ordinal) ? WalletRole.Account
                : WalletRole.Delegate;
            wallets.Add(new LinkedWallet(address, id, role));
            if (wallets.Count == MaxWallets)
            {
                break;
            }
        }

        if (wallets.Count == 0)
        {
            return Result<SocialIdentity>.Failure(SocialTokenErrorCodes.WalletNotLinked, $"{did} lists no wallet on chain {chainId}.");
        }

        return new SocialIdentity
        {
            Did = did,
            ChainId = chainId,
            Wallets = wallets.OrderBy(w => w.Role).ToArray(),
            Block = resolution.DidResolutionMetadata.Block,
        };
    }
}
