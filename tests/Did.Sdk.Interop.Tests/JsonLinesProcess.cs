using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Did.Sdk.Interop.Tests;

/// <summary>
/// A long-lived Node script that answers one JSON request line with one JSON response line (the
/// interop harnesses in node/). Requests are serialized; disposing ends the process this started.
/// </summary>
internal sealed class JsonLinesProcess : IAsyncDisposable
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(120);
    private readonly Process _process;
    private readonly SemaphoreSlim _gate = new(1, 1);

    public JsonLinesProcess(string nodeDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo("node", arguments)
        {
            WorkingDirectory = nodeDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        _process = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginErrorReadLine();
    }

    /// <summary>The directory of the harnesses, from the test assembly's metadata.</summary>
    public static string NodeDirectory { get; } = typeof(JsonLinesProcess).Assembly
        .GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
        .Cast<System.Reflection.AssemblyMetadataAttribute>()
        .Single(a => a.Key == "InteropNodeDirectory").Value!;

    /// <summary>Sends <paramref name="request"/> and returns the response line as JSON.</summary>
    public async Task<JsonElement> SendAsync(JsonObject request)
    {
        await _gate.WaitAsync();
        try
        {
            using var timeout = new CancellationTokenSource(RequestTimeout);
            await _process.StandardInput.WriteLineAsync(request.ToJsonString().AsMemory(), timeout.Token);
            await _process.StandardInput.FlushAsync(timeout.Token);
            var line = await _process.StandardOutput.ReadLineAsync(timeout.Token)
                ?? throw new InvalidOperationException("The node harness ended.");
            using var response = JsonDocument.Parse(line);
            return response.RootElement.Clone();
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            _process.StandardInput.Close();
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
        }
        finally
        {
            _process.Dispose();
            _gate.Dispose();
        }
    }
}
