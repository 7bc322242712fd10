namespace Did.Sdk.Verification;

/// <summary>The outcome of a verification.</summary>
public enum DecisionOutcome
{
    /// <summary>Every check passed.</summary>
    Accepted,

    /// <summary>A check failed; <see cref="VerificationDecision.Error"/> says which and why.</summary>
    Rejected,

    /// <summary>Nothing failed, but chain facts have not reached the finality the policy requires: ask again later.</summary>
    Pending,
}
