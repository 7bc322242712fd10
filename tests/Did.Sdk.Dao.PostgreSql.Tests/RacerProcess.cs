using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Did.Sdk.Dao.PostgreSql.Tests;

/// <summary>One Did.Sdk.Dao.ClaimRacer process (built beside the tests), run with the dotnet host that runs the tests.</summary>
public sealed class RacerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stderr = new();

    private RacerProcess(Process process)
    {
        _process = process;
        _process.ErrorDataReceived += (_, e) =>
        {
            lock (_stderr)
            {
                _stderr.AppendLine(e.Data);
            }
        };
        _process.BeginErrorReadLine();
    }

    /// <summary>Starts the racer and waits until it reports that its store answers.</summary>
    public static async Task<RacerProcess> StartAsync(string store, string mode, string proposal, int tag, CancellationToken cancellationToken, int count = 50)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "Did.Sdk.Dao.ClaimRacer.dll");
        Assert.True(File.Exists(dll), "the claim racer is not built beside the tests: " + dll);
        string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        var info = new ProcessStartInfo(dotnet, [dll, "--store", store, "--mode", mode, "--proposal", proposal, "--tag", tag.ToString(CultureInfo.InvariantCulture), "--count", count.ToString(CultureInfo.InvariantCulture)])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var racer = new RacerProcess(Process.Start(info)!);
        string? line = await racer._process.StandardOutput.ReadLineAsync(cancellationToken);
        if (line is null || !line.Contains("\"ready\":true", StringComparison.Ordinal))
        {
            await racer._process.WaitForExitAsync(cancellationToken);
            throw new InvalidOperationException($"the claim racer did not start: {line}\n{racer.Stderr}");
        }

        return racer;
    }

    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <summary>Releases the racer's claims (modes that wait for a line on stdin).</summary>
    public async Task GoAsync()
    {
        await _process.StandardInput.WriteLineAsync("go");
        await _process.StandardInput.FlushAsync();
    }

    /// <summary>The next result line; null at the end of the output. A line cut short by a kill is not a result.</summary>
    public async Task<RacerResult?> ReadAsync(CancellationToken cancellationToken)
    {
        while (await _process.StandardOutput.ReadLineAsync(cancellationToken) is { } line)
        {
            try
            {
                using var json = JsonDocument.Parse(line);
                var root = json.RootElement;
                return new RacerResult(
                    root.GetProperty("nullifier").GetString()!,
                    root.GetProperty("result").GetString()!,
                    root.TryGetProperty("wallets", out var wallets) ? [.. wallets.EnumerateArray().Select(w => w.GetString()!)] : [],
                    root.TryGetProperty("power", out var power) ? power.GetString() : null);
            }
            catch (JsonException)
            {
                // Only the very last line can be cut short, by SIGKILL; the loop then ends.
            }
        }

        return null;
    }

    public async Task<List<RacerResult>> ReadAllAsync(CancellationToken cancellationToken)
    {
        var results = new List<RacerResult>();
        while (await ReadAsync(cancellationToken) is { } result)
        {
            results.Add(result);
        }

        await _process.WaitForExitAsync(cancellationToken);
        Assert.True(_process.ExitCode == 0, $"the claim racer failed ({_process.ExitCode}):\n{Stderr}");
        return results;
    }

    /// <summary>SIGKILL: no finally block, no disposal, no rollback of its own.</summary>
    public void Kill() => _process.Kill();

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
