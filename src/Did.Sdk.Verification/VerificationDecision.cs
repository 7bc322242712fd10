using System.Text.Json.Nodes;

namespace Did.Sdk.Verification;

/// <summary>
/// The answer of <see cref="PresentationVerifier.VerifyAsync"/>: accepted, rejected or pending; the disclosed
/// claims; issuer and holder; every check made, in order; and the ledger states it rests on.
/// </summary>
public sealed record VerificationDecision
{
    /// <summary>Accepted, rejected or pending.</summary>
    public required DecisionOutcome Outcome { get; init; }

    /// <summary>True when accepted.</summary>
    public bool Accepted => Outcome == DecisionOutcome.Accepted;

    /// <summary>Why it was rejected (or is pending): the first check that did not pass. Null when accepted.</summary>
    public SdkError? Error { get; init; }

    /// <summary>The credentials that verified, by credential query.</summary>
    public IReadOnlyList<VerifiedCredential> Credentials { get; init; } = [];

    /// <summary>The disclosed claims of the first credential (the one rules read by default), or null.</summary>
    public JsonObject? Claims => Credentials.Count > 0 ? Credentials[0].Claims : null;

    /// <summary>The first credential's issuer DID.</summary>
    public string? Issuer => Credentials.Count > 0 ? Credentials[0].Issuer : null;

    /// <summary>The first credential's holder DID.</summary>
    public string? Holder => Credentials.Count > 0 ? Credentials[0].Holder : null;

    /// <summary>Every check made, in order.</summary>
    public required IReadOnlyList<VerificationCheck> Checks { get; init; }

    /// <summary>The ledger states the decision rests on.</summary>
    public IReadOnlyList<VerificationEvidence> Evidence { get; init; } = [];

    /// <summary>
    /// The decision as JSON: <c>{decision, valid, claims, issuer, holder, credentials, checks:[{name, passed,
    /// outcome, code, detail}], evidence, error}</c> (what the CLI prints and the web API answers).
    /// </summary>
    public JsonObject ToJson()
    {
        var json = new JsonObject
        {
            ["decision"] = Outcome.ToString().ToLowerInvariant(),
            ["valid"] = Accepted,
            ["claims"] = Claims?.DeepClone(),
            ["issuer"] = Issuer,
            ["holder"] = Holder,
            ["credentials"] = new JsonArray(Credentials.Select(c => (JsonNode?)new JsonObject
            {
                ["id"] = c.QueryId,
                ["vct"] = c.Vct,
                ["issuer"] = c.Issuer,
                ["holder"] = c.Holder,
                ["claimSet"] = c.ClaimSet,
                ["claims"] = c.Claims.DeepClone(),
            }).ToArray()),
            ["checks"] = new JsonArray(Checks.Select(c => (JsonNode?)new JsonObject
            {
                ["name"] = c.Name,
                ["passed"] = c.Passed,
                ["outcome"] = c.Outcome.ToString().ToLowerInvariant(),
                ["code"] = c.Code,
                ["detail"] = c.Detail,
            }).ToArray()),
            ["evidence"] = new JsonArray(Evidence.Select(e => (JsonNode?)new JsonObject
            {
                ["kind"] = e.Kind,
                ["did"] = e.Did,
                ["chainId"] = e.ChainId,
                ["blockNumber"] = e.BlockNumber,
                ["blockHash"] = e.BlockHash,
                ["finality"] = e.Finality,
                ["method"] = e.Method,
            }).ToArray()),
            ["error"] = Error is null ? null : new JsonObject { ["code"] = Error.Code, ["message"] = Error.Message },
        };
        return json;
    }
}
