namespace Did.Sdk.SdJwt.Tests;

internal static class VerifierExtensions
{
    /// <summary>Verifies for the fixture's audience and nonce (key binding required).</summary>
    public static ValueTask<SdJwtVerificationResult> VerifyAsync(this SdJwtVerifier verifier, string presentation)
        => verifier.VerifyAsync(presentation, Fixture.Request());
}
