using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Did.Sdk.VerifierApi.Tests;

/// <summary>A real redis-server (Debian package) on 127.0.0.1, data in a temporary folder, stopped by pid.</summary>
public sealed class RedisServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _dir;

    private RedisServer(Process process, string dir, int port)
    {
        _process = process;
        _dir = dir;
        Port = port;
    }

    public int Port { get; }

    public string Configuration => $"127.0.0.1:{Port}";

    public static async Task<RedisServer> StartAsync()
    {
        string binary = File.Exists("/usr/bin/redis-server") ? "/usr/bin/redis-server"
            : throw new InvalidOperationException("redis-server is not installed: run ./build.sh test as root, or apt-get install redis-server.");
        int port = FreePort();
        string dir = Directory.CreateTempSubdirectory("did-sdk-redis-").FullName;
        var process = Process.Start(new ProcessStartInfo(binary, ["--bind", "127.0.0.1", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--dir", dir, "--save", "", "--appendonly", "no", "--protected-mode", "yes"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        for (int i = 0; i < 100; i++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return new RedisServer(process, dir, port);
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        process.Kill();
        throw new InvalidOperationException("redis-server did not start.");
    }

    /// <summary>Stops the server (an outage).</summary>
    public async Task StopAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
