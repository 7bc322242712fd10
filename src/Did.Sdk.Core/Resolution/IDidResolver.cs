namespace Did.Sdk;

/// <summary>
/// Resolves DIDs (DID Core §7.1 <c>resolve</c>). Implementations never throw for bad input or remote
/// failures: they return a failed <see cref="DidResolutionResult"/>. Cancellation propagates as
/// <see cref="OperationCanceledException"/>.
/// </summary>
public interface IDidResolver
{
    /// <summary>Resolves <paramref name="did"/>.</summary>
    /// <param name="did">The DID string; anything else gives <c>invalidDid</c>.</param>
    /// <param name="options">Resolution options, or null for the defaults.</param>
    /// <param name="cancellationToken">Cancels the resolution.</param>
    ValueTask<DidResolutionResult> ResolveAsync(string did, DidResolutionOptions? options = null, CancellationToken cancellationToken = default);
}

/// <summary>Resolves the DIDs of one or more methods; plugged into <see cref="DidResolver"/>.</summary>
public interface IDidMethodResolver
{
    /// <summary>The method names this resolver handles, for example <c>key</c>.</summary>
    IReadOnlyCollection<string> Methods { get; }

    /// <summary>Resolves a DID whose syntax is already valid and whose method is in <see cref="Methods"/>.</summary>
    ValueTask<DidResolutionResult> ResolveAsync(Did did, DidResolutionOptions options, CancellationToken cancellationToken = default);
}
