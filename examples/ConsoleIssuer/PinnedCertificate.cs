using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Did.Sdk.Examples.ConsoleIssuer;

/// <summary>
/// An HTTPS client that trusts exactly one certificate: the issuer's development certificate is the only
/// trust anchor (custom root trust), and the host name, the validity period and the chain are still checked.
/// Any other server certificate, even one the system trusts, is refused.
/// </summary>
internal static class PinnedCertificate
{
    /// <summary>A handler that validates server certificates against <paramref name="anchor"/> only.</summary>
    public static SocketsHttpHandler CreateHandler(X509Certificate2 anchor)
    {
        ArgumentNullException.ThrowIfNull(anchor);
        return new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, _, errors) => Validate(anchor, certificate, errors),
            },
        };
    }

    /// <summary>True when <paramref name="certificate"/> chains to <paramref name="anchor"/> and matched the host name.</summary>
    public static bool Validate(X509Certificate2 anchor, X509Certificate? certificate, SslPolicyErrors errors)
    {
        // The name must match and a certificate must be there; only "untrusted root" is re-decided, below.
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch) || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            return false;
        }

        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(anchor);
        // A self-signed development certificate publishes no revocation list.
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(leaf);
    }
}
