namespace Did.Sdk.Verification.Policy;

/// <summary>Holds when every one of <see cref="Rules"/> holds; pending when none fails and one is pending.</summary>
public sealed record AllOfRule(IReadOnlyList<PolicyRule> Rules) : PolicyRule;
