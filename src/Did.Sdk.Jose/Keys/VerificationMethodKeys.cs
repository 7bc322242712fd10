// Public keys of DID verification methods: publicKeyJwk (RFC 7517) or publicKeyMultibase (Multikey).
using System.Text.Json.Nodes;

namespace Did.Sdk.Jose;

/// <summary>The public key of a DID verification method, as a <see cref="VerificationKey"/>.</summary>
public static class VerificationMethodKeys
{
    /// <summary>
    /// Imports the key of <paramref name="method"/> from <c>publicKeyJwk</c> (a JWK with private members is
    /// refused) or <c>publicKeyMultibase</c> (Multikey).
    /// </summary>
    /// <returns>The key, or <c>invalidJwk</c>, <c>unsupportedKeyType</c> and the codes of <see cref="VerificationKey.Import(Jwk)"/> and <see cref="Multikey.Decode"/>.</returns>
    public static Result<VerificationKey> ToVerificationKey(VerificationMethod method)
    {
        ArgumentNullException.ThrowIfNull(method);
        if (method.PublicKeyJwk is { } element)
        {
            if (JsonNode.Parse(element.GetRawText()) is not JsonObject obj)
            {
                return Result<VerificationKey>.Failure(JoseErrorCodes.InvalidJwk, "publicKeyJwk is not an object.");
            }

            var jwk = Jwk.FromJsonObject(obj);
            if (!jwk.Succeeded)
            {
                return jwk.Error;
            }

            if (jwk.Value.HasPrivateKey)
            {
                return Result<VerificationKey>.Failure(JoseErrorCodes.InvalidJwk, "publicKeyJwk contains private key material.");
            }

            return VerificationKey.Import(jwk.Value);
        }

        if (method.PublicKeyMultibase is { } multibase)
        {
            return Multikey.Decode(multibase);
        }

        return Result<VerificationKey>.Failure(JoseErrorCodes.UnsupportedKeyType, "The verification method has neither publicKeyJwk nor publicKeyMultibase.");
    }
}
