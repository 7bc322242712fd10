// The policy file (schemas/verification-policy/v1/schema.json). A policy file is operator configuration, but
// it may come from elsewhere (a shared repository, an admin API): it is parsed with the same strictness as
// untrusted data — bounded size and depth, no duplicate or unknown members, typed values — and a bad file is
// an invalidPolicy result, never an exception.
using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Did.Sdk.Ethereum;
using Did.Sdk.Json;
using Did.Sdk.SdJwt;
using Did.Sdk.Verification.Dcql;

namespace Did.Sdk.Verification.Policy;

/// <summary>Reads and writes verification policies as JSON.</summary>
public static class VerificationPolicyJson
{
    /// <summary>The largest policy file read (and trust list file).</summary>
    public const int MaxBytes = 256 * 1024;

    private static readonly string[] PolicyMembers = ["$schema", "version", "dcql", "trustedIssuers", "trustListFile", "maxCredentialAgeSeconds", "requireStatus", "didFinality", "issuerKeyValidity", "chain", "rules", "requestLifetimeSeconds"];
    private static readonly string[] ChainMembers = ["chainId", "block", "maxEvidenceAgeBlocks", "requiredFinality"];
    private static readonly string[] ClaimMembers = ["credential", "path", "atLeast", "atMost", "ageAtLeast"];
    private static readonly string[] ChainRuleMembers = ["check", "token", "amount", "tokenId", "timepoint", "identity", "credential"];

    /// <summary>
    /// Reads a policy. A <c>trustListFile</c> member needs <paramref name="trustListLoader"/> (given the
    /// file name, it returns the trusted DIDs); <see cref="LoadAsync"/> reads it beside the policy file.
    /// Fails with <c>invalidPolicy</c> or <c>invalidDcqlQuery</c>.
    /// </summary>
    public static Result<VerificationPolicy> Parse(ReadOnlySpan<byte> utf8Json, Func<string, Result<IReadOnlyList<string>>>? trustListLoader = null)
    {
        if (utf8Json.Length > MaxBytes)
        {
            return Invalid($"the file is larger than {MaxBytes} bytes");
        }

        var node = StrictJson.ParseNode(utf8Json);
        if (!node.Succeeded)
        {
            return Invalid("it is not valid JSON (" + node.Error.Message + ")");
        }

        try
        {
            var policy = Read(node.Value, trustListLoader);
            return policy.Succeeded ? policy.Value.Validate() : policy;
        }
        catch (PolicyException ex)
        {
            return Invalid(ex.Message);
        }
    }

    /// <summary>
    /// Reads the policy file at <paramref name="path"/>; a <c>trustListFile</c> is read from the same folder (a
    /// relative path without <c>..</c>; the file is <c>{"issuers": [DID, …]}</c>). Fails with <c>invalidPolicy</c>;
    /// a file that cannot be read is an <see cref="IOException"/> (an operator error).
    /// </summary>
    public static async ValueTask<Result<VerificationPolicy>> LoadAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var bytes = await ReadBoundedAsync(path, cancellationToken).ConfigureAwait(false);
        if (bytes is null)
        {
            return Invalid($"the file is larger than {MaxBytes} bytes");
        }

        string folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        return Parse(bytes, name => LoadTrustList(folder, name));
    }

    /// <summary>Reads a trust list (<c>{"issuers": [DID, …]}</c>). Fails with <c>invalidPolicy</c>.</summary>
    public static Result<IReadOnlyList<string>> ParseTrustList(ReadOnlySpan<byte> utf8Json)
    {
        if (utf8Json.Length > MaxBytes)
        {
            return Result<IReadOnlyList<string>>.Failure(VerificationErrorCodes.InvalidPolicy, $"The trust list is larger than {MaxBytes} bytes.");
        }

        var node = StrictJson.ParseNode(utf8Json);
        try
        {
            Require(node.Succeeded, "the trust list is not valid JSON");
            var obj = Object(node.Value, "the trust list", ["issuers"]);
            return Result<IReadOnlyList<string>>.Success(Dids(obj["issuers"], "issuers"));
        }
        catch (PolicyException ex)
        {
            return Result<IReadOnlyList<string>>.Failure(VerificationErrorCodes.InvalidPolicy, "The trust list is invalid: " + ex.Message + ".");
        }
    }

    /// <summary>Writes <paramref name="policy"/> as JSON (the form <see cref="Parse"/> reads).</summary>
    public static JsonObject ToJson(VerificationPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var json = new JsonObject { ["version"] = 1, ["dcql"] = policy.Dcql.ToJson() };
        if (policy.TrustedIssuers is { } trusted)
        {
            json["trustedIssuers"] = new JsonArray(trusted.Select(t => (JsonNode?)JsonValue.Create(t)).ToArray());
        }

        if (policy.MaxCredentialAge is { } age)
        {
            json["maxCredentialAgeSeconds"] = (long)age.TotalSeconds;
        }

        if (policy.RequireStatus)
        {
            json["requireStatus"] = true;
        }

        json["didFinality"] = Name(policy.DidFinality);
        json["issuerKeyValidity"] = policy.IssuerKeyValidity == SdJwtKeyValidity.Now ? "now" : "issuance";
        if (policy.Chain is { } chain)
        {
            var c = new JsonObject { ["chainId"] = chain.ChainId, ["block"] = chain.Block is { } b ? Name(b) : "evidence" };
            if (chain.Block is null)
            {
                c["maxEvidenceAgeBlocks"] = chain.MaxEvidenceAgeBlocks;
                c["requiredFinality"] = Name(chain.RequiredFinality);
            }

            json["chain"] = c;
        }

        if (policy.Rules is { } rules)
        {
            json["rules"] = ToJson(rules);
        }

        json["requestLifetimeSeconds"] = (long)policy.RequestLifetime.TotalSeconds;
        return json;
    }

    private static JsonObject ToJson(PolicyRule rule)
    {
        switch (rule)
        {
            case AllOfRule all:
                return new JsonObject { ["allOf"] = new JsonArray(all.Rules.Select(r => (JsonNode?)ToJson(r)).ToArray()) };
            case AnyOfRule any:
                return new JsonObject { ["anyOf"] = new JsonArray(any.Rules.Select(r => (JsonNode?)ToJson(r)).ToArray()) };
            case ClaimRule claim:
                var c = new JsonObject();
                if (claim.Credential is not null)
                {
                    c["credential"] = claim.Credential;
                }

                c["path"] = claim.Path.ToJson();
                if (claim.AtLeast is { } lo)
                {
                    c["atLeast"] = lo.ToJson();
                }

                if (claim.AtMost is { } hi)
                {
                    c["atMost"] = hi.ToJson();
                }

                if (claim.MinimumAgeYears is { } years)
                {
                    c["ageAtLeast"] = years;
                }

                return new JsonObject { ["claim"] = c };
            default:
                var chain = (ChainRule)rule;
                var r = new JsonObject { ["check"] = JsonNamingPolicy.CamelCase.ConvertName(chain.Check.ToString()), ["token"] = chain.Token.ToString() };
                if (chain.Amount is { } amount)
                {
                    r["amount"] = amount.ToString(CultureInfo.InvariantCulture);
                }

                if (chain.TokenId is { } id)
                {
                    r["tokenId"] = id.ToString(CultureInfo.InvariantCulture);
                }

                if (chain.Timepoint is { } timepoint)
                {
                    r["timepoint"] = timepoint;
                }

                if (chain.Identity != PolicyIdentity.Holder)
                {
                    r["identity"] = "issuer";
                }

                if (chain.Credential is not null)
                {
                    r["credential"] = chain.Credential;
                }

                return new JsonObject { ["chain"] = r };
        }
    }

    private static Result<VerificationPolicy> Read(JsonNode root, Func<string, Result<IReadOnlyList<string>>>? trustListLoader)
    {
        var obj = Object(root, "the policy", PolicyMembers);
        Require(obj["version"] is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<int>(out var version) && version == 1, "version must be 1");
        var dcql = DcqlQuery.Parse(obj["dcql"]);
        if (!dcql.Succeeded)
        {
            return dcql.Error;
        }

        List<string>? trusted = obj.ContainsKey("trustedIssuers") ? [.. Dids(obj["trustedIssuers"], "trustedIssuers")] : null;
        if (obj.ContainsKey("trustListFile"))
        {
            string file = String(obj["trustListFile"], "trustListFile");
            Require(trustListLoader is not null, "trustListFile is only read when the policy is loaded from a file");
            var list = trustListLoader!(file);
            if (!list.Succeeded)
            {
                return list.Error;
            }

            (trusted ??= []).AddRange(list.Value);
        }

        var chain = obj.ContainsKey("chain") ? ReadChain(obj["chain"]) : null;
        int count = 0;
        return new VerificationPolicy
        {
            Dcql = dcql.Value,
            TrustedIssuers = trusted,
            MaxCredentialAge = obj.ContainsKey("maxCredentialAgeSeconds") ? TimeSpan.FromSeconds(UInt(obj["maxCredentialAgeSeconds"], "maxCredentialAgeSeconds", 100L * 365 * 86400)) : null,
            RequireStatus = obj.ContainsKey("requireStatus") && Bool(obj["requireStatus"], "requireStatus"),
            DidFinality = obj.ContainsKey("didFinality") ? Finality(obj["didFinality"], "didFinality") : Sdk.Finality.Safe,
            IssuerKeyValidity = obj.ContainsKey("issuerKeyValidity")
                ? String(obj["issuerKeyValidity"], "issuerKeyValidity") switch
                {
                    "now" => SdJwtKeyValidity.Now,
                    "issuance" => SdJwtKeyValidity.AtIssuance,
                    _ => throw new PolicyException("issuerKeyValidity is now or issuance"),
                }
                : SdJwtKeyValidity.Now,
            Chain = chain,
            Rules = obj.ContainsKey("rules") ? ReadRule(obj["rules"], 1, ref count) : null,
            RequestLifetime = obj.ContainsKey("requestLifetimeSeconds") ? TimeSpan.FromSeconds(UInt(obj["requestLifetimeSeconds"], "requestLifetimeSeconds", 86400)) : TimeSpan.FromMinutes(5),
        };
    }

    private static ChainSettings ReadChain(JsonNode? node)
    {
        var obj = Object(node, "chain", ChainMembers);
        ulong chainId = UInt(obj["chainId"], "chainId", long.MaxValue);
        Require(chainId > 0, "chainId must be positive");
        string block = obj.ContainsKey("block") ? String(obj["block"], "chain.block") : "safe";
        if (block == "evidence")
        {
            return new ChainSettings
            {
                ChainId = chainId,
                Block = null,
                MaxEvidenceAgeBlocks = obj.ContainsKey("maxEvidenceAgeBlocks") ? UInt(obj["maxEvidenceAgeBlocks"], "maxEvidenceAgeBlocks", long.MaxValue) : 7200,
                RequiredFinality = obj.ContainsKey("requiredFinality") ? Finality(obj["requiredFinality"], "requiredFinality") : Sdk.Finality.Safe,
            };
        }

        Require(!obj.ContainsKey("maxEvidenceAgeBlocks") && !obj.ContainsKey("requiredFinality"), "maxEvidenceAgeBlocks and requiredFinality apply to block \"evidence\"");
        return new ChainSettings { ChainId = chainId, Block = Finality(obj["block"] ?? JsonValue.Create("safe"), "chain.block") };
    }

    private static PolicyRule ReadRule(JsonNode? node, int depth, ref int count)
    {
        Require(++count <= VerificationPolicy.MaxRules && depth <= VerificationPolicy.MaxRuleDepth, $"rules are at most {VerificationPolicy.MaxRules}, nested at most {VerificationPolicy.MaxRuleDepth} deep");
        var obj = Object(node, "a rule", ["allOf", "anyOf", "claim", "chain"]);
        Require(obj.Count == 1, "a rule has exactly one of allOf, anyOf, claim, chain");
        var (kind, body) = obj.First();
        switch (kind)
        {
            case "allOf":
            case "anyOf":
                Require(body is JsonArray { Count: > 0 } array && array.Count <= VerificationPolicy.MaxRules, kind + " is a non-empty array of rules");
                var rules = new List<PolicyRule>();
                foreach (var item in (JsonArray)body!)
                {
                    rules.Add(ReadRule(item, depth + 1, ref count));
                }

                return kind == "allOf" ? new AllOfRule(rules) : new AnyOfRule(rules);
            case "claim":
                var claim = Object(body, "a claim rule", ClaimMembers);
                var path = DcqlClaimPath.Parse(claim["path"]);
                Require(path.Succeeded, "a claim rule's path is a claims path (a non-empty array of strings, non-negative integers and nulls)");
                return new ClaimRule
                {
                    Credential = claim.ContainsKey("credential") ? String(claim["credential"], "credential") : null,
                    Path = path.Value!,
                    AtLeast = claim.ContainsKey("atLeast") ? Bound(claim["atLeast"], "atLeast") : null,
                    AtMost = claim.ContainsKey("atMost") ? Bound(claim["atMost"], "atMost") : null,
                    MinimumAgeYears = claim.ContainsKey("ageAtLeast") ? (int)UInt(claim["ageAtLeast"], "ageAtLeast", 150) : null,
                };
            default:
                var chain = Object(body, "a chain rule", ChainRuleMembers);
                string check = String(chain["check"], "check");
                var checkKind = Enum.GetValues<ChainCheckKind>().Select(k => (ChainCheckKind?)k).FirstOrDefault(k => JsonNamingPolicy.CamelCase.ConvertName(k!.Value.ToString()) == check)
                    ?? throw new PolicyException("check is one of balanceAtLeast, ownsToken, pastVotesAtLeast, isLocked, controlsToken");
                Require(EthereumAddress.TryParse(String(chain["token"], "token"), out var token), "token is an Ethereum address (EIP-55 checksummed when mixed case)");
                string identity = chain.ContainsKey("identity") ? String(chain["identity"], "identity") : "holder";
                Require(identity is "holder" or "issuer", "identity is holder or issuer");
                return new ChainRule
                {
                    Check = checkKind,
                    Token = token,
                    Amount = chain.ContainsKey("amount") ? UInt256(chain["amount"], "amount") : null,
                    TokenId = chain.ContainsKey("tokenId") ? UInt256(chain["tokenId"], "tokenId") : null,
                    Timepoint = chain.ContainsKey("timepoint") ? UInt(chain["timepoint"], "timepoint", long.MaxValue) : null,
                    Identity = identity == "issuer" ? PolicyIdentity.Issuer : PolicyIdentity.Holder,
                    Credential = chain.ContainsKey("credential") ? String(chain["credential"], "credential") : null,
                };
        }
    }

    private static Result<IReadOnlyList<string>> LoadTrustList(string folder, string name)
    {
        // The trust list sits beside the policy: a relative path that stays in the policy's folder.
        if (Path.IsPathRooted(name) || name.Split('/', '\\').Any(s => s is ".." or "") || name.Length > 255)
        {
            return Result<IReadOnlyList<string>>.Failure(VerificationErrorCodes.InvalidPolicy, "The verification policy is invalid: trustListFile is a relative path inside the policy's folder.");
        }

        byte[]? bytes;
        try
        {
            bytes = ReadBoundedAsync(Path.Combine(folder, name), CancellationToken.None).AsTask().GetAwaiter().GetResult();
        }
        catch (IOException)
        {
            return Result<IReadOnlyList<string>>.Failure(VerificationErrorCodes.InvalidPolicy, $"The verification policy is invalid: the trust list file '{name}' cannot be read.");
        }
        catch (UnauthorizedAccessException)
        {
            return Result<IReadOnlyList<string>>.Failure(VerificationErrorCodes.InvalidPolicy, $"The verification policy is invalid: the trust list file '{name}' cannot be read.");
        }

        return bytes is null
            ? Result<IReadOnlyList<string>>.Failure(VerificationErrorCodes.InvalidPolicy, $"The trust list is larger than {MaxBytes} bytes.")
            : ParseTrustList(bytes);
    }

    // Reads at most MaxBytes + 1 bytes: a larger file is refused without reading it whole.
    private static async ValueTask<byte[]?> ReadBoundedAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, useAsync: true);
        var buffer = new byte[MaxBytes + 1];
        int total = 0;
        while (total < buffer.Length)
        {
            int read = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total > MaxBytes ? null : buffer[..total];
    }

    private static string[] Dids(JsonNode? node, string what)
    {
        Require(node is JsonArray array && array.Count <= VerificationPolicy.MaxTrustedIssuers, $"{what} is an array of at most {VerificationPolicy.MaxTrustedIssuers} DIDs");
        return ((JsonArray)node!).Select(n =>
        {
            string did = String(n, "a DID in " + what);
            Require(Sdk.Did.TryParse(did, out _), $"an entry of {what} is not a DID");
            return did;
        }).ToArray();
    }

    private static ClaimBound Bound(JsonNode? node, string what)
        => ClaimBound.Parse(node) ?? throw new PolicyException(what + " is a number, a date (YYYY-MM-DD) or an RFC 3339 time");

    private static Finality Finality(JsonNode? node, string what) => String(node, what) switch
    {
        "latest" => Sdk.Finality.Latest,
        "safe" => Sdk.Finality.Safe,
        "finalized" => Sdk.Finality.Finalized,
        _ => throw new PolicyException(what + " is latest, safe or finalized" + (what == "chain.block" ? " (or evidence)" : string.Empty)),
    };

    private static string Name(Finality finality) => finality switch
    {
        Sdk.Finality.Latest => "latest",
        Sdk.Finality.Safe => "safe",
        _ => "finalized",
    };

    private static BigInteger UInt256(JsonNode? node, string what)
    {
        string text = String(node, what);
        Require(text.Length <= 78 && text.All(char.IsAsciiDigit) && (text == "0" || text[0] != '0')
            && BigInteger.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value.GetBitLength() <= 256,
            what + " is a uint256 as a decimal string");
        return BigInteger.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);
    }

    private static ulong UInt(JsonNode? node, string what, long max)
    {
        Require(node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<long>(out var n) && n >= 0 && n <= max
            && !v.ToJsonString().Contains('.', StringComparison.Ordinal) && !v.ToJsonString().Contains('e', StringComparison.OrdinalIgnoreCase),
            $"{what} is an integer from 0 to {max}");
        return (ulong)node!.GetValue<long>();
    }

    private static bool Bool(JsonNode? node, string what)
    {
        Require(node is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False, what + " is a boolean");
        return node!.GetValue<bool>();
    }

    private static string String(JsonNode? node, string what)
    {
        Require(node is JsonValue v && v.GetValueKind() == JsonValueKind.String, what + " is a string");
        var s = node!.GetValue<string>();
        Require(s.Length is > 0 and <= 2048, what + " is empty or too long");
        return s;
    }

    private static JsonObject Object(JsonNode? node, string what, string[] members)
    {
        Require(node is JsonObject, what + " is not an object");
        var obj = (JsonObject)node!;
        foreach (var (name, _) in obj)
        {
            // The name is the file's: quote only names that are short and printable.
            Require(members.Contains(name), $"{what} has the unknown member {(name.Length <= 64 && name.All(c => c is >= ' ' and <= '~') ? "'" + name + "'" : "(unprintable)")}");
        }

        return obj;
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new PolicyException(message);
        }
    }

    private static Result<VerificationPolicy> Invalid(string why) => Result<VerificationPolicy>.Failure(VerificationErrorCodes.InvalidPolicy, "The verification policy is invalid: " + why + ".");

    private sealed class PolicyException(string message) : Exception(message);
}
