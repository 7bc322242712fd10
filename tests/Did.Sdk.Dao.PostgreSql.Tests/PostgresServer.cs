using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Npgsql;

namespace Did.Sdk.Dao.PostgreSql.Tests;

/// <summary>
/// A real PostgreSQL server (Debian's postgresql package) for the tests: initdb into a temporary folder, postgres on
/// 127.0.0.1 at a free port with its Unix socket in that folder, stopped with pg_ctl (or killed by pid) and the folder
/// deleted at dispose. PostgreSQL refuses to run as root: as root the server runs as the postgres system user.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private readonly StringBuilder _log = new();
    private string _bin = "";
    private string _dir = "";
    private string _data = "";
    private bool _asPostgresUser;
    private Process? _process;

    public int Port { get; private set; }

    /// <summary>Key=value connection string of the server's maintenance database.</summary>
    public string AdminConnectionString => ConnectionString("postgres");

    public string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = Port, Username = "postgres", Database = database, Pooling = false }.ConnectionString;

    public async Task InitializeAsync()
    {
        _bin = FindBinaries() ?? throw new InvalidOperationException(
            "PostgreSQL server binaries were not found (/usr/lib/postgresql/<version>/bin/postgres): run ./build.sh test as root, which installs them, or apt-get install postgresql.");
        _asPostgresUser = Environment.IsPrivilegedProcess;
        _dir = Directory.CreateTempSubdirectory("did-sdk-postgres-").FullName;
        _data = Path.Combine(_dir, "data");
        string socketDir = Directory.CreateDirectory(Path.Combine(_dir, "socket")).FullName;
        if (_asPostgresUser)
        {
            await RunAsync("chown", ["-R", "postgres:postgres", _dir]);
        }

        await RunAsync(Path.Combine(_bin, "initdb"), ["-D", _data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"], asPostgres: true);

        Port = FreePort();
        _process = Start(Path.Combine(_bin, "postgres"),
        [
            "-D", _data, "-k", socketDir, "-h", "127.0.0.1", "-p", Port.ToString(CultureInfo.InvariantCulture),
            "-c", "fsync=off", "-c", "max_connections=300", "-c", "logging_collector=off",
        ]);

        for (int i = 0; i < 600; i++)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException("postgres exited at start:\n" + Log());
            }

            try
            {
                await using var connection = new NpgsqlConnection(AdminConnectionString);
                await connection.OpenAsync();
                return;
            }
            catch (NpgsqlException)
            {
                await Task.Delay(100);
            }
        }

        throw new InvalidOperationException("postgres did not accept connections:\n" + Log());
    }

    /// <summary>A new empty database; its key=value connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        string name = "t_" + Guid.NewGuid().ToString("N");
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await command.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    public async Task DisposeAsync()
    {
        if (_process is { } process)
        {
            if (!process.HasExited)
            {
                try
                {
                    await RunAsync(Path.Combine(_bin, "pg_ctl"), ["-D", _data, "-m", "fast", "-w", "-t", "30", "stop"], asPostgres: true);
                }
                catch (InvalidOperationException)
                {
                    // Killed below.
                }

                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                try
                {
                    await process.WaitForExitAsync(cts.Token);
                }
                catch (OperationCanceledException)
                {
                    process.Kill(entireProcessTree: true);
                    await process.WaitForExitAsync();
                }
            }

            process.Dispose();
        }

        if (_dir.Length > 0 && Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    private static string? FindBinaries()
    {
        const string root = "/usr/lib/postgresql";
        if (!Directory.Exists(root))
        {
            return null;
        }

        return Directory.GetDirectories(root)
            .Where(d => File.Exists(Path.Combine(d, "bin", "postgres")) && File.Exists(Path.Combine(d, "bin", "initdb")) && File.Exists(Path.Combine(d, "bin", "pg_ctl")))
            .OrderByDescending(d => int.TryParse(Path.GetFileName(d), NumberStyles.None, CultureInfo.InvariantCulture, out int v) ? v : 0)
            .Select(d => Path.Combine(d, "bin"))
            .FirstOrDefault();
    }

    private Process Start(string binary, IEnumerable<string> arguments)
    {
        var info = _asPostgresUser
            ? new ProcessStartInfo("runuser", ["-u", "postgres", "--", binary, .. arguments])
            : new ProcessStartInfo(binary, arguments);
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.RedirectStandardInput = true;
        info.WorkingDirectory = _dir;
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private async Task RunAsync(string binary, IEnumerable<string> arguments, bool asPostgres = false)
    {
        var info = asPostgres && _asPostgresUser
            ? new ProcessStartInfo("runuser", ["-u", "postgres", "--", binary, .. arguments])
            : new ProcessStartInfo(binary, arguments);
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.WorkingDirectory = _dir;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(binary)} failed ({process.ExitCode}):\n{await stdout}\n{await stderr}");
        }
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_log)
            {
                _log.AppendLine(line);
            }
        }
    }

    private string Log()
    {
        lock (_log)
        {
            return _log.ToString();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
