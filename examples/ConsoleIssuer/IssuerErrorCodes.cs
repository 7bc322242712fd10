namespace Did.Sdk.Examples.ConsoleIssuer;

/// <summary>The console issuer's own error codes (the library's codes pass through unchanged).</summary>
internal static class IssuerErrorCodes
{
    /// <summary>The --db file is not an SQLite database, or SQLite finds it damaged.</summary>
    public const string DbCorrupt = "issuerDbCorrupt";

    /// <summary>The --db file is an SQLite database, but not one this issuer wrote.</summary>
    public const string DbForeign = "issuerDbForeign";

    /// <summary>The --db file was written by a newer schema version.</summary>
    public const string DbVersionUnsupported = "issuerDbVersionUnsupported";

    /// <summary>The --db file cannot be opened (missing directory, permissions, locked by another process).</summary>
    public const string DbUnavailable = "issuerDbUnavailable";

    /// <summary>No brand token yet: run deploy or load first.</summary>
    public const string NoBrand = "noBrand";

    /// <summary>The database already has a brand token.</summary>
    public const string BrandExists = "brandExists";

    /// <summary>An argument is malformed.</summary>
    public const string InvalidArgument = "invalidArgument";

    /// <summary>The embedded devnet's state file cannot be used.</summary>
    public const string ChainUnavailable = "chainUnavailable";

    /// <summary>The development certificate files cannot be read or written.</summary>
    public const string CertificateUnavailable = "certificateUnavailable";
}
