// JSON text helpers for disclosures and payloads.
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Did.Sdk.SdJwt;

/// <summary>How the issuer writes disclosure and payload JSON.</summary>
internal enum SdJwtJsonStyle
{
    /// <summary>Minimal JSON, non-ASCII kept as UTF-8.</summary>
    Compact,

    /// <summary>The layout of Python's <c>json.dumps(ensure_ascii=False)</c> (", " and ": " separators), as the RFC 9901 examples use.</summary>
    Spaced,

    /// <summary>As <see cref="Spaced"/> with non-ASCII escaped (<c>ensure_ascii=True</c>), as most RFC 9901 examples use.</summary>
    SpacedAscii,
}

internal static class SdJwtJson
{
    private static readonly JsonSerializerOptions CompactOptions = new()
    {
        WriteIndented = false,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Write(JsonNode? node, SdJwtJsonStyle style)
    {
        if (style == SdJwtJsonStyle.Compact)
        {
            return node is null ? "null" : node.ToJsonString(CompactOptions);
        }

        var sb = new StringBuilder();
        WriteSpaced(node, sb, style == SdJwtJsonStyle.SpacedAscii);
        return sb.ToString();
    }

    private static void WriteSpaced(JsonNode? node, StringBuilder sb, bool ascii)
    {
        switch (node)
        {
            case null:
                sb.Append("null");
                break;
            case JsonObject obj:
                sb.Append('{');
                bool first = true;
                foreach (var (name, value) in obj)
                {
                    if (!first)
                    {
                        sb.Append(", ");
                    }

                    first = false;
                    WriteString(name, sb, ascii);
                    sb.Append(": ");
                    WriteSpaced(value, sb, ascii);
                }

                sb.Append('}');
                break;
            case JsonArray arr:
                sb.Append('[');
                for (int i = 0; i < arr.Count; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(", ");
                    }

                    WriteSpaced(arr[i], sb, ascii);
                }

                sb.Append(']');
                break;
            default:
                var scalar = (JsonValue)node;
                if (scalar.GetValueKind() == JsonValueKind.String)
                {
                    WriteString(scalar.GetValue<string>(), sb, ascii);
                }
                else
                {
                    sb.Append(scalar.ToJsonString());
                }

                break;
        }
    }

    private static void WriteString(string s, StringBuilder sb, bool ascii)
    {
        sb.Append('"');
        foreach (char c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                default:
                    if (c < 0x20 || (ascii && c > 0x7e))
                    {
                        sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        sb.Append('"');
    }
}
