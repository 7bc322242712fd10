namespace Did.Sdk.SocialToken;

/// <summary>How a wallet belongs to an identity.</summary>
public enum WalletRole
{
    /// <summary>The did:ethr controller (the identity's owner account).</summary>
    Controller,

    /// <summary>A did:ethr delegate (<c>veriKey</c> or <c>sigAuth</c>) while it is valid.</summary>
    Delegate,

    /// <summary>The account a did:pkh names.</summary>
    Account,
}
