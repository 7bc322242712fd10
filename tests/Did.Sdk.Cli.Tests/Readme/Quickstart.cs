using Did.Sdk.Jose;
using Did.Sdk.Methods;

namespace Did.Sdk.Cli.Tests.Readme;

/// <summary>The README quickstart; <see cref="ReadmeTests"/> keeps README.md equal to the region below.</summary>
internal static class Quickstart
{
    public static async Task<bool> RunAsync(TextWriter output)
    {
        // begin-snippet: quickstart
        // Generate an Ed25519 key and derive its did:key.
        using var key = SigningKey.Generate(JwsAlgorithm.EdDSA);
        Did did = DidKey.Create(key.VerificationKey);

        // Resolve the DID with the universal resolver.
        var resolver = new DidResolver(new DidKeyResolver(), new DidJwkResolver(), new DidPkhResolver());
        DidResolutionResult resolution = await resolver.ResolveAsync(did.ToString());
        if (!resolution.Succeeded)
        {
            output.WriteLine($"{resolution.Error.Code}: {resolution.Error.Message}");
            return false;
        }

        // Sign a JWS whose kid names the verification method.
        string kid = resolution.DidDocument.AssertionMethod![0].Id;
        string jws = Jws.Sign("hello, rollup"u8, key, type: "JWT", keyId: kid);

        // A verifier takes the key that the issuer's document lists under assertionMethod for that
        // kid (and no other), then checks the JWS under the closed algorithm allow-list.
        VerificationMethod? method = resolution.DidDocument.FindVerificationMethod(kid, VerificationRelationship.AssertionMethod);
        Result<VerificationKey> publicKey = Multikey.Decode(method!.PublicKeyMultibase!);
        Result<DecodedJws> verified = new JwsVerifier().Verify(jws, publicKey.ThrowIfFailed());
        output.WriteLine(verified.Succeeded ? $"verified a JWS from {did}" : verified.Error.ToString());
        // end-snippet
        return verified.Succeeded;
    }
}
