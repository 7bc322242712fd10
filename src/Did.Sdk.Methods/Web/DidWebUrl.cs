// did:web: W3C CCG "did:web Method Specification" §3.2 "DID to HTTPS URL transformation":
// ':' separates path segments, the port's ':' is percent-encoded (%3A), no path gives
// /.well-known/did.json, a path gives /<path>/did.json; the host must be a domain name, not an IP address.
namespace Did.Sdk.Methods;

/// <summary>The did:web DID → HTTPS URL transformation.</summary>
public static class DidWebUrl
{
    /// <summary>
    /// The URL of the DID document of a did:web DID, for example <c>did:web:example.com%3A3000:user:alice</c>
    /// → <c>https://example.com:3000/user/alice/did.json</c>. Fails with <c>invalidDid</c> when the
    /// host is not a domain name (IP addresses are not allowed), the port is not 1–65535, or a path
    /// segment is empty or decodes to a character that would change the URL's structure.
    /// </summary>
    public static Result<Uri> GetDocumentUrl(Did did) => GetDocumentUrl(did, "https");

    internal static Result<Uri> GetDocumentUrl(Did did, string scheme)
    {
        ArgumentNullException.ThrowIfNull(did);
        if (did.Method != "web")
        {
            return Invalid($"{did} is not a did:web.");
        }

        var segments = did.MethodSpecificId.Split(':');
        var authority = segments[0];
        string host = authority;
        int? port = null;
        var pct = authority.IndexOf('%', StringComparison.Ordinal);
        if (pct >= 0)
        {
            if (!authority.AsSpan(pct).StartsWith("%3A", StringComparison.OrdinalIgnoreCase))
            {
                return Invalid("Only the port separator may be percent-encoded (%3A) in the did:web host.");
            }

            host = authority[..pct];
            var portText = authority[(pct + 3)..];
            if (portText.Length is < 1 or > 5 || !portText.All(char.IsAsciiDigit) || portText[0] == '0'
                || int.Parse(portText, System.Globalization.CultureInfo.InvariantCulture) is < 1 or > 65535)
            {
                return Invalid("The did:web port must be a number from 1 to 65535.");
            }

            port = int.Parse(portText, System.Globalization.CultureInfo.InvariantCulture);
        }

        var hostError = CheckHost(host);
        if (hostError is not null)
        {
            return Invalid(hostError);
        }

        var path = "/.well-known/did.json";
        if (segments.Length > 1)
        {
            var builder = new System.Text.StringBuilder();
            foreach (var segment in segments.AsSpan(1))
            {
                string decoded;
                try
                {
                    decoded = Uri.UnescapeDataString(segment);
                }
                catch (UriFormatException)
                {
                    return Invalid("A did:web path segment has bad percent-encoding.");
                }

                if (decoded.Length == 0 || decoded is "." or ".." || decoded.Any(c => c is '/' or '\\' or '?' or '#' || char.IsControl(c)))
                {
                    return Invalid("A did:web path segment is empty, '.', '..', or contains '/', '\\', '?', '#' or a control character.");
                }

                builder.Append('/').Append(Uri.EscapeDataString(decoded));
            }

            path = builder.Append("/did.json").ToString();
        }

        var text = scheme + "://" + host.ToLowerInvariant() + (port is { } p ? ":" + p.ToString(System.Globalization.CultureInfo.InvariantCulture) : string.Empty) + path;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri))
        {
            return Invalid("The did:web DID does not give a valid URL.");
        }

        // URL parsers read forms such as '123' or '0x7f000001' as IPv4 addresses; did:web forbids IP addresses.
        return uri.HostNameType == UriHostNameType.Dns ? uri : Invalid("The did:web host is read as an IP address by URL parsers; did:web requires a domain name.");
    }

    private static string? CheckHost(string host)
    {
        if (host.Length is < 1 or > 253)
        {
            return "The did:web host is empty or longer than 253 characters.";
        }

        var labels = host.Split('.');
        foreach (var label in labels)
        {
            if (label.Length is < 1 or > 63 || label[0] == '-' || label[^1] == '-' || !label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
            {
                return $"The did:web host '{host}' is not a domain name (labels of letters, digits and inner hyphens).";
            }
        }

        // An IPv4 literal is four numeric labels; did:web forbids IP addresses (IPv6 cannot be written in a DID).
        if (labels.Length == 4 && labels.All(l => l.All(char.IsAsciiDigit)))
        {
            return "The did:web host is an IP address; did:web requires a domain name.";
        }

        return null;
    }

    private static Result<Uri> Invalid(string message) => Result<Uri>.Failure(DidResolutionErrors.InvalidDid, message);
}
