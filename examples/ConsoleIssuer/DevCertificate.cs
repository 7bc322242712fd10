// The issuer's development TLS certificate: a self-signed ECDSA P-256 certificate for 127.0.0.1 and
// localhost, created on first use and kept next to the database (<db>.tls.pfx with its private key,
// <db>.tls.crt for clients). Clients trust it by pinning that one certificate as their only trust anchor
// (PinnedCertificate); nothing here, or anywhere in the example, turns certificate validation off.
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Did.Sdk.Examples.ConsoleIssuer;

/// <summary>Creates or loads the development certificate the status list is served with.</summary>
internal static class DevCertificate
{
    private static readonly TimeSpan Validity = TimeSpan.FromDays(365);

    /// <summary>The PFX (certificate and private key) next to <paramref name="dbPath"/>.</summary>
    public static string PfxPath(string dbPath) => Path.GetFullPath(dbPath) + ".tls.pfx";

    /// <summary>The public certificate (PEM) next to <paramref name="dbPath"/>, which clients pin.</summary>
    public static string CertificatePath(string dbPath) => Path.GetFullPath(dbPath) + ".tls.crt";

    /// <summary>
    /// The certificate with its private key: loaded from <see cref="PfxPath"/>, or created (and written with
    /// <see cref="CertificatePath"/>) when missing or expiring within a day.
    /// </summary>
    public static X509Certificate2 LoadOrCreate(string dbPath, TimeProvider time)
    {
        var pfx = PfxPath(dbPath);
        try
        {
            if (File.Exists(pfx))
            {
                var loaded = X509CertificateLoader.LoadPkcs12FromFile(pfx, password: null);
                if (loaded.HasPrivateKey && loaded.NotAfter.ToUniversalTime() > time.GetUtcNow().UtcDateTime.AddDays(1))
                {
                    return loaded;
                }

                loaded.Dispose();
            }

            var created = Create(time);
            WritePrivate(pfx, created.Export(X509ContentType.Pkcs12));
            File.WriteAllText(CertificatePath(dbPath), created.ExportCertificatePem() + "\n");
            return created;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new IssuerException(IssuerErrorCodes.CertificateUnavailable, $"The development certificate {pfx} cannot be read or written: {ex.Message}", ex);
        }
    }

    /// <summary>Loads the public certificate clients pin (<see cref="CertificatePath"/>).</summary>
    public static X509Certificate2 LoadPublic(string path)
    {
        try
        {
            return X509CertificateLoader.LoadCertificate(File.ReadAllBytes(path) is var bytes && bytes.AsSpan().StartsWith("-----"u8)
                ? X509Certificate2.CreateFromPem(File.ReadAllText(path)).RawData
                : bytes);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new IssuerException(IssuerErrorCodes.CertificateUnavailable, $"The certificate {path} cannot be read: {ex.Message}", ex);
        }
    }

    private static X509Certificate2 Create(TimeProvider time)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=Did.Sdk console issuer (development)", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build(critical: true));
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        var now = time.GetUtcNow();
        using var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now + Validity);
        // Re-imported from PKCS#12 so the private key is usable by SslStream on every platform.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), password: null);
    }

    // The private key file is readable by its owner only where the platform allows saying so.
    private static void WritePrivate(string path, byte[] bytes)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var stream = new FileStream(path, options);
        stream.Write(bytes);
    }
}
