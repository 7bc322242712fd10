namespace Did.Sdk.Dao;

/// <summary>
/// Where votes are claimed, with the two uniqueness rules enforced atomically: one claim per (proposal,
/// nullifier), and one identity per (proposal, wallet). Of claims racing for either, exactly one wins.
/// </summary>
public interface IEligibilityStore
{
    /// <summary>Records <paramref name="claim"/>. Fails with <c>alreadyVoted</c>, <c>walletAlreadyCounted</c> or <c>eligibilityStoreUnavailable</c>; nothing is recorded then.</summary>
    ValueTask<Result<EligibilityClaim>> ClaimAsync(EligibilityClaim claim, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads back the claim of <paramref name="nullifier"/> on <paramref name="proposalId"/> (for audits), its wallets as
    /// recorded (lower-case, sorted). <see langword="null"/> when no such claim is recorded; a failed result
    /// (<c>eligibilityStoreUnavailable</c>) when the store cannot be read.
    /// </summary>
    ValueTask<Result<EligibilityClaim>?> FindAsync(string proposalId, string nullifier, CancellationToken cancellationToken = default);
}
