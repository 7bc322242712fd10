// Token Status List (draft-ietf-oauth-status-list-20) §7: Status Types.
namespace Did.Sdk.SdJwt.StatusList;

/// <summary>
/// The status of a Referenced Token. The registered values are named; other values (0x03,
/// 0x0C–0x0F application-specific, the rest reserved) are carried as raw values up to 0xFF.
/// </summary>
#pragma warning disable CA1028 // The draft defines status values as bytes.
public enum TokenStatus : byte
#pragma warning restore CA1028
{
    /// <summary>0x00 VALID: the token is valid, correct or legal.</summary>
    Valid = 0x00,

    /// <summary>0x01 INVALID: the token is revoked, annulled, taken back, recalled or cancelled.</summary>
    Invalid = 0x01,

    /// <summary>0x02 SUSPENDED: the token is temporarily invalid, hanging or debarred from privilege.</summary>
    Suspended = 0x02,
}
