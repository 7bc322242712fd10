namespace Did.Sdk;

/// <summary>
/// Error codes shared across layers. Each code has a page <c>docs/errors/&lt;code&gt;.md</c>.
/// Layer-specific codes live beside their layer (<c>DidResolutionErrors</c>, <c>JoseErrorCodes</c>, …).
/// </summary>
public static class ErrorCodes
{
    /// <summary>JSON is malformed, has duplicate member names, or nests too deeply.</summary>
    public const string InvalidJson = "invalidJson";

    /// <summary>An input exceeds a configured size bound.</summary>
    public const string InputTooLarge = "inputTooLarge";
}
