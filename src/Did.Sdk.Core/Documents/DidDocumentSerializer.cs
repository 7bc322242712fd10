// DID Core 1.0 §6.2 (JSON representation) with the checks of §5 that a consumer can make.
using System.Text.Json;
using Did.Sdk.Json;

namespace Did.Sdk;

/// <summary>Reads and writes the JSON representation of DID documents, with validation and bounds.</summary>
public static class DidDocumentSerializer
{
    /// <summary>The largest DID document accepted by default, in bytes (256 KiB).</summary>
    public const int DefaultMaxSize = 256 * 1024;

    /// <summary>The most verification methods, services or relationship entries accepted in one document.</summary>
    public const int MaxEntries = 1000;

    /// <summary>
    /// Parses untrusted JSON into a validated DID document. Fails with <c>invalidDidDocument</c> when
    /// the JSON is malformed (including duplicate member names or nesting deeper than
    /// <see cref="StrictJson.MaxDepth"/>), too large, violates DID Core, or when
    /// <paramref name="expectedId"/> is given and differs from the document's <c>id</c>.
    /// </summary>
    public static Result<DidDocument> Parse(ReadOnlySpan<byte> utf8Json, Did? expectedId = null, int maxSize = DefaultMaxSize)
    {
        if (utf8Json.Length > maxSize)
        {
            return Fail($"The DID document is {utf8Json.Length} bytes; the limit is {maxSize}.");
        }

        if (StrictJson.Validate(utf8Json) is { } jsonError)
        {
            return Fail("The DID document is not strict JSON: " + jsonError.Message);
        }

        DidDocument? document;
        try
        {
            document = JsonSerializer.Deserialize(utf8Json, CoreJsonContext.Default.DidDocument);
        }
        catch (JsonException ex)
        {
            return Fail("The DID document is not valid JSON for DID Core: " + ex.Message);
        }

        if (document is null)
        {
            return Fail("The DID document is the JSON literal null.");
        }

        var error = Validate(document);
        if (error is not null)
        {
            return Fail(error);
        }

        if (expectedId is not null && !string.Equals(document.Id, expectedId.ToString(), StringComparison.Ordinal))
        {
            return Fail($"The document's id '{document.Id}' is not the DID that was resolved, '{expectedId}'.");
        }

        return document;
    }

    /// <summary>Parses untrusted JSON text; see the UTF-8 overload.</summary>
    public static Result<DidDocument> Parse(string json, Did? expectedId = null, int maxSize = DefaultMaxSize)
    {
        ArgumentNullException.ThrowIfNull(json);
        return Parse(System.Text.Encoding.UTF8.GetBytes(json), expectedId, maxSize);
    }

    /// <summary>Writes a document as compact UTF-8 JSON.</summary>
    public static byte[] SerializeToUtf8Bytes(DidDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return JsonSerializer.SerializeToUtf8Bytes(document, CoreJsonContext.Default.DidDocument);
    }

    /// <summary>Writes a document as JSON text, indented when <paramref name="indented"/>.</summary>
    public static string Serialize(DidDocument document, bool indented = false)
    {
        ArgumentNullException.ThrowIfNull(document);
        return JsonSerializer.Serialize(document, indented ? CoreJsonContext.Indented.DidDocument : CoreJsonContext.Default.DidDocument);
    }

    /// <summary>Checks a document against DID Core §5; returns null when valid, else the reason.</summary>
    public static string? Validate(DidDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        if (!Did.TryParse(document.Id, out var subject))
        {
            return $"The document id '{Truncate(document.Id)}' is not a DID.";
        }

        foreach (var controller in document.Controller ?? [])
        {
            if (controller is null || !Did.TryParse(controller, out _))
            {
                return $"The controller '{Truncate(controller)}' is not a DID.";
            }
        }

        foreach (var alias in document.AlsoKnownAs ?? [])
        {
            if (string.IsNullOrEmpty(alias))
            {
                return "alsoKnownAs has a null or empty entry.";
            }
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        var count = 0;
        foreach (var method in document.VerificationMethod ?? [])
        {
            if (++count > MaxEntries)
            {
                return $"The document has more than {MaxEntries} verification methods.";
            }

            if (method is null)
            {
                return "The verificationMethod list has a null entry.";
            }

            var error = ValidateMethod(method, subject, ids);
            if (error is not null)
            {
                return error;
            }
        }

        foreach (VerificationRelationship relationship in Enum.GetValues<VerificationRelationship>())
        {
            var entries = document.GetRelationship(relationship) ?? [];
            if (entries.Count > MaxEntries)
            {
                return $"The relationship {relationship} has more than {MaxEntries} entries.";
            }

            foreach (var entry in entries)
            {
                if (entry is null)
                {
                    return $"The relationship {relationship} has a null entry.";
                }

                if (entry.Embedded is { } embedded)
                {
                    var error = ValidateMethod(embedded, subject, ids);
                    if (error is not null)
                    {
                        return error;
                    }
                }
                else if (!DidUrl.Parse(entry.Reference, subject).Succeeded)
                {
                    return $"The reference '{Truncate(entry.Reference)}' in {relationship} is not a DID URL.";
                }
            }
        }

        var serviceIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var service in document.Service ?? [])
        {
            if (serviceIds.Count >= MaxEntries)
            {
                return $"The document has more than {MaxEntries} services.";
            }

            if (service is null)
            {
                return "The service list has a null entry.";
            }

            if (string.IsNullOrEmpty(service.Id) || !serviceIds.Add(Absolute(service.Id, subject)))
            {
                return $"A service id is empty or repeated ('{Truncate(service.Id)}').";
            }

            if (service.Type is null || service.Type.Count == 0 || service.Type.Any(string.IsNullOrEmpty))
            {
                return $"The service '{Truncate(service.Id)}' has no type.";
            }

            if (service.ServiceEndpoint.ValueKind is not (JsonValueKind.String or JsonValueKind.Object or JsonValueKind.Array))
            {
                return $"The service '{Truncate(service.Id)}' has a serviceEndpoint that is not a string, map or set.";
            }
        }

        return null;
    }

    private static string? ValidateMethod(VerificationMethod method, Did subject, HashSet<string> ids)
    {
        if (method.Id is null || !DidUrl.Parse(method.Id, subject).Succeeded)
        {
            return $"The verification method id '{Truncate(method.Id)}' is not a DID URL.";
        }

        if (!ids.Add(Absolute(method.Id, subject)))
        {
            return $"The verification method id '{Truncate(method.Id)}' is repeated.";
        }

        if (string.IsNullOrEmpty(method.Type))
        {
            return $"The verification method '{Truncate(method.Id)}' has no type.";
        }

        if (method.Controller is null || !Did.TryParse(method.Controller, out _))
        {
            return $"The controller '{Truncate(method.Controller)}' of '{Truncate(method.Id)}' is not a DID.";
        }

        if (method.PublicKeyJwk is { } jwk && jwk.ValueKind != JsonValueKind.Object)
        {
            return $"The publicKeyJwk of '{Truncate(method.Id)}' is not an object.";
        }

        return null;
    }

    private static string Absolute(string id, Did subject) => DidDocument.Absolute(id, subject.ToString());

    private static string Truncate(string? s) => s is null ? "(null)" : s.Length <= 80 ? s : s[..80] + "…";

    private static Result<DidDocument> Fail(string message) => Result<DidDocument>.Failure(DidResolutionErrors.InvalidDidDocument, message);
}
