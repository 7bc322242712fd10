using System.Net;
using System.Text;

namespace Did.Sdk.Methods.Tests;

/// <summary>An in-process handler answering from a function and recording the requested URLs.</summary>
internal sealed class StubHandler(Func<HttpRequestMessage, HttpResponseMessage> respond) : HttpMessageHandler
{
    public List<Uri> Requests { get; } = [];

    public static HttpResponseMessage Json(string json, string mediaType = "application/did+json", HttpStatusCode status = HttpStatusCode.OK)
        => new(status) { Content = new StringContent(json, Encoding.UTF8, mediaType) };

    public static HttpResponseMessage Status(HttpStatusCode status) => new(status) { Content = new StringContent(string.Empty) };

    public static HttpResponseMessage Redirect(string location, HttpStatusCode status = HttpStatusCode.Found)
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent(string.Empty) };
        response.Headers.Location = new Uri(location, UriKind.RelativeOrAbsolute);
        return response;
    }

    public static string Document(string did) => $$$"""
        {"@context":["https://www.w3.org/ns/did/v1","https://w3id.org/security/suites/jws-2020/v1"],"id":"{{{did}}}",
         "verificationMethod":[{"id":"{{{did}}}#key-0","type":"JsonWebKey2020","controller":"{{{did}}}","publicKeyJwk":{"kty":"OKP","crv":"Ed25519","x":"0-e2i2_Ua1S5HbTYnVB0lj2Z2ytXu2-tYmDFf8f5NjU"}}],
         "authentication":["{{{did}}}#key-0"]}
        """;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        lock (Requests)
        {
            Requests.Add(request.RequestUri!);
        }

        return Task.FromResult(respond(request));
    }
}
