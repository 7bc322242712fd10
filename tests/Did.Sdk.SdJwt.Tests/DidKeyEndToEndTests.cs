using System.Text.Json.Nodes;
using Did.Sdk.Jose;
using Did.Sdk.Methods;
using Microsoft.Extensions.Time.Testing;

namespace Did.Sdk.SdJwt.Tests;

/// <summary>Issuer did:key (assertionMethod, publicKeyMultibase/JWK), holder did:jwk via cnf.kid, for every algorithm.</summary>
public class DidKeyEndToEndTests
{
    public static TheoryData<string> Algorithms => new() { "EdDSA", "ES256", "ES256K" };

    [Theory]
    [MemberData(nameof(Algorithms))]
    public async Task VerifyAsync_DidKeyIssuerAndDidJwkHolder_Succeeds(string algorithm)
    {
        Assert.True(JwsAlgorithm.TryGetByName(algorithm, out var alg));
        using var issuerKey = SigningKey.Generate(alg);
        using var holderKey = SigningKey.Generate(alg);
        var issuerDid = DidKey.Create(issuerKey.VerificationKey);
        string kid = issuerDid + "#" + issuerDid.MethodSpecificId;
        var holderDid = DidJwk.Create(holderKey.VerificationKey.ToJwk());
        var time = new FakeTimeProvider(Fixture.Now);

        var claims = Fixture.Claims();
        claims["iss"] = issuerDid.ToString();
        claims["cnf"] = new JsonObject { ["kid"] = holderDid + "#0" };
        var credential = new SdJwtIssuer(issuerKey, new SdJwtIssuerOptions { KeyId = kid }).Issue(claims, Fixture.Paths());
        string presentation = new SdJwtHolder(time).Present(credential, [SdJwtClaimPath.Create("age_over_18")], holderKey, Fixture.Audience, Fixture.Nonce).ThrowIfFailed().ToCompact();

        var resolver = new DidResolver(new DidKeyResolver(), new DidJwkResolver());
        var verifier = new SdJwtVerifier(new SdJwtVerificationOptions(), resolver, timeProvider: time);
        var result = await verifier.VerifyAsync(presentation);

        Assert.True(result.Succeeded, result.Error?.ToString());
        Assert.Equal(kid, result.Validated.KeyId);
        Assert.Equal(algorithm, result.Validated.Algorithm);
        Assert.True(result.Validated.KeyResolved);
        Assert.True(result.Claims["age_over_18"]!.GetValue<bool>());
        Assert.False(result.Claims.ContainsKey("given_name"));

        // The same credential under another did:key's kid fails: the kid is matched strictly.
        using var other = SigningKey.Generate(alg);
        var otherDid = DidKey.Create(other.VerificationKey);
        claims["iss"] = otherDid.ToString();
        var forged = new SdJwtIssuer(issuerKey, new SdJwtIssuerOptions { KeyId = otherDid + "#" + otherDid.MethodSpecificId }).Issue(claims, Fixture.Paths());
        string forgedPresentation = new SdJwtHolder(time).Present(forged, [], holderKey, Fixture.Audience, Fixture.Nonce).ThrowIfFailed().ToCompact();
        var rejected = await verifier.VerifyAsync(forgedPresentation);
        Assert.False(rejected.Succeeded);
        Assert.Equal(JoseErrorCodes.InvalidSignature, rejected.Error.Code);
    }
}
