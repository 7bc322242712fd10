// The DAO tool's signed statements (eligibility receipts, snapshot roots) are one kind of thing: a compact
// JWS of a fixed typ over a JSON payload naming its issuer (iss), signed by a key of that DID. Verifying one
// is the same steps whatever the payload: the typ and a kid, the payload's shape, the kid belonging to iss,
// then the signature by that key as an assertionMethod of the DID, resolved at the finality asked.
using System.Text;
using System.Text.Json.Nodes;
using Did.Sdk.Jose;
using Did.Sdk.Methods;

namespace Did.Sdk.Dao;

internal static class DidSignedStatement
{
    public static string Sign(JsonObject payload, SigningKey key, string type, string keyId)
        => Jws.Sign(Encoding.UTF8.GetBytes(payload.ToJsonString()), key, type, keyId);

    // parse: the payload's strict parse (its failures returned as they are); issuer: the parsed statement's
    // iss; invalid: the statement kind's typed failure for a reason.
    public static async ValueTask<Result<T>> VerifyAsync<T>(
        string? statement,
        string type,
        int maxLength,
        Func<ReadOnlyMemory<byte>, Result<T>> parse,
        Func<T, string> issuer,
        Func<string, Result<T>> invalid,
        DidSignatureVerifier verifier,
        Finality? finality,
        CancellationToken cancellationToken)
        where T : notnull
    {
        ArgumentNullException.ThrowIfNull(verifier);
        var decoded = Jws.Decode(statement ?? string.Empty, maxLength);
        if (!decoded.Succeeded || decoded.Value.Type != type || decoded.Value.KeyId is not { } kid)
        {
            return invalid("it is not a compact JWS of type " + type + " with a kid");
        }

        var parsed = parse(decoded.Value.Payload);
        if (!parsed.Succeeded)
        {
            return parsed;
        }

        if (!DidUrl.TryParse(kid, out var kidUrl) || kidUrl.Did.ToString() != issuer(parsed.Value))
        {
            return invalid("its kid is not a key of its issuer");
        }

        var signed = await verifier.VerifyAsync(decoded.Value, kid, new DidSignatureRequest { Relationship = VerificationRelationship.AssertionMethod, Finality = finality }, cancellationToken).ConfigureAwait(false);
        return signed.Succeeded ? parsed : signed.Error;
    }
}
