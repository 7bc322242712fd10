// DID syntax: W3C DID Core 1.0 §3.1 (ABNF: did, method-name, method-specific-id, idchar, pct-encoded).
using System.Diagnostics.CodeAnalysis;

namespace Did.Sdk;

/// <summary>
/// A decentralized identifier, <c>did:&lt;method&gt;:&lt;method-specific-id&gt;</c>, validated against the
/// DID Core ABNF. Two DIDs are equal when their strings are equal (ordinal).
/// </summary>
public sealed class Did : IEquatable<Did>
{
    /// <summary>The longest DID string accepted, in characters. Longer input is <c>invalidDid</c>.</summary>
    public const int MaxLength = 2048;

    private readonly string _value;

    private Did(string value, int methodLength)
    {
        _value = value;
        Method = value.Substring(4, methodLength);
        MethodSpecificId = value[(5 + methodLength)..];
    }

    /// <summary>The method name, for example <c>key</c> or <c>ethr</c>.</summary>
    public string Method { get; }

    /// <summary>The method-specific identifier (everything after the second colon).</summary>
    public string MethodSpecificId { get; }

    /// <summary>Parses a DID; returns <c>invalidDid</c> for anything that is not exactly a DID.</summary>
    public static Result<Did> Parse(string? value)
        => TryParse(value, out var did, out var reason)
            ? did
            : Result<Did>.Failure(DidResolutionErrors.InvalidDid, reason);

    /// <summary>Parses a DID; false when <paramref name="value"/> is not exactly a DID.</summary>
    public static bool TryParse([NotNullWhen(true)] string? value, [NotNullWhen(true)] out Did? did)
        => TryParse(value, out did, out _);

    private static bool TryParse(string? value, [NotNullWhen(true)] out Did? did, out string reason)
    {
        did = null;
        if (value is null)
        {
            reason = "The DID is null.";
            return false;
        }

        if (value.Length > MaxLength)
        {
            reason = $"The DID is longer than {MaxLength} characters.";
            return false;
        }

        var end = DidSyntax.ScanDid(value, 0, out reason, out var methodLength);
        if (end < 0)
        {
            return false;
        }

        if (end != value.Length)
        {
            reason = $"Unexpected character '{Printable(value[end])}' at position {end}: a DID has no path, query or fragment.";
            return false;
        }

        did = new Did(value, methodLength);
        return true;
    }

    internal static Did FromValidated(string value, int methodLength) => new(value, methodLength);

    internal static string Printable(char c) => c is >= ' ' and <= '~' ? c.ToString() : $"U+{(int)c:X4}";

    /// <inheritdoc />
    public override string ToString() => _value;

    /// <inheritdoc />
    public bool Equals(Did? other) => other is not null && string.Equals(_value, other._value, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Did other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(_value);

    /// <summary>Ordinal equality.</summary>
    public static bool operator ==(Did? left, Did? right) => left is null ? right is null : left.Equals(right);

    /// <summary>Ordinal inequality.</summary>
    public static bool operator !=(Did? left, Did? right) => !(left == right);
}

/// <summary>The character-level scanners of the DID Core and RFC 3986 grammars.</summary>
internal static class DidSyntax
{
    /// <summary>
    /// Scans a DID starting at <paramref name="start"/>; returns the index after it, or -1 with a reason.
    /// </summary>
    public static int ScanDid(string s, int start, out string reason, out int methodLength)
    {
        methodLength = 0;
        if (!s.AsSpan(start).StartsWith("did:", StringComparison.Ordinal))
        {
            reason = "A DID starts with 'did:'.";
            return -1;
        }

        var i = start + 4;
        var methodStart = i;
        while (i < s.Length && (s[i] is >= 'a' and <= 'z' || char.IsAsciiDigit(s[i])))
        {
            i++;
        }

        methodLength = i - methodStart;
        if (methodLength == 0)
        {
            reason = "The method name is empty or has characters other than a-z and 0-9.";
            return -1;
        }

        if (i >= s.Length || s[i] != ':')
        {
            reason = i >= s.Length
                ? "The DID has no method-specific identifier."
                : $"Unexpected character '{Did.Printable(s[i])}' in the method name (only a-z and 0-9).";
            return -1;
        }

        i++;
        var idStart = i;
        var lastWasColon = true;
        while (i < s.Length)
        {
            var c = s[i];
            if (IsIdChar(c))
            {
                lastWasColon = false;
                i++;
            }
            else if (c == '%')
            {
                if (!IsPctEncoded(s, i))
                {
                    reason = $"Bad percent-encoding at position {i}.";
                    return -1;
                }

                lastWasColon = false;
                i += 3;
            }
            else if (c == ':')
            {
                lastWasColon = true;
                i++;
            }
            else
            {
                break;
            }
        }

        if (i == idStart || lastWasColon)
        {
            reason = i == idStart
                ? "The method-specific identifier is empty."
                : "The method-specific identifier ends with ':'.";
            return -1;
        }

        reason = string.Empty;
        return i;
    }

    public static bool IsIdChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_';

    public static bool IsPctEncoded(string s, int i)
        => i + 2 < s.Length && s[i] == '%' && char.IsAsciiHexDigit(s[i + 1]) && char.IsAsciiHexDigit(s[i + 2]);

    // RFC 3986 pchar = unreserved / pct-encoded / sub-delims / ":" / "@" (pct-encoded handled by caller).
    public static bool IsPChar(char c)
        => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~'
            or '!' or '$' or '&' or '\'' or '(' or ')' or '*' or '+' or ',' or ';' or '='
            or ':' or '@';
}
