// Public keys of DID verification methods: publicKeyJwk (RFC 7517) or publicKeyMultibase (Multikey).
using System.Text.Json.Nodes;
using Did.Sdk.Jose;

namespace Did.Sdk.SdJwt;

internal static class VerificationMethodKeys
{
    public static Result<VerificationKey> ToVerificationKey(VerificationMethod method)
    {
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
