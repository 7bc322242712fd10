// DID URL syntax: W3C DID Core 1.0 §3.2 (did-url = did path-abempty [ "?" query ] [ "#" fragment ]),
// with path, query and fragment from RFC 3986 §3.3–3.5. DID parameters: DID Core §3.2.1.
using System.Diagnostics.CodeAnalysis;

namespace Did.Sdk;

/// <summary>
/// An absolute DID URL: a <see cref="Did"/> followed by an optional path, query and fragment.
/// A plain DID is also a DID URL with empty path and no query or fragment.
/// </summary>
public sealed class DidUrl : IEquatable<DidUrl>
{
    /// <summary>The longest DID URL accepted, in characters. Longer input is <c>invalidDidUrl</c>.</summary>
    public const int MaxLength = 4096;

    private readonly string _value;
    private IReadOnlyDictionary<string, string>? _parameters;

    private DidUrl(string value, Did did, string path, string? query, string? fragment)
    {
        _value = value;
        Did = did;
        Path = path;
        Query = query;
        Fragment = fragment;
    }

    /// <summary>The DID this URL starts with.</summary>
    public Did Did { get; }

    /// <summary>The path including its leading '/', or the empty string.</summary>
    public string Path { get; }

    /// <summary>The query without its '?', or null when there is none.</summary>
    public string? Query { get; }

    /// <summary>The fragment without its '#', or null when there is none.</summary>
    public string? Fragment { get; }

    /// <summary>
    /// The query's parameters (<c>service</c>, <c>relativeRef</c>, <c>versionId</c>, <c>versionTime</c>,
    /// <c>hl</c>, …), percent-decoded. A repeated name keeps its first value.
    /// </summary>
    public IReadOnlyDictionary<string, string> Parameters => _parameters ??= ParseQuery(Query);

    /// <summary>True when the URL is a bare DID (no path, query or fragment).</summary>
    public bool IsDid => Path.Length == 0 && Query is null && Fragment is null;

    /// <summary>Parses an absolute DID URL; returns <c>invalidDidUrl</c> when it is not one.</summary>
    public static Result<DidUrl> Parse(string? value)
        => TryParse(value, out var url, out var reason)
            ? url
            : Result<DidUrl>.Failure(DidResolutionErrors.InvalidDidUrl, reason);

    /// <summary>Parses an absolute DID URL; false when <paramref name="value"/> is not one.</summary>
    public static bool TryParse([NotNullWhen(true)] string? value, [NotNullWhen(true)] out DidUrl? url)
        => TryParse(value, out url, out _);

    /// <summary>
    /// Resolves a DID URL that may be relative to <paramref name="baseDid"/> (<c>#key-1</c>,
    /// <c>?service=x</c>, <c>/path</c>), as DID documents use them, into an absolute DID URL.
    /// </summary>
    public static Result<DidUrl> Parse(string? value, Did baseDid)
    {
        ArgumentNullException.ThrowIfNull(baseDid);
        if (value is { Length: > 0 } && value[0] is '#' or '?' or '/')
        {
            return Parse(baseDid + value);
        }

        return Parse(value);
    }

    private static bool TryParse(string? value, [NotNullWhen(true)] out DidUrl? url, out string reason)
    {
        url = null;
        if (value is null)
        {
            reason = "The DID URL is null.";
            return false;
        }

        if (value.Length > MaxLength)
        {
            reason = $"The DID URL is longer than {MaxLength} characters.";
            return false;
        }

        var i = DidSyntax.ScanDid(value, 0, out reason, out var methodLength);
        if (i < 0)
        {
            return false;
        }

        if (i > Did.MaxLength)
        {
            reason = $"The DID of the URL is longer than {Did.MaxLength} characters.";
            return false;
        }

        var did = Did.FromValidated(value[..i], methodLength);
        var pathStart = i;
        while (i < value.Length && value[i] == '/')
        {
            i++;
            if (!ScanPChars(value, ref i, allowSlashAndQuestion: false, out reason))
            {
                return false;
            }
        }

        var path = value[pathStart..i];
        string? query = null;
        if (i < value.Length && value[i] == '?')
        {
            var qStart = ++i;
            if (!ScanPChars(value, ref i, allowSlashAndQuestion: true, out reason))
            {
                return false;
            }

            query = value[qStart..i];
        }

        string? fragment = null;
        if (i < value.Length && value[i] == '#')
        {
            var fStart = ++i;
            if (!ScanPChars(value, ref i, allowSlashAndQuestion: true, out reason))
            {
                return false;
            }

            fragment = value[fStart..i];
        }

        if (i != value.Length)
        {
            reason = $"Unexpected character '{Did.Printable(value[i])}' at position {i}.";
            return false;
        }

        url = new DidUrl(value, did, path, query, fragment);
        reason = string.Empty;
        return true;
    }

    private static bool ScanPChars(string s, ref int i, bool allowSlashAndQuestion, out string reason)
    {
        while (i < s.Length)
        {
            var c = s[i];
            if (DidSyntax.IsPChar(c) || (allowSlashAndQuestion && c is '/' or '?'))
            {
                i++;
            }
            else if (c == '%')
            {
                if (!DidSyntax.IsPctEncoded(s, i))
                {
                    reason = $"Bad percent-encoding at position {i}.";
                    return false;
                }

                i += 3;
            }
            else
            {
                break;
            }
        }

        reason = string.Empty;
        return true;
    }

    private static Dictionary<string, string> ParseQuery(string? query)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrEmpty(query))
        {
            return result;
        }

        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Uri.UnescapeDataString(eq < 0 ? pair : pair[..eq]);
            var value = eq < 0 ? string.Empty : Uri.UnescapeDataString(pair[(eq + 1)..]);
            result.TryAdd(name, value);
        }

        return result;
    }

    /// <inheritdoc />
    public override string ToString() => _value;

    /// <inheritdoc />
    public bool Equals(DidUrl? other) => other is not null && string.Equals(_value, other._value, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is DidUrl other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(_value);
}
