using System.Text.Json;
using System.Text.Json.Serialization;

namespace Did.Sdk.Json;

/// <summary>Source-generated JSON metadata for the Core data model.</summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    AllowDuplicateProperties = false,
    MaxDepth = StrictJson.MaxDepth,
    ReadCommentHandling = JsonCommentHandling.Disallow,
    AllowTrailingCommas = false,
    NumberHandling = JsonNumberHandling.Strict,
    RespectNullableAnnotations = true)]
[JsonSerializable(typeof(DidDocument))]
[JsonSerializable(typeof(DidResolutionResult))]
[JsonSerializable(typeof(DidResolutionMetadata))]
[JsonSerializable(typeof(DidDocumentMetadata))]
[JsonSerializable(typeof(DidDereferencingResult))]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(VerificationMethod))]
[JsonSerializable(typeof(Service))]
[JsonSerializable(typeof(string))]
public sealed partial class CoreJsonContext : JsonSerializerContext
{
    private static CoreJsonContext? s_indented;

    /// <summary>The same metadata with indented output, for people and the CLI.</summary>
    public static CoreJsonContext Indented => s_indented ??= new CoreJsonContext(new JsonSerializerOptions(Default.Options)
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
