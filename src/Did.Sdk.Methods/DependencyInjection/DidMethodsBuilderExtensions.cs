using Did.Sdk;
using Did.Sdk.Methods;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the did:key, did:jwk, did:pkh and did:web resolvers on a <see cref="DidSdkBuilder"/>.</summary>
public static class DidMethodsBuilderExtensions
{
    /// <summary>Registers <see cref="DidKeyResolver"/> (idempotent; options of the first call win).</summary>
    /// <exception cref="ArgumentException">The configured default public key format is unknown.</exception>
    public static DidSdkBuilder AddDidKey(this DidSdkBuilder builder, Action<DidKeyResolverOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = new DidKeyResolverOptions();
        configure?.Invoke(options);
        options.Validate();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IDidMethodResolver, DidKeyResolver>(_ => new DidKeyResolver(options)));
        return builder;
    }

    /// <summary>Registers <see cref="DidJwkResolver"/> (idempotent).</summary>
    public static DidSdkBuilder AddDidJwk(this DidSdkBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddMethodResolver<DidJwkResolver>();
    }

    /// <summary>Registers <see cref="DidPkhResolver"/> (idempotent).</summary>
    public static DidSdkBuilder AddDidPkh(this DidSdkBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddMethodResolver<DidPkhResolver>();
    }

    /// <summary>
    /// Registers <see cref="DidWebResolver"/> over the named HTTP client
    /// <see cref="DidWebResolverOptions.HttpClientName"/>, whose primary handler is the guarded
    /// <see cref="DidWebResolver.CreateHandler"/>. Repeated calls add their configuration; the
    /// options are validated here and when the resolver is created.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public static DidSdkBuilder AddDidWeb(this DidSdkBuilder builder, Action<DidWebResolverOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var probe = new DidWebResolverOptions();
        configure?.Invoke(probe);
        probe.Validate();

        var optionsBuilder = builder.Services.AddOptions<DidWebResolverOptions>();
        if (configure is not null)
        {
            optionsBuilder.Configure(configure);
        }

        builder.Services.AddHttpClient(DidWebResolverOptions.HttpClientName)
            .ConfigureHttpClient(client => client.Timeout = System.Threading.Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(sp => DidWebResolver.CreateHandler(sp.GetRequiredService<IOptions<DidWebResolverOptions>>().Value));
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IDidMethodResolver, DidWebResolver>(sp => new DidWebResolver(
            sp.GetRequiredService<IHttpClientFactory>(),
            sp.GetRequiredService<IOptions<DidWebResolverOptions>>(),
            sp.GetService<TimeProvider>(),
            sp.GetService<Logging.ILogger<DidWebResolver>>())));
        return builder;
    }

    /// <summary>Registers did:key, did:jwk, did:pkh and did:web with their defaults.</summary>
    public static DidSdkBuilder AddDefaultMethods(this DidSdkBuilder builder)
        => builder.AddDidKey().AddDidJwk().AddDidPkh().AddDidWeb();
}
