// DID URL dereferencing: DID Core 1.0 §7.2 and W3C DID Resolution §"DID URL Dereferencing"
// (primary resource by DID parameters service/relativeRef/versionId/versionTime, secondary by fragment).
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;
using Did.Sdk.Json;

namespace Did.Sdk;

/// <summary>What a DID URL dereferenced to.</summary>
public enum DereferencedResourceKind
{
    /// <summary>Nothing (failure).</summary>
    None,

    /// <summary>The whole DID document.</summary>
    DidDocument,

    /// <summary>A verification method of the document.</summary>
    VerificationMethod,

    /// <summary>A service of the document.</summary>
    Service,

    /// <summary>A URL built from a service endpoint and <c>relativeRef</c>.</summary>
    Url,
}

/// <summary>Metadata of a dereferencing (<c>dereferencingMetadata</c>).</summary>
public sealed class DidDereferencingMetadata
{
    /// <summary>The media type of the content, on success.</summary>
    [JsonPropertyName("contentType")]
    public string? ContentType { get; init; }

    /// <summary>The error code on failure.</summary>
    [JsonPropertyName("error")]
    public string? Error { get; init; }

    /// <summary>A description of the error for humans.</summary>
    [JsonPropertyName("errorMessage")]
    public string? ErrorMessage { get; init; }
}

/// <summary>The result of dereferencing a DID URL: a resource XOR an error.</summary>
public sealed class DidDereferencingResult
{
    private DidDereferencingResult(DidDereferencingMetadata metadata, DereferencedResourceKind kind, JsonElement? content, DidDocumentMetadata contentMetadata)
    {
        DereferencingMetadata = metadata;
        Kind = kind;
        ContentStream = content;
        ContentMetadata = contentMetadata;
    }

    /// <summary>Metadata about the dereferencing.</summary>
    [JsonPropertyName("dereferencingMetadata")]
    public DidDereferencingMetadata DereferencingMetadata { get; }

    /// <summary>The resource as JSON (a document, method or service object, or a URL string).</summary>
    [JsonPropertyName("contentStream")]
    public JsonElement? ContentStream { get; }

    /// <summary>Metadata about the content (the document metadata of the resolved DID).</summary>
    [JsonPropertyName("contentMetadata")]
    public DidDocumentMetadata ContentMetadata { get; }

    /// <summary>What the content is.</summary>
    [JsonIgnore]
    public DereferencedResourceKind Kind { get; }

    /// <summary>The DID document, when <see cref="Kind"/> is <see cref="DereferencedResourceKind.DidDocument"/>.</summary>
    [JsonIgnore]
    public DidDocument? DidDocument { get; private init; }

    /// <summary>The method, when <see cref="Kind"/> is <see cref="DereferencedResourceKind.VerificationMethod"/>.</summary>
    [JsonIgnore]
    public VerificationMethod? VerificationMethod { get; private init; }

    /// <summary>The service, when <see cref="Kind"/> is <see cref="DereferencedResourceKind.Service"/>.</summary>
    [JsonIgnore]
    public Service? Service { get; private init; }

    /// <summary>The URL, when <see cref="Kind"/> is <see cref="DereferencedResourceKind.Url"/>.</summary>
    [JsonIgnore]
    public string? Url { get; private init; }

    /// <summary>True when a resource was found.</summary>
    [JsonIgnore]
    [MemberNotNullWhen(true, nameof(ContentStream))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool Succeeded => DereferencingMetadata.Error is null;

    /// <summary>The error, on failure.</summary>
    [JsonIgnore]
    public SdkError? Error => DereferencingMetadata.Error is { } code ? new SdkError(code, DereferencingMetadata.ErrorMessage ?? code) : null;

    internal static DidDereferencingResult Failure(string code, string message)
        => new(new DidDereferencingMetadata { Error = code, ErrorMessage = message }, DereferencedResourceKind.None, null, DidDocumentMetadata.Empty);

    internal static DidDereferencingResult ForDocument(DidDocument document, DidDocumentMetadata metadata, string contentType)
        => new(new() { ContentType = contentType }, DereferencedResourceKind.DidDocument, JsonSerializer.SerializeToElement(document, CoreJsonContext.Default.DidDocument), metadata) { DidDocument = document };

    internal static DidDereferencingResult ForMethod(VerificationMethod method, DidDocumentMetadata metadata, string contentType)
        => new(new() { ContentType = contentType }, DereferencedResourceKind.VerificationMethod, JsonSerializer.SerializeToElement(method, CoreJsonContext.Default.VerificationMethod), metadata) { VerificationMethod = method };

    internal static DidDereferencingResult ForService(Service service, DidDocumentMetadata metadata, string contentType)
        => new(new() { ContentType = contentType }, DereferencedResourceKind.Service, JsonSerializer.SerializeToElement(service, CoreJsonContext.Default.Service), metadata) { Service = service };

    internal static DidDereferencingResult ForUrl(string url, DidDocumentMetadata metadata)
        => new(new() { ContentType = "text/uri-list" }, DereferencedResourceKind.Url, JsonSerializer.SerializeToElement(url, CoreJsonContext.Default.String), metadata) { Url = url };
}

/// <summary>Dereferences DID URLs to documents, verification methods, services or service URLs.</summary>
public sealed class DidUrlDereferencer
{
    private readonly IDidResolver _resolver;

    /// <summary>Creates a dereferencer on top of a resolver.</summary>
    public DidUrlDereferencer(IDidResolver resolver)
    {
        ArgumentNullException.ThrowIfNull(resolver);
        _resolver = resolver;
    }

    /// <summary>
    /// Dereferences <paramref name="didUrl"/>. Fails with <c>invalidDidUrl</c>, the resolution error of
    /// the DID, <c>invalidOptions</c> for a bad <c>versionTime</c>, or <c>notFound</c> when the fragment,
    /// service or path names nothing in the document.
    /// </summary>
    public async ValueTask<DidDereferencingResult> DereferenceAsync(string didUrl, DidResolutionOptions? options = null, CancellationToken cancellationToken = default)
    {
        var parsed = DidUrl.Parse(didUrl);
        if (!parsed.Succeeded)
        {
            return DidDereferencingResult.Failure(parsed.Error.Code, parsed.Error.Message);
        }

        var url = parsed.Value;
        options ??= DidResolutionOptions.Default;
        var parameters = url.Parameters;
        if (parameters.TryGetValue("versionId", out var versionId))
        {
            options = options with { VersionId = versionId };
        }

        if (parameters.TryGetValue("versionTime", out var versionTime))
        {
            if (!DidDateTime.TryParse(versionTime, out var time))
            {
                return DidDereferencingResult.Failure(DidResolutionErrors.InvalidOptions, $"versionTime '{versionTime}' is not a DID Core datetime.");
            }

            options = options with { VersionTime = time };
        }

        var resolution = await _resolver.ResolveAsync(url.Did.ToString(), options, cancellationToken).ConfigureAwait(false);
        if (!resolution.Succeeded)
        {
            return DidDereferencingResult.Failure(resolution.Error.Code, resolution.Error.Message);
        }

        var document = resolution.DidDocument;
        var metadata = resolution.DidDocumentMetadata;
        var contentType = resolution.DidResolutionMetadata.ContentType ?? MediaTypes.DidJson;

        if (url.Path.Length > 0)
        {
            return DidDereferencingResult.Failure(DidResolutionErrors.NotFound, $"The path '{url.Path}' does not name a resource of {url.Did}.");
        }

        if (parameters.TryGetValue("service", out var serviceName))
        {
            var service = document.FindService("#" + serviceName);
            if (service is null)
            {
                return DidDereferencingResult.Failure(DidResolutionErrors.NotFound, $"{url.Did} has no service '{serviceName}'.");
            }

            if (!parameters.TryGetValue("relativeRef", out var relativeRef))
            {
                return DidDereferencingResult.ForService(service, metadata, contentType);
            }

            // relativeRef must stay relative: an absolute or network-path reference ("//host") would let
            // the DID URL, not the DID controller, choose the host.
            if (!Uri.TryCreate(relativeRef, UriKind.Relative, out _) || relativeRef.StartsWith("//", StringComparison.Ordinal) || relativeRef.StartsWith('\\'))
            {
                return DidDereferencingResult.Failure(DidResolutionErrors.InvalidDidUrl, "relativeRef must be a relative reference (no scheme or authority).");
            }

            if (service.ServiceEndpoint.ValueKind != JsonValueKind.String
                || !Uri.TryCreate(service.ServiceEndpoint.GetString(), UriKind.Absolute, out var endpoint)
                || endpoint.Scheme is not ("https" or "http")
                || !Uri.TryCreate(endpoint, relativeRef, out var target)
                || !string.Equals(target.Authority, endpoint.Authority, StringComparison.OrdinalIgnoreCase))
            {
                return DidDereferencingResult.Failure(DidResolutionErrors.NotFound, $"The service '{serviceName}' has no http(s) endpoint that relativeRef can be resolved against.");
            }

            return DidDereferencingResult.ForUrl(target.AbsoluteUri, metadata);
        }

        if (url.Fragment is null)
        {
            return DidDereferencingResult.ForDocument(document, metadata, contentType);
        }

        var fragmentId = "#" + url.Fragment;
        if (document.FindVerificationMethod(fragmentId) is { } method)
        {
            return DidDereferencingResult.ForMethod(method, metadata, contentType);
        }

        if (document.FindService(fragmentId) is { } fragmentService)
        {
            return DidDereferencingResult.ForService(fragmentService, metadata, contentType);
        }

        return DidDereferencingResult.Failure(DidResolutionErrors.NotFound, $"{url.Did} has no verification method or service '{fragmentId}'.");
    }
}
