// Claims paths, draft-ietf-oauth-sd-jwt-vc §9 (claim path pointers): strings select object members,
// non-negative integers select array elements, null selects every element of an array.
using System.Text.Json;
using System.Text.Json.Nodes;
using Did.Sdk.Json;

namespace Did.Sdk.SdJwt;

/// <summary>
/// A claims path such as <c>["address","locality"]</c>, <c>["nationalities", 1]</c> or
/// <c>["nationalities", null]</c> (every element).
/// </summary>
public sealed class SdJwtClaimPath : IEquatable<SdJwtClaimPath>
{
    private readonly object?[] _elements;

    private SdJwtClaimPath(object?[] elements) => _elements = elements;

    /// <summary>The elements: <see cref="string"/>, <see cref="int"/> or null.</summary>
    public IReadOnlyList<object?> Elements => _elements;

    /// <summary>The number of elements.</summary>
    public int Count => _elements.Length;

    /// <summary>Creates a path from strings, non-negative integers and nulls.</summary>
    /// <exception cref="ArgumentException">The path is empty or has an element of another type or a negative index.</exception>
    public static SdJwtClaimPath Create(params object?[] elements)
    {
        ArgumentNullException.ThrowIfNull(elements);
        if (elements.Length == 0)
        {
            throw new ArgumentException("A claims path is not empty.", nameof(elements));
        }

        foreach (var e in elements)
        {
            if (e is not (null or string or int) || e is int i && i < 0)
            {
                throw new ArgumentException("A claims path element is a string, a non-negative integer or null.", nameof(elements));
            }
        }

        return new SdJwtClaimPath((object?[])elements.Clone());
    }

    /// <summary>Parses a JSON array path such as <c>["address","locality"]</c>; fails with <c>invalidJson</c>.</summary>
    public static Result<SdJwtClaimPath> Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var node = StrictJson.ParseNode(json);
        if (!node.Succeeded)
        {
            return node.Error;
        }

        if (node.Value is not JsonArray array || array.Count == 0)
        {
            return Result<SdJwtClaimPath>.Failure(ErrorCodes.InvalidJson, "A claims path is a non-empty JSON array.");
        }

        var elements = new object?[array.Count];
        for (int k = 0; k < array.Count; k++)
        {
            switch (array[k])
            {
                case null:
                    elements[k] = null;
                    break;
                case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                    elements[k] = v.GetValue<string>();
                    break;
                case JsonValue v when v.GetValueKind() == JsonValueKind.Number && v.TryGetValue(out int index) && index >= 0:
                    elements[k] = index;
                    break;
                default:
                    return Result<SdJwtClaimPath>.Failure(ErrorCodes.InvalidJson, "A claims path element is a string, a non-negative integer or null.");
            }
        }

        return new SdJwtClaimPath(elements);
    }

    /// <summary>True when this path (with null wildcards) selects the concrete path <paramref name="concrete"/>.</summary>
    internal bool Matches(IReadOnlyList<object> concrete)
    {
        if (concrete.Count != _elements.Length)
        {
            return false;
        }

        return IsPrefixOf(concrete);
    }

    /// <summary>True when this path's first elements select the first elements of <paramref name="concrete"/>.</summary>
    internal bool IsPrefixOf(IReadOnlyList<object> concrete)
    {
        if (concrete.Count > _elements.Length)
        {
            return false;
        }

        for (int k = 0; k < concrete.Count; k++)
        {
            var e = _elements[k];
            var c = concrete[k];
            bool ok = e switch
            {
                null => c is int,
                string s => c is string cs && cs == s,
                int i => c is int ci && ci == i,
                _ => false,
            };
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The JSON form, for example <c>["address","locality"]</c>.</summary>
    public override string ToString()
    {
        var array = new JsonArray();
        foreach (var e in _elements)
        {
            array.Add(e switch { string s => JsonValue.Create(s), int i => JsonValue.Create(i), _ => null });
        }

        return array.ToJsonString();
    }

    /// <inheritdoc />
    public bool Equals(SdJwtClaimPath? other) => other is not null && _elements.SequenceEqual(other._elements);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as SdJwtClaimPath);

    /// <inheritdoc />
    public override int GetHashCode() => ToString().GetHashCode(StringComparison.Ordinal);
}
