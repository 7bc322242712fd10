// Seam for status checking of the `status` claim (draft-ietf-oauth-status-list); implemented in StatusList/.
using System.Text.Json;

namespace Did.Sdk.SdJwt;

/// <summary>
/// Checks a credential's <c>status</c> claim. Implementations never throw for bad input or remote
/// failures (they return <see cref="StatusCheckResult.Failed"/>); cancellation propagates.
/// </summary>
public interface IStatusListChecker
{
    /// <summary>Checks the status referenced by <paramref name="statusClaim"/> (the whole <c>status</c> claim value).</summary>
    ValueTask<StatusCheckResult> CheckAsync(JsonElement statusClaim, CancellationToken cancellationToken = default);
}

/// <summary>The status of a credential as reported by a status list.</summary>
public enum CredentialStatus
{
    /// <summary>VALID (0x00).</summary>
    Valid,

    /// <summary>INVALID (0x01): revoked.</summary>
    Invalid,

    /// <summary>SUSPENDED (0x02).</summary>
    Suspended,

    /// <summary>The check could not be completed, or another status value; treated as a failure.</summary>
    Unknown,
}

/// <summary>The outcome of an <see cref="IStatusListChecker"/>: a status, or an error when the check failed.</summary>
public sealed class StatusCheckResult
{
    private StatusCheckResult(CredentialStatus status, SdkError? error)
    {
        Status = status;
        Error = error;
    }

    /// <summary>The status; <see cref="CredentialStatus.Unknown"/> when <see cref="Error"/> is set.</summary>
    public CredentialStatus Status { get; }

    /// <summary>Why the check could not be completed, or null.</summary>
    public SdkError? Error { get; }

    /// <summary>A completed check with <paramref name="status"/> (not <see cref="CredentialStatus.Unknown"/>).</summary>
    public static StatusCheckResult Completed(CredentialStatus status)
    {
        if (status == CredentialStatus.Unknown)
        {
            throw new ArgumentOutOfRangeException(nameof(status), "Use Failed for an incomplete check.");
        }

        return new StatusCheckResult(status, null);
    }

    /// <summary>A check that could not be completed; the verifier fails closed with <c>statusCheckFailed</c>.</summary>
    public static StatusCheckResult Failed(SdkError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new StatusCheckResult(CredentialStatus.Unknown, error);
    }
}
