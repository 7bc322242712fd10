using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Did.Sdk.Json;

/// <summary>Reads a string or an array of strings; writes one string as a string, more as an array.</summary>
internal sealed class StringOrArrayConverter : JsonConverter<IReadOnlyList<string>>
{
    public override IReadOnlyList<string>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return [reader.GetString()!];
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException("Expected a string or an array of strings.");
        }

        var list = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.String)
            {
                throw new JsonException("Expected an array of strings.");
            }

            list.Add(reader.GetString()!);
        }

        return list;
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<string> value, JsonSerializerOptions options)
    {
        if (value.Count == 1)
        {
            writer.WriteStringValue(value[0]);
            return;
        }

        writer.WriteStartArray();
        foreach (var item in value)
        {
            writer.WriteStringValue(item);
        }

        writer.WriteEndArray();
    }
}

/// <summary>Reads a verification relationship entry: a string reference or an embedded method.</summary>
internal sealed class VerificationMethodReferenceConverter : JsonConverter<VerificationMethodReference>
{
    public override VerificationMethodReference? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                var reference = reader.GetString();
                if (string.IsNullOrEmpty(reference))
                {
                    throw new JsonException("A verification method reference is empty.");
                }

                return new VerificationMethodReference(reference);
            case JsonTokenType.StartObject:
                var info = (JsonTypeInfo<VerificationMethod>)options.GetTypeInfo(typeof(VerificationMethod));
                var method = JsonSerializer.Deserialize(ref reader, info)
                    ?? throw new JsonException("An embedded verification method is null.");
                return new VerificationMethodReference(method);
            default:
                throw new JsonException("A verification relationship entry must be a string or an object.");
        }
    }

    public override void Write(Utf8JsonWriter writer, VerificationMethodReference value, JsonSerializerOptions options)
    {
        if (value.Embedded is { } embedded)
        {
            var info = (JsonTypeInfo<VerificationMethod>)options.GetTypeInfo(typeof(VerificationMethod));
            JsonSerializer.Serialize(writer, embedded, info);
        }
        else
        {
            writer.WriteStringValue(value.Reference);
        }
    }
}
