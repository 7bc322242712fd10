using Did.Sdk.Devnet;
using Spectre.Console;

namespace Did.Sdk.Examples.ConsoleIssuer;

/// <summary>
/// What 'serve' and the interactive menu run in the background: the embedded devnet's JSON-RPC over HTTP on
/// 127.0.0.1 (so a wallet or another tool can use the chain) and the status list over HTTPS on 127.0.0.1.
/// </summary>
internal sealed class IssuerServers : IAsyncDisposable
{
    private readonly IssuerSession _session;
    private readonly IAnsiConsole _console;
    private DevnetServer? _devnet;
    private StatusListServer? _statusList;
    private System.Security.Cryptography.X509Certificates.X509Certificate2? _certificate;

    private IssuerServers(IssuerSession session, IAnsiConsole console)
    {
        _session = session;
        _console = console;
    }

    /// <summary>The devnet's URL, or null (connected to --rpc).</summary>
    public Uri? DevnetUrl => _devnet?.Url;

    public static async Task<IssuerServers> StartAsync(IssuerSession session, IAnsiConsole console, int devnetPort, CancellationToken cancellationToken)
    {
        var servers = new IssuerServers(session, console);
        try
        {
            if (session.Devnet is not null)
            {
                try
                {
                    servers._devnet = await session.Devnet.ServeHttpAsync(devnetPort, cancellationToken);
                }
                catch (IOException ex)
                {
                    throw new IssuerException(IssuerErrorCodes.InvalidArgument, $"The devnet cannot be served on 127.0.0.1:{devnetPort}: {ex.Message} (choose another --devnet-port).", ex);
                }

                console.MarkupLineInterpolated($"Embedded devnet (chain {session.ChainId}) served at [bold]{servers._devnet.Url}[/]: other commands reach it with --rpc {servers._devnet.Url}");
            }

            await servers.EnsureStatusListAsync(cancellationToken);
            return servers;
        }
        catch
        {
            await servers.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the status list server once the brand exists (re-signing the list, so it is current).</summary>
    public async Task EnsureStatusListAsync(CancellationToken cancellationToken)
    {
        if (_statusList is not null)
        {
            return;
        }

        if (_session.Db.Brand is not { } brand)
        {
            _console.MarkupLine("No brand token yet: the status list is served once one is deployed or loaded.");
            return;
        }

        IssuerActions.PublishStatusList(_session, brand);
        _certificate ??= DevCertificate.LoadOrCreate(_session.Db.Path, _session.Time);
        _statusList = await StatusListServer.StartAsync(() => _session.Db.StatusListToken, _certificate, new Uri(brand.StatusListUri).Port, cancellationToken);
        _console.MarkupLineInterpolated($"Status list served at [bold]{brand.StatusListUri}[/] (HTTPS, development certificate: trust {DevCertificate.CertificatePath(_session.Db.Path)}).");
    }

    public async ValueTask DisposeAsync()
    {
        if (_statusList is not null)
        {
            await _statusList.DisposeAsync();
        }

        if (_devnet is not null)
        {
            await _devnet.DisposeAsync();
        }

        _certificate?.Dispose();
    }
}
