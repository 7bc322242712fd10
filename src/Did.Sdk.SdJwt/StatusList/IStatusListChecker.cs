// Token Status List (draft-ietf-oauth-status-list-20) §8: the Relying Party's status check.
using System.Text.Json;

namespace Did.Sdk.SdJwt.StatusList;

/// <summary>
/// Checks the status of a Referenced Token (a credential) against its Status List. Implementations
/// fail closed: a missing, invalid, stale or unreachable list gives a failed result, never VALID.
/// </summary>
public interface IStatusListChecker
{
    /// <summary>
    /// Checks the credential's <c>status</c> claim value, <c>{"status_list":{"idx":n,"uri":"https://…"}}</c>.
    /// Succeeds with the <see cref="TokenStatus"/> read from the verified list (which may be
    /// INVALID or SUSPENDED); fails with a <see cref="StatusListErrorCodes"/> code when the status
    /// could not be established. Never throws on untrusted input; cancellation propagates.
    /// </summary>
    ValueTask<StatusCheckResult> CheckAsync(JsonElement statusClaim, CancellationToken cancellationToken = default);
}
