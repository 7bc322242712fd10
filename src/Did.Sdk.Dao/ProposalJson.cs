// The proposal file (schemas/dao-proposal/v1/schema.json): the proposal's id and chain, its voting strategy,
// the snapshot block, the finality it must reach, the minimum power, and the verification policy a voter must
// satisfy (inline). Parsed as strictly as a policy file: bounded, no unknown members, typed values; a bad file
// is an invalidProposal result, never an exception.
using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Did.Sdk.Ethereum;
using Did.Sdk.Json;
using Did.Sdk.Verification.Policy;

namespace Did.Sdk.Dao;

/// <summary>Reads and writes proposals as JSON.</summary>
public static class ProposalJson
{
    /// <summary>The largest proposal file read.</summary>
    public const int MaxBytes = 256 * 1024;

    private static readonly string[] Members = ["$schema", "version", "id", "chainId", "strategy", "snapshot", "finality", "minimumPower", "policy"];

    /// <summary>Reads a proposal. Fails with <c>invalidProposal</c> (and the policy's <c>invalidPolicy</c> / <c>invalidDcqlQuery</c>).</summary>
    public static Result<Proposal> Parse(ReadOnlySpan<byte> utf8Json)
    {
        if (utf8Json.Length > MaxBytes)
        {
            return Invalid($"the file is larger than {MaxBytes} bytes");
        }

        var node = StrictJson.ParseNode(utf8Json);
        if (!node.Succeeded || node.Value is not JsonObject obj)
        {
            return Invalid("it is not a JSON object");
        }

        foreach (var (name, _) in obj)
        {
            if (!Members.Contains(name))
            {
                return Invalid("it has an unknown member" + (name.Length <= 64 && name.All(c => c is >= ' ' and <= '~') ? $" '{name}'" : string.Empty));
            }
        }

        if (DaoJson.Integer(obj["version"]) != 1 || DaoJson.Text(obj["id"]) is not { } id || id.Length > 256 || DaoJson.Integer(obj["chainId"]) is not { } chainId || chainId == 0)
        {
            return Invalid("version must be 1, id a string of at most 256 characters and chainId a positive integer");
        }

        if (obj["strategy"] is not JsonArray { Count: > 0 and <= 16 } strategy)
        {
            return Invalid("strategy is an array of 1 to 16 terms");
        }

        var terms = new List<VotingPowerTerm>();
        foreach (var item in strategy)
        {
            if (item is not JsonObject term || term.Any(m => m.Key is not ("token" or "source" or "timepoint" or "weight"))
                || DaoJson.Text(term["token"]) is not { } tokenText || !EthereumAddress.TryParse(tokenText, out var token))
            {
                return Invalid("a strategy term is {token, source, timepoint?, weight?} with an Ethereum address");
            }

            var source = (term.ContainsKey("source") ? DaoJson.Text(term["source"]) : "balance") switch
            {
                "balance" => VotingPowerSource.Balance,
                "votes" => VotingPowerSource.Votes,
                "pastVotes" => VotingPowerSource.PastVotes,
                _ => (VotingPowerSource?)null,
            };
            ulong? timepoint = term.ContainsKey("timepoint") ? DaoJson.Integer(term["timepoint"]) : null;
            BigInteger? weight = term.ContainsKey("weight") ? DaoJson.UInt256(term["weight"]) : BigInteger.One;
            if (source is null || weight is null || (term.ContainsKey("timepoint") && timepoint is null) || ((source == VotingPowerSource.PastVotes) != timepoint.HasValue))
            {
                return Invalid("a term's source is balance, votes or pastVotes (with a timepoint, and only then), its weight a uint256 decimal string");
            }

            terms.Add(new VotingPowerTerm { Token = token, Source = source.Value, Timepoint = timepoint, Weight = weight.Value });
        }

        if (obj["snapshot"] is not JsonObject snapshot || !ParseSnapshot(snapshot, out ulong? block, out string? hash, out ulong? timestamp))
        {
            return Invalid("snapshot is {block, hash?} with a block number and a 32-byte 0x hash, or {timestamp} in Unix seconds");
        }

        var finality = (obj.ContainsKey("finality") ? DaoJson.Text(obj["finality"]) : "finalized") switch
        {
            "latest" => Finality.Latest,
            "safe" => Finality.Safe,
            "finalized" => Finality.Finalized,
            _ => (Finality?)null,
        };
        BigInteger? minimum = obj.ContainsKey("minimumPower") ? DaoJson.UInt256(obj["minimumPower"]) : BigInteger.One;
        if (finality is null || minimum is null)
        {
            return Invalid("finality is latest, safe or finalized, minimumPower a uint256 decimal string");
        }

        if (obj["policy"] is not JsonObject policyJson)
        {
            return Invalid("policy is a verification policy object (schemas/verification-policy/v1)");
        }

        var policy = VerificationPolicyJson.Parse(Encoding.UTF8.GetBytes(policyJson.ToJsonString()));
        if (!policy.Succeeded)
        {
            return policy.Error;
        }

        return new Proposal
        {
            Id = id,
            ChainId = chainId,
            Terms = terms,
            SnapshotBlockNumber = block,
            SnapshotBlockHash = hash,
            SnapshotTimestamp = timestamp,
            RequiredFinality = finality.Value,
            MinimumPower = minimum.Value,
            Policy = policy.Value,
        };
    }

    /// <summary>Writes <paramref name="proposal"/> as JSON (the form <see cref="Parse"/> reads).</summary>
    public static JsonObject ToJson(Proposal proposal)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        proposal.Validate();
        var snapshot = proposal.SnapshotBlockNumber is { } block ? new JsonObject { ["block"] = block } : new JsonObject { ["timestamp"] = proposal.SnapshotTimestamp };
        if (proposal.SnapshotBlockHash is { } hash)
        {
            snapshot["hash"] = hash;
        }

        return new JsonObject
        {
            ["version"] = 1,
            ["id"] = proposal.Id,
            ["chainId"] = proposal.ChainId,
            ["strategy"] = new JsonArray([.. proposal.Terms.Select(t =>
            {
                var term = new JsonObject { ["token"] = t.Token.ToString(), ["source"] = JsonNamingPolicy.CamelCase.ConvertName(t.Source.ToString()) };
                if (t.Timepoint is { } timepoint)
                {
                    term["timepoint"] = timepoint;
                }

                term["weight"] = t.Weight.ToString(CultureInfo.InvariantCulture);
                return (JsonNode)term;
            })]),
            ["snapshot"] = snapshot,
            ["finality"] = proposal.RequiredFinality.ToString().ToLowerInvariant(),
            ["minimumPower"] = proposal.MinimumPower.ToString(CultureInfo.InvariantCulture),
            ["policy"] = VerificationPolicyJson.ToJson(proposal.Policy),
        };
    }

    // {block, hash?} or {timestamp}; the timestamp at most year 9999.
    private static bool ParseSnapshot(JsonObject snapshot, out ulong? block, out string? hash, out ulong? timestamp)
    {
        block = null;
        hash = null;
        timestamp = null;
        if (snapshot.Count == 1 && snapshot.ContainsKey("timestamp"))
        {
            timestamp = DaoJson.Integer(snapshot["timestamp"]) is { } t && t <= 253402300799 ? t : null;
            return timestamp is not null;
        }

        if (snapshot.Any(m => m.Key is not ("block" or "hash")) || DaoJson.Integer(snapshot["block"]) is not { } number)
        {
            return false;
        }

        block = number;
        if (snapshot.ContainsKey("hash"))
        {
            if (DaoJson.Text(snapshot["hash"]) is not { Length: 66 } text || !text.StartsWith("0x", StringComparison.Ordinal) || !text[2..].All(char.IsAsciiHexDigit))
            {
                return false;
            }

            hash = text.ToLowerInvariant();
        }

        return true;
    }

    private static Result<Proposal> Invalid(string why) => Result<Proposal>.Failure(DaoErrorCodes.InvalidProposal, "The proposal is invalid: " + why + ".");
}
