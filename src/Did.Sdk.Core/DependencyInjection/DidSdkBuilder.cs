using Microsoft.Extensions.DependencyInjection.Extensions;
using Did.Sdk;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Configures Did.Sdk services; method packages add extension methods (<c>AddDidKey()</c>, …).</summary>
public sealed class DidSdkBuilder
{
    internal DidSdkBuilder(IServiceCollection services) => Services = services;

    /// <summary>The service collection being configured.</summary>
    public IServiceCollection Services { get; }

    internal CachingDidResolverOptions? Caching { get; set; }

    /// <summary>Registers a method resolver (idempotent per implementation type).</summary>
    public DidSdkBuilder AddMethodResolver<TResolver>()
        where TResolver : class, IDidMethodResolver
    {
        Services.TryAddEnumerable(ServiceDescriptor.Singleton<IDidMethodResolver, TResolver>());
        return this;
    }

    /// <summary>Registers a method resolver instance.</summary>
    public DidSdkBuilder AddMethodResolver(IDidMethodResolver resolver)
    {
        ArgumentNullException.ThrowIfNull(resolver);
        Services.TryAddEnumerable(ServiceDescriptor.Singleton(resolver));
        return this;
    }

    /// <summary>
    /// Caches successful resolutions behind <see cref="IDidResolver"/> (see <see cref="CachingDidResolver"/>).
    /// Options are validated here, at startup.
    /// </summary>
    public DidSdkBuilder AddResolutionCache(Action<CachingDidResolverOptions>? configure = null)
    {
        var options = Caching ?? new CachingDidResolverOptions();
        configure?.Invoke(options);
        options.Validate();
        Caching = options;
        return this;
    }
}

/// <summary>Entry points of Did.Sdk for <see cref="IServiceCollection"/>.</summary>
public static class DidSdkServiceCollectionExtensions
{
    /// <summary>
    /// Registers the universal <see cref="IDidResolver"/> (a <see cref="DidResolver"/> over every
    /// registered <see cref="IDidMethodResolver"/>), <see cref="DidUrlDereferencer"/> and
    /// <see cref="TimeProvider.System"/> unless a <see cref="TimeProvider"/> is already registered.
    /// Calling it again returns a builder over the same registrations.
    /// </summary>
    public static DidSdkBuilder AddDidSdk(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var existing = services.FirstOrDefault(d => d.ServiceType == typeof(DidSdkBuilder))?.ImplementationInstance as DidSdkBuilder;
        if (existing is not null)
        {
            return existing;
        }

        var builder = new DidSdkBuilder(services);
        services.AddSingleton(builder);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new DidResolver(sp.GetServices<IDidMethodResolver>()));
        services.TryAddSingleton<IDidResolver>(sp =>
        {
            var universal = sp.GetRequiredService<DidResolver>();
            return builder.Caching is { } caching
                ? new CachingDidResolver(universal, caching, sp.GetRequiredService<TimeProvider>())
                : universal;
        });
        services.TryAddSingleton(sp => new DidUrlDereferencer(sp.GetRequiredService<IDidResolver>()));
        return builder;
    }

    /// <summary>Registers Did.Sdk and configures it; see <see cref="AddDidSdk(IServiceCollection)"/>.</summary>
    public static IServiceCollection AddDidSdk(this IServiceCollection services, Action<DidSdkBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        configure(services.AddDidSdk());
        return services;
    }
}
