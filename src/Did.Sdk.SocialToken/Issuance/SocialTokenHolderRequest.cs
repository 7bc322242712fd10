namespace Did.Sdk.SocialToken;

/// <summary>A holder's request for a SocialTokenHolder credential: its DID and the SIWE challenge its wallet signed.</summary>
public sealed record SocialTokenHolderRequest
{
    /// <summary>The holder's DID (did:ethr on the token's chain, or did:pkh).</summary>
    public required string Did { get; init; }

    /// <summary>The exact text of the SIWE challenge the wallet signed.</summary>
    public required string SiweMessage { get; init; }

    /// <summary>The wallet's signature (65-byte personal_sign, or an ERC-1271 contract wallet's signature).</summary>
    public required ReadOnlyMemory<byte> Signature { get; init; }

    /// <summary>The index in the issuer's status list for this credential, when the issuer uses one.</summary>
    public int? StatusIndex { get; init; }

    /// <summary>Since when the issuer has known the holder as a member (its own records), or null.</summary>
    public DateTimeOffset? MemberSince { get; init; }
}
