using System.Text.Json;
using System.Text.Json.Serialization;

namespace Did.Sdk.Json;

/// <summary>Reads and writes <see cref="DidDateTime"/> strings.</summary>
internal sealed class DidDateTimeConverter : JsonConverter<DateTimeOffset?>
{
    public override bool HandleNull => false;

    public override DateTimeOffset? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException("A DID datetime must be a string.");
        }

        return DidDateTime.TryParse(reader.GetString(), out var value) ? value : throw new JsonException("Not a DID Core datetime.");
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset? value, JsonSerializerOptions options)
        => writer.WriteStringValue(DidDateTime.Format(value!.Value));
}
