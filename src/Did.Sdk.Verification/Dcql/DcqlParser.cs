using System.Text.Json;
using System.Text.Json.Nodes;

namespace Did.Sdk.Verification.Dcql;

internal static class DcqlParser
{
    private const int MaxString = 1024;
    private const int MaxList = 64;
    private static readonly string[] QueryMembers = ["credentials", "credential_sets"];
    private static readonly string[] CredentialMembers = ["id", "format", "multiple", "meta", "trusted_authorities", "require_cryptographic_holder_binding", "claims", "claim_sets"];
    private static readonly string[] ClaimMembers = ["id", "path", "values"];
    private static readonly string[] SetMembers = ["options", "required"];
    private static readonly string[] AuthorityTypes = ["aki", "etsi_tl", "openid_federation"];

    public static Result<DcqlQuery> Parse(JsonNode? json)
    {
        try
        {
            return ParseQuery(json);
        }
        catch (DcqlException ex)
        {
            return Result<DcqlQuery>.Failure(VerificationErrorCodes.InvalidDcqlQuery, "The DCQL query is invalid: " + ex.Message);
        }
    }

    private static DcqlQuery ParseQuery(JsonNode? json)
    {
        var obj = Object(json, "the query", QueryMembers);
        var credentials = List(obj["credentials"], "credentials", DcqlQuery.MaxCredentials, ParseCredential);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var c in credentials)
        {
            Require(ids.Add(c.Id), $"the credential query id '{c.Id}' is repeated");
        }

        IReadOnlyList<DcqlCredentialSet>? sets = null;
        if (obj.ContainsKey("credential_sets"))
        {
            sets = List(obj["credential_sets"], "credential_sets", MaxList, node =>
            {
                var set = Object(node, "a credential set", SetMembers);
                var options = List(set["options"], "options", MaxList, o => (IReadOnlyList<string>)List(o, "an option", MaxList, s => Id(s, "a credential id")));
                foreach (var id in options.SelectMany(o => o))
                {
                    Require(ids.Contains(id), $"a credential set names the undefined credential query '{id}'");
                }

                return new DcqlCredentialSet { Options = options, Required = !set.ContainsKey("required") || Bool(set["required"], "required") };
            });
        }

        return new DcqlQuery { Credentials = credentials, CredentialSets = sets };
    }

    private static DcqlCredentialQuery ParseCredential(JsonNode? node)
    {
        var obj = Object(node, "a credential query", CredentialMembers);
        string id = Id(obj["id"], "id");
        string format = String(obj["format"], "format");
        Require(format == DcqlCredentialQuery.SdJwtVcFormat, $"the format '{format}' is not supported (only {DcqlCredentialQuery.SdJwtVcFormat})");
        var meta = Object(obj["meta"], "meta", ["vct_values"]);
        var vct = List(meta["vct_values"], "vct_values", MaxList, n => String(n, "a vct value"));
        var claims = obj.ContainsKey("claims") ? List(obj["claims"], "claims", DcqlQuery.MaxClaims, ParseClaim) : null;
        IReadOnlyList<IReadOnlyList<string>>? claimSets = null;
        if (obj.ContainsKey("claim_sets"))
        {
            Require(claims is not null, "claim_sets needs claims");
            Require(claims!.All(c => c.Id is not null), "every claim needs an id when there are claim_sets");
            claimSets = List(obj["claim_sets"], "claim_sets", MaxList, s => (IReadOnlyList<string>)List(s, "a claim set", DcqlQuery.MaxClaims, i => Id(i, "a claim id")));
            foreach (var claimId in claimSets.SelectMany(s => s))
            {
                Require(claims!.Any(c => c.Id == claimId), $"a claim set names the undefined claim '{claimId}'");
            }
        }

        if (claims is not null)
        {
            var claimIds = new HashSet<string>(StringComparer.Ordinal);
            foreach (var c in claims.Where(c => c.Id is not null))
            {
                Require(claimIds.Add(c.Id!), $"the claim id '{c.Id}' is repeated");
            }
        }

        var authorities = obj.ContainsKey("trusted_authorities")
            ? List(obj["trusted_authorities"], "trusted_authorities", MaxList, a =>
            {
                var authority = Object(a, "a trusted authority", ["type", "values"]);
                string type = String(authority["type"], "type");
                Require(AuthorityTypes.Contains(type), $"the trusted authority type '{type}' is not one of {string.Join(", ", AuthorityTypes)}");
                return new DcqlTrustedAuthority(type, List(authority["values"], "values", MaxList, v => String(v, "a value")));
            })
            : null;
        return new DcqlCredentialQuery
        {
            Id = id,
            Format = format,
            Multiple = obj.ContainsKey("multiple") && Bool(obj["multiple"], "multiple"),
            VctValues = vct,
            Claims = claims,
            ClaimSets = claimSets,
            TrustedAuthorities = authorities,
            RequireCryptographicHolderBinding = !obj.ContainsKey("require_cryptographic_holder_binding") || Bool(obj["require_cryptographic_holder_binding"], "require_cryptographic_holder_binding"),
        };
    }

    private static DcqlClaimQuery ParseClaim(JsonNode? node)
    {
        var obj = Object(node, "a claims query", ClaimMembers);
        var path = DcqlClaimPath.Parse(obj["path"]);
        Require(path.Succeeded, "a claims path is a non-empty array of strings, non-negative integers and nulls");
        var values = obj.ContainsKey("values")
            ? List(obj["values"], "values", MaxList, v =>
            {
                Require(v is JsonValue value && (value.GetValueKind() is JsonValueKind.String or JsonValueKind.True or JsonValueKind.False
                    || DcqlClaimPath.TryGetInteger(value, out _)), "a claim value is a string, an integer or a boolean");
                if (v is JsonValue s && s.GetValueKind() == JsonValueKind.String)
                {
                    Require(s.GetValue<string>().Length <= MaxString, "a claim value is too long");
                }

                return (JsonValue)v!.DeepClone();
            })
            : null;
        return new DcqlClaimQuery { Id = obj.ContainsKey("id") ? Id(obj["id"], "a claim id") : null, Path = path.Value!, Values = values };
    }

    private static JsonObject Object(JsonNode? node, string what, string[] members)
    {
        Require(node is JsonObject, what + " is not an object");
        var obj = (JsonObject)node!;
        foreach (var (name, _) in obj)
        {
            Require(members.Contains(name), $"{what} has the unknown member '{name}'");
        }

        return obj;
    }

    private static List<T> List<T>(JsonNode? node, string what, int max, Func<JsonNode?, T> item)
    {
        Require(node is JsonArray { Count: > 0 } array && array.Count <= max, $"{what} is not an array of 1 to {max} entries");
        return ((JsonArray)node!).Select(item).ToList();
    }

    private static string String(JsonNode? node, string what)
    {
        Require(node is JsonValue v && v.GetValueKind() == JsonValueKind.String, what + " is not a string");
        var s = node!.GetValue<string>();
        Require(s.Length is > 0 and <= MaxString, what + " is empty or too long");
        return s;
    }

    private static string Id(JsonNode? node, string what)
    {
        var s = String(node, what);
        Require(s.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-'), what + " has characters other than letters, digits, _ and -");
        return s;
    }

    private static bool Bool(JsonNode? node, string what)
    {
        Require(node is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False, what + " is not a boolean");
        return node!.GetValue<bool>();
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new DcqlException(message);
        }
    }

    private sealed class DcqlException(string message) : Exception(message);
}
