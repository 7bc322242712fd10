using Did.Sdk.SdJwt.StatusList;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Token Status List checker on a <see cref="DidSdkBuilder"/>.</summary>
public static class StatusListBuilderExtensions
{
    /// <summary>
    /// Registers <see cref="HttpStatusListChecker"/> as <see cref="IStatusListChecker"/> (singleton,
    /// so its cache is shared) over the named client <see cref="HttpStatusListCheckerOptions.HttpClientName"/>
    /// with <see cref="HttpStatusListChecker.CreateHandler"/> (which connects only to public addresses
    /// unless <see cref="HttpStatusListCheckerOptions.AllowPrivateNetworks"/>). An <see cref="IStatusListKeyResolver"/>
    /// must be registered too (the trusted keys of status list issuers). Idempotent; the options of
    /// the first call win. Options are validated here.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public static DidSdkBuilder AddStatusListChecker(this DidSdkBuilder builder, Action<HttpStatusListCheckerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = new HttpStatusListCheckerOptions();
        configure?.Invoke(options);
        options.Validate();
        if (builder.Services.Any(d => d.ServiceType == typeof(IStatusListChecker)))
        {
            return builder;
        }

        builder.Services.AddHttpClient(HttpStatusListCheckerOptions.HttpClientName)
            .ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => HttpStatusListChecker.CreateHandler(options));
        builder.Services.TryAddSingleton<IStatusListChecker>(sp => new HttpStatusListChecker(
            sp.GetRequiredService<IHttpClientFactory>(),
            sp.GetRequiredService<IStatusListKeyResolver>(),
            options,
            sp.GetService<TimeProvider>()));
        return builder;
    }

    /// <summary>Registers the key resolver the status list checker trusts (idempotent: the first registration wins).</summary>
    public static DidSdkBuilder AddStatusListKeyResolver(this DidSdkBuilder builder, IStatusListKeyResolver resolver)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(resolver);
        builder.Services.TryAddSingleton(resolver);
        return builder;
    }
}
