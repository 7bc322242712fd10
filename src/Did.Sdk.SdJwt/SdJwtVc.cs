// SD-JWT VC constants, draft-ietf-oauth-sd-jwt-vc §3.2.
namespace Did.Sdk.SdJwt;

/// <summary>SD-JWT VC (draft-ietf-oauth-sd-jwt-vc) media types and claim rules.</summary>
public static class SdJwtVc
{
    /// <summary>The <c>typ</c> of an SD-JWT VC: <c>dc+sd-jwt</c>.</summary>
    public const string MediaType = "dc+sd-jwt";

    /// <summary>The legacy <c>typ</c> <c>vc+sd-jwt</c>, accepted by the verifier only when its options allow it.</summary>
    public const string LegacyMediaType = "vc+sd-jwt";

    /// <summary>The <c>typ</c> of a Key Binding JWT (RFC 9901 §4.3).</summary>
    public const string KeyBindingType = "kb+jwt";

    /// <summary>Claims that must never be selectively disclosable in an SD-JWT VC (draft §3.2.2).</summary>
    public static IReadOnlySet<string> NeverDisclosable { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "iss", "nbf", "exp", "cnf", "vct", "vct#integrity", "status",
    };

    /// <summary>True for <c>dc+sd-jwt</c> and <c>vc+sd-jwt</c>.</summary>
    public static bool IsVcType(string? type) => type is MediaType or LegacyMediaType;
}
