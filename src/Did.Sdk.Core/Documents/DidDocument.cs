// DID document data model: W3C DID Core 1.0 §5 (core properties) and §4 (extensibility: unknown
// members are kept and written back unchanged).
using System.Text.Json;
using System.Text.Json.Serialization;
using Did.Sdk.Json;

namespace Did.Sdk;

/// <summary>
/// A DID document (DID Core §5). Members this type does not model are kept in
/// <see cref="AdditionalProperties"/> and written back on serialization. Instances returned by
/// resolvers may be shared through caches: treat them as immutable.
/// </summary>
public sealed class DidDocument
{
    /// <summary>The JSON-LD <c>@context</c> (string, array or object), when present.</summary>
    [JsonPropertyName("@context")]
    public JsonElement? Context { get; init; }

    /// <summary>The DID subject.</summary>
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    /// <summary>Other URIs for the subject.</summary>
    [JsonPropertyName("alsoKnownAs")]
    public IReadOnlyList<string>? AlsoKnownAs { get; init; }

    /// <summary>The controllers (a single string in JSON when there is one).</summary>
    [JsonPropertyName("controller")]
    [JsonConverter(typeof(StringOrArrayConverter))]
    public IReadOnlyList<string>? Controller { get; init; }

    /// <summary>The verification methods.</summary>
    [JsonPropertyName("verificationMethod")]
    public IReadOnlyList<VerificationMethod>? VerificationMethod { get; init; }

    /// <summary>Methods for authenticating as the subject.</summary>
    [JsonPropertyName("authentication")]
    public IReadOnlyList<VerificationMethodReference>? Authentication { get; init; }

    /// <summary>Methods for issuing claims (credentials) as the subject.</summary>
    [JsonPropertyName("assertionMethod")]
    public IReadOnlyList<VerificationMethodReference>? AssertionMethod { get; init; }

    /// <summary>Methods for key agreement (encryption to the subject).</summary>
    [JsonPropertyName("keyAgreement")]
    public IReadOnlyList<VerificationMethodReference>? KeyAgreement { get; init; }

    /// <summary>Methods for invoking capabilities.</summary>
    [JsonPropertyName("capabilityInvocation")]
    public IReadOnlyList<VerificationMethodReference>? CapabilityInvocation { get; init; }

    /// <summary>Methods for delegating capabilities.</summary>
    [JsonPropertyName("capabilityDelegation")]
    public IReadOnlyList<VerificationMethodReference>? CapabilityDelegation { get; init; }

    /// <summary>Service endpoints.</summary>
    [JsonPropertyName("service")]
    public IReadOnlyList<Service>? Service { get; init; }

    /// <summary>Members not modelled above, written back unchanged.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }

    /// <summary>The verification relationship named <paramref name="relationship"/>, or null.</summary>
    public IReadOnlyList<VerificationMethodReference>? GetRelationship(VerificationRelationship relationship) => relationship switch
    {
        VerificationRelationship.Authentication => Authentication,
        VerificationRelationship.AssertionMethod => AssertionMethod,
        VerificationRelationship.KeyAgreement => KeyAgreement,
        VerificationRelationship.CapabilityInvocation => CapabilityInvocation,
        VerificationRelationship.CapabilityDelegation => CapabilityDelegation,
        _ => throw new ArgumentOutOfRangeException(nameof(relationship)),
    };

    /// <summary>
    /// Finds a verification method by its id, matched exactly after making relative ids
    /// (<c>#key-1</c>) absolute against <see cref="Id"/>. Searches <c>verificationMethod</c> and the
    /// methods embedded in relationships. Returns null when there is no such method, and for ids that
    /// belong to another DID: a document cannot speak for another subject's keys.
    /// </summary>
    /// <param name="id">An absolute DID URL or a relative one starting with '#'.</param>
    public VerificationMethod? FindVerificationMethod(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        var wanted = Absolute(id);
        if (!IsOwnId(wanted))
        {
            return null;
        }

        foreach (var method in VerificationMethod ?? [])
        {
            if (method is not null && Absolute(method.Id) == wanted)
            {
                return method;
            }
        }

        foreach (var relationship in AllRelationships())
        {
            foreach (var reference in relationship ?? [])
            {
                if (reference?.Embedded is { } embedded && Absolute(embedded.Id) == wanted)
                {
                    return embedded;
                }
            }
        }

        return null;
    }

    /// <summary>
    /// Finds the verification method <paramref name="id"/> only if the document authorizes it for
    /// <paramref name="relationship"/> (listed by reference or embedded there) and the id belongs to
    /// this document's DID. Null otherwise. This is the lookup a verifier uses for a JWS <c>kid</c>.
    /// </summary>
    public VerificationMethod? FindVerificationMethod(string id, VerificationRelationship relationship)
    {
        ArgumentNullException.ThrowIfNull(id);
        var wanted = Absolute(id);
        if (!IsOwnId(wanted))
        {
            return null;
        }

        foreach (var reference in GetRelationship(relationship) ?? [])
        {
            if (reference?.Embedded is { } embedded)
            {
                if (Absolute(embedded.Id) == wanted)
                {
                    return embedded;
                }
            }
            else if (reference?.Reference is { } r && Absolute(r) == wanted)
            {
                // A reference must point at a method defined in this document.
                foreach (var method in VerificationMethod ?? [])
                {
                    if (method is not null && Absolute(method.Id) == wanted)
                    {
                        return method;
                    }
                }
            }
        }

        return null;
    }

    /// <summary>Finds a service by id (absolute or relative, matched exactly), or null.</summary>
    public Service? FindService(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        var wanted = Absolute(id);
        foreach (var service in Service ?? [])
        {
            if (service is not null && Absolute(service.Id) == wanted)
            {
                return service;
            }
        }

        return null;
    }

    private IEnumerable<IReadOnlyList<VerificationMethodReference>?> AllRelationships()
    {
        yield return Authentication;
        yield return AssertionMethod;
        yield return KeyAgreement;
        yield return CapabilityInvocation;
        yield return CapabilityDelegation;
    }

    private string Absolute(string id) => Absolute(id, Id);

    private bool IsOwnId(string absoluteId)
        => absoluteId.Length > Id.Length
            && absoluteId.StartsWith(Id, StringComparison.Ordinal)
            && absoluteId[Id.Length] is '#' or '?' or '/';

    /// <summary>Makes a relative DID URL (<c>#x</c>, <c>?x</c>, <c>/x</c>) absolute against <paramref name="did"/>.</summary>
    internal static string Absolute(string id, string did) => id.Length > 0 && id[0] is '#' or '?' or '/' ? did + id : id;
}

/// <summary>The verification relationships of DID Core §5.3.</summary>
public enum VerificationRelationship
{
    /// <summary><c>authentication</c></summary>
    Authentication,

    /// <summary><c>assertionMethod</c></summary>
    AssertionMethod,

    /// <summary><c>keyAgreement</c></summary>
    KeyAgreement,

    /// <summary><c>capabilityInvocation</c></summary>
    CapabilityInvocation,

    /// <summary><c>capabilityDelegation</c></summary>
    CapabilityDelegation,
}

/// <summary>A verification method (DID Core §5.2).</summary>
public sealed class VerificationMethod
{
    /// <summary>The method's id, a DID URL (absolute or relative to the document).</summary>
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    /// <summary>The type, for example <c>Multikey</c> or <c>JsonWebKey2020</c>.</summary>
    [JsonPropertyName("type")]
    public required string Type { get; init; }

    /// <summary>The DID of the controller.</summary>
    [JsonPropertyName("controller")]
    public required string Controller { get; init; }

    /// <summary>The public key as a JWK (RFC 7517), when given that way.</summary>
    [JsonPropertyName("publicKeyJwk")]
    public JsonElement? PublicKeyJwk { get; init; }

    /// <summary>The public key as a multibase string, when given that way.</summary>
    [JsonPropertyName("publicKeyMultibase")]
    public string? PublicKeyMultibase { get; init; }

    /// <summary>A CAIP-10 blockchain account id (did:pkh, did:ethr), when given.</summary>
    [JsonPropertyName("blockchainAccountId")]
    public string? BlockchainAccountId { get; init; }

    /// <summary>
    /// Members not modelled above (<c>publicKeyHex</c>, <c>publicKeyBase58</c>,
    /// <c>publicKeyBase64</c>, …), written back unchanged.
    /// </summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

/// <summary>
/// An entry of a verification relationship: either a reference (a DID URL string) to a method
/// defined elsewhere, or an embedded method (DID Core §5.3).
/// </summary>
[JsonConverter(typeof(VerificationMethodReferenceConverter))]
public sealed class VerificationMethodReference
{
    /// <summary>A reference to a method by its id.</summary>
    public VerificationMethodReference(string reference)
    {
        ArgumentException.ThrowIfNullOrEmpty(reference);
        Reference = reference;
    }

    /// <summary>A method embedded in the relationship.</summary>
    public VerificationMethodReference(VerificationMethod embedded)
    {
        ArgumentNullException.ThrowIfNull(embedded);
        Embedded = embedded;
    }

    /// <summary>The referenced id, when this entry is a reference.</summary>
    public string? Reference { get; }

    /// <summary>The embedded method, when this entry embeds one.</summary>
    public VerificationMethod? Embedded { get; }

    /// <summary>The id of the method, whether referenced or embedded.</summary>
    public string Id => Reference ?? Embedded!.Id;

    /// <summary>Converts a string id into a reference.</summary>
    public static implicit operator VerificationMethodReference(string reference) => new(reference);

    /// <summary>Creates a reference from an id.</summary>
    public static VerificationMethodReference FromString(string reference) => new(reference);
}

/// <summary>A service (DID Core §5.4).</summary>
public sealed class Service
{
    /// <summary>The service's id, a URI (often a relative DID URL such as <c>#hub</c>).</summary>
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    /// <summary>The type or types (a single string in JSON when there is one).</summary>
    [JsonPropertyName("type")]
    [JsonConverter(typeof(StringOrArrayConverter))]
    public required IReadOnlyList<string> Type { get; init; }

    /// <summary>The endpoint: a URI string, a map, or a set of either.</summary>
    [JsonPropertyName("serviceEndpoint")]
    public required JsonElement ServiceEndpoint { get; init; }

    /// <summary>Members not modelled above, written back unchanged.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}
