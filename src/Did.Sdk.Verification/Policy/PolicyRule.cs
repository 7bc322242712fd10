namespace Did.Sdk.Verification.Policy;

/// <summary>
/// A rule of a verification policy: a predicate on a disclosed claim (<see cref="ClaimRule"/>), a check of
/// chain state (<see cref="ChainRule"/>), or a combination (<see cref="AllOfRule"/>, <see cref="AnyOfRule"/>).
/// </summary>
public abstract record PolicyRule
{
    private protected PolicyRule()
    {
    }

    /// <summary>All of <paramref name="rules"/>.</summary>
    public static AllOfRule AllOf(params PolicyRule[] rules) => new(rules);

    /// <summary>Any of <paramref name="rules"/> (the decision names the branch that held).</summary>
    public static AnyOfRule AnyOf(params PolicyRule[] rules) => new(rules);
}
