// did:jwk: "did:jwk Method Specification" (quartzjer/did-jwk) §"Read" (decode the base64url JWK,
// build the document with the single method #0) and §"Create" (base64url of the JWK's UTF-8 JSON).
using System.Text.Json.Nodes;
using Did.Sdk.Jose;
using Did.Sdk.Json;

namespace Did.Sdk.Methods;

/// <summary>
/// Resolves <c>did:jwk</c> DIDs offline. The identifier must be strict unpadded base64url of a
/// strict-JSON public JWK (OKP or EC, supported curve, valid point); anything else, including a JWK
/// with private members such as <c>d</c>, gives <c>invalidDid</c>.
/// </summary>
public sealed class DidJwkResolver : IDidMethodResolver
{
    private static readonly string[] MethodNames = ["jwk"];
    private static readonly string[] PrivateMembers = ["d", "p", "q", "dp", "dq", "qi", "oth", "k"];

    /// <inheritdoc />
    public IReadOnlyCollection<string> Methods => MethodNames;

    /// <inheritdoc />
    public ValueTask<DidResolutionResult> ResolveAsync(Did did, DidResolutionOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(did);
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Resolve(did, options));
    }

    /// <summary>Builds the DID document of a did:jwk synchronously; see <see cref="ResolveAsync"/>.</summary>
    public static DidResolutionResult Resolve(Did did, DidResolutionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(did);
        if (did.Method != "jwk")
        {
            return DidResolutionResult.Failure(DidResolutionErrors.MethodNotSupported, $"{did.Method} is not the jwk method.");
        }

        var jwk = DecodeIdentifier(did.MethodSpecificId);
        if (!jwk.Succeeded)
        {
            return DidResolutionResult.Failure(jwk.Error);
        }

        var (parsed, json) = jwk.Value;
        var id = did.ToString();
        var vmId = id + "#0";
        VerificationMethodReference[] self = [vmId];
        var method = new VerificationMethod
        {
            Id = vmId,
            Type = "JsonWebKey2020",
            Controller = id,
            PublicKeyJwk = MethodJson.ToElement(json),
        };

        // §Read: keys not marked "enc" get the four signing relationships, keys not marked "sig" get
        // keyAgreement. X25519 keys cannot sign, so they only ever get keyAgreement.
        var canSign = parsed.KeyType != KeyType.X25519 && parsed.Use != "enc";
        var canAgree = parsed.Use != "sig";
        if (!canSign && !canAgree)
        {
            return DidResolutionResult.Failure(DidResolutionErrors.InvalidDid, "The JWK is an X25519 key with use 'sig'; X25519 keys cannot sign, so it has no verification relationship.");
        }

        var document = new DidDocument
        {
            Context = MethodJson.Context([MethodJson.DidV1, MethodJson.Jws2020]),
            Id = id,
            VerificationMethod = [method],
            AssertionMethod = canSign ? self : null,
            Authentication = canSign ? self : null,
            CapabilityInvocation = canSign ? self : null,
            CapabilityDelegation = canSign ? self : null,
            KeyAgreement = canAgree ? self : null,
        };
        return DidResolutionResult.Success(document, contentType: options?.Accept ?? MediaTypes.DidJson);
    }

    /// <summary>
    /// Decodes the JWK in a did:jwk method-specific identifier; fails with <c>invalidDid</c>.
    /// Returns the validated key and the decoded JSON object as it was written by the DID's creator.
    /// </summary>
    internal static Result<(Jwk Jwk, JsonObject Json)> DecodeIdentifier(string methodSpecificId)
    {
        if (!Base64Url.TryDecode(methodSpecificId, out var utf8))
        {
            return Invalid("The did:jwk identifier is not strict unpadded base64url.");
        }

        var node = StrictJson.ParseNode(utf8);
        if (!node.Succeeded)
        {
            return Invalid("The did:jwk identifier does not decode to strict JSON: " + node.Error.Message);
        }

        if (node.Value is not JsonObject json)
        {
            return Invalid("The did:jwk identifier does not decode to a JSON object.");
        }

        foreach (var name in PrivateMembers)
        {
            if (json.ContainsKey(name))
            {
                return Invalid($"The did:jwk JWK contains the private member '{name}'; a DID must only carry a public key.");
            }
        }

        var jwk = Jose.Jwk.FromJsonObject(json);
        if (!jwk.Succeeded)
        {
            return Invalid($"The did:jwk JWK is not a supported public key ({jwk.Error.Code}): {jwk.Error.Message}");
        }

        if (jwk.Value.Use is not (null or "sig" or "enc"))
        {
            return Invalid("The did:jwk JWK has a 'use' other than 'sig' or 'enc'.");
        }

        return (jwk.Value, json);
    }

    private static Result<(Jwk, JsonObject)> Invalid(string message) => Result<(Jwk, JsonObject)>.Failure(DidResolutionErrors.InvalidDid, message);
}
