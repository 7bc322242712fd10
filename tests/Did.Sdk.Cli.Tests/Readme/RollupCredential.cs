using System.Text.Json.Nodes;
using Did.Sdk.Devnet;
using Did.Sdk.Ethr;
using Did.Sdk.Jose;
using Did.Sdk.Methods;
using Did.Sdk.SdJwt;

namespace Did.Sdk.Cli.Tests.Readme;

/// <summary>The README's credential from a did:ethr issuer; <see cref="ReadmeTests"/> keeps README.md equal to the region below.</summary>
internal static class RollupCredential
{
    public static async Task<bool> RunAsync(TextWriter output)
    {
        // begin-snippet: rollup-credential
        // A rollup in-process (in production: new HttpEthereumRpc(httpClient, new() { Endpoint = rpcUrl })).
        await using var devnet = await Devnet.Devnet.StartAsync(new DevnetOptions { ChainId = 10 });
        var resolver = new DidResolver(
            new EthrDidResolver(new EthrDidResolverOptions
            {
                Networks = { new EthrNetworkOptions { ChainId = 10, Rpc = devnet.Rpc, RegistryAddress = devnet.RegistryAddress.ToString() } },
            }),
            new DidKeyResolver(), new DidJwkResolver(), new DidPkhResolver());

        // The issuer is a did:ethr whose wallet key signs; its kid comes from resolving the DID.
        using var wallet = devnet.Accounts[2].CreateKey();
        using var issuerKey = wallet.ToSigningKey();
        var issuer = (await SdJwtIssuer.ForDidAsync(issuerKey, $"did:ethr:0xa:{wallet.Address}", resolver)).ThrowIfFailed();
        using var holderKey = SigningKey.Generate(JwsAlgorithm.EdDSA);
        var credential = issuer.Issue(
            new JsonObject { ["vct"] = "https://credentials.example/SocialTokenHolder", ["tier"] = "gold", ["age_over_18"] = true },
            [SdJwtClaimPath.Create("tier"), SdJwtClaimPath.Create("age_over_18")],
            holderKey.VerificationKey.ToJwk());
        string presentation = new SdJwtHolder().Present(credential, [SdJwtClaimPath.Create("tier")], holderKey, "https://verifier.example", "n-42")
            .ThrowIfFailed().ToCompact();

        // The verifier resolves the issuer's DID at the finalized block and says which block that was.
        var verifier = new SdJwtVerifier(new SdJwtVerificationOptions(), resolver);
        var request = SdJwtVerificationRequest.KeyBound("https://verifier.example", "n-42") with { Finality = Finality.Finalized };
        SdJwtVerificationResult result = await verifier.VerifyAsync(presentation, request);
        output.WriteLine(result.Succeeded
            ? $"tier {result.Claims["tier"]} from {result.Validated.Issuer}, finalized block {result.Validated.IssuerBlock?.Number}"
            : $"{result.Error.Code}: {result.Error.Message}");
        // end-snippet
        return result.Succeeded;
    }
}
