using Did.Sdk.SocialToken.Tests;
using Microsoft.Extensions.DependencyInjection;
using Did.Sdk.SocialToken;
using Did.Sdk.Verification.Policy;

namespace Did.Sdk.Verification.Tests;

/// <summary>The README's "verify this presentation with this policy"; Cli.Tests' ReadmeTests keeps README.md equal to the region below.</summary>
public sealed class ReadmeSnippet
{
    [Fact]
    public async Task VerifyWithPolicy_Runs_Accepted()
    {
        // The snippet's verifier reads the system clock: the holder's key binding is made now.
        await using var scene = await Scene.StartAsync(withStatus: false);
        scene.Chain.Clock.SetUtcNow(DateTimeOffset.UtcNow);
        var resolver = scene.Chain.Resolver;
        var chain = scene.Chain.Client;
        string policyFile = Path.Combine(Directory.CreateTempSubdirectory("readme-").FullName, "gold-member.json");
        await File.WriteAllTextAsync(policyFile, VerificationPolicyJson.ToJson(scene.GoldPolicy(requireStatus: false).Build()).ToJsonString());
        Func<string, string> holderAnswers = nonce => scene.Brand.Present(scene.Issued.Credential, scene.Fan, nonce, "tier");
        using var output = new StringWriter();

        // begin-snippet: verify-with-policy
        var policy = (await VerificationPolicyJson.LoadAsync(policyFile)).ThrowIfFailed();
        var verifier = new PresentationVerifier(policy, new SdJwt.SdJwtVerifier(new(), resolver), resolver, chain);

        var request = (await verifier.CreateRequestAsync("https://dao.example")).ThrowIfFailed();
        string presentation = holderAnswers(request.Nonce); // the holder's wallet answers the request
        VerificationDecision decision = await verifier.VerifyAsync(presentation, request.Nonce);

        output.WriteLine($"{decision.Outcome}: tier {decision.Claims?["tier"]} from {decision.Issuer}");
        foreach (var check in decision.Checks)
        {
            output.WriteLine($"  {check.Name}: {check.Outcome} {check.Code}");
        }
        // end-snippet

        Assert.True(decision.Accepted, output.ToString());
        Assert.StartsWith($"Accepted: tier gold from {scene.Brand.Did}", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("  rules.chain.balanceAtLeast: Passed", output.ToString(), StringComparison.Ordinal);
        _ = SocialTokenIssuerOptions.HolderVct;
    }

    [Fact]
    public async Task DependencyInjection_RegistersOneVerifier()
    {
        await using var scene = await Scene.StartAsync();
        var services = new Microsoft.Extensions.DependencyInjection.ServiceCollection();
        services.AddDidSdk(b => b.AddPresentationVerifier(scene.GoldPolicy().Build()));
        services.AddSingleton(scene.Chain.Client);
        services.AddSingleton<TimeProvider>(scene.Chain.Clock);
        services.AddSingleton<SdJwt.StatusList.IStatusListChecker>(scene.Brand.StatusChecker);
        services.AddSingleton<IDidResolver>(scene.Chain.Resolver);
        await using var provider = services.BuildServiceProvider();

        var verifier = provider.GetRequiredService<PresentationVerifier>();
        var request = (await verifier.CreateRequestAsync(Brand.Audience)).ThrowIfFailed();
        var decision = await verifier.VerifyAsync(scene.Present(request, "tier"), request.Nonce);

        Assert.True(decision.Accepted, decision.Error?.ToString());
        Assert.Same(verifier, provider.GetRequiredService<PresentationVerifier>());
    }
}
