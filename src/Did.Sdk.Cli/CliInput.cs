using System.Text;
using System.Text.Json.Nodes;
using Did.Sdk.Jose;
using Did.Sdk.Json;

namespace Did.Sdk.Cli;

/// <summary>
/// Reading command inputs. Two kinds, two error paths: files the operator supplies (keys, claims, policies)
/// are part of the command line, so an unreadable or malformed one is a usage error (exit 2); data that
/// arrives from someone else (a presentation, a credential, a DID document) is untrusted input, so
/// oversized or malformed data is a typed result (exit 1), never a usage error.
/// </summary>
internal static class CliInput
{
    /// <summary>The largest operator-supplied file or standard input read (keys, claims).</summary>
    public const int MaxOperatorBytes = 1024 * 1024;

    /// <summary>Reads an operator-supplied file (or standard input for <c>-</c>); usage error when unreadable or over the bound.</summary>
    public static byte[] ReadOperatorBytes(CliContext context, string file, string option)
    {
        var read = ReadBounded(context, file, option, MaxOperatorBytes);
        return read.TooLarge
            ? throw new CliUsageException($"{option}: '{file}' is larger than {MaxOperatorBytes} bytes.")
            : read.Bytes;
    }

    /// <summary>Reads an operator-supplied UTF-8 text file; usage error when unreadable.</summary>
    public static string ReadOperatorText(CliContext context, string file, string option)
    {
        try
        {
            return new UTF8Encoding(false, true).GetString(ReadOperatorBytes(context, file, option));
        }
        catch (DecoderFallbackException)
        {
            throw new CliUsageException($"{option}: the input is not UTF-8 text.");
        }
    }

    /// <summary>Reads an operator-supplied strict JSON file; usage error when unreadable or not JSON.</summary>
    public static JsonNode ReadOperatorJson(CliContext context, string file, string option)
    {
        var node = StrictJson.ParseNode(ReadOperatorBytes(context, file, option));
        return node.Succeeded ? node.Value : throw new CliUsageException($"{option}: {node.Error.Message}");
    }

    /// <summary>Reads an operator-supplied JWK file.</summary>
    public static Jwk ReadJwk(CliContext context, string file, string option)
    {
        var jwk = Jwk.Parse(ReadOperatorBytes(context, file, option));
        return jwk.Succeeded ? jwk.Value : throw new CliUsageException($"{option}: not a JWK ({jwk.Error.Code}: {jwk.Error.Message}).");
    }

    /// <summary>Reads an operator-supplied private JWK as a signing key.</summary>
    public static SigningKey ReadSigningKey(CliContext context, string file, string option)
    {
        var jwk = ReadJwk(context, file, option);
        if (!jwk.HasPrivateKey)
        {
            throw new CliUsageException($"{option}: the JWK has no private key (d).");
        }

        var key = SigningKey.Import(jwk);
        return key.Succeeded ? key.Value : throw new CliUsageException($"{option}: {key.Error.Code}: {key.Error.Message}");
    }

    /// <summary>Imports the public part of an operator-supplied JWK.</summary>
    public static VerificationKey ImportPublic(Jwk jwk, string option)
    {
        var key = VerificationKey.Import(jwk.ToPublic());
        return key.Succeeded ? key.Value : throw new CliUsageException($"{option}: {key.Error.Code}: {key.Error.Message}");
    }

    /// <summary>
    /// Reads untrusted text (a presentation, a credential) of at most <paramref name="maxBytes"/> bytes,
    /// reading no more than the bound plus one byte. A file that cannot be opened is still a usage
    /// error (the path is the operator's); too large gives <c>inputTooLarge</c>, not UTF-8 gives
    /// <paramref name="malformedCode"/>.
    /// </summary>
    public static Result<string> ReadUntrustedText(CliContext context, string file, string option, int maxBytes, string malformedCode)
    {
        var read = ReadBounded(context, file, option, maxBytes);
        if (read.TooLarge)
        {
            return Result<string>.Failure(ErrorCodes.InputTooLarge, $"{option}: the input is larger than {maxBytes} bytes.");
        }

        try
        {
            return new UTF8Encoding(false, true).GetString(read.Bytes);
        }
        catch (DecoderFallbackException)
        {
            return Result<string>.Failure(malformedCode, $"{option}: the input is not UTF-8 text.");
        }
    }

    private static (byte[] Bytes, bool TooLarge) ReadBounded(CliContext context, string file, string option, int maxBytes)
    {
        if (file == "-")
        {
            // Characters, then UTF-8: a UTF-8 byte count is at least the char count, so reading maxBytes + 1
            // chars is enough to know the input is too large.
            var buffer = new char[maxBytes + 1];
            int read = 0, n;
            while (read < buffer.Length && (n = context.In.Read(buffer, read, buffer.Length - read)) > 0)
            {
                read += n;
            }

            var bytes = Encoding.UTF8.GetBytes(buffer, 0, read);
            return (bytes, read > maxBytes || bytes.Length > maxBytes);
        }

        try
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
            var buffer = new byte[Math.Min(maxBytes + 1L, stream.CanSeek ? stream.Length + 1 : maxBytes + 1L)];
            int read = 0, n;
            while (read < buffer.Length && (n = stream.Read(buffer, read, buffer.Length - read)) > 0)
            {
                read += n;
            }

            return read > maxBytes ? ([], true) : (buffer[..read], false);
        }
        catch (FileNotFoundException)
        {
            throw new CliUsageException($"{option}: file '{file}' does not exist.");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new CliUsageException($"{option}: cannot read '{file}': {ex.Message}");
        }
    }
}
