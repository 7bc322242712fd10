// RFC 3986 §3 grammar checks for the fields EIP-4361's ABNF takes from it (URI, authority, pchar), so the
// SIWE parser accepts exactly the texts the ABNF does: System.Uri is laxer (spaces, non-ASCII, control
// characters) and stricter (an empty authority) than the grammar.
namespace Did.Sdk.SocialToken;

internal static class Rfc3986
{
    private const string SubDelims = "!$&'()*+,;=";

    public static bool IsUnreserved(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~';

    public static bool IsReserved(char c) => c is ':' or '/' or '?' or '#' or '[' or ']' or '@' || SubDelims.Contains(c, StringComparison.Ordinal);

    /// <summary>URI = scheme ":" hier-part [ "?" query ] [ "#" fragment ].</summary>
    public static bool IsUri(ReadOnlySpan<char> text)
    {
        int colon = text.IndexOf(':');
        if (colon <= 0 || !IsScheme(text[..colon]))
        {
            return false;
        }

        var rest = text[(colon + 1)..];
        int hash = rest.IndexOf('#');
        if (hash >= 0)
        {
            if (!IsQueryOrFragment(rest[(hash + 1)..]))
            {
                return false;
            }

            rest = rest[..hash];
        }

        int question = rest.IndexOf('?');
        if (question >= 0)
        {
            if (!IsQueryOrFragment(rest[(question + 1)..]))
            {
                return false;
            }

            rest = rest[..question];
        }

        if (rest.StartsWith("//"))
        {
            rest = rest[2..];
            int slash = rest.IndexOf('/');
            var authority = slash < 0 ? rest : rest[..slash];
            return IsAuthority(authority, allowEmptyHost: true) && IsPath(slash < 0 ? [] : rest[slash..]);
        }

        return IsPath(rest);
    }

    /// <summary>authority = [ userinfo "@" ] host [ ":" port ].</summary>
    public static bool IsAuthority(ReadOnlySpan<char> text, bool allowEmptyHost = false)
    {
        int at = text.LastIndexOf('@');
        if (at >= 0)
        {
            foreach (var c in text[..at])
            {
                if (!(IsUnreserved(c) || SubDelims.Contains(c, StringComparison.Ordinal) || c is ':' || c is '%'))
                {
                    return false;
                }
            }

            if (!IsPercentEncodingValid(text[..at]))
            {
                return false;
            }

            text = text[(at + 1)..];
        }

        ReadOnlySpan<char> host;
        if (text.StartsWith("["))
        {
            int close = text.IndexOf(']');
            if (close < 0 || !System.Net.IPAddress.TryParse(text[1..close], out var ip) || ip.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6 || text[1..close].Contains('%'))
            {
                return false;
            }

            host = text[..(close + 1)];
            text = text[(close + 1)..];
        }
        else
        {
            int portColon = text.IndexOf(':');
            host = portColon < 0 ? text : text[..portColon];
            text = portColon < 0 ? [] : text[portColon..];
            foreach (var c in host)
            {
                if (!(IsUnreserved(c) || SubDelims.Contains(c, StringComparison.Ordinal) || c is '%'))
                {
                    return false;
                }
            }

            if (!IsPercentEncodingValid(host))
            {
                return false;
            }
        }

        if (host.IsEmpty && !allowEmptyHost)
        {
            return false;
        }

        if (text.IsEmpty)
        {
            return true;
        }

        // ":" port, port = *DIGIT
        foreach (var c in text[1..])
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return text[0] == ':';
    }

    /// <summary>*pchar, pchar = unreserved / pct-encoded / sub-delims / ":" / "@".</summary>
    public static bool IsPchars(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!IsPchar(c))
            {
                return false;
            }
        }

        return IsPercentEncodingValid(text);
    }

    private static bool IsPchar(char c) => IsUnreserved(c) || SubDelims.Contains(c, StringComparison.Ordinal) || c is ':' or '@' or '%';

    private static bool IsScheme(ReadOnlySpan<char> text)
    {
        if (!char.IsAsciiLetter(text[0]))
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.'))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsPath(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!(IsPchar(c) || c == '/'))
            {
                return false;
            }
        }

        return IsPercentEncodingValid(text);
    }

    private static bool IsQueryOrFragment(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!(IsPchar(c) || c is '/' or '?'))
            {
                return false;
            }
        }

        return IsPercentEncodingValid(text);
    }

    // pct-encoded = "%" HEXDIG HEXDIG
    private static bool IsPercentEncodingValid(ReadOnlySpan<char> text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] == '%' && (i + 2 >= text.Length || !char.IsAsciiHexDigit(text[i + 1]) || !char.IsAsciiHexDigit(text[i + 2])))
            {
                return false;
            }
        }

        return true;
    }
}
