using Did.Sdk.Jose;

namespace Did.Sdk.Ethereum;

/// <summary>The verification method handlers of the JOSE layer plus Ethereum accounts.</summary>
public static class EthereumVerificationMethods
{
    /// <summary>
    /// <see cref="VerificationMethodHandlers.Default"/> with <see cref="BlockchainAccountMethodHandler"/>:
    /// every method form that did:key, did:jwk, did:pkh (eip155), did:web and did:ethr produce.
    /// </summary>
    public static VerificationMethodHandlers Handlers { get; } = VerificationMethodHandlers.Default.With(new BlockchainAccountMethodHandler());
}
