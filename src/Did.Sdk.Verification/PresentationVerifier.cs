// One call verifies a presentation against a policy. The verification is a chain of small steps, each of
// which records its checks and may stop the chain: the request (known, unexpired, unused), the presentation's
// shape, each credential (SD-JWT VC signature, key binding to this request, status; then its DCQL credential
// query), the credential sets, trusted issuers, age and status, the rules over claims and chain state (every
// chain read of the verification in one JSON-RPC round trip), and last the nonce, consumed atomically so a
// presentation is accepted once.
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Did.Sdk.Ethereum.Rpc;
using Did.Sdk.SdJwt;
using Did.Sdk.SocialToken;
using Did.Sdk.Verification.Policy;
using Did.Sdk.Verification.Requests;

namespace Did.Sdk.Verification;

/// <summary>
/// Verifies presentations against one <see cref="VerificationPolicy"/>. Built once (thread-safe), called per
/// presentation. Never throws on untrusted input: every outcome is a <see cref="VerificationDecision"/>.
/// </summary>
public sealed class PresentationVerifier
{
    /// <summary>The largest presentation read (an SD-JWT or a <c>vp_token</c> object).</summary>
    public const int MaxPresentationLength = 1024 * 1024;

    /// <summary>The most credentials in one <c>vp_token</c>.</summary>
    public const int MaxCredentials = 16;

    private readonly SdJwtVerifier _sdJwt;
    private readonly ChainRuleReader? _chainRules;
    private readonly IPresentationRequestStore _requests;
    private readonly TimeProvider _time;

    /// <summary>Creates the verifier.</summary>
    /// <param name="policy">The policy (validated here).</param>
    /// <param name="sdJwt">Verifies SD-JWT VCs (configure it with the DID resolver and a status list checker).</param>
    /// <param name="resolver">Resolves DIDs to the wallets chain rules read (share its cache with <paramref name="sdJwt"/>'s).</param>
    /// <param name="chain">The chain the policy's chain rules read; required when it has any.</param>
    /// <param name="requests">Where outstanding requests are kept; in memory when null.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="options">How chain reads are cached.</param>
    /// <exception cref="ArgumentException">The policy is invalid, or has chain rules and no chain is given.</exception>
    public PresentationVerifier(VerificationPolicy policy, SdJwtVerifier sdJwt, IDidResolver resolver, EthereumClient? chain = null, IPresentationRequestStore? requests = null, TimeProvider? timeProvider = null, PresentationVerifierOptions? options = null)
    {
        options ??= new PresentationVerifierOptions();
        options.Validate();
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(sdJwt);
        ArgumentNullException.ThrowIfNull(resolver);
        var valid = policy.Validate();
        if (!valid.Succeeded)
        {
            throw new ArgumentException(valid.Error.Message, nameof(policy));
        }

        if (policy.ChainRules().Any() && chain is null)
        {
            throw new ArgumentException("The policy has chain rules: give the chain they read.", nameof(chain));
        }

        Policy = policy;
        _sdJwt = sdJwt;
        _time = timeProvider ?? TimeProvider.System;
        _chainRules = chain is null ? null : new ChainRuleReader(policy, new SocialIdentityResolver(resolver), new TokenEvidenceReader(chain), options, _time);
        _requests = requests ?? new MemoryPresentationRequestStore(_time);
    }

    /// <summary>The policy.</summary>
    public VerificationPolicy Policy { get; }

    /// <summary>
    /// Creates a presentation request for <paramref name="audience"/> (this verifier's client id or URL) with a
    /// fresh nonce and the policy's DCQL query, and keeps it until it expires. Fails with <c>requestStoreUnavailable</c>.
    /// </summary>
    public ValueTask<Result<PresentationRequest>> CreateRequestAsync(string audience, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(audience);
        var request = PresentationRequest.Create(Policy.Dcql, audience, Policy.RequestLifetime, _time);
        return _requests.AddAsync(request, cancellationToken);
    }

    /// <summary>
    /// Verifies <paramref name="presentation"/> — an SD-JWT with its key-binding JWT, or an OpenID4VP
    /// <c>vp_token</c> object <c>{"&lt;credential query id&gt;": ["&lt;SD-JWT&gt;", …]}</c> — answering the request
    /// whose nonce is <paramref name="nonce"/>. An accepted presentation uses the nonce up.
    /// </summary>
    public async ValueTask<VerificationDecision> VerifyAsync(string presentation, string nonce, CancellationToken cancellationToken = default)
    {
        var run = new VerificationRun(_time.GetUtcNow());
        var outcome = await RunAsync(run, presentation ?? string.Empty, nonce ?? string.Empty, cancellationToken).ConfigureAwait(false);
        var firstNotPassed = run.Checks.FirstOrDefault(c => c.Outcome == outcome && outcome != CheckOutcome.Passed);
        return new VerificationDecision
        {
            Outcome = outcome switch
            {
                CheckOutcome.Passed => DecisionOutcome.Accepted,
                CheckOutcome.Pending => DecisionOutcome.Pending,
                _ => DecisionOutcome.Rejected,
            },
            Error = firstNotPassed is null ? null : new SdkError(firstNotPassed.Code!, firstNotPassed.Detail),
            Credentials = run.Credentials,
            Checks = run.Checks,
            Evidence = run.Evidence,
        };
    }

    private async ValueTask<CheckOutcome> RunAsync(VerificationRun run, string presentation, string nonce, CancellationToken cancellationToken)
    {
        if (await CheckRequestAsync(run, nonce, cancellationToken).ConfigureAwait(false) is not { } request)
        {
            return CheckOutcome.Failed;
        }

        if (ReadPresentation(run, presentation) is not { } items)
        {
            return CheckOutcome.Failed;
        }

        foreach (var (queryId, sdJwt) in items)
        {
            if (!await VerifyCredentialAsync(run, request, queryId, sdJwt, cancellationToken).ConfigureAwait(false))
            {
                return CheckOutcome.Failed;
            }
        }

        if (!CheckCredentialSets(run) || !CheckIssuers(run) || !CheckAges(run) || !CheckStatus(run))
        {
            return CheckOutcome.Failed;
        }

        var rules = await CheckRulesAsync(run, cancellationToken).ConfigureAwait(false);
        if (rules != CheckOutcome.Passed)
        {
            return rules;
        }

        return await ConsumeNonceAsync(run, nonce, cancellationToken).ConfigureAwait(false) ? CheckOutcome.Passed : CheckOutcome.Failed;
    }

    // 1. The request: issued here, not expired, not used.
    private async ValueTask<PresentationRequest?> CheckRequestAsync(VerificationRun run, string nonce, CancellationToken cancellationToken)
    {
        var stored = await _requests.GetAsync(nonce, cancellationToken).ConfigureAwait(false);
        if (!stored.Succeeded)
        {
            run.Fail("request", stored.Error);
            return null;
        }

        if (stored.Value.ExpiresAt < run.Now)
        {
            run.Fail("request", VerificationErrorCodes.RequestExpired, string.Create(CultureInfo.InvariantCulture, $"The presentation request expired at {stored.Value.ExpiresAt:O}."));
            return null;
        }

        run.Pass("request", "The request was issued by this verifier, has not expired and was not used.");
        return stored.Value;
    }

    // 2. The presentation's shape: a bare SD-JWT, or a vp_token object keyed by credential query id.
    private List<(string? QueryId, string SdJwt)>? ReadPresentation(VerificationRun run, string presentation)
    {
        const string Name = "presentation";
        if (presentation.Length == 0 || presentation.Length > MaxPresentationLength)
        {
            run.Fail(Name, VerificationErrorCodes.InvalidPresentation, $"The presentation is empty or longer than {MaxPresentationLength} characters.");
            return null;
        }

        var text = presentation.AsSpan().Trim();
        if (text.Length == 0 || text[0] != '{')
        {
            run.Pass(Name, "An SD-JWT presentation.");
            return [(null, text.ToString())];
        }

        var json = Json.StrictJson.ParseNode(System.Text.Encoding.UTF8.GetBytes(text.ToString()));
        if (!json.Succeeded || json.Value is not JsonObject token || token.Count is 0)
        {
            run.Fail(Name, VerificationErrorCodes.InvalidPresentation, "The vp_token is not a JSON object of credential query ids.");
            return null;
        }

        var items = new List<(string?, string)>();
        foreach (var (id, value) in token)
        {
            var query = Policy.Dcql.Credentials.FirstOrDefault(c => c.Id == id);
            if (query is null)
            {
                run.Fail(Name, VerificationErrorCodes.InvalidPresentation, "The vp_token answers a credential query the request did not ask for.");
                return null;
            }

            if (value is not JsonArray { Count: > 0 } array || (array.Count > 1 && !query.Multiple)
                || array.Any(p => p is not JsonValue v || v.GetValueKind() != JsonValueKind.String))
            {
                run.Fail(Name, VerificationErrorCodes.InvalidPresentation, $"The vp_token's '{id}' is not an array of presentation strings (one, unless the query allows multiple).");
                return null;
            }

            items.AddRange(array.Select(p => ((string?)id, p!.GetValue<string>())));
        }

        if (items.Count > MaxCredentials)
        {
            run.Fail(Name, VerificationErrorCodes.InvalidPresentation, $"The vp_token has more than {MaxCredentials} credentials.");
            return null;
        }

        run.Pass(Name, string.Create(CultureInfo.InvariantCulture, $"A vp_token with {items.Count} credential(s)."));
        return items;
    }

    // 3. One credential: the SD-JWT VC (signature at the policy's finality, key binding to this request,
    // status), then the DCQL credential query it answers.
    private async ValueTask<bool> VerifyCredentialAsync(VerificationRun run, PresentationRequest request, string? queryId, string sdJwt, CancellationToken cancellationToken)
    {
        var candidates = queryId is null ? Policy.Dcql.Credentials : Policy.Dcql.Credentials.Where(c => c.Id == queryId).ToList();
        string name = "credential:" + (queryId ?? candidates[0].Id);
        var sdRequest = new SdJwtVerificationRequest
        {
            RequireKeyBinding = candidates.Any(c => c.RequireCryptographicHolderBinding),
            Audience = request.Audience,
            Nonce = request.Nonce,
            Finality = Policy.DidFinality,
            IssuerKeyValidity = Policy.IssuerKeyValidity,
            Time = run.Now,
        };
        var verified = await _sdJwt.VerifyAsync(sdJwt, sdRequest, cancellationToken).ConfigureAwait(false);
        if (!verified.Succeeded)
        {
            run.Fail(name, verified.Error);
            return false;
        }

        var validated = verified.Validated;
        run.Pass(name, $"Signed by {validated.Issuer} ({validated.Algorithm}){(validated.KeyBound ? ", key-bound to this request" : string.Empty)}{(validated.Status is { } s ? ", status " + s.ToString().ToLowerInvariant() : string.Empty)}.");
        AddDidEvidence(run, "issuerDid", validated.Issuer, validated.IssuerBlock);
        AddDidEvidence(run, "holderDid", validated.HolderDid, validated.HolderBlock);

        Result<int>? firstFailure = null;
        foreach (var query in candidates)
        {
            var match = query.Match(validated.Vct, verified.Claims, validated.KeyBound);
            if (match.Succeeded)
            {
                run.Pass("dcql:" + query.Id, string.Create(CultureInfo.InvariantCulture, $"Answers the credential query '{query.Id}'{(query.ClaimSets is null ? string.Empty : $" with claim set {match.Value}")}."));
                run.Credentials.Add(new VerifiedCredential
                {
                    QueryId = query.Id,
                    ClaimSet = match.Value,
                    Vct = validated.Vct,
                    Issuer = validated.Issuer,
                    Holder = validated.HolderDid,
                    Claims = verified.Claims,
                    Validated = validated,
                });
                return true;
            }

            firstFailure ??= match;
        }

        run.Fail("dcql:" + (queryId ?? candidates[0].Id), firstFailure!.Error!);
        return false;
    }

    // 4. The credential sets (or, without them, every credential query) are answered.
    private bool CheckCredentialSets(VerificationRun run)
    {
        var answered = run.Credentials.Select(c => c.QueryId).ToHashSet(StringComparer.Ordinal);
        var sets = Policy.Dcql.MatchSets(answered);
        if (!sets.Succeeded)
        {
            run.Fail("dcql:credentialSets", sets.Error);
            return false;
        }

        run.Pass("dcql:credentialSets", Policy.Dcql.CredentialSets is null ? "Every credential query is answered." : "Every required credential set is answered (options " + string.Join(", ", sets.Value) + ").");
        return true;
    }

    // 5. Issuers the policy trusts. DCQL's trusted authorities (X.509 AKI, ETSI trust lists, OpenID
    // Federation) cannot vouch for a DID issuer: such a query is satisfied only by the policy's DIDs.
    private bool CheckIssuers(VerificationRun run)
    {
        foreach (var credential in run.Credentials)
        {
            string name = "trustedIssuer:" + credential.QueryId;
            var query = Policy.Dcql.Credentials.First(c => c.Id == credential.QueryId);
            if (Policy.TrustedIssuers is { } trusted)
            {
                if (credential.Issuer is null || !trusted.Contains(credential.Issuer, StringComparer.Ordinal))
                {
                    run.Fail(name, VerificationErrorCodes.IssuerNotTrusted, $"The issuer {credential.Issuer} is not one the policy trusts.");
                    return false;
                }

                run.Pass(name, $"The issuer {credential.Issuer} is trusted by the policy.");
            }
            else if (query.TrustedAuthorities is not null)
            {
                run.Fail(name, VerificationErrorCodes.IssuerNotTrusted, $"The credential query '{query.Id}' names trusted authorities ({string.Join(", ", query.TrustedAuthorities.Select(t => t.Type))}), which cannot vouch for the DID issuer {credential.Issuer}: list trusted issuer DIDs in the policy.");
                return false;
            }
        }

        return true;
    }

    // 6. Credential age, from iat.
    private bool CheckAges(VerificationRun run)
    {
        if (Policy.MaxCredentialAge is not { } maxAge)
        {
            return true;
        }

        foreach (var credential in run.Credentials)
        {
            string name = "maxAge:" + credential.QueryId;
            if (credential.Validated.IssuedAt is not { } iat)
            {
                run.Fail(name, VerificationErrorCodes.CredentialTooOld, "The credential has no iat, and the policy limits its age.");
                return false;
            }

            if (run.Now - iat > maxAge + _sdJwt.Options.ClockSkew)
            {
                run.Fail(name, VerificationErrorCodes.CredentialTooOld, string.Create(CultureInfo.InvariantCulture, $"The credential was issued at {iat:O}, more than {maxAge} ago."));
                return false;
            }

            run.Pass(name, string.Create(CultureInfo.InvariantCulture, $"Issued at {iat:O}, within {maxAge}."));
        }

        return true;
    }

    // 7. A status the policy requires (revoked and suspended credentials were already refused).
    private bool CheckStatus(VerificationRun run)
    {
        if (!Policy.RequireStatus)
        {
            return true;
        }

        foreach (var credential in run.Credentials)
        {
            string name = "status:" + credential.QueryId;
            if (credential.Validated.Status != SdJwt.StatusList.TokenStatus.Valid)
            {
                run.Fail(name, VerificationErrorCodes.StatusRequired, "The policy requires a status list entry, and the credential has none (or it was not checked).");
                return false;
            }

            run.Pass(name, "The status list says valid.");
        }

        return true;
    }

    // 8. The rules: chain facts read once, then the tree evaluated (three-valued: passed, failed, pending).
    private async ValueTask<CheckOutcome> CheckRulesAsync(VerificationRun run, CancellationToken cancellationToken)
    {
        if (Policy.Rules is not { } rules)
        {
            return CheckOutcome.Passed;
        }

        var chain = Policy.ChainRules().Any() ? await _chainRules!.ReadAsync(run, cancellationToken).ConfigureAwait(false) : null;
        return Evaluate(run, rules, "rules", chain).Outcome;
    }

    // Three-valued: a combination fails when a branch it needs fails, is pending when one it needs waits for
    // finality, and reports the code of the branch that decided it.
    private VerificationCheck Evaluate(VerificationRun run, PolicyRule rule, string name, ChainFacts? chain)
    {
        switch (rule)
        {
            case AllOfRule all:
            {
                var children = all.Rules.Select((r, i) => Evaluate(run, r, string.Create(CultureInfo.InvariantCulture, $"{name}.allOf[{i}]"), chain)).ToList();
                var outcome = children.Any(c => c.Outcome == CheckOutcome.Failed) ? CheckOutcome.Failed : children.Any(c => c.Outcome == CheckOutcome.Pending) ? CheckOutcome.Pending : CheckOutcome.Passed;
                return run.Record(name + ".allOf", outcome, children.FirstOrDefault(c => c.Outcome == outcome && !c.Passed)?.Code, outcome switch
                {
                    CheckOutcome.Passed => "Every rule held.",
                    CheckOutcome.Pending => "No rule failed; some wait for finality.",
                    _ => "A rule did not hold.",
                });
            }

            case AnyOfRule any:
            {
                var children = any.Rules.Select((r, i) => Evaluate(run, r, string.Create(CultureInfo.InvariantCulture, $"{name}.anyOf[{i}]"), chain)).ToList();
                int held = children.FindIndex(c => c.Passed);
                var outcome = held >= 0 ? CheckOutcome.Passed : children.Any(c => c.Outcome == CheckOutcome.Pending) ? CheckOutcome.Pending : CheckOutcome.Failed;
                return run.Record(name + ".anyOf", outcome, children.FirstOrDefault(c => c.Outcome == outcome && !c.Passed)?.Code, outcome switch
                {
                    CheckOutcome.Passed => string.Create(CultureInfo.InvariantCulture, $"Branch {held} held."),
                    CheckOutcome.Pending => "No branch held; some wait for finality.",
                    _ => "No branch held.",
                });
            }

            case ClaimRule claim:
                return EvaluateClaim(run, claim, name + ".claim");
            default:
                var chainRule = (ChainRule)rule;
                return ChainRuleReader.Evaluate(run, chainRule, name + ".chain." + JsonNamingPolicy.CamelCase.ConvertName(chainRule.Check.ToString()), chain!);
        }
    }

    private VerificationCheck EvaluateClaim(VerificationRun run, ClaimRule rule, string name)
    {
        string queryId = rule.Credential ?? Policy.Dcql.Credentials[0].Id;
        var credential = run.Credentials.FirstOrDefault(c => c.QueryId == queryId);
        var selected = credential is null ? null : rule.Path.Select(credential.Claims);
        if (selected is null)
        {
            return run.Record(name, CheckOutcome.Failed, VerificationErrorCodes.ClaimNotDisclosed, $"The claim {rule.Path} of '{queryId}' is not disclosed.");
        }

        string bounds = rule.MinimumAgeYears is { } y ? string.Create(CultureInfo.InvariantCulture, $"at least {y} years ago")
            : string.Join(" and ", new[] { rule.AtLeast is { } lo ? "≥ " + lo : null, rule.AtMost is { } hi ? "≤ " + hi : null }.Where(s => s is not null));
        if (selected.Any(value => Holds(rule, value, run.Now)))
        {
            return run.Record(name, CheckOutcome.Passed, null, $"The claim {rule.Path} is {bounds}.");
        }

        return run.Record(name, CheckOutcome.Failed, VerificationErrorCodes.PredicateFailed, $"The claim {rule.Path} is not {bounds} (or not a {((rule.AtLeast?.Number ?? rule.AtMost?.Number) is null ? "date" : "number")}).");
    }

    private static bool Holds(ClaimRule rule, JsonNode? value, DateTimeOffset now)
    {
        if (rule.MinimumAgeYears is { } years)
        {
            if (value is not JsonValue v || v.GetValueKind() != JsonValueKind.String || ClaimBound.ParseText(v.GetValue<string>()) is not { Time: { } birth })
            {
                return false;
            }

            var today = DateOnly.FromDateTime(now.UtcDateTime);
            var born = DateOnly.FromDateTime(birth.UtcDateTime);
            return born.Year + years < today.Year || (born.Year + years == today.Year && (born.Month, born.Day).CompareTo((today.Month, today.Day)) <= 0);
        }

        return (rule.AtLeast is not { } lo || lo.CompareClaim(value) is >= 0) && (rule.AtMost is not { } hi || hi.CompareClaim(value) is <= 0);
    }

    // 9. Last: the nonce, used up atomically. Of two presentations racing for one request, one is accepted.
    private async ValueTask<bool> ConsumeNonceAsync(VerificationRun run, string nonce, CancellationToken cancellationToken)
    {
        var consumed = await _requests.ConsumeAsync(nonce, cancellationToken).ConfigureAwait(false);
        if (!consumed.Succeeded)
        {
            run.Fail("nonce", consumed.Error);
            return false;
        }

        run.Pass("nonce", "The request's nonce is now used.");
        return true;
    }

    private static void AddDidEvidence(VerificationRun run, string kind, string? did, ResolvedBlock? block)
    {
        if (did is not null && block is not null && !run.Evidence.Any(e => e.Kind == kind && e.Did == did))
        {
            run.Evidence.Add(new VerificationEvidence { Kind = kind, Did = did, ChainId = block.ChainId, BlockNumber = block.Number, BlockHash = block.Hash, Finality = block.Tag });
        }
    }
}
