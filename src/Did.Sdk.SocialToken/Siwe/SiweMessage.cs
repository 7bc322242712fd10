// Sign-In with Ethereum, EIP-4361 §"Message Format" (ABNF): the exact text a wallet signs with
// personal_sign (EIP-191). Parsing is strict: one accepted text per message, so what a user saw is
// what was verified.
using System.Globalization;
using System.Text;
using Did.Sdk.Ethereum;

namespace Did.Sdk.SocialToken;

/// <summary>An EIP-4361 message: what a wallet signs to prove control of its address to a domain.</summary>
public sealed partial record SiweMessage
{
    private const string Header = " wants you to sign in with your Ethereum account:";

    /// <summary>The longest message parsed (the messages a wallet shows are short).</summary>
    public const int MaxLength = 8 * 1024;

    /// <summary>The RFC 3986 authority asking for the signature (for example <c>issuer.example</c>).</summary>
    public required string Domain { get; init; }

    /// <summary>The URI scheme before the domain, when the message carries one.</summary>
    public string? Scheme { get; init; }

    /// <summary>The signing account (EIP-55 checksummed in the text).</summary>
    public required EthereumAddress Address { get; init; }

    /// <summary>A human-readable assertion the user signs, or null.</summary>
    public string? Statement { get; init; }

    /// <summary>The RFC 3986 URI of the resource the sign-in is for.</summary>
    public required string Uri { get; init; }

    /// <summary>The message version (<c>1</c>).</summary>
    public string Version { get; init; } = "1";

    /// <summary>The EIP-155 chain id the session is for.</summary>
    public required ulong ChainId { get; init; }

    /// <summary>The nonce (at least 8 alphanumerics) that the relying party issued, against replay.</summary>
    public required string Nonce { get; init; }

    /// <summary>When the message was made.</summary>
    public required DateTimeOffset IssuedAt { get; init; }

    /// <summary>When the signed message stops being valid, or null.</summary>
    public DateTimeOffset? ExpirationTime { get; init; }

    /// <summary>When the signed message becomes valid, or null.</summary>
    public DateTimeOffset? NotBefore { get; init; }

    /// <summary>A system-specific request id, or null.</summary>
    public string? RequestId { get; init; }

    /// <summary>URIs the user wants resolved as part of the sign-in (here: the DID the wallet belongs to).</summary>
    public IReadOnlyList<string> Resources { get; init; } = [];

    /// <summary>The exact text to sign (EIP-4361 ABNF).</summary>
    /// <exception cref="ArgumentException">A field cannot be written (a line break in a field, a short nonce).</exception>
    public override string ToString()
    {
        Check(Domain, nameof(Domain));
        Check(Uri, nameof(Uri));
        if (Statement is not null)
        {
            Check(Statement, nameof(Statement));
        }

        if (Nonce.Length < 8 || !Nonce.All(char.IsAsciiLetterOrDigit))
        {
            throw new ArgumentException("The nonce is at least 8 ASCII letters or digits.", nameof(Nonce));
        }

        var text = new StringBuilder();
        text.Append(Scheme is null ? string.Empty : Scheme + "://").Append(Domain).Append(Header).Append('\n')
            .Append(Address).Append('\n').Append('\n');
        if (Statement is not null)
        {
            text.Append(Statement).Append('\n');
        }

        text.Append('\n')
            .Append("URI: ").Append(Uri).Append('\n')
            .Append("Version: ").Append(Version).Append('\n')
            .Append("Chain ID: ").Append(ChainId.ToString(CultureInfo.InvariantCulture)).Append('\n')
            .Append("Nonce: ").Append(Nonce).Append('\n')
            .Append("Issued At: ").Append(Format(IssuedAt));
        if (ExpirationTime is { } expiration)
        {
            text.Append('\n').Append("Expiration Time: ").Append(Format(expiration));
        }

        if (NotBefore is { } notBefore)
        {
            text.Append('\n').Append("Not Before: ").Append(Format(notBefore));
        }

        if (RequestId is not null)
        {
            Check(RequestId, nameof(RequestId));
            text.Append('\n').Append("Request ID: ").Append(RequestId);
        }

        if (Resources.Count > 0)
        {
            text.Append('\n').Append("Resources:");
            foreach (var resource in Resources)
            {
                Check(resource, nameof(Resources));
                text.Append('\n').Append("- ").Append(resource);
            }
        }

        return text.ToString();
    }

    /// <summary>
    /// Parses an EIP-4361 message. Fails with <c>invalidSiweMessage</c> for anything that is not exactly the
    /// ABNF's form: a wrong line, a missing field, an address that is not EIP-55 checksummed, a short nonce,
    /// a bad timestamp, text after the last field, or more than <see cref="MaxLength"/> characters.
    /// </summary>
    public static Result<SiweMessage> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > MaxLength)
        {
            return Invalid($"The message is longer than {MaxLength} characters.");
        }

        var lines = text.Split('\n');
        int i = 0;
        string? Next() => i < lines.Length ? lines[i++] : null;

        var header = Next();
        if (header is null || !header.EndsWith(Header, StringComparison.Ordinal))
        {
            return Invalid("The first line is not '<domain> wants you to sign in with your Ethereum account:'.");
        }

        string authority = header[..^Header.Length];
        string? scheme = null;
        int schemeEnd = authority.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd >= 0)
        {
            scheme = authority[..schemeEnd];
            authority = authority[(schemeEnd + 3)..];
        }

        if (authority.Length == 0 || !Rfc3986.IsAuthority(authority, allowEmptyHost: true) || (scheme is not null && (scheme.Length == 0 || !char.IsAsciiLetter(scheme[0]) || !scheme.All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.'))))
        {
            return Invalid("The domain (or scheme) is not an RFC 3986 authority.");
        }

        var addressLine = Next();
        if (addressLine is null || addressLine.Length != 42 || !EthereumAddress.TryParse(addressLine, out var address) || address.ToString() != addressLine)
        {
            return Invalid("The address line is not an EIP-55 checksummed address.");
        }

        if (Next() != string.Empty)
        {
            return Invalid("A blank line follows the address.");
        }

        string? statement = null;
        var line = Next();
        if (line is null)
        {
            return Invalid("The message ends after the address.");
        }

        // "address LF LF [ statement LF ] LF": without a statement, the line after the blank one is blank too.
        // siwe's grammar also takes an empty statement (three blank lines), which reads back as "".
        if (line.Length == 0 && i < lines.Length && lines[i].Length == 0)
        {
            statement = string.Empty;
            i++;
        }
        else if (line.Length > 0)
        {
            if (!line.All(c => Rfc3986.IsReserved(c) || Rfc3986.IsUnreserved(c) || c == ' '))
            {
                return Invalid("The statement has characters outside RFC 3986 reserved and unreserved characters and space.");
            }

            statement = line;
            if (Next() != string.Empty)
            {
                return Invalid("A blank line follows the statement.");
            }
        }

        var uri = Field(Next(), "URI: ");
        var version = Field(Next(), "Version: ");
        var chain = Field(Next(), "Chain ID: ");
        var nonce = Field(Next(), "Nonce: ");
        var issued = Field(Next(), "Issued At: ");
        if (uri is null || !Rfc3986.IsUri(uri) || version != "1"
            || chain is null || chain.Length is 0 or > 20 || chain[0] == '0' || !chain.All(char.IsAsciiDigit) || !ulong.TryParse(chain, NumberStyles.None, CultureInfo.InvariantCulture, out var chainId)
            || nonce is null || nonce.Length < 8 || !nonce.All(char.IsAsciiLetterOrDigit)
            || !TryTime(issued, out var issuedAt))
        {
            return Invalid("URI, Version, Chain ID, Nonce and Issued At must follow, in that order and form.");
        }

        DateTimeOffset? expiration = null, notBefore = null;
        string? requestId = null;
        var resources = new List<string>();
        line = Next();
        if (Field(line, "Expiration Time: ") is { } expirationText)
        {
            if (!TryTime(expirationText, out var e))
            {
                return Invalid("Expiration Time is not an RFC 3339 date-time.");
            }

            expiration = e;
            line = Next();
        }

        if (Field(line, "Not Before: ") is { } notBeforeText)
        {
            if (!TryTime(notBeforeText, out var n))
            {
                return Invalid("Not Before is not an RFC 3339 date-time.");
            }

            notBefore = n;
            line = Next();
        }

        if (Field(line, "Request ID: ") is { } request)
        {
            if (!Rfc3986.IsPchars(request))
            {
                return Invalid("Request ID is not a sequence of RFC 3986 pchar.");
            }

            requestId = request;
            line = Next();
        }

        if (line == "Resources:")
        {
            while ((line = Next()) is not null)
            {
                if (!line.StartsWith("- ", StringComparison.Ordinal) || !Rfc3986.IsUri(line.AsSpan(2)) || resources.Count == 64)
                {
                    return Invalid("A resource line is not '- <URI>' (at most 64).");
                }

                resources.Add(line[2..]);
            }
        }
        else if (line is not null)
        {
            return Invalid("Unexpected text after the fields.");
        }

        return new SiweMessage
        {
            Scheme = scheme,
            Domain = authority,
            Address = address,
            Statement = statement,
            Uri = uri,
            Version = version,
            ChainId = chainId,
            Nonce = nonce,
            IssuedAt = issuedAt,
            ExpirationTime = expiration,
            NotBefore = notBefore,
            RequestId = requestId,
            Resources = resources,
        };
    }

    // RFC 3339 §5.6 date-time (the ABNF is case-insensitive: "t" and "z" are allowed).
    [System.Text.RegularExpressions.GeneratedRegex(@"^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})$", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex Rfc3339Pattern();

    private static readonly System.Text.RegularExpressions.Regex Rfc3339 = Rfc3339Pattern();

    private static string? Field(string? line, string name) => line is not null && line.StartsWith(name, StringComparison.Ordinal) ? line[name.Length..] : null;

    private static bool TryTime(string? text, out DateTimeOffset value)
    {
        value = default;
        return text is not null && text.Length <= 40 && Rfc3339.IsMatch(text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value);
    }

    private static string Format(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    private static void Check(string value, string name)
    {
        if (value.Contains('\n', StringComparison.Ordinal) || value.Contains('\r', StringComparison.Ordinal))
        {
            throw new ArgumentException("A SIWE field cannot contain a line break.", name);
        }
    }

    private static Result<SiweMessage> Invalid(string message) => Result<SiweMessage>.Failure(SocialTokenErrorCodes.InvalidSiweMessage, message);
}
