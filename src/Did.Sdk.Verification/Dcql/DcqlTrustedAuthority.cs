namespace Did.Sdk.Verification.Dcql;

/// <summary>
/// A DCQL trusted authorities query (OpenID4VP 1.0 §6.1.1): <c>aki</c>, <c>etsi_tl</c> or
/// <c>openid_federation</c> with the accepted values. The credentials this SDK verifies are issued by DIDs and
/// carry no X.509 chain, trust list or federation statement, so a credential query with trusted authorities
/// is satisfied only through the policy's <see cref="Policy.VerificationPolicy.TrustedIssuers"/> (DIDs).
/// </summary>
public sealed record DcqlTrustedAuthority(string Type, IReadOnlyList<string> Values);
