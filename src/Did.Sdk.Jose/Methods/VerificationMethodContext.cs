namespace Did.Sdk.Jose;

/// <summary>What a <see cref="VerificationMethodHandler"/> needs besides the method and the JWS.</summary>
public sealed record VerificationMethodContext
{
    /// <summary>A context with the default JWS policy and no chain.</summary>
    public static VerificationMethodContext Default { get; } = new(new JwsVerifier());

    /// <summary>Creates a context.</summary>
    /// <param name="jwsVerifier">The policy (algorithm allow-list, <c>crit</c>, low-S) signatures are checked under.</param>
    public VerificationMethodContext(JwsVerifier jwsVerifier)
    {
        ArgumentNullException.ThrowIfNull(jwsVerifier);
        JwsVerifier = jwsVerifier;
    }

    /// <summary>The policy signatures are checked under.</summary>
    public JwsVerifier JwsVerifier { get; }

    /// <summary>
    /// The chain (EIP-155 id) the DID is anchored on, when known (did:ethr reports it in its resolution
    /// metadata, did:pkh names it). A CAIP-10 account on another chain is refused; null skips the check.
    /// </summary>
    public ulong? ChainId { get; init; }
}
