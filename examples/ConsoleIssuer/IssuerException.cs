namespace Did.Sdk.Examples.ConsoleIssuer;

/// <summary>
/// A failure the issuer reports as one line with a stable code instead of a stack trace: an unusable
/// database file, a missing brand, a bad argument, or a library call that failed (its <see cref="SdkError"/> code).
/// </summary>
internal sealed class IssuerException : Exception
{
    public IssuerException(string code, string message, int exitCode = IssuerApp.UsageError)
        : base(message)
    {
        Code = code;
        ExitCode = exitCode;
    }

    public IssuerException(string code, string message, Exception inner, int exitCode = IssuerApp.UsageError)
        : base(message, inner)
    {
        Code = code;
        ExitCode = exitCode;
    }

    /// <summary>The stable code (an <see cref="IssuerErrorCodes"/> value or a library's error code).</summary>
    public string Code { get; }

    /// <summary>The process exit code: 1 when the operation ran and failed, 2 for usage and database errors.</summary>
    public int ExitCode { get; }

    /// <summary>A library failure: the operation ran and was refused (exit 1).</summary>
    public static IssuerException From(SdkError error) => new(error.Code, error.Message, IssuerApp.Failed);
}
