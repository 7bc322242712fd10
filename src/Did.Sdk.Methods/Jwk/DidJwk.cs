using System.Text;
using Did.Sdk.Jose;

namespace Did.Sdk.Methods;

/// <summary>Creates <c>did:jwk</c> identifiers.</summary>
public static class DidJwk
{
    /// <summary>
    /// The did:jwk of a public JWK: <c>did:jwk:</c> + base64url of its compact JSON (members in the
    /// order of <see cref="Jwk.ToJsonObject"/>). Store the returned DID: another serialization of the
    /// same key is another DID.
    /// </summary>
    /// <exception cref="ArgumentException">The JWK carries private key material; pass <see cref="Jwk.ToPublic"/>.</exception>
    public static Did Create(Jwk jwk)
    {
        ArgumentNullException.ThrowIfNull(jwk);
        if (jwk.HasPrivateKey)
        {
            throw new ArgumentException("The JWK contains a private key; a did:jwk must only carry the public key (use ToPublic()).", nameof(jwk));
        }

        return Did.Parse("did:jwk:" + Base64Url.Encode(Encoding.UTF8.GetBytes(jwk.ToJson()))).ThrowIfFailed();
    }

    /// <summary>The public JWK of a did:jwk DID; fails with <c>invalidDid</c>.</summary>
    public static Result<Jwk> GetJwk(Did did)
    {
        ArgumentNullException.ThrowIfNull(did);
        if (did.Method != "jwk")
        {
            return Result<Jwk>.Failure(DidResolutionErrors.InvalidDid, $"{did} is not a did:jwk.");
        }

        var decoded = DidJwkResolver.DecodeIdentifier(did.MethodSpecificId);
        return decoded.Succeeded ? decoded.Value.Jwk : decoded.Error;
    }
}
