using Did.Sdk;
using Did.Sdk.Ethr;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the did:ethr resolver on a <see cref="DidSdkBuilder"/>.</summary>
public static class EthrBuilderExtensions
{
    /// <summary>
    /// Registers <see cref="EthrDidResolver"/> with the networks <paramref name="configure"/> adds (each
    /// filled in from <see cref="EthrKnownNetworks"/> by name or chain id), over the named HTTP client
    /// <see cref="EthrDidResolverOptions.HttpClientName"/>. The options are validated here. Idempotent:
    /// the first registration wins.
    /// </summary>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public static DidSdkBuilder AddDidEthr(this DidSdkBuilder builder, Action<EthrDidResolverOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var options = new EthrDidResolverOptions();
        configure(options);
        options.Validate();
        builder.Services.AddHttpClient(options.HttpClientName)
            .ConfigureHttpClient(client => client.Timeout = System.Threading.Timeout.InfiniteTimeSpan);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IDidMethodResolver, EthrDidResolver>(sp => new EthrDidResolver(
            options,
            sp.GetRequiredService<IHttpClientFactory>(),
            sp.GetService<TimeProvider>())));
        return builder;
    }
}
