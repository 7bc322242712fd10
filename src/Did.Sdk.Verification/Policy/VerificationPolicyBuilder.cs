using System.Text.Json.Nodes;
using Did.Sdk.SdJwt;
using Did.Sdk.Verification.Dcql;

namespace Did.Sdk.Verification.Policy;

/// <summary>
/// Builds a <see cref="VerificationPolicy"/> in code:
/// <code>
/// var policy = new VerificationPolicyBuilder()
///     .RequireCredential("member", "urn:did-sdk:vct:SocialTokenHolder:2", c => c.Claim("tier").Claim("age_over_18", true))
///     .TrustIssuer(brandDid)
///     .OnChain(chainId, Finality.Finalized)
///     .Require(Rules.BalanceAtLeast(coin, 1000))
///     .Build();
/// </code>
/// Rules given to <see cref="Require"/> must all hold (all-of).
/// </summary>
public sealed class VerificationPolicyBuilder
{
    private readonly List<DcqlCredentialQuery> _credentials = [];
    private readonly List<PolicyRule> _rules = [];
    private List<string>? _trusted;
    private TimeSpan? _maxAge;
    private bool _requireStatus;
    private Finality _didFinality = Finality.Safe;
    private SdJwtKeyValidity _keyValidity = SdJwtKeyValidity.Now;
    private ChainSettings? _chain;
    private TimeSpan _requestLifetime = TimeSpan.FromMinutes(5);

    /// <summary>Asks for an SD-JWT VC of type <paramref name="vct"/>, answered under the credential query id <paramref name="id"/>.</summary>
    public VerificationPolicyBuilder RequireCredential(string id, string vct, Action<CredentialQueryBuilder>? configure = null)
    {
        var builder = new CredentialQueryBuilder(id, vct);
        configure?.Invoke(builder);
        _credentials.Add(builder.Build());
        return this;
    }

    /// <summary>Trusts <paramref name="issuerDid"/> as an issuer (once any issuer is trusted, only the trusted are accepted).</summary>
    public VerificationPolicyBuilder TrustIssuer(params string[] issuerDid)
    {
        (_trusted ??= []).AddRange(issuerDid);
        return this;
    }

    /// <summary>Refuses credentials issued more than <paramref name="age"/> ago.</summary>
    public VerificationPolicyBuilder MaxCredentialAge(TimeSpan age)
    {
        _maxAge = age;
        return this;
    }

    /// <summary>Requires a status list entry that says valid.</summary>
    public VerificationPolicyBuilder RequireStatus()
    {
        _requireStatus = true;
        return this;
    }

    /// <summary>Resolves issuer and holder DIDs at <paramref name="finality"/>.</summary>
    public VerificationPolicyBuilder ResolveDidsAt(Finality finality)
    {
        _didFinality = finality;
        return this;
    }

    /// <summary>Requires the issuer key to be valid now (default) or at issuance.</summary>
    public VerificationPolicyBuilder IssuerKeyValid(SdJwtKeyValidity validity)
    {
        _keyValidity = validity;
        return this;
    }

    /// <summary>Reads chain rules on <paramref name="chainId"/> at the block <paramref name="block"/> names.</summary>
    public VerificationPolicyBuilder OnChain(ulong chainId, Finality block)
    {
        _chain = new ChainSettings { ChainId = chainId, Block = block };
        return this;
    }

    /// <summary>Reads chain rules on <paramref name="chainId"/> at the credential's evidence block, once it has reached <paramref name="requiredFinality"/>.</summary>
    public VerificationPolicyBuilder OnChainAtEvidence(ulong chainId, ulong maxAgeBlocks, Finality requiredFinality = Finality.Safe)
    {
        _chain = new ChainSettings { ChainId = chainId, Block = null, MaxEvidenceAgeBlocks = maxAgeBlocks, RequiredFinality = requiredFinality };
        return this;
    }

    /// <summary>Adds rules that must all hold.</summary>
    public VerificationPolicyBuilder Require(params PolicyRule[] rules)
    {
        _rules.AddRange(rules);
        return this;
    }

    /// <summary>Sets how long presentation requests live.</summary>
    public VerificationPolicyBuilder RequestLifetime(TimeSpan lifetime)
    {
        _requestLifetime = lifetime;
        return this;
    }

    /// <summary>The policy.</summary>
    /// <exception cref="ArgumentException">The policy is inconsistent (the message says why).</exception>
    public VerificationPolicy Build()
    {
        var policy = new VerificationPolicy
        {
            Dcql = new DcqlQuery { Credentials = [.. _credentials] },
            TrustedIssuers = _trusted?.ToArray(),
            MaxCredentialAge = _maxAge,
            RequireStatus = _requireStatus,
            DidFinality = _didFinality,
            IssuerKeyValidity = _keyValidity,
            Chain = _chain,
            Rules = _rules.Count switch { 0 => null, 1 => _rules[0], _ => new AllOfRule([.. _rules]) },
            RequestLifetime = _requestLifetime,
        };
        var valid = policy.Validate();
        return valid.Succeeded ? valid.Value : throw new ArgumentException(valid.Error.Message);
    }

    /// <summary>Builds one DCQL credential query.</summary>
    public sealed class CredentialQueryBuilder
    {
        private readonly string _id;
        private readonly List<string> _vct;
        private readonly List<DcqlClaimQuery> _claims = [];
        private bool _holderBinding = true;

        internal CredentialQueryBuilder(string id, string vct)
        {
            _id = id;
            _vct = [vct];
        }

        /// <summary>Also accepts <paramref name="vct"/>.</summary>
        public CredentialQueryBuilder OrType(string vct)
        {
            _vct.Add(vct);
            return this;
        }

        /// <summary>Requires the top-level claim <paramref name="name"/>, with one of <paramref name="values"/> when given.</summary>
        public CredentialQueryBuilder Claim(string name, params object[] values) => ClaimAt(DcqlClaimPath.Of(name), values);

        /// <summary>Requires the claim at <paramref name="path"/>, with one of <paramref name="values"/> (strings, integers, booleans) when given.</summary>
        public CredentialQueryBuilder ClaimAt(DcqlClaimPath path, params object[] values)
        {
            _claims.Add(new DcqlClaimQuery
            {
                Path = path,
                Values = values.Length == 0 ? null : values.Select(v => v switch
                {
                    string s => JsonValue.Create(s),
                    bool b => JsonValue.Create(b),
                    int i => JsonValue.Create(i),
                    long l => JsonValue.Create(l),
                    _ => throw new ArgumentException("DCQL values are strings, integers or booleans.", nameof(values)),
                }).ToArray(),
            });
            return this;
        }

        /// <summary>Accepts the credential without holder binding (not advised).</summary>
        public CredentialQueryBuilder WithoutHolderBinding()
        {
            _holderBinding = false;
            return this;
        }

        internal DcqlCredentialQuery Build() => new()
        {
            Id = _id,
            VctValues = [.. _vct],
            Claims = _claims.Count == 0 ? null : [.. _claims],
            RequireCryptographicHolderBinding = _holderBinding,
        };
    }
}
