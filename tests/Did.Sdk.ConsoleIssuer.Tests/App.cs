using System.Net;
using System.Net.Sockets;
using Did.Sdk.Examples.ConsoleIssuer;
using Spectre.Console.Testing;

namespace Did.Sdk.ConsoleIssuer.Tests;

/// <summary>Runs the console issuer in-process, non-interactively, with a captured console.</summary>
internal static class App
{
    public sealed record Run(int ExitCode, string Output);

    public static async Task<Run> RunAsync(params string[] args) => await RunAsync(CancellationToken.None, args);

    public static async Task<Run> RunAsync(CancellationToken cancellationToken, params string[] args)
    {
        using var console = new TestConsole().Width(250);
        var exit = await IssuerApp.RunAsync(args, console, interactive: false, cancellationToken: cancellationToken);
        return new Run(exit, console.Output);
    }

    /// <summary>Runs and asserts exit 0, showing the output when it is not.</summary>
    public static async Task<string> OkAsync(params string[] args)
    {
        var run = await RunAsync(args);
        Assert.True(run.ExitCode == 0, $"{string.Join(' ', args)} exited {run.ExitCode}:\n{run.Output}");
        return run.Output;
    }

    /// <summary>A port free on 127.0.0.1 now (the status list's port must be known before the server starts: credentials name it).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
