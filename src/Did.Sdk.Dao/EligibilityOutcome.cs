namespace Did.Sdk.Dao;

/// <summary>The outcome of an eligibility check.</summary>
public enum EligibilityOutcome
{
    /// <summary>Eligible: the vote is claimed and the receipt signed.</summary>
    Eligible,

    /// <summary>Not eligible; <see cref="EligibilityResult.Error"/> says why.</summary>
    NotEligible,

    /// <summary>The snapshot block (or the credential's chain facts) has not reached the required finality: ask again later.</summary>
    Pending,
}
