// The issuer's status list over HTTPS on 127.0.0.1, with the development certificate. It serves the token
// the issuer last signed (after an issue or a watcher scan), as application/statuslist+jwt at /status/1.
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Did.Sdk.Examples.ConsoleIssuer;

/// <summary>Serves the signed status list over HTTPS on the loopback address only.</summary>
internal sealed class StatusListServer : IAsyncDisposable
{
    /// <summary>The path of the (one) list.</summary>
    public const string ListPath = "/status/1";

    private readonly WebApplication _app;

    private StatusListServer(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    /// <summary>The bound port.</summary>
    public int Port { get; }

    /// <summary>The list's URI on <paramref name="port"/>: what credentials name.</summary>
    public static string ListUri(int port) => $"https://127.0.0.1:{port}{ListPath}";

    /// <summary>Starts serving <paramref name="token"/>'s current value on 127.0.0.1:<paramref name="port"/> (0: any free port).</summary>
    public static async Task<StatusListServer> StartAsync(Func<string?> token, X509Certificate2 certificate, int port, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, port, listen => listen.UseHttps(certificate));
        });
        var app = builder.Build();
        app.Run(async context =>
        {
            if (!HttpMethods.IsGet(context.Request.Method) || context.Request.Path != ListPath)
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            string? current;
            try
            {
                current = token();
            }
            catch (IssuerException)
            {
                current = null;
            }

            if (current is null)
            {
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                return;
            }

            context.Response.ContentType = "application/statuslist+jwt";
            context.Response.Headers.CacheControl = "no-cache";
            await context.Response.WriteAsync(current, context.RequestAborted);
        });
        try
        {
            await app.StartAsync(cancellationToken);
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
                ?? throw new InvalidOperationException("Kestrel reported no bound address.");
            return new StatusListServer(app, new Uri(address).Port);
        }
        catch (IOException ex)
        {
            await app.DisposeAsync();
            throw new IssuerException(IssuerErrorCodes.InvalidArgument, $"The status list server cannot listen on 127.0.0.1:{port}: {ex.Message}", ex);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _app.StopAsync();
        }
        finally
        {
            await _app.DisposeAsync();
        }
    }
}
