// PostgreSQL connection strings as operators write them: Npgsql key=value pairs, or libpq's URI form
// (https://www.postgresql.org/docs/current/libpq-connect.html#LIBPQ-CONNSTRING-URIS), which Npgsql does
// not parse. The URI is converted strictly, to the subset a --store option needs: one host (name, IPv4 or
// [IPv6]), an optional port, user, password and database, and a few query parameters. Anything else is
// refused rather than guessed, and the result is built with NpgsqlConnectionStringBuilder, so a decoded
// value (a password holding ";Host=elsewhere") stays one value. Error messages name the part at fault,
// never its text: a URI carries a password.
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Npgsql;

namespace Did.Sdk.Dao.PostgreSql;

internal static partial class PostgresConnectionString
{
    private const int MaxLength = 4096;

    /// <summary>True for a postgres:// or postgresql:// URI (any case), or key=value pairs naming a Host or Server.</summary>
    public static bool IsPostgreSql(string store) =>
        HasScheme(store) || HostKey().IsMatch(store);

    /// <summary>The Npgsql key=value form of <paramref name="connectionString"/> (a URI is converted; key=value is kept).</summary>
    /// <exception cref="ArgumentException">A malformed URI; the message names the part, not its text.</exception>
    public static string Normalize(string connectionString) =>
        HasScheme(connectionString) || connectionString.StartsWith("postgres:", StringComparison.OrdinalIgnoreCase) || connectionString.StartsWith("postgresql:", StringComparison.OrdinalIgnoreCase)
            ? FromUri(connectionString)
            : connectionString;

    /// <summary>Converts a libpq URI to Npgsql key=value pairs.</summary>
    /// <exception cref="ArgumentException">A malformed or unsupported URI; the message names the part, not its text.</exception>
    public static string FromUri(string uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (uri.Length > MaxLength)
        {
            throw Refused($"is longer than {MaxLength} characters");
        }

        int schemeEnd = uri.IndexOf("://", StringComparison.Ordinal);
        string scheme = schemeEnd < 0 ? "" : uri[..schemeEnd];
        if (!scheme.Equals("postgres", StringComparison.OrdinalIgnoreCase) && !scheme.Equals("postgresql", StringComparison.OrdinalIgnoreCase))
        {
            throw Refused("must start with postgres:// or postgresql://");
        }

        string rest = uri[(schemeEnd + 3)..];
        foreach (char c in rest)
        {
            // Raw characters outside printable ASCII, and the characters no URI component may hold raw.
            if (c <= ' ' || c >= 0x7f || c is '\\' || c is '"' || c is '<' || c is '>' || c is '`' || c is '^' || c is '{' || c is '}' || c is '|')
            {
                throw Refused("holds a space, control, non-ASCII or reserved character that is not percent-encoded");
            }
        }

        if (rest.Contains('#', StringComparison.Ordinal))
        {
            throw Refused("has a fragment (#); percent-encode a '#' in a password as %23");
        }

        string query = "";
        int queryStart = rest.IndexOf('?', StringComparison.Ordinal);
        if (queryStart >= 0)
        {
            query = rest[(queryStart + 1)..];
            rest = rest[..queryStart];
        }

        string path = "";
        int pathStart = rest.IndexOf('/', StringComparison.Ordinal);
        if (pathStart >= 0)
        {
            path = rest[(pathStart + 1)..];
            rest = rest[..pathStart];
        }

        var builder = new NpgsqlConnectionStringBuilder();
        int at = rest.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            if (rest.IndexOf('@', at + 1) >= 0)
            {
                throw Refused("has more than one '@'; percent-encode an '@' in the user or password as %40");
            }

            string userInfo = rest[..at];
            rest = rest[(at + 1)..];
            int colon = userInfo.IndexOf(':', StringComparison.Ordinal);
            string user = Decode(colon >= 0 ? userInfo[..colon] : userInfo, "user");
            if (user.Length == 0)
            {
                throw Refused("has an empty user before '@'");
            }

            builder.Username = user;
            if (colon >= 0)
            {
                builder.Password = Decode(userInfo[(colon + 1)..], "password");
            }
        }

        ParseHostAndPort(rest, builder);

        if (path.Length > 0)
        {
            if (path.Contains('/', StringComparison.Ordinal))
            {
                throw Refused("has more than one path segment; the path is the database name only");
            }

            builder.Database = Decode(path, "database");
        }

        if (query.Length > 0)
        {
            ParseQuery(query, builder);
        }

        return builder.ConnectionString;
    }

    private static void ParseHostAndPort(string hostPort, NpgsqlConnectionStringBuilder builder)
    {
        if (hostPort.Contains(',', StringComparison.Ordinal))
        {
            throw Refused("names several hosts; use the key=value form (Host=a,b) for that");
        }

        string host;
        string? port = null;
        if (hostPort.StartsWith('['))
        {
            int close = hostPort.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                throw Refused("has an unclosed '[' in the host");
            }

            host = hostPort[1..close];
            if (!IPAddress.TryParse(host, out var address) || address.AddressFamily != AddressFamily.InterNetworkV6 || host.Contains('%', StringComparison.Ordinal))
            {
                throw Refused("has a bracketed host that is not an IPv6 address");
            }

            string after = hostPort[(close + 1)..];
            if (after.Length > 0)
            {
                port = after[0] == ':' ? after[1..] : throw Refused("has characters after the bracketed host");
            }
        }
        else
        {
            int colon = hostPort.IndexOf(':', StringComparison.Ordinal);
            host = colon >= 0 ? hostPort[..colon] : hostPort;
            port = colon >= 0 ? hostPort[(colon + 1)..] : null;
            if (!HostName().IsMatch(host))
            {
                throw Refused(host.Length == 0 ? "has no host (a Unix socket needs the key=value form: Host=/path/to/dir)" : "has a host that is not a DNS name or IPv4 address");
            }
        }

        builder.Host = host;
        if (port is not null)
        {
            if (port.Length is 0 or > 5 || !port.All(char.IsAsciiDigit) || int.Parse(port, NumberStyles.None, CultureInfo.InvariantCulture) is < 1 or > 65535)
            {
                throw Refused("has a port that is not a number from 1 to 65535");
            }

            builder.Port = int.Parse(port, NumberStyles.None, CultureInfo.InvariantCulture);
        }
    }

    private static void ParseQuery(string query, NpgsqlConnectionStringBuilder builder)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (string pair in query.Split('&'))
        {
            int eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw Refused("has a query part that is not name=value");
            }

            string name = pair[..eq];
            string value = Decode(pair[(eq + 1)..], "query value");
            if (!seen.Add(name))
            {
                throw Refused($"repeats the query parameter {Safe(name)}");
            }

            switch (name)
            {
                case "sslmode":
                    builder.SslMode = value switch
                    {
                        "disable" => SslMode.Disable,
                        "allow" => SslMode.Allow,
                        "prefer" => SslMode.Prefer,
                        "require" => SslMode.Require,
                        "verify-ca" => SslMode.VerifyCA,
                        "verify-full" => SslMode.VerifyFull,
                        _ => throw Refused("has an sslmode other than disable, allow, prefer, require, verify-ca or verify-full"),
                    };
                    break;
                case "application_name":
                    builder.ApplicationName = value;
                    break;
                case "connect_timeout":
                    if (value.Length is 0 or > 4 || !value.All(char.IsAsciiDigit))
                    {
                        throw Refused("has a connect_timeout that is not a number of seconds (0 to 9999)");
                    }

                    builder.Timeout = int.Parse(value, NumberStyles.None, CultureInfo.InvariantCulture);
                    break;
                case "sslrootcert":
                    builder.RootCertificate = value;
                    break;
                default:
                    throw Refused($"has the query parameter {Safe(name)}; only sslmode, application_name, connect_timeout and sslrootcert are accepted");
            }
        }
    }

    // Strict percent-decoding: '%' must be followed by two hex digits, the bytes must be UTF-8, and no
    // control character (NUL included) may come out.
    private static string Decode(string text, string part)
    {
        var bytes = new List<byte>(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '%')
            {
                if (i + 2 >= text.Length || !char.IsAsciiHexDigit(text[i + 1]) || !char.IsAsciiHexDigit(text[i + 2]))
                {
                    throw Refused($"has a '%' in the {part} that is not followed by two hex digits");
                }

                bytes.Add(byte.Parse(text.AsSpan(i + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture));
                i += 2;
            }
            else
            {
                bytes.Add((byte)c);
            }
        }

        string decoded;
        try
        {
            decoded = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString([.. bytes]);
        }
        catch (DecoderFallbackException)
        {
            throw Refused($"has a {part} that is not UTF-8 once percent-decoded");
        }

        if (decoded.Any(char.IsControl))
        {
            throw Refused($"has a control character in the {part}");
        }

        return decoded;
    }

    private static bool HasScheme(string store) =>
        store.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || store.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase);

    // A query parameter's name, quoted only when it is a plain identifier (names are not secret, values are).
    private static string Safe(string name) => name.Length <= 40 && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') ? $"'{name}'" : "(unprintable name)";

    private static ArgumentException Refused(string why) => new("The PostgreSQL URI " + why + ".");

    [GeneratedRegex(@"(^|;)\s*(host|server)\s*=", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HostKey();

    [GeneratedRegex(@"^(?=.{1,253}\z)[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?(?:\.[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)*\z", RegexOptions.CultureInvariant)]
    private static partial Regex HostName();
}
