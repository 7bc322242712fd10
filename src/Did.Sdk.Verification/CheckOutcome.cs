namespace Did.Sdk.Verification;

/// <summary>The outcome of one check.</summary>
public enum CheckOutcome
{
    /// <summary>The check held.</summary>
    Passed,

    /// <summary>The check did not hold.</summary>
    Failed,

    /// <summary>The check waits for finality.</summary>
    Pending,
}
