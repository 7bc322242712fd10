namespace Did.Sdk.Tests;

/// <summary>An in-memory method resolver for tests: documents by DID, counting calls.</summary>
internal sealed class FakeMethodResolver(string method) : IDidMethodResolver
{
    private readonly Dictionary<string, DidDocument> _documents = new(StringComparer.Ordinal);
    private int _calls;

    public IReadOnlyCollection<string> Methods { get; } = [method];

    public int Calls => Volatile.Read(ref _calls);

    public Func<Did, DidResolutionResult?>? Override { get; set; }

    public TaskCompletionSource? Gate { get; set; }

    public FakeMethodResolver Add(string json)
    {
        var doc = DidDocumentSerializer.Parse(json).ThrowIfFailed();
        _documents[doc.Id] = doc;
        return this;
    }

    public async ValueTask<DidResolutionResult> ResolveAsync(Did did, DidResolutionOptions options, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _calls);
        if (Gate is { } gate)
        {
            await gate.Task.WaitAsync(cancellationToken);
        }

        if (Override?.Invoke(did) is { } overridden)
        {
            return overridden;
        }

        return _documents.TryGetValue(did.ToString(), out var doc)
            ? DidResolutionResult.Success(doc, new DidDocumentMetadata { VersionId = options.VersionId })
            : DidResolutionResult.Failure(DidResolutionErrors.NotFound, $"{did} is unknown.");
    }
}
