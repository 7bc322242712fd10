using System.Net;
using Did.Sdk.Devnet.Rpc;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Did.Sdk.Devnet;

/// <summary>
/// The devnet's JSON-RPC over HTTP (POST, one call or a batch) on 127.0.0.1 only, answering through the
/// same dispatcher as <see cref="Devnet.Rpc"/>. Oversized bodies get HTTP 413 with a JSON-RPC error;
/// malformed ones a JSON-RPC error; nothing a client sends stops the server.
/// </summary>
public sealed class DevnetServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _disposed;

    private DevnetServer(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    /// <summary>The bound URL, for example <c>http://127.0.0.1:8545/</c>.</summary>
    public Uri Url { get; }

    internal static async Task<DevnetServer> StartAsync(JsonRpcDispatcher dispatcher, DevnetSettings settings, int port, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = settings.MaxRequestBytes + 1L;
            kestrel.Listen(IPAddress.Loopback, port);
        });
        var app = builder.Build();
        var limit = settings.MaxRequestBytes;
        var maxBatch = settings.MaxBatchSize;
        app.Run(context => HandleAsync(context, dispatcher, limit, maxBatch));
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
                ?? throw new InvalidOperationException("Kestrel reported no bound address.");
            return new DevnetServer(app, new Uri(address.EndsWith('/') ? address : address + "/"));
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static async Task HandleAsync(HttpContext context, JsonRpcDispatcher dispatcher, int limit, int maxBatch)
    {
        var response = context.Response;
        if (!HttpMethods.IsPost(context.Request.Method))
        {
            response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            response.Headers.Allow = "POST";
            await WriteAsync(response, JsonRpcDispatcher.ErrorBody(RpcFault.InvalidRequest("JSON-RPC requests are POSTed"))).ConfigureAwait(false);
            return;
        }

        byte[]? body = null;
        if (context.Request.ContentLength is not > 0 || context.Request.ContentLength <= limit)
        {
            try
            {
                body = await ReadBodyAsync(context.Request.Body, limit, context.RequestAborted).ConfigureAwait(false);
            }
            catch (BadHttpRequestException)
            {
                body = null;
            }
        }

        if (body is null || body.Length > limit)
        {
            // Read (and drop) a bounded rest of the body before answering, so the client reads the 413
            // instead of a reset connection; beyond the bound Kestrel closes the connection.
            await DrainAsync(context).ConfigureAwait(false);
            response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            await WriteAsync(response, JsonRpcDispatcher.ErrorBody(RpcFault.InvalidRequest($"request body too large: limit {limit} bytes"))).ConfigureAwait(false);
            return;
        }

        var answer = dispatcher.HandleBody(body, maxBatch);
        await WriteAsync(response, answer).ConfigureAwait(false);
    }

    // Reads at most limit + 1 bytes: one more than allowed tells "too large" without reading the rest.
    private static async Task<byte[]> ReadBodyAsync(Stream body, int limit, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        while (buffer.Length <= limit)
        {
            var read = await body.ReadAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, limit + 1 - buffer.Length)), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private const long MaxDrainBytes = 64L * 1024 * 1024;

    private static async Task DrainAsync(HttpContext context)
    {
        var declared = context.Request.ContentLength;
        if (declared > MaxDrainBytes)
        {
            return;
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = MaxDrainBytes;
        }

        var scratch = new byte[16 * 1024];
        long total = 0;
        try
        {
            int read;
            while (total <= MaxDrainBytes && (read = await context.Request.Body.ReadAsync(scratch, context.RequestAborted).ConfigureAwait(false)) > 0)
            {
                total += read;
            }
        }
        catch (Exception ex) when (ex is BadHttpRequestException or IOException or OperationCanceledException)
        {
            // The client went away or sent more than the bound: nothing to answer to.
        }
    }

    private static async Task WriteAsync(HttpResponse response, byte[] body)
    {
        response.ContentType = "application/json";
        response.ContentLength = body.Length;
        if (body.Length > 0)
        {
            await response.Body.WriteAsync(body).ConfigureAwait(false);
        }
    }

    /// <summary>Stops listening and releases the port.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            await _app.StopAsync().ConfigureAwait(false);
        }
        finally
        {
            await _app.DisposeAsync().ConfigureAwait(false);
        }
    }
}
