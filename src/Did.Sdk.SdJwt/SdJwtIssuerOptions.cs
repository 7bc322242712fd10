namespace Did.Sdk.SdJwt;

/// <summary>Settings of an <see cref="SdJwtIssuer"/>.</summary>
public sealed class SdJwtIssuerOptions
{
    /// <summary>The digest algorithm written to <c>_sd_alg</c>. sha-256 by default.</summary>
    public SdJwtHashAlgorithm HashAlgorithm { get; init; } = SdJwtHashAlgorithm.Sha256;

    /// <summary>
    /// The <c>typ</c> header. <c>dc+sd-jwt</c> by default; with <c>dc+sd-jwt</c> or <c>vc+sd-jwt</c> the
    /// SD-JWT VC rules apply (<c>vct</c> required, some claims never disclosable). Null omits <c>typ</c>.
    /// </summary>
    public string? Type { get; init; } = SdJwtVc.MediaType;

    /// <summary>The <c>kid</c> header: a DID URL when the issuer is a DID. Null omits it.</summary>
    public string? KeyId { get; init; }

    /// <summary>
    /// The issuer (<c>iss</c>), written into every credential; claims that carry another <c>iss</c> are
    /// refused. Null leaves <c>iss</c> to the claims. <see cref="SdJwtIssuer.ForDidAsync"/> sets it.
    /// </summary>
    public string? Issuer { get; init; }

    /// <summary>The number of decoy digests added to every <c>_sd</c> array the issuer writes (RFC 9901 §4.2.5). 0 by default.</summary>
    public int DecoyDigests { get; init; }
}
