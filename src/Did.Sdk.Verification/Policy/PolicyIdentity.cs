namespace Did.Sdk.Verification.Policy;

/// <summary>Whose wallets a <see cref="ChainRule"/> reads.</summary>
public enum PolicyIdentity
{
    /// <summary>The holder: the DID the credential is bound to (<c>cnf.kid</c>).</summary>
    Holder,

    /// <summary>The credential's issuer.</summary>
    Issuer,
}
