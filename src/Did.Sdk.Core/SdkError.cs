namespace Did.Sdk;

/// <summary>
/// A failure caused by untrusted input or by a remote party: a stable machine-readable code, a
/// human-readable message and a link to the page that documents the code.
/// </summary>
/// <remarks>
/// Codes are stable API: they never change meaning once shipped. DID resolution uses the names of
/// the DID Resolution specification (<c>invalidDid</c>, <c>notFound</c>, …); every other layer uses
/// camel-case codes of the same shape. Messages may change between releases and must never contain
/// secrets (private keys, salts, undisclosed claims, whole tokens).
/// </remarks>
public sealed record SdkError
{
    /// <summary>Creates an error.</summary>
    /// <param name="code">The stable error code, for example <c>invalidDid</c>.</param>
    /// <param name="message">A description for humans.</param>
    public SdkError(string code, string message)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(code);
        ArgumentNullException.ThrowIfNull(message);
        Code = code;
        Message = message;
    }

    /// <summary>The stable error code.</summary>
    public string Code { get; }

    /// <summary>A description of what went wrong, for humans.</summary>
    public string Message { get; }

    /// <summary>The documentation page of <see cref="Code"/>, relative to the repository root.</summary>
    public string HelpLink => "docs/errors/" + Code + ".md";

    /// <inheritdoc />
    public override string ToString() => Code + ": " + Message;
}

/// <summary>The exception thrown by <c>ThrowIfFailed()</c> on a failed result.</summary>
public sealed class SdkException : Exception
{
    /// <summary>Creates the exception for an error.</summary>
    public SdkException(SdkError error)
        : base((error ?? throw new ArgumentNullException(nameof(error))).ToString())
    {
        Error = error;
        HelpLink = error.HelpLink;
    }

    /// <summary>The error this exception carries.</summary>
    public SdkError Error { get; }
}
