// Validation of the processed SD-JWT VC payload against the JSON Schema of its type (vct),
// draft-ietf-oauth-sd-jwt-vc §6 (type metadata); schemas are trusted configuration, not input.
using System.Text.Json.Nodes;
using NJsonSchema;

namespace Did.Sdk.SdJwt;

/// <summary>The JSON Schema of one credential type (<c>vct</c>), used by the verifier on the disclosed claims.</summary>
public sealed class SdJwtTypeSchema
{
    private readonly JsonSchema _schema;

    private SdJwtTypeSchema(string vct, JsonSchema schema)
    {
        Vct = vct;
        _schema = schema;
    }

    /// <summary>The credential type the schema applies to.</summary>
    public string Vct { get; }

    /// <summary>
    /// Loads a schema (JSON Schema draft-07) for <paramref name="vct"/>. The schema is configuration:
    /// load it from a file you control. Fails with <c>invalidJson</c> when it cannot be read.
    /// </summary>
    public static async Task<Result<SdJwtTypeSchema>> LoadAsync(string vct, string schemaJson, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(vct);
        ArgumentNullException.ThrowIfNull(schemaJson);
        try
        {
            var schema = await JsonSchema.FromJsonAsync(schemaJson, cancellationToken).ConfigureAwait(false);
            return new SdJwtTypeSchema(vct, schema);
        }
        catch (Newtonsoft.Json.JsonException ex)
        {
            return Result<SdJwtTypeSchema>.Failure(ErrorCodes.InvalidJson, "The schema is not valid JSON Schema: " + ex.Message);
        }
    }

    /// <summary>Null when <paramref name="claims"/> satisfy the schema, else a <c>schemaValidationFailed</c> error naming the first violations.</summary>
    public SdkError? Validate(JsonObject claims)
    {
        ArgumentNullException.ThrowIfNull(claims);
        var errors = _schema.Validate(claims.ToJsonString());
        if (errors.Count == 0)
        {
            return null;
        }

        string summary = string.Join("; ", errors.Take(5).Select(e => e.Path + ": " + e.Kind));
        return new SdkError(SdJwtErrorCodes.SchemaValidationFailed, $"The claims do not satisfy the schema of {Vct}: {summary}");
    }
}
