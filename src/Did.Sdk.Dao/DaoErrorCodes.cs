namespace Did.Sdk.Dao;

/// <summary>Stable error codes of the DAO layer; each has a page <c>docs/errors/&lt;code&gt;.md</c>.</summary>
public static class DaoErrorCodes
{
    /// <summary>An eligibility receipt is malformed, of another type, or its key is not its issuer's.</summary>
    public const string InvalidReceipt = "invalidReceipt";
}
