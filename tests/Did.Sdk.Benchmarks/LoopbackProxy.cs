using System.Net;
using System.Net.Sockets;

namespace Did.Sdk.Benchmarks;

/// <summary>
/// Forwards HTTP POSTs on 127.0.0.1 to a node and counts them (one request is one round trip, a JSON-RPC
/// batch is one), holding each back by a fixed delay when asked (concurrent requests are delayed
/// concurrently, as on a network). Clients in any language go through it, so both sides of a comparison are
/// counted and delayed alike.
/// </summary>
internal sealed class LoopbackProxy : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly HttpClient _client = new();
    private readonly Uri _upstream;
    private readonly TimeSpan _delay;
    private int _count;

    public LoopbackProxy(Uri upstream, TimeSpan delay = default)
    {
        _upstream = upstream;
        _delay = delay;
        Url = new Uri($"http://127.0.0.1:{FreePort()}/");
        _listener.Prefixes.Add(Url.ToString());
        _listener.Start();
        _ = Task.Run(LoopAsync);
    }

    public Uri Url { get; }

    /// <summary>The requests forwarded since the last <see cref="Reset"/>.</summary>
    public int Requests => Volatile.Read(ref _count);

    public void Reset() => Interlocked.Exchange(ref _count, 0);

    public void Dispose()
    {
        _listener.Close();
        _client.Dispose();
    }

    /// <summary>A port on 127.0.0.1 free at the time of asking.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(async () =>
            {
                Interlocked.Increment(ref _count);
                using var body = new MemoryStream();
                await context.Request.InputStream.CopyToAsync(body);
                if (_delay > TimeSpan.Zero)
                {
                    await Task.Delay(_delay);
                }

                using var content = new ByteArrayContent(body.ToArray());
                content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
                using var response = await _client.PostAsync(_upstream, content);
                var bytes = await response.Content.ReadAsByteArrayAsync();
                context.Response.StatusCode = (int)response.StatusCode;
                context.Response.ContentType = "application/json";
                await context.Response.OutputStream.WriteAsync(bytes);
                context.Response.Close();
            });
        }
    }
}
