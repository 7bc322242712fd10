// DID Resolution (W3C DID Resolution, §"DID Resolution Result", "DID Resolution Metadata",
// "DID Document Metadata"; DID Core §7.1).
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Did.Sdk;

/// <summary>Options of one resolution (DID Core §7.1.1).</summary>
public sealed record DidResolutionOptions
{
    /// <summary>Default options: the latest version, JSON representation.</summary>
    public static DidResolutionOptions Default { get; } = new();

    /// <summary>The requested media type (<c>application/did+json</c> or <c>application/did+ld+json</c>), or null for the default.</summary>
    public string? Accept { get; init; }

    /// <summary>Resolve the version with this id (method-specific: a block number for did:ethr).</summary>
    public string? VersionId { get; init; }

    /// <summary>Resolve the version valid at this time.</summary>
    public DateTimeOffset? VersionTime { get; init; }

    /// <summary>
    /// How settled the ledger state must be, for methods anchored on a ledger (did:ethr); null for the
    /// method's default (latest). Part of the cache key.
    /// </summary>
    public Finality? Finality { get; init; }

    /// <summary>Method-specific options (for example <c>blockTag</c> for did:ethr); part of the cache key.</summary>
    public IReadOnlyDictionary<string, string>? Extensions { get; init; }

    /// <summary>
    /// A stable, unambiguous string form used as part of cache keys: every component is length-prefixed,
    /// so no choice of values can make two different option sets produce the same key.
    /// </summary>
    internal string CacheKey
    {
        get
        {
            if (Accept is null && VersionId is null && VersionTime is null && Finality is null && (Extensions is null || Extensions.Count == 0))
            {
                return string.Empty;
            }

            var key = new System.Text.StringBuilder();
            Append(key, Accept);
            Append(key, VersionId);
            Append(key, VersionTime?.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
            Append(key, Finality?.ToString());
            if (Extensions is not null)
            {
                foreach (var pair in Extensions.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    Append(key, pair.Key);
                    Append(key, pair.Value);
                }
            }

            return key.ToString();
        }
    }

    private static void Append(System.Text.StringBuilder key, string? value)
    {
        if (value is null)
        {
            key.Append("-;");
            return;
        }

        key.Append(value.Length).Append(':').Append(value).Append(';');
    }
}

/// <summary>Metadata about the resolution process (<c>didResolutionMetadata</c>).</summary>
public sealed class DidResolutionMetadata
{
    /// <summary>The media type of the returned representation, on success.</summary>
    [JsonPropertyName("contentType")]
    public string? ContentType { get; init; }

    /// <summary>The error code on failure (<see cref="DidResolutionErrors"/>).</summary>
    [JsonPropertyName("error")]
    public string? Error { get; init; }

    /// <summary>A description of the error for humans.</summary>
    [JsonPropertyName("errorMessage")]
    public string? ErrorMessage { get; init; }

    /// <summary>Method-specific metadata (for example the block a did:ethr document reflects).</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }

    /// <summary>The ledger block the resolution read (did:ethr), or null when none is reported.</summary>
    [JsonIgnore]
    public ResolvedBlock? Block => ResolvedBlock.From(this);
}

/// <summary>Metadata about the DID document (<c>didDocumentMetadata</c>, DID Core §7.1.3).</summary>
public sealed class DidDocumentMetadata
{
    /// <summary>Empty metadata.</summary>
    public static DidDocumentMetadata Empty { get; } = new();

    /// <summary>When the DID was created.</summary>
    [JsonPropertyName("created")]
    [JsonConverter(typeof(Json.DidDateTimeConverter))]
    public DateTimeOffset? Created { get; init; }

    /// <summary>When the returned version was last updated.</summary>
    [JsonPropertyName("updated")]
    [JsonConverter(typeof(Json.DidDateTimeConverter))]
    public DateTimeOffset? Updated { get; init; }

    /// <summary>True when the DID has been deactivated.</summary>
    [JsonPropertyName("deactivated")]
    public bool? Deactivated { get; init; }

    /// <summary>The id of the returned version.</summary>
    [JsonPropertyName("versionId")]
    public string? VersionId { get; init; }

    /// <summary>The id of the next version, when the returned one is not the latest.</summary>
    [JsonPropertyName("nextVersionId")]
    public string? NextVersionId { get; init; }

    /// <summary>When the next version was made, when the returned one is not the latest.</summary>
    [JsonPropertyName("nextUpdate")]
    [JsonConverter(typeof(Json.DidDateTimeConverter))]
    public DateTimeOffset? NextUpdate { get; init; }

    /// <summary>Equivalent DIDs.</summary>
    [JsonPropertyName("equivalentId")]
    public IReadOnlyList<string>? EquivalentId { get; init; }

    /// <summary>The canonical DID.</summary>
    [JsonPropertyName("canonicalId")]
    public string? CanonicalId { get; init; }

    /// <summary>Method-specific metadata, written back unchanged.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

/// <summary>
/// The result of resolving a DID: a DID document XOR an error. <see cref="Succeeded"/> tells which;
/// the error code is also in <see cref="DidResolutionMetadata"/>.<c>error</c>.
/// </summary>
public sealed class DidResolutionResult
{
    /// <summary>Creates a result; prefer <see cref="Success"/> and <see cref="Failure(string, string)"/>.</summary>
    [JsonConstructor]
    public DidResolutionResult(DidResolutionMetadata didResolutionMetadata, DidDocument? didDocument, DidDocumentMetadata didDocumentMetadata)
    {
        ArgumentNullException.ThrowIfNull(didResolutionMetadata);
        if ((didDocument is null) == (didResolutionMetadata.Error is null))
        {
            throw new ArgumentException("A resolution result has a document XOR an error.", nameof(didDocument));
        }

        DidResolutionMetadata = didResolutionMetadata;
        DidDocument = didDocument;
        DidDocumentMetadata = didDocumentMetadata ?? DidDocumentMetadata.Empty;
    }

    /// <summary>Metadata about the resolution.</summary>
    [JsonPropertyName("didResolutionMetadata")]
    public DidResolutionMetadata DidResolutionMetadata { get; }

    /// <summary>The DID document, on success.</summary>
    [JsonPropertyName("didDocument")]
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public DidDocument? DidDocument { get; }

    /// <summary>Metadata about the document.</summary>
    [JsonPropertyName("didDocumentMetadata")]
    public DidDocumentMetadata DidDocumentMetadata { get; }

    /// <summary>True when a document was resolved.</summary>
    [JsonIgnore]
    [MemberNotNullWhen(true, nameof(DidDocument))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool Succeeded => DidDocument is not null;

    /// <summary>The error, when resolution failed.</summary>
    [JsonIgnore]
    public SdkError? Error => DidResolutionMetadata.Error is { } code
        ? new SdkError(code, DidResolutionMetadata.ErrorMessage ?? code)
        : null;

    /// <summary>A successful result.</summary>
    public static DidResolutionResult Success(DidDocument document, DidDocumentMetadata? documentMetadata = null, string contentType = MediaTypes.DidJson, IDictionary<string, JsonElement>? resolutionMetadata = null)
    {
        ArgumentNullException.ThrowIfNull(document);
        return new DidResolutionResult(
            new DidResolutionMetadata
            {
                ContentType = contentType,
                AdditionalProperties = resolutionMetadata is null ? null : new(resolutionMetadata),
            },
            document,
            documentMetadata ?? DidDocumentMetadata.Empty);
    }

    /// <summary>A failed result with a DID Resolution error code.</summary>
    public static DidResolutionResult Failure(string code, string message)
        => new(new DidResolutionMetadata { Error = code, ErrorMessage = message }, null, DidDocumentMetadata.Empty);

    /// <summary>A failed result carrying <paramref name="error"/>.</summary>
    public static DidResolutionResult Failure(SdkError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return Failure(error.Code, error.Message);
    }

    /// <summary>Returns the document or throws <see cref="SdkException"/> with the error.</summary>
    public DidDocument ThrowIfFailed() => Succeeded ? DidDocument : throw new SdkException(Error);
}

/// <summary>Media types of DID document representations.</summary>
public static class MediaTypes
{
    /// <summary><c>application/did+json</c></summary>
    public const string DidJson = "application/did+json";

    /// <summary><c>application/did+ld+json</c></summary>
    public const string DidLdJson = "application/did+ld+json";

    /// <summary><c>application/did-resolution</c></summary>
    public const string DidResolution = "application/did-resolution";
}
