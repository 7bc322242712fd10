// One call verifies a presentation against a policy. The verification is a chain of small steps, each of
// which records its checks and may stop the chain: the request (known, unexpired, unused), the presentation's
// shape, each credential (SD-JWT VC signature, key binding to this request, status; then its DCQL credential
// query), the credential sets, trusted issuers, age and status, the rules over claims and chain state (every
// chain read of the verification in one JSON-RPC round trip), and last the nonce, consumed atomically so a
// presentation is accepted once.
using System.Collections.Concurrent;
using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Did.Sdk.Ethereum;
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
    private readonly SocialIdentityResolver _identities;
    private readonly TokenEvidenceReader? _chain;
    private readonly IPresentationRequestStore _requests;
    private readonly TimeProvider _time;
    private readonly PresentationVerifierOptions _options;
    private readonly ConcurrentDictionary<Finality, (TokenEvidence Head, DateTimeOffset At)> _heads = new();
    private readonly ConcurrentDictionary<(string BlockHash, TokenQuery Query), TokenReading> _readings = new();

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
        _options = options ?? new PresentationVerifierOptions();
        _options.Validate();
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
        _identities = new SocialIdentityResolver(resolver);
        _chain = chain is null ? null : new TokenEvidenceReader(chain);
        _time = timeProvider ?? TimeProvider.System;
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
        var run = new Run(_time.GetUtcNow());
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

    private async ValueTask<CheckOutcome> RunAsync(Run run, string presentation, string nonce, CancellationToken cancellationToken)
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
    private async ValueTask<PresentationRequest?> CheckRequestAsync(Run run, string nonce, CancellationToken cancellationToken)
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
    private List<(string? QueryId, string SdJwt)>? ReadPresentation(Run run, string presentation)
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
    private async ValueTask<bool> VerifyCredentialAsync(Run run, PresentationRequest request, string? queryId, string sdJwt, CancellationToken cancellationToken)
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
    private bool CheckCredentialSets(Run run)
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
    private bool CheckIssuers(Run run)
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
    private bool CheckAges(Run run)
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
    private bool CheckStatus(Run run)
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
    private async ValueTask<CheckOutcome> CheckRulesAsync(Run run, CancellationToken cancellationToken)
    {
        if (Policy.Rules is not { } rules)
        {
            return CheckOutcome.Passed;
        }

        var chain = Policy.ChainRules().Any() ? await ReadChainAsync(run, cancellationToken).ConfigureAwait(false) : null;
        return Evaluate(run, rules, "rules", chain);
    }

    private CheckOutcome Evaluate(Run run, PolicyRule rule, string name, ChainFacts? chain)
    {
        switch (rule)
        {
            case AllOfRule all:
            {
                var outcomes = all.Rules.Select((r, i) => Evaluate(run, r, string.Create(CultureInfo.InvariantCulture, $"{name}.allOf[{i}]"), chain)).ToList();
                var outcome = outcomes.Contains(CheckOutcome.Failed) ? CheckOutcome.Failed : outcomes.Contains(CheckOutcome.Pending) ? CheckOutcome.Pending : CheckOutcome.Passed;
                run.Record(name + ".allOf", outcome, outcome == CheckOutcome.Passed ? null : FirstCode(run, name, outcome), outcome switch
                {
                    CheckOutcome.Passed => "Every rule held.",
                    CheckOutcome.Pending => "No rule failed; some wait for finality.",
                    _ => "A rule did not hold.",
                });
                return outcome;
            }

            case AnyOfRule any:
            {
                var outcomes = any.Rules.Select((r, i) => Evaluate(run, r, string.Create(CultureInfo.InvariantCulture, $"{name}.anyOf[{i}]"), chain)).ToList();
                int held = outcomes.IndexOf(CheckOutcome.Passed);
                var outcome = held >= 0 ? CheckOutcome.Passed : outcomes.Contains(CheckOutcome.Pending) ? CheckOutcome.Pending : CheckOutcome.Failed;
                run.Record(name + ".anyOf", outcome, outcome == CheckOutcome.Passed ? null : FirstCode(run, name, outcome), outcome switch
                {
                    CheckOutcome.Passed => string.Create(CultureInfo.InvariantCulture, $"Branch {held} held."),
                    CheckOutcome.Pending => "No branch held; some wait for finality.",
                    _ => "No branch held.",
                });
                return outcome;
            }

            case ClaimRule claim:
                return EvaluateClaim(run, claim, name + ".claim");
            default:
                var chainRule = (ChainRule)rule;
                return EvaluateChain(run, chainRule, name + ".chain." + JsonNamingPolicy.CamelCase.ConvertName(chainRule.Check.ToString()), chain!);
        }
    }

    private static string FirstCode(Run run, string prefix, CheckOutcome outcome)
        => run.Checks.FirstOrDefault(c => c.Name.StartsWith(prefix + ".", StringComparison.Ordinal) && c.Outcome == outcome && c.Code is not null)?.Code
            ?? (outcome == CheckOutcome.Pending ? VerificationErrorCodes.FinalityPending : VerificationErrorCodes.PredicateFailed);

    private CheckOutcome EvaluateClaim(Run run, ClaimRule rule, string name)
    {
        string queryId = rule.Credential ?? Policy.Dcql.Credentials[0].Id;
        var credential = run.Credentials.FirstOrDefault(c => c.QueryId == queryId);
        var selected = credential is null ? null : rule.Path.Select(credential.Claims);
        if (selected is null)
        {
            run.Record(name, CheckOutcome.Failed, VerificationErrorCodes.ClaimNotDisclosed, $"The claim {rule.Path} of '{queryId}' is not disclosed.");
            return CheckOutcome.Failed;
        }

        string bounds = rule.MinimumAgeYears is { } y ? string.Create(CultureInfo.InvariantCulture, $"at least {y} years ago")
            : string.Join(" and ", new[] { rule.AtLeast is { } lo ? "≥ " + lo : null, rule.AtMost is { } hi ? "≤ " + hi : null }.Where(s => s is not null));
        if (selected.Any(value => Holds(rule, value, run.Now)))
        {
            run.Record(name, CheckOutcome.Passed, null, $"The claim {rule.Path} is {bounds}.");
            return CheckOutcome.Passed;
        }

        run.Record(name, CheckOutcome.Failed, VerificationErrorCodes.PredicateFailed, $"The claim {rule.Path} is not {bounds} (or not a {((rule.AtLeast?.Number ?? rule.AtMost?.Number) is null ? "date" : "number")}).");
        return CheckOutcome.Failed;
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

    // Every chain rule's reads, for every identity they name, at one block, in one round trip.
    private async ValueTask<ChainFacts> ReadChainAsync(Run run, CancellationToken cancellationToken)
    {
        var settings = Policy.Chain!;
        var facts = new ChainFacts();
        var identities = new Dictionary<string, Result<SocialIdentity>>(StringComparer.Ordinal);
        var queries = new List<TokenQuery>();
        foreach (var rule in Policy.ChainRules())
        {
            string queryId = rule.Credential ?? Policy.Dcql.Credentials[0].Id;
            var credential = run.Credentials.FirstOrDefault(c => c.QueryId == queryId);
            string? did = rule.Identity == PolicyIdentity.Holder ? credential?.Holder : credential?.Issuer;
            if (did is null)
            {
                facts.Rules[rule] = (new SdkError(VerificationErrorCodes.HolderIdentityRequired, credential is null
                    ? $"The credential query '{queryId}' was not answered."
                    : "The credential binds its holder to a bare key, not a DID: there are no wallets to read."), null, 0, 0);
                continue;
            }

            if (!identities.TryGetValue(did, out var identity))
            {
                identity = await _identities.ResolveAsync(did, settings.ChainId, Policy.DidFinality, cancellationToken).ConfigureAwait(false);
                identities[did] = identity;
            }

            if (!identity.Succeeded)
            {
                facts.Rules[rule] = (identity.Error, null, 0, 0);
                continue;
            }

            int start = queries.Count;
            queries.AddRange(Queries(rule, identity.Value));
            facts.Rules[rule] = (null, identity.Value, start, queries.Count - start);
        }

        if (queries.Count == 0)
        {
            return facts;
        }

        EvidenceBlock block;
        if (settings.Block is { } tag)
        {
            block = EvidenceBlock.At(tag);
        }
        else if (EvidenceOf(run.Credentials[0].Claims) is { } evidence)
        {
            block = EvidenceBlock.Pinned(evidence.Number, evidence.Hash, settings.RequiredFinality);
        }
        else
        {
            facts.Error = new SdkError(VerificationErrorCodes.EvidenceStale, "The policy reads chain state at the credential's evidence block, and the credential does not disclose one.");
            return facts;
        }

        var read = settings.Block is { } cachedTag && FromCache(cachedTag, queries) is { } cached
            ? cached
            : await _chain!.ReadAsync(queries, block, cancellationToken).ConfigureAwait(false);
        if (!read.Succeeded)
        {
            facts.Error = read.Error;
            return facts;
        }

        if (settings.Block is { } readTag && read.Value.Status == EvidenceStatus.Final && !read.Value.Method.EndsWith("cached", StringComparison.Ordinal))
        {
            Remember(readTag, read.Value);
        }

        var chainRead = read.Value;
        run.Evidence.Add(new VerificationEvidence
        {
            Kind = "chainRead",
            ChainId = chainRead.ChainId,
            BlockNumber = chainRead.BlockNumber,
            BlockHash = chainRead.BlockHash,
            Finality = chainRead.Finality.ToString().ToLowerInvariant(),
            Method = chainRead.Method,
        });
        if (chainRead.ChainId != settings.ChainId)
        {
            facts.Error = new SdkError(EthereumErrorCodes.ChainIdMismatch, string.Create(CultureInfo.InvariantCulture, $"The chain read is chain {chainRead.ChainId}, not the policy's {settings.ChainId}."));
        }
        else if (chainRead.Status == EvidenceStatus.Pending)
        {
            facts.Pending = string.Create(CultureInfo.InvariantCulture, $"Block {chainRead.BlockNumber} has reached {chainRead.Finality.ToString().ToLowerInvariant()}, not yet {settings.RequiredFinality.ToString().ToLowerInvariant()}.");
        }
        else if (settings.Block is null && chainRead.HeadBlockNumber is { } head && head > chainRead.BlockNumber && head - chainRead.BlockNumber > settings.MaxEvidenceAgeBlocks)
        {
            facts.Error = new SdkError(VerificationErrorCodes.EvidenceStale, string.Create(CultureInfo.InvariantCulture, $"The evidence block {chainRead.BlockNumber} is {head - chainRead.BlockNumber} blocks behind the head; the policy allows {settings.MaxEvidenceAgeBlocks}."));
        }

        facts.Readings = chainRead.Readings;
        return facts;
    }

    // A block's state never changes: readings are kept by block hash. Only the choice of the block a tag
    // names ages, and it is reused for HeadCacheDuration.
    private Result<TokenEvidence>? FromCache(Finality tag, List<TokenQuery> queries)
    {
        if (_options.HeadCacheDuration <= TimeSpan.Zero || !_heads.TryGetValue(tag, out var head) || _time.GetUtcNow() - head.At > _options.HeadCacheDuration)
        {
            return null;
        }

        var readings = new TokenReading[queries.Count];
        for (int i = 0; i < readings.Length; i++)
        {
            if (!_readings.TryGetValue((head.Head.BlockHash, queries[i]), out var reading))
            {
                return null;
            }

            readings[i] = reading;
        }

        return head.Head with { Readings = readings, Method = head.Head.Method + ", cached" };
    }

    private void Remember(Finality tag, TokenEvidence evidence)
    {
        if (_options.HeadCacheDuration <= TimeSpan.Zero)
        {
            return;
        }

        if (_readings.Count + evidence.Readings.Count > _options.MaxCachedReadings)
        {
            _readings.Clear();
        }

        foreach (var reading in evidence.Readings.Where(r => r.Succeeded))
        {
            _readings[(evidence.BlockHash, reading.Query)] = reading;
        }

        _heads[tag] = (evidence with { Readings = [] }, _time.GetUtcNow());
    }

    private static IEnumerable<TokenQuery> Queries(ChainRule rule, SocialIdentity identity)
    {
        var wallets = identity.Wallets.Select(w => w.Address).ToList();
        return rule.Check switch
        {
            ChainCheckKind.BalanceAtLeast => rule.TokenId is { } id
                ? wallets.Select(w => TokenQuery.Erc1155BalanceOf(rule.Token, w, id))
                : wallets.Select(w => TokenQuery.BalanceOf(rule.Token, w)),
            ChainCheckKind.OwnsToken => rule.TokenId is { } owned ? [TokenQuery.OwnerOf(rule.Token, owned)] : wallets.Select(w => TokenQuery.BalanceOf(rule.Token, w)),
            ChainCheckKind.PastVotesAtLeast => rule.Timepoint is { } t
                ? wallets.Select(w => TokenQuery.PastVotes(rule.Token, w, t))
                : wallets.Select(w => TokenQuery.Votes(rule.Token, w)),
            ChainCheckKind.IsLocked => [TokenQuery.OwnerOf(rule.Token, rule.TokenId!.Value), TokenQuery.Locked(rule.Token, rule.TokenId!.Value)],
            _ => [TokenQuery.Owner(rule.Token)],
        };
    }

    private static CheckOutcome EvaluateChain(Run run, ChainRule rule, string name, ChainFacts facts)
    {
        var (error, identity, start, count) = facts.Rules[rule];
        error ??= facts.Error;
        if (error is not null)
        {
            run.Record(name, CheckOutcome.Failed, error.Code, error.Message);
            return CheckOutcome.Failed;
        }

        if (facts.Pending is { } pending)
        {
            run.Record(name, CheckOutcome.Pending, VerificationErrorCodes.FinalityPending, pending);
            return CheckOutcome.Pending;
        }

        var readings = facts.Readings!.Skip(start).Take(count).ToList();
        if (readings.FirstOrDefault(r => !r.Succeeded) is { } failed)
        {
            run.Record(name, CheckOutcome.Failed, failed.Error!.Code, failed.Error.Message);
            return CheckOutcome.Failed;
        }

        string who = $"{rule.Identity.ToString().ToLowerInvariant()} {identity!.Did} ({identity.Wallets.Count} wallet(s))";
        var sum = readings.Aggregate(BigInteger.Zero, (total, r) => total + (r.Amount ?? BigInteger.Zero));
        bool owns = readings.Count > 0 && readings[0].Address is { } owner && identity.Owns(owner);
        (bool held, string detail) = rule.Check switch
        {
            ChainCheckKind.BalanceAtLeast => (sum >= rule.Amount!.Value, $"holds {(sum >= rule.Amount!.Value ? "at least" : "less than")} {rule.Amount} of {rule.Token}"),
            ChainCheckKind.PastVotesAtLeast => (sum >= rule.Amount!.Value, $"has {(sum >= rule.Amount!.Value ? "at least" : "less than")} {rule.Amount} votes of {rule.Token}"),
            ChainCheckKind.OwnsToken when rule.TokenId is { } id => (owns, $"{(owns ? "owns" : "does not own")} token {id} of {rule.Token}"),
            ChainCheckKind.OwnsToken => (sum > 0, $"{(sum > 0 ? "holds" : "holds none of")} {rule.Token}"),
            ChainCheckKind.IsLocked => (owns && readings[1].Flag == true, $"{(owns ? "owns" : "does not own")} token {rule.TokenId} of {rule.Token}, {(readings[1].Flag == true ? "locked" : "not locked")}"),
            _ => (owns, $"{(owns ? "controls" : "does not control")} {rule.Token} (owner())"),
        };
        run.Record(name, held ? CheckOutcome.Passed : CheckOutcome.Failed, held ? null : VerificationErrorCodes.ChainCheckFailed, $"The {who} {detail}.");
        return held ? CheckOutcome.Passed : CheckOutcome.Failed;
    }

    private static (ulong Number, string Hash)? EvidenceOf(JsonObject claims)
        => claims["evidence"] is JsonObject e && e["block_number"] is JsonValue n && n.TryGetValue<ulong>(out var number)
            && e["block_hash"] is JsonValue h && h.TryGetValue<string>(out var hash) && hash.Length == 66
            ? (number, hash)
            : null;

    // 9. Last: the nonce, used up atomically. Of two presentations racing for one request, one is accepted.
    private async ValueTask<bool> ConsumeNonceAsync(Run run, string nonce, CancellationToken cancellationToken)
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

    private static void AddDidEvidence(Run run, string kind, string? did, ResolvedBlock? block)
    {
        if (did is not null && block is not null && !run.Evidence.Any(e => e.Kind == kind && e.Did == did))
        {
            run.Evidence.Add(new VerificationEvidence { Kind = kind, Did = did, ChainId = block.ChainId, BlockNumber = block.Number, BlockHash = block.Hash, Finality = block.Tag });
        }
    }

    private sealed class ChainFacts
    {
        public Dictionary<ChainRule, (SdkError? Error, SocialIdentity? Identity, int Start, int Count)> Rules { get; } = new(ReferenceEqualityComparer.Instance);

        public SdkError? Error { get; set; }

        public string? Pending { get; set; }

        public IReadOnlyList<TokenReading>? Readings { get; set; }
    }

    private sealed class Run(DateTimeOffset now)
    {
        public DateTimeOffset Now { get; } = now;

        public List<VerificationCheck> Checks { get; } = [];

        public List<VerificationEvidence> Evidence { get; } = [];

        public List<VerifiedCredential> Credentials { get; } = [];

        public void Pass(string name, string detail) => Checks.Add(new VerificationCheck(name, CheckOutcome.Passed, null, detail));

        public void Fail(string name, SdkError error) => Checks.Add(new VerificationCheck(name, CheckOutcome.Failed, error.Code, error.Message));

        public void Fail(string name, string code, string detail) => Checks.Add(new VerificationCheck(name, CheckOutcome.Failed, code, detail));

        public void Record(string name, CheckOutcome outcome, string? code, string detail) => Checks.Add(new VerificationCheck(name, outcome, code, detail));
    }
}
