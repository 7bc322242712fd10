using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Did.Sdk.Interop.Tests;

/// <summary>
/// One long-lived <c>node resolve.mjs --lines</c> process running ethr-did-resolver: one JSON request per
/// line in, one result per line out. Requests are serialized; disposing ends the process this started.
/// </summary>
internal sealed class ReferenceResolver : IAsyncDisposable
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(60);
    private readonly Process _process;
    private readonly SemaphoreSlim _gate = new(1, 1);

    public ReferenceResolver(string nodeDirectory)
    {
        var start = new ProcessStartInfo("node", ["resolve.mjs", "--lines"])
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

    /// <summary>Resolves with the reference implementation; the DID Resolution Result as JSON.</summary>
    public async Task<JsonElement> ResolveAsync(string did, Uri rpcUrl, string registry, ulong chainId, ulong? versionId = null)
    {
        var request = new JsonObject { ["did"] = did, ["rpcUrl"] = rpcUrl.ToString(), ["registry"] = registry, ["chainId"] = chainId };
        if (versionId is { } v)
        {
            request["versionId"] = v.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        await _gate.WaitAsync();
        try
        {
            using var timeout = new CancellationTokenSource(RequestTimeout);
            await _process.StandardInput.WriteLineAsync(request.ToJsonString().AsMemory(), timeout.Token);
            await _process.StandardInput.FlushAsync(timeout.Token);
            var line = await _process.StandardOutput.ReadLineAsync(timeout.Token)
                ?? throw new InvalidOperationException("resolve.mjs ended.");
            using var response = JsonDocument.Parse(line);
            if (response.RootElement.TryGetProperty("exception", out var exception))
            {
                throw new InvalidOperationException("resolve.mjs: " + exception.GetString());
            }

            return response.RootElement.GetProperty("result").Clone();
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
