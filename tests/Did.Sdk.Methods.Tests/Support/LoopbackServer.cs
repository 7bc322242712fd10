using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Did.Sdk.Methods.Tests;

/// <summary>
/// A raw HTTP/1.1 server on 127.0.0.1 (never another interface) for hostile did:web cases. Each
/// connection's request head is read, then <c>respond</c> writes whatever it likes to the stream.
/// Disposing stops the listener and cancels running handlers.
/// </summary>
internal sealed class LoopbackServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Func<string, Stream, CancellationToken, Task> _respond;
    private readonly Task _loop;
    private int _connections;

    public LoopbackServer(Func<string, Stream, CancellationToken, Task> respond)
    {
        _respond = respond;
        _listener.Start();
        _loop = AcceptLoopAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public int Connections => Volatile.Read(ref _connections);

    /// <summary>The did:web DID served at /.well-known/did.json through the name 'localhost'.</summary>
    public string Did => $"did:web:localhost%3A{Port}";

    public static async Task WriteAsync(Stream stream, string text, CancellationToken cancellationToken)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        await stream.WriteAsync(bytes, cancellationToken);
        await stream.FlushAsync(cancellationToken);
    }

    public static Task WriteJsonAsync(Stream stream, string json, CancellationToken cancellationToken)
        => WriteAsync(stream, $"HTTP/1.1 200 OK\r\nContent-Type: application/did+json\r\nContent-Length: {Encoding.UTF8.GetByteCount(json)}\r\nConnection: close\r\n\r\n{json}", cancellationToken);

    private async Task AcceptLoopAsync()
    {
        var handlers = new List<Task>();
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                Interlocked.Increment(ref _connections);
                handlers.Add(HandleAsync(client));
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (SocketException)
        {
        }

        await Task.WhenAll(handlers);
    }

    private async Task HandleAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var head = new StringBuilder();
                var buffer = new byte[1];
                while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal) && head.Length < 16 * 1024)
                {
                    if (await stream.ReadAsync(buffer, _stop.Token) == 0)
                    {
                        return;
                    }

                    head.Append((char)buffer[0]);
                }

                var path = head.ToString().Split(' ')[1];
                await _respond(path, stream, _stop.Token);
            }
            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The client went away or the test ended.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _loop;
        _stop.Dispose();
    }
}
