namespace Did.Sdk.Ethr;

/// <summary>
/// Error codes of did:ethr resolution beyond the DID Resolution names (<c>invalidDid</c>,
/// <c>invalidOptions</c>, <c>representationNotSupported</c>, <c>notFound</c>). Transport failures keep the
/// Ethereum layer's codes (<c>rpcError</c>, <c>rpcTimeout</c>, <c>rpcUnavailable</c>,
/// <c>rpcMalformedResponse</c>, <c>rpcResponseTooLarge</c>, <c>chainIdMismatch</c>). Each code has a page
/// <c>docs/errors/&lt;code&gt;.md</c>.
/// </summary>
public static class EthrErrorCodes
{
    /// <summary>The DID names a network (name or hex chain id) the resolver has no configuration for.</summary>
    public const string UnknownNetwork = "unknownNetwork";

    /// <summary>The configured registry address holds no contract code at the resolved block.</summary>
    public const string RegistryNotFound = "registryNotFound";

    /// <summary>The identity's change history has more events than the configured bound.</summary>
    public const string HistoryTooLarge = "historyTooLarge";

    /// <summary>
    /// The registry history the node serves is inconsistent: a <c>previousChange</c> cycle or forward
    /// pointer, a block without the logs it should hold (a pruned node), or an owner that disagrees with
    /// <c>identityOwner</c>.
    /// </summary>
    public const string HistoryInconsistent = "historyInconsistent";
}
