namespace Did.Sdk.SdJwt.StatusList;

/// <summary>
/// Stable error codes of the Token Status List support. Each code has a page
/// <c>docs/errors/&lt;code&gt;.md</c>. Every failure means the status is unknown: callers fail closed.
/// </summary>
public static class StatusListErrorCodes
{
    /// <summary>The credential's <c>status</c> claim is not <c>{"status_list":{"idx":n,"uri":"…"}}</c> with a non-negative integer index and an absolute https URI.</summary>
    public const string InvalidStatusReference = "invalidStatusReference";

    /// <summary>A status list is malformed: <c>bits</c> not 1, 2, 4 or 8, <c>lst</c> not base64url, not zlib, or empty.</summary>
    public const string InvalidStatusList = "invalidStatusList";

    /// <summary>The decompressed status list exceeds the configured bound (a decompression bomb or an oversized list).</summary>
    public const string StatusListDecompressedTooLarge = "statusListDecompressedTooLarge";

    /// <summary>The index the credential references is beyond the end of the status list.</summary>
    public const string StatusIndexOutOfRange = "statusIndexOutOfRange";

    /// <summary>The Status List Token is malformed: not a compact JWS, or missing or mistyped claims (<c>sub</c>, <c>iat</c>, <c>exp</c>, <c>ttl</c>, <c>status_list</c>).</summary>
    public const string InvalidStatusListToken = "invalidStatusListToken";

    /// <summary>The Status List Token's <c>typ</c> header is not <c>statuslist+jwt</c>.</summary>
    public const string InvalidStatusListTokenType = "invalidStatusListTokenType";

    /// <summary>The Status List Token's <c>sub</c> differs from the URI the credential references.</summary>
    public const string StatusListSubjectMismatch = "statusListSubjectMismatch";

    /// <summary>The Status List Token's signature, algorithm or key is not acceptable.</summary>
    public const string InvalidStatusListSignature = "invalidStatusListSignature";

    /// <summary>No trusted key was found for the Status List Token.</summary>
    public const string StatusListKeyNotFound = "statusListKeyNotFound";

    /// <summary>The Status List Token has expired (<c>exp</c> in the past).</summary>
    public const string StatusListExpired = "statusListExpired";

    /// <summary>The Status List Token was issued in the future (<c>iat</c> beyond the clock skew).</summary>
    public const string StatusListNotYetValid = "statusListNotYetValid";

    /// <summary>The Status List Token is older than the configured maximum age.</summary>
    public const string StatusListStale = "statusListStale";

    /// <summary>The status list server answered 404 or 410.</summary>
    public const string StatusListNotFound = "statusListNotFound";

    /// <summary>The status list could not be fetched: network error, deadline, or an unexpected HTTP status or content type.</summary>
    public const string StatusListUnreachable = "statusListUnreachable";

    /// <summary>The status list response body exceeds the configured size bound.</summary>
    public const string StatusListTooLarge = "statusListTooLarge";

    /// <summary>The credential's status is INVALID (0x01): it has been revoked.</summary>
    public const string TokenRevoked = "tokenRevoked";

    /// <summary>The credential's status is SUSPENDED (0x02).</summary>
    public const string TokenSuspended = "tokenSuspended";

    /// <summary>The credential's status is an application-specific or reserved value other than VALID.</summary>
    public const string TokenStatusNotValid = "tokenStatusNotValid";
}
