namespace Did.Sdk.Verification;

/// <summary>One check a verification made, in order: its name, outcome, stable code (when it did not pass) and detail.</summary>
/// <param name="Name">What was checked, e.g. <c>request</c>, <c>credential:member</c>, <c>dcql:member</c>, <c>rules.allOf[1].anyOf[0].chain.balanceAtLeast</c>.</param>
/// <param name="Outcome">Passed, failed or pending.</param>
/// <param name="Code">The stable error code when the check failed or is pending; null when it passed.</param>
/// <param name="Detail">A sentence for people.</param>
public sealed record VerificationCheck(string Name, CheckOutcome Outcome, string? Code, string Detail)
{
    /// <summary>True when the check held.</summary>
    public bool Passed => Outcome == CheckOutcome.Passed;
}
