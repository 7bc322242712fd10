using System.Collections.Frozen;

namespace Did.Sdk;

/// <summary>
/// The universal resolver: parses the DID, dispatches by method to an <see cref="IDidMethodResolver"/>,
/// and turns unexpected exceptions of a method resolver into <c>internalError</c>.
/// </summary>
public sealed class DidResolver : IDidResolver
{
    private readonly FrozenDictionary<string, IDidMethodResolver> _byMethod;

    /// <summary>Creates a resolver over method resolvers; a later resolver for the same method wins.</summary>
    public DidResolver(IEnumerable<IDidMethodResolver> methodResolvers)
    {
        ArgumentNullException.ThrowIfNull(methodResolvers);
        var map = new Dictionary<string, IDidMethodResolver>(StringComparer.Ordinal);
        foreach (var resolver in methodResolvers)
        {
            foreach (var method in resolver.Methods)
            {
                map[method] = resolver;
            }
        }

        _byMethod = map.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>Creates a resolver over method resolvers.</summary>
    public DidResolver(params IDidMethodResolver[] methodResolvers)
        : this((IEnumerable<IDidMethodResolver>)methodResolvers)
    {
    }

    /// <summary>The methods this resolver can resolve.</summary>
    public IReadOnlyCollection<string> Methods => _byMethod.Keys;

    /// <inheritdoc />
    public async ValueTask<DidResolutionResult> ResolveAsync(string did, DidResolutionOptions? options = null, CancellationToken cancellationToken = default)
    {
        var parsed = Did.Parse(did);
        if (!parsed.Succeeded)
        {
            return DidResolutionResult.Failure(parsed.Error);
        }

        options ??= DidResolutionOptions.Default;
        if (options.Accept is not null and not MediaTypes.DidJson and not MediaTypes.DidLdJson)
        {
            return DidResolutionResult.Failure(DidResolutionErrors.RepresentationNotSupported, $"The representation '{options.Accept}' is not supported; use {MediaTypes.DidJson} or {MediaTypes.DidLdJson}.");
        }

        if (!_byMethod.TryGetValue(parsed.Value.Method, out var resolver))
        {
            return DidResolutionResult.Failure(DidResolutionErrors.MethodNotSupported, $"The DID method '{parsed.Value.Method}' is not supported.");
        }

        try
        {
            return await resolver.ResolveAsync(parsed.Value, options, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            throw;
        }
#pragma warning disable CA1031 // A method resolver's bug must not escape as an exception for untrusted input.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return DidResolutionResult.Failure(DidResolutionErrors.InternalError, $"The {parsed.Value.Method} resolver failed: {ex.GetType().Name}.");
        }
    }
}
