// The chain half of a verification: every chain rule of the policy, for every identity it names (the
// holder's or the issuer's DID, resolved to its wallets), read at one block in one JSON-RPC round trip
// (TokenEvidenceReader), with the readings of a block kept by its hash and the block a tag names reused for
// HeadCacheDuration; then each rule judged from its readings.
using System.Collections.Concurrent;
using System.Globalization;
using System.Numerics;
using System.Text.Json.Nodes;
using Did.Sdk.Ethereum;
using Did.Sdk.SocialToken;
using Did.Sdk.Verification.Policy;

namespace Did.Sdk.Verification;

internal sealed class ChainRuleReader(VerificationPolicy policy, SocialIdentityResolver identities, TokenEvidenceReader chain, PresentationVerifierOptions options, TimeProvider time)
{
    private readonly VerificationPolicy _policy = policy;
    private readonly SocialIdentityResolver _identities = identities;
    private readonly TokenEvidenceReader _chain = chain;
    private readonly PresentationVerifierOptions _options = options;
    private readonly TimeProvider _time = time;
    private readonly ConcurrentDictionary<Finality, (TokenEvidence Head, DateTimeOffset At)> _heads = new();
    private readonly ConcurrentDictionary<(string BlockHash, TokenQuery Query), TokenReading> _readings = new();

    // Every chain rule's reads, for every identity they name, at one block, in one round trip.
    public async ValueTask<ChainFacts> ReadAsync(VerificationRun run, CancellationToken cancellationToken)
    {
        var settings = _policy.Chain!;
        var facts = new ChainFacts();
        var identities = new Dictionary<string, Result<SocialIdentity>>(StringComparer.Ordinal);
        var queries = new List<TokenQuery>();
        foreach (var rule in _policy.ChainRules())
        {
            string queryId = rule.Credential ?? _policy.Dcql.Credentials[0].Id;
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
                identity = await _identities.ResolveAsync(did, settings.ChainId, _policy.DidFinality, cancellationToken).ConfigureAwait(false);
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
            : await _chain.ReadAsync(queries, block, cancellationToken).ConfigureAwait(false);
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

    public static VerificationCheck Evaluate(VerificationRun run, ChainRule rule, string name, ChainFacts facts)
    {
        var (error, identity, start, count) = facts.Rules[rule];
        error ??= facts.Error;
        if (error is not null)
        {
            return run.Record(name, CheckOutcome.Failed, error.Code, error.Message);
        }

        if (facts.Pending is { } pending)
        {
            return run.Record(name, CheckOutcome.Pending, VerificationErrorCodes.FinalityPending, pending);
        }

        var readings = facts.Readings!.Skip(start).Take(count).ToList();
        if (readings.FirstOrDefault(r => !r.Succeeded) is { } failed)
        {
            return run.Record(name, CheckOutcome.Failed, failed.Error!.Code, failed.Error.Message);
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
        return run.Record(name, held ? CheckOutcome.Passed : CheckOutcome.Failed, held ? null : VerificationErrorCodes.ChainCheckFailed, $"The {who} {detail}.");
    }

    private static (ulong Number, string Hash)? EvidenceOf(JsonObject claims)
        => claims["evidence"] is JsonObject e && e["block_number"] is JsonValue n && n.TryGetValue<ulong>(out var number)
            && e["block_hash"] is JsonValue h && h.TryGetValue<string>(out var hash) && hash.Length == 66
            ? (number, hash)
            : null;
}

internal sealed class ChainFacts
{
    public Dictionary<ChainRule, (SdkError? Error, SocialIdentity? Identity, int Start, int Count)> Rules { get; } = new(ReferenceEqualityComparer.Instance);

    public SdkError? Error { get; set; }

    public string? Pending { get; set; }

    public IReadOnlyList<TokenReading>? Readings { get; set; }
}
