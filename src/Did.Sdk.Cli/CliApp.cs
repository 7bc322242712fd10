using System.CommandLine;
using Did.Sdk.Net;
using Microsoft.Extensions.DependencyInjection;

namespace Did.Sdk.Cli;

/// <summary>
/// The <c>did-sdk</c> command line. A public contract: JSON on stdout, diagnostics on stderr,
/// exit 0 on success, 1 when the input was processed and found invalid or unresolvable, 2 on a usage error.
/// </summary>
public static class CliApp
{
    /// <summary>Exit code: success.</summary>
    public const int Success = 0;

    /// <summary>Exit code: the operation ran and failed (resolution error, invalid credential).</summary>
    public const int Failed = 1;

    /// <summary>Exit code: the command line was wrong.</summary>
    public const int UsageError = 2;

    /// <summary>Runs the CLI with the given arguments and writers.</summary>
    /// <param name="args">The command-line arguments.</param>
    /// <param name="stdout">Where JSON results go.</param>
    /// <param name="stderr">Where diagnostics go.</param>
    /// <param name="configureServices">Lets tests replace services (for example the HTTP handler of did:web).</param>
    /// <param name="stdin">Where <c>-</c> file arguments are read from; <see cref="Console.In"/> when null.</param>
    /// <param name="cancellationToken">Cancels the command.</param>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, Action<IServiceCollection>? configureServices = null, TextReader? stdin = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);

        var context = new CliContext(stdout, stderr, stdin ?? Console.In, configureServices);
        var root = new RootCommand("did-sdk: resolve DIDs, manage keys and credentials (Did.Sdk).")
        {
            ResolveCommand.Create(context),
            KeyCommand.Create(context),
            InfoCommand.Create(context),
            SdJwtCommand.Create(context),
            EthrCommand.Create(context),
            DevnetCommand.Create(context),
            VerifyCommand.Create(context),
            VerifyCommand.CreateRequest(context),
            TokenCommand.Create(context),
            SocialTokenCommand.Create(context),
            DaoCommand.Create(context),
        };

        var parseResult = root.Parse(args);
        if (parseResult.Errors.Count > 0)
        {
            foreach (var error in parseResult.Errors)
            {
                await stderr.WriteLineAsync("error: " + error.Message).ConfigureAwait(false);
            }

            await stderr.WriteLineAsync("Run 'did-sdk --help' for usage.").ConfigureAwait(false);
            return UsageError;
        }

        // Ctrl-C/SIGTERM cancel the command's token; long-running commands (devnet start) then shut down
        // gracefully within this time.
        var invocation = new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = TimeSpan.FromSeconds(10) };
        try
        {
            return await parseResult.InvokeAsync(invocation, cancellationToken).ConfigureAwait(false);
        }
        catch (CliUsageException ex)
        {
            await stderr.WriteLineAsync("error: " + ex.Message).ConfigureAwait(false);
            return UsageError;
        }
        catch (OperationCanceledException)
        {
            throw;
        }
#pragma warning disable CA1031 // The CLI contract: one line on stderr and exit 1, never a stack trace.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            await stderr.WriteLineAsync($"error: unexpected {ex.GetType().Name}; this is a bug in did-sdk, please report it.").ConfigureAwait(false);
            return Failed;
        }
    }
}

/// <summary>Thrown by commands for a usage error found after parsing (a bad file, a bad option value).</summary>
internal sealed class CliUsageException(string message) : Exception(message);

/// <summary>What every command needs: the writers and the service provider.</summary>
internal sealed class CliContext(TextWriter stdout, TextWriter stderr, TextReader stdin, Action<IServiceCollection>? configureServices)
{
    private ServiceProvider? _services;
    private Action<IServiceCollection>? _extra;

    public TextWriter Out { get; } = stdout;

    public TextReader In { get; } = stdin;

    public TimeProvider Time => Services.GetService<TimeProvider>() ?? TimeProvider.System;

    /// <summary>An HTTP client from the factory for URLs the user gave (an RPC endpoint); the factory owns the handlers.</summary>
    public HttpClient HttpClient => Services.GetRequiredService<IHttpClientFactory>().CreateClient("did-sdk");

    /// <summary>
    /// The client for status list URIs, which come from the credential being verified: through the
    /// network guard's handler (no redirects, no proxy), connecting to public addresses only unless
    /// private networks are allowed.
    /// </summary>
    public HttpClient StatusListHttpClient(bool allowPrivateNetworks)
        => Services.GetRequiredService<IHttpClientFactory>().CreateClient(allowPrivateNetworks ? PrivateNetworksClientName : GuardedClientName);

    internal const string GuardedClientName = "did-sdk-guarded";

    internal const string PrivateNetworksClientName = "did-sdk-private-networks";

    public TextWriter Error { get; } = stderr;

    public IServiceProvider Services => _services ??= BuildServices();

    public DidResolver Resolver => Services.GetRequiredService<DidResolver>();

    /// <summary>Adds services a command needs (for example a did:ethr network from its options); before first use of <see cref="Services"/>.</summary>
    public void AddServices(Action<IServiceCollection> configure)
    {
        if (_services is not null)
        {
            throw new InvalidOperationException("The services are already built.");
        }

        _extra += configure;
    }

    private ServiceProvider BuildServices()
    {
        var services = new ServiceCollection();
        services.AddHttpClient();
        services.AddHttpClient(GuardedClientName).ConfigurePrimaryHttpMessageHandler(() => NetworkGuard.CreateHandler(allowPrivateNetworks: false));
        services.AddHttpClient(PrivateNetworksClientName).ConfigurePrimaryHttpMessageHandler(() => NetworkGuard.CreateHandler(allowPrivateNetworks: true));
        services.AddDidSdk(b => b.AddDefaultMethods());
        _extra?.Invoke(services);
        configureServices?.Invoke(services);
        return services.BuildServiceProvider();
    }
}
