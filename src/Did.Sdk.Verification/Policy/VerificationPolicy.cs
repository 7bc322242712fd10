using Did.Sdk.SdJwt;
using Did.Sdk.Verification.Dcql;

namespace Did.Sdk.Verification.Policy;

/// <summary>
/// What a verifier requires of a presentation, in one place: the credentials (a DCQL query), what DCQL cannot
/// say about them (trusted issuer DIDs, maximum age, status, the finality DIDs are resolved at, issuer key
/// validity), and rules over disclosed claims and chain state. Read from JSON
/// (<see cref="VerificationPolicyJson"/>, schema <c>schemas/verification-policy/v1</c>) or built with
/// <see cref="VerificationPolicyBuilder"/>.
/// </summary>
public sealed record VerificationPolicy
{
    /// <summary>The most rules (leaves and combinations) in a policy.</summary>
    public const int MaxRules = 64;

    /// <summary>The deepest nesting of combinations.</summary>
    public const int MaxRuleDepth = 8;

    /// <summary>The most trusted issuers.</summary>
    public const int MaxTrustedIssuers = 1024;

    /// <summary>The credentials asked for.</summary>
    public required DcqlQuery Dcql { get; init; }

    /// <summary>The issuer DIDs trusted for every credential, or null: any issuer whose signature verifies.</summary>
    public IReadOnlyList<string>? TrustedIssuers { get; init; }

    /// <summary>The oldest a credential may be (from its <c>iat</c>), or null.</summary>
    public TimeSpan? MaxCredentialAge { get; init; }

    /// <summary>Require a status list entry (and that it says valid).</summary>
    public bool RequireStatus { get; init; }

    /// <summary>The finality the issuer's and holder's DIDs are resolved at (did:ethr). Safe by default.</summary>
    public Finality DidFinality { get; init; } = Finality.Safe;

    /// <summary>When the issuer's key must be valid: now (default) or at issuance.</summary>
    public SdJwtKeyValidity IssuerKeyValidity { get; init; } = SdJwtKeyValidity.Now;

    /// <summary>The chain the chain rules read; required when there are chain rules.</summary>
    public ChainSettings? Chain { get; init; }

    /// <summary>The rules over claims and chain state, or null.</summary>
    public PolicyRule? Rules { get; init; }

    /// <summary>How long a presentation request lives. Five minutes by default.</summary>
    public TimeSpan RequestLifetime { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Checks the policy's consistency. Fails with <c>invalidPolicy</c> (or <c>invalidDcqlQuery</c>).</summary>
    public Result<VerificationPolicy> Validate()
    {
        var dcql = Dcql?.Validate();
        if (dcql is null || !dcql.Succeeded)
        {
            return dcql?.Error ?? Invalid("the policy has no DCQL query");
        }

        if (TrustedIssuers is { } trusted && (trusted.Count > MaxTrustedIssuers || trusted.Any(t => !Did.TryParse(t, out _))))
        {
            return Invalid($"trusted issuers are 0 to {MaxTrustedIssuers} DIDs");
        }

        if (MaxCredentialAge is { } age && age <= TimeSpan.Zero)
        {
            return Invalid("the maximum credential age must be positive");
        }

        if (RequestLifetime <= TimeSpan.Zero || RequestLifetime > TimeSpan.FromDays(1))
        {
            return Invalid("the request lifetime is between 1 second and 1 day");
        }

        if (!Enum.IsDefined(DidFinality) || !Enum.IsDefined(IssuerKeyValidity) || (Chain is { } c && ((c.Block is { } b && !Enum.IsDefined(b)) || !Enum.IsDefined(c.RequiredFinality))))
        {
            return Invalid("a finality or key validity is not a defined value");
        }

        int count = 0;
        if (Rules is not null && CheckRule(Rules, 1, ref count) is { } error)
        {
            return Invalid(error);
        }

        return this;
    }

    /// <summary>The chain rules of <see cref="Rules"/>, in order.</summary>
    public IEnumerable<ChainRule> ChainRules() => Rules is null ? [] : Leaves(Rules).OfType<ChainRule>();

    internal static IEnumerable<PolicyRule> Leaves(PolicyRule rule) => rule switch
    {
        AllOfRule all => all.Rules.SelectMany(Leaves),
        AnyOfRule any => any.Rules.SelectMany(Leaves),
        _ => [rule],
    };

    private string? CheckRule(PolicyRule rule, int depth, ref int count)
    {
        if (++count > MaxRules || depth > MaxRuleDepth)
        {
            return $"rules are at most {MaxRules}, nested at most {MaxRuleDepth} deep";
        }

        switch (rule)
        {
            case AllOfRule { Rules: { Count: > 0 } all }:
                foreach (var r in all)
                {
                    if (CheckRule(r, depth + 1, ref count) is { } e)
                    {
                        return e;
                    }
                }

                return null;
            case AnyOfRule { Rules: { Count: > 0 } any }:
                foreach (var r in any)
                {
                    if (CheckRule(r, depth + 1, ref count) is { } e)
                    {
                        return e;
                    }
                }

                return null;
            case ClaimRule claim:
                if (claim.AtLeast is null && claim.AtMost is null && claim.MinimumAgeYears is null)
                {
                    return $"the claim rule on {claim.Path} has no bound";
                }

                if (claim.MinimumAgeYears is { } years && (years is < 0 or > 150 || claim.AtLeast is not null || claim.AtMost is not null))
                {
                    return $"the claim rule on {claim.Path}: a minimum age is 0 to 150 years, without other bounds";
                }

                if (claim.AtLeast is { } lo && claim.AtMost is { } hi && (lo.Number is null) != (hi.Number is null))
                {
                    return $"the claim rule on {claim.Path} mixes a number and a date";
                }

                return CredentialExists(claim.Credential);
            case ChainRule chain:
                if (Chain is null)
                {
                    return "a chain rule needs the policy's chain settings";
                }

                if (chain.Check is ChainCheckKind.BalanceAtLeast or ChainCheckKind.PastVotesAtLeast && chain.Amount is not { Sign: >= 0 })
                {
                    return $"the chain rule {chain.Check} on {chain.Token} needs a non-negative amount";
                }

                if (chain.Check == ChainCheckKind.IsLocked && chain.TokenId is null)
                {
                    return $"the chain rule {chain.Check} on {chain.Token} needs a token id";
                }

                if (!Enum.IsDefined(chain.Check) || !Enum.IsDefined(chain.Identity) || (chain.Amount is { } amount && (amount.Sign < 0 || amount.GetBitLength() > 256))
                    || (chain.TokenId is { } id && (id.Sign < 0 || id.GetBitLength() > 256)))
                {
                    return $"the chain rule on {chain.Token} has an undefined check or identity, or an amount or token id that is not a uint256";
                }

                return CredentialExists(chain.Credential);
            default:
                return "an empty or unknown rule";
        }
    }

    private string? CredentialExists(string? id)
        => id is null || Dcql.Credentials.Any(c => c.Id == id) ? null : $"a rule names the undefined credential query '{id}'";

    private static SdkError Invalid(string why) => new(VerificationErrorCodes.InvalidPolicy, "The verification policy is invalid: " + why + ".");
}
