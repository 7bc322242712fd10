using Did.Sdk;
using Did.Sdk.SdJwt;
using Did.Sdk.SdJwt.StatusList;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the SD-JWT verifier on a <see cref="DidSdkBuilder"/>.</summary>
public static class SdJwtBuilderExtensions
{
    /// <summary>
    /// Registers one <see cref="SdJwtVerifier"/> (singleton, thread-safe) over the registered
    /// <see cref="IDidResolver"/>, the <see cref="IStatusListChecker"/> when one is registered, and the
    /// <see cref="TimeProvider"/>. The options are what every verification shares; each call passes its
    /// own <see cref="SdJwtVerificationRequest"/>. Options are validated here, at startup. Idempotent:
    /// the options of the first call win.
    /// </summary>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public static DidSdkBuilder AddSdJwtVerifier(this DidSdkBuilder builder, Func<SdJwtVerificationOptions, SdJwtVerificationOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = configure?.Invoke(new SdJwtVerificationOptions()) ?? new SdJwtVerificationOptions();
        options.Validate();
        builder.Services.TryAddSingleton(sp => new SdJwtVerifier(
            options,
            sp.GetRequiredService<IDidResolver>(),
            sp.GetService<IStatusListChecker>(),
            sp.GetService<TimeProvider>()));
        return builder;
    }
}
