namespace Did.Sdk.Verification;

// What one verification has established so far: its checks in order, the evidence, the credentials.
internal sealed class VerificationRun(DateTimeOffset now)
{
    public DateTimeOffset Now { get; } = now;

    public List<VerificationCheck> Checks { get; } = [];

    public List<VerificationEvidence> Evidence { get; } = [];

    public List<VerifiedCredential> Credentials { get; } = [];

    public void Pass(string name, string detail) => Checks.Add(new VerificationCheck(name, CheckOutcome.Passed, null, detail));

    public void Fail(string name, SdkError error) => Checks.Add(new VerificationCheck(name, CheckOutcome.Failed, error.Code, error.Message));

    public void Fail(string name, string code, string detail) => Checks.Add(new VerificationCheck(name, CheckOutcome.Failed, code, detail));

    public VerificationCheck Record(string name, CheckOutcome outcome, string? code, string detail)
    {
        var check = new VerificationCheck(name, outcome, code, detail);
        Checks.Add(check);
        return check;
    }
}
