using System.Net;
using System.Net.Sockets;
using System.Text;
using Did.Sdk.SdJwt.StatusList;
using Microsoft.Extensions.DependencyInjection;

namespace Did.Sdk.SdJwt.Tests.StatusLists;

/// <summary>
/// The checker that <c>AddStatusListChecker()</c> registers fetches through the network guard: a status
/// list URI chosen by a credential's issuer cannot make the verifier connect to its own network.
/// </summary>
public sealed class StatusListNetworkGuardTests : IDisposable
{
    private readonly StatusListFixture _f = new();

    public void Dispose() => _f.Dispose();

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("[::1]")]
    [InlineData("169.254.169.254")]
    [InlineData("10.1.2.3")]
    [InlineData("localhost")]
    public async Task RegisteredChecker_NonPublicListHost_RefusedBeforeConnecting(string host)
    {
        await using var server = new TokenServer(_f.SignToken());
        string uri = $"http://{host}:{server.Port}/statuslists/1";
        await using var provider = Provider(allowPrivateNetworks: false);
        var result = await provider.GetRequiredService<IStatusListChecker>().CheckAsync(StatusListFixture.StatusClaim(0, uri));

        Assert.False(result.Succeeded);
        Assert.Equal(StatusListErrorCodes.StatusListUnreachable, result.Error!.Code);
        Assert.Contains("refused", result.Error.Message, StringComparison.Ordinal);
        Assert.Equal(0, server.Requests);
    }

    [Fact]
    public async Task RegisteredChecker_PrivateNetworksAllowed_FetchesFromLoopback()
    {
        await using var server = new TokenServer();
        string uri = $"http://127.0.0.1:{server.Port}/statuslists/1";
        server.Token = _f.SignToken(subject: uri);
        await using var provider = Provider(allowPrivateNetworks: true);
        var checker = provider.GetRequiredService<IStatusListChecker>();

        Assert.Equal(TokenStatus.Invalid, (await checker.CheckAsync(StatusListFixture.StatusClaim(1, uri))).Status);
        Assert.True((await checker.CheckAsync(StatusListFixture.StatusClaim(0, uri))).IsValid);
        Assert.Equal(1, server.Requests);
    }

    private ServiceProvider Provider(bool allowPrivateNetworks)
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(_f.Time);
        services.AddDidSdk()
            .AddStatusListKeyResolver(StatusListKeyResolver.FromKey(_f.Key.VerificationKey))
            .AddStatusListChecker(o =>
            {
                o.AllowHttpForTesting = true;
                o.AllowPrivateNetworks = allowPrivateNetworks;
                o.Timeout = TimeSpan.FromSeconds(5);
            });
        return services.BuildServiceProvider();
    }

    /// <summary>A minimal HTTP/1.1 server on 127.0.0.1 that answers every request with the status list token.</summary>
    private sealed class TokenServer : IAsyncDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;
        private int _requests;

        public TokenServer(string token = "")
        {
            Token = token;
            _listener.Start();
            _loop = Task.Run(AcceptAsync);
        }

        public string Token { get; set; }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public int Requests => Volatile.Read(ref _requests);

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _listener.Stop();
            try
            {
                await _loop;
            }
            catch (OperationCanceledException)
            {
            }

            _stop.Dispose();
        }

        private async Task AcceptAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient client;
                try
                {
                    client = await _listener.AcceptTcpClientAsync(_stop.Token);
                }
                catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
                {
                    return;
                }

                using (client)
                {
                    var stream = client.GetStream();
                    var buffer = new byte[8192];
                    int read = 0;
                    while (read < buffer.Length && !Encoding.ASCII.GetString(buffer, 0, read).Contains("\r\n\r\n", StringComparison.Ordinal))
                    {
                        int n = await stream.ReadAsync(buffer.AsMemory(read), _stop.Token);
                        if (n == 0)
                        {
                            break;
                        }

                        read += n;
                    }

                    Interlocked.Increment(ref _requests);
                    byte[] body = Encoding.ASCII.GetBytes(Token);
                    byte[] head = Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: {StatusListToken.MediaType}\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n");
                    await stream.WriteAsync(head, _stop.Token);
                    await stream.WriteAsync(body, _stop.Token);
                }
            }
        }
    }
}
