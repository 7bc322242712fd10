namespace Did.Sdk.Verification.Policy;

/// <summary>Holds when one of <see cref="Rules"/> holds (the first that does is reported); pending when none holds and one is pending.</summary>
public sealed record AnyOfRule(IReadOnlyList<PolicyRule> Rules) : PolicyRule;
