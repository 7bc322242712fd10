using System.Globalization;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Did.Sdk.Examples.ConsoleIssuer;

namespace Did.Sdk.ConsoleIssuer.Tests;

/// <summary>The status list over HTTPS: trusted by pinning the issuer's development certificate, and by nothing else.</summary>
public sealed class HttpsTests
{
    [Fact]
    public async Task StatusList_PinnedClientFetchesIt_DefaultValidationAndAnotherPinRefuse()
    {
        using var directory = new TempDirectory();
        var db = directory.File("issuer.db");
        await App.OkAsync("deploy", "--db", db, "--status-port", App.FreePort().ToString(CultureInfo.InvariantCulture));
        using var serving = new CancellationTokenSource();
        var server = App.RunAsync(serving.Token, "serve", "--db", db, "--devnet-port", "0");
        try
        {
            using var response = await StatusListServing.WaitUntilServedAsync(db);
            Assert.Equal("application/statuslist+jwt", response.Content.Headers.ContentType?.MediaType);
            var token = await response.Content.ReadAsStringAsync();
            var header = Encoding.UTF8.GetString(Base64UrlDecode(token.Split('.')[0]));
            Assert.Contains("\"typ\":\"statuslist+jwt\"", header);

            using var opened = IssuerDb.Open(db);
            var uri = new Uri(opened.Brand!.StatusListUri);
            using (var systemTrust = new HttpClient())
            {
                var refused = await Assert.ThrowsAsync<HttpRequestException>(() => systemTrust.GetAsync(uri));
                Assert.IsType<AuthenticationException>(refused.InnerException);
            }

            using var otherDirectory = new TempDirectory();
            using var other = DevCertificate.LoadOrCreate(otherDirectory.File("other.db"), TimeProvider.System);
            using var otherPin = new HttpClient(PinnedCertificate.CreateHandler(other));
            var wrongPin = await Assert.ThrowsAsync<HttpRequestException>(() => otherPin.GetAsync(uri));
            Assert.IsType<AuthenticationException>(wrongPin.InnerException);
        }
        finally
        {
            await serving.CancelAsync();
            Assert.Equal(0, (await server).ExitCode);
        }
    }

    [Fact]
    public void DevCertificate_IsEcdsaForTheLoopbackAddress_PersistedAndReused()
    {
        using var directory = new TempDirectory();
        var db = directory.File("issuer.db");

        using var created = DevCertificate.LoadOrCreate(db, TimeProvider.System);
        using var reloaded = DevCertificate.LoadOrCreate(db, TimeProvider.System);
        using var published = DevCertificate.LoadPublic(DevCertificate.CertificatePath(db));

        Assert.Equal(created.Thumbprint, reloaded.Thumbprint);
        Assert.Equal(created.Thumbprint, published.Thumbprint);
        Assert.False(published.HasPrivateKey);
        using (var key = created.GetECDsaPublicKey())
        {
            Assert.NotNull(key);
        }

        Assert.True(created.MatchesHostname("127.0.0.1"));
        Assert.True(created.MatchesHostname("localhost"));
        Assert.False(created.MatchesHostname("issuer.example"));
    }

    [Fact]
    public void PinnedCertificate_TrustsOnlyItsAnchor_AndStillChecksTheName()
    {
        using var directory = new TempDirectory();
        using var anchor = DevCertificate.LoadOrCreate(directory.File("a.db"), TimeProvider.System);
        using var other = DevCertificate.LoadOrCreate(directory.File("b.db"), TimeProvider.System);

        // Presented with the chain error a self-signed certificate always has under system trust.
        Assert.True(PinnedCertificate.Validate(anchor, anchor, SslPolicyErrors.RemoteCertificateChainErrors));
        Assert.False(PinnedCertificate.Validate(anchor, other, SslPolicyErrors.RemoteCertificateChainErrors));
        Assert.False(PinnedCertificate.Validate(anchor, anchor, SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateChainErrors));
        Assert.False(PinnedCertificate.Validate(anchor, null, SslPolicyErrors.RemoteCertificateNotAvailable));
    }

    private static byte[] Base64UrlDecode(string text) => Convert.FromBase64String(text.Replace('-', '+').Replace('_', '/').PadRight((text.Length + 3) / 4 * 4, '='));
}
