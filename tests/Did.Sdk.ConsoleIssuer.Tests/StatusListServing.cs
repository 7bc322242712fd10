using System.Net;
using Did.Sdk.Examples.ConsoleIssuer;

namespace Did.Sdk.ConsoleIssuer.Tests;

/// <summary>Waits for a 'serve' run in the background to answer on the database's status list URI.</summary>
internal static class StatusListServing
{
    public static async Task<HttpResponseMessage> WaitUntilServedAsync(string db)
    {
        // Not a timing assertion: a bound on how long a server that never comes up is waited for.
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        while (true)
        {
            deadline.Token.ThrowIfCancellationRequested();
            if (File.Exists(DevCertificate.CertificatePath(db)))
            {
                try
                {
                    using var opened = IssuerDb.Open(db);
                    var uri = opened.Brand!.StatusListUri;
                    using var certificate = DevCertificate.LoadPublic(DevCertificate.CertificatePath(db));
                    using var client = new HttpClient(PinnedCertificate.CreateHandler(certificate));
                    var response = await client.GetAsync(new Uri(uri), deadline.Token);
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        return response;
                    }

                    response.Dispose();
                }
                catch (HttpRequestException)
                {
                    // Not listening yet.
                }
                catch (IssuerException)
                {
                    // The certificate file is being written.
                }
            }

            await Task.Delay(100, deadline.Token);
        }
    }
}
