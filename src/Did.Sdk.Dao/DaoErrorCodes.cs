namespace Did.Sdk.Dao;

/// <summary>Stable error codes of the DAO layer; each has a page <c>docs/errors/&lt;code&gt;.md</c>.</summary>
public static class DaoErrorCodes
{
    /// <summary>An eligibility receipt is malformed, of another type, or its key is not its issuer's.</summary>
    public const string InvalidReceipt = "invalidReceipt";

    /// <summary>A proposal file is malformed, out of bounds or inconsistent.</summary>
    public const string InvalidProposal = "invalidProposal";

    /// <summary>This identity (its nullifier) already claimed its vote on the proposal.</summary>
    public const string AlreadyVoted = "alreadyVoted";

    /// <summary>A wallet of this identity was already counted for another identity on the proposal.</summary>
    public const string WalletAlreadyCounted = "walletAlreadyCounted";

    /// <summary>The identity's voting power at the snapshot is below the proposal's minimum.</summary>
    public const string BelowMinimumPower = "belowMinimumPower";

    /// <summary>The eligibility store could not record the claim (unreachable, or failed); nothing was counted.</summary>
    public const string EligibilityStoreUnavailable = "eligibilityStoreUnavailable";

    /// <summary>A published snapshot list or its signed root is malformed, of another type, or its values do not give its signed root.</summary>
    public const string InvalidSnapshotList = "invalidSnapshotList";
}
