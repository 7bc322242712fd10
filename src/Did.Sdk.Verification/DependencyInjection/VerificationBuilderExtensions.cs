using Did.Sdk;
using Did.Sdk.Ethereum.Rpc;
using Did.Sdk.SdJwt;
using Did.Sdk.Verification;
using Did.Sdk.Verification.Policy;
using Did.Sdk.Verification.Requests;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the presentation verifier on a <see cref="DidSdkBuilder"/>.</summary>
public static class VerificationBuilderExtensions
{
    /// <summary>
    /// Registers one <see cref="PresentationVerifier"/> (singleton, thread-safe) for <paramref name="policy"/>,
    /// over the registered <see cref="IDidResolver"/>, <see cref="SdJwtVerifier"/> (registered with defaults
    /// when absent), <see cref="IPresentationRequestStore"/> (in memory when absent; register a shared one, such
    /// as Redis, for several instances), <see cref="EthereumClient"/> (needed when the policy has chain rules)
    /// and <see cref="TimeProvider"/>. The policy is validated here, at startup.
    /// </summary>
    /// <exception cref="ArgumentException">The policy is invalid.</exception>
    public static DidSdkBuilder AddPresentationVerifier(this DidSdkBuilder builder, VerificationPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(policy);
        var valid = policy.Validate();
        if (!valid.Succeeded)
        {
            throw new ArgumentException(valid.Error.Message, nameof(policy));
        }

        builder.AddSdJwtVerifier();
        builder.Services.TryAddSingleton<IPresentationRequestStore>(sp => new MemoryPresentationRequestStore(sp.GetService<TimeProvider>()));
        builder.Services.TryAddSingleton(sp => new PresentationVerifier(
            policy,
            sp.GetRequiredService<SdJwtVerifier>(),
            sp.GetRequiredService<IDidResolver>(),
            sp.GetService<EthereumClient>(),
            sp.GetRequiredService<IPresentationRequestStore>(),
            sp.GetService<TimeProvider>()));
        return builder;
    }
}
