// OpenID4VP 1.0 §7 (Claims Path Pointer): a non-empty array whose components are a string (an object
// member), null (every element of an array) or a non-negative integer (one element of an array).
using System.Text.Json.Nodes;

namespace Did.Sdk.Verification.Dcql;

/// <summary>A DCQL claims path pointer, and its selection over a credential's disclosed claims.</summary>
public sealed class DcqlClaimPath : IEquatable<DcqlClaimPath>
{
    /// <summary>The most components a path may have.</summary>
    public const int MaxComponents = 16;

    private readonly object?[] _components;

    private DcqlClaimPath(object?[] components) => _components = components;

    /// <summary>The components: <see cref="string"/> (member name), <see cref="int"/> (array index) or null (all elements).</summary>
    public IReadOnlyList<object?> Components => _components;

    /// <summary>A path of member names, e.g. <c>Of("address", "locality")</c>.</summary>
    /// <exception cref="ArgumentException">No component, or too many.</exception>
    public static DcqlClaimPath Of(params object?[] components)
    {
        ArgumentNullException.ThrowIfNull(components);
        if (components.Length is 0 or > MaxComponents || components.Any(c => c is not (null or string or int)) || components.Any(c => c is int i && i < 0))
        {
            throw new ArgumentException($"A claims path has 1 to {MaxComponents} components, each a string, a non-negative int or null.", nameof(components));
        }

        return new DcqlClaimPath((object?[])components.Clone());
    }

    /// <summary>Reads a path from its JSON form (an array). Fails with <c>invalidDcqlQuery</c>.</summary>
    public static Result<DcqlClaimPath> Parse(JsonNode? node)
    {
        if (node is not JsonArray array || array.Count is 0 or > MaxComponents)
        {
            return Result<DcqlClaimPath>.Failure(VerificationErrorCodes.InvalidDcqlQuery, $"A claims path is a non-empty array of at most {MaxComponents} components.");
        }

        var components = new object?[array.Count];
        for (int i = 0; i < array.Count; i++)
        {
            switch (array[i])
            {
                case null:
                    components[i] = null;
                    break;
                case JsonValue v when v.TryGetValue<string>(out var name):
                    components[i] = name;
                    break;
                case JsonValue v when TryGetInteger(v, out var index) && index is >= 0 and <= int.MaxValue:
                    components[i] = (int)index;
                    break;
                default:
                    return Result<DcqlClaimPath>.Failure(VerificationErrorCodes.InvalidDcqlQuery, "A claims path component is a string, a non-negative integer or null.");
            }
        }

        return new DcqlClaimPath(components);
    }

    /// <summary>
    /// The elements the path selects in <paramref name="claims"/> (OpenID4VP 1.0 §7.1), or null when
    /// processing aborts: a component meets the wrong type, or the selection becomes empty.
    /// </summary>
    public IReadOnlyList<JsonNode?>? Select(JsonNode claims)
    {
        ArgumentNullException.ThrowIfNull(claims);
        List<JsonNode?> selected = [claims];
        foreach (var component in _components)
        {
            var next = new List<JsonNode?>();
            foreach (var element in selected)
            {
                switch (component)
                {
                    case string name:
                        if (element is not JsonObject obj)
                        {
                            return null;
                        }

                        if (obj.TryGetPropertyValue(name, out var member))
                        {
                            next.Add(member);
                        }

                        break;
                    case int index:
                        if (element is not JsonArray indexed)
                        {
                            return null;
                        }

                        if (index < indexed.Count)
                        {
                            next.Add(indexed[index]);
                        }

                        break;
                    default:
                        if (element is not JsonArray all)
                        {
                            return null;
                        }

                        next.AddRange(all);
                        break;
                }
            }

            if (next.Count == 0)
            {
                return null;
            }

            selected = next;
        }

        return selected;
    }

    /// <summary>The JSON form (an array).</summary>
    public JsonArray ToJson() => new(_components.Select(c => c switch
    {
        string s => (JsonNode?)JsonValue.Create(s),
        int i => JsonValue.Create(i),
        _ => null,
    }).ToArray());

    /// <inheritdoc/>
    public bool Equals(DcqlClaimPath? other) => other is not null && _components.SequenceEqual(other._components);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as DcqlClaimPath);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var c in _components)
        {
            hash.Add(c);
        }

        return hash.ToHashCode();
    }

    /// <summary>The path as JSON, e.g. <c>["address","locality"]</c>.</summary>
    public override string ToString() => ToJson().ToJsonString();

    /// <summary>Reads a JSON number written as an integer (no fraction or exponent) that fits a long, whatever backs the node.</summary>
    internal static bool TryGetInteger(JsonValue value, out long integer)
    {
        integer = 0;
        return value.GetValueKind() == System.Text.Json.JsonValueKind.Number
            && long.TryParse(value.ToJsonString(), System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out integer);
    }
}
