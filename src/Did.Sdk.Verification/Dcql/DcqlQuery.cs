// OpenID4VP 1.0 §6 (Digital Credentials Query Language), for SD-JWT VCs. Parsed strictly: unknown members,
// wrong types, repeated ids, undefined claim or credential ids and out-of-bound sizes are refused.
using System.Text.Json.Nodes;

namespace Did.Sdk.Verification.Dcql;

/// <summary>A DCQL query: the credentials a verifier asks for, and which combinations satisfy it.</summary>
public sealed record DcqlQuery
{
    /// <summary>The most credential queries in one query.</summary>
    public const int MaxCredentials = 16;

    /// <summary>The most claims in one credential query.</summary>
    public const int MaxClaims = 64;

    /// <summary>The credential queries.</summary>
    public required IReadOnlyList<DcqlCredentialQuery> Credentials { get; init; }

    /// <summary>The credential sets, or null: every credential query must be answered.</summary>
    public IReadOnlyList<DcqlCredentialSet>? CredentialSets { get; init; }

    /// <summary>Reads a DCQL query from JSON. Fails with <c>invalidDcqlQuery</c>.</summary>
    public static Result<DcqlQuery> Parse(JsonNode? json) => DcqlParser.Parse(json);

    /// <summary>Checks the query's rules (ids, references, bounds). Fails with <c>invalidDcqlQuery</c>.</summary>
    public Result<DcqlQuery> Validate() => DcqlParser.Parse(ToJson());

    /// <summary>
    /// Whether the credential queries answered (by id) satisfy the query: every required credential set has an
    /// option fully answered, or, without credential sets, every credential query is answered. Gives the index of
    /// the option taken per required set.
    /// </summary>
    public Result<IReadOnlyList<int>> MatchSets(IReadOnlySet<string> answered)
    {
        ArgumentNullException.ThrowIfNull(answered);
        if (CredentialSets is null)
        {
            var missing = Credentials.FirstOrDefault(c => !answered.Contains(c.Id));
            return missing is null
                ? Result<IReadOnlyList<int>>.Success([])
                : Result<IReadOnlyList<int>>.Failure(VerificationErrorCodes.CredentialSetNotSatisfied, $"No credential answers the credential query '{missing.Id}'.");
        }

        var taken = new List<int>();
        foreach (var set in CredentialSets)
        {
            int option = -1;
            for (int i = 0; i < set.Options.Count && option < 0; i++)
            {
                if (set.Options[i].All(answered.Contains))
                {
                    option = i;
                }
            }

            if (option < 0 && set.Required)
            {
                return Result<IReadOnlyList<int>>.Failure(VerificationErrorCodes.CredentialSetNotSatisfied, $"No option of a required credential set is answered (options: {string.Join(" | ", set.Options.Select(o => string.Join("+", o)))}).");
            }

            taken.Add(option);
        }

        return taken;
    }

    /// <summary>The JSON form of the query.</summary>
    public JsonObject ToJson()
    {
        var json = new JsonObject { ["credentials"] = new JsonArray(Credentials.Select(ToJson).ToArray<JsonNode?>()) };
        if (CredentialSets is not null)
        {
            json["credential_sets"] = new JsonArray(CredentialSets.Select(s =>
            {
                var set = new JsonObject { ["options"] = new JsonArray(s.Options.Select(o => (JsonNode?)Strings(o)).ToArray()) };
                if (!s.Required)
                {
                    set["required"] = false;
                }

                return (JsonNode?)set;
            }).ToArray());
        }

        return json;
    }

    private static JsonObject ToJson(DcqlCredentialQuery query)
    {
        var json = new JsonObject
        {
            ["id"] = query.Id,
            ["format"] = query.Format,
            ["meta"] = new JsonObject { ["vct_values"] = Strings(query.VctValues) },
        };
        if (query.Multiple)
        {
            json["multiple"] = true;
        }

        if (query.TrustedAuthorities is not null)
        {
            json["trusted_authorities"] = new JsonArray(query.TrustedAuthorities.Select(t => (JsonNode?)new JsonObject { ["type"] = t.Type, ["values"] = Strings(t.Values) }).ToArray());
        }

        if (!query.RequireCryptographicHolderBinding)
        {
            json["require_cryptographic_holder_binding"] = false;
        }

        if (query.Claims is not null)
        {
            json["claims"] = new JsonArray(query.Claims.Select(c =>
            {
                var claim = new JsonObject();
                if (c.Id is not null)
                {
                    claim["id"] = c.Id;
                }

                claim["path"] = c.Path.ToJson();
                if (c.Values is not null)
                {
                    claim["values"] = new JsonArray(c.Values.Select(v => v.DeepClone()).ToArray());
                }

                return (JsonNode?)claim;
            }).ToArray());
        }

        if (query.ClaimSets is not null)
        {
            json["claim_sets"] = new JsonArray(query.ClaimSets.Select(s => (JsonNode?)Strings(s)).ToArray());
        }

        return json;
    }

    private static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
}
