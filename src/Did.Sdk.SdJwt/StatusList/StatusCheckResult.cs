using System.Diagnostics.CodeAnalysis;

namespace Did.Sdk.SdJwt.StatusList;

/// <summary>What a successful status check looked at, for audit.</summary>
/// <param name="ListUri">The status list URI the credential referenced (equal to the list's <c>sub</c>).</param>
/// <param name="Index">The index that was read.</param>
/// <param name="IssuedAt">The list token's <c>iat</c>.</param>
/// <param name="ExpiresAt">The list token's <c>exp</c>, if any.</param>
/// <param name="TimeToLive">The list token's <c>ttl</c>, if any.</param>
/// <param name="KeyId">The <c>kid</c> header of the list token, if any.</param>
/// <param name="Algorithm">The JWS algorithm the list token was verified with.</param>
/// <param name="Bits">Bits per entry of the list.</param>
/// <param name="FromCache">True when the list came from the cache rather than a fresh fetch.</param>
public sealed record StatusListCheck(
    string ListUri,
    int Index,
    DateTimeOffset IssuedAt,
    DateTimeOffset? ExpiresAt,
    TimeSpan? TimeToLive,
    string? KeyId,
    string Algorithm,
    int Bits,
    bool FromCache);

/// <summary>
/// The outcome of <see cref="IStatusListChecker.CheckAsync"/>: a <see cref="TokenStatus"/> read
/// from a verified list XOR an error. A success does not mean the credential is valid: check
/// <see cref="IsValid"/> or use <see cref="GetStatusError"/>.
/// </summary>
public sealed class StatusCheckResult
{
    private StatusCheckResult(TokenStatus? status, StatusListCheck? check, SdkError? error)
    {
        Status = status;
        Checked = check;
        Error = error;
    }

    /// <summary>True when the status was established from a verified, current list.</summary>
    [MemberNotNullWhen(true, nameof(Status), nameof(Checked))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool Succeeded => Error is null;

    /// <summary>The status, when <see cref="Succeeded"/>.</summary>
    public TokenStatus? Status { get; }

    /// <summary>What was checked, when <see cref="Succeeded"/>.</summary>
    public StatusListCheck? Checked { get; }

    /// <summary>The error, when not <see cref="Succeeded"/>; its code is one of <see cref="StatusListErrorCodes"/>.</summary>
    public SdkError? Error { get; }

    /// <summary>True only when the check succeeded and the status is VALID (0x00).</summary>
    public bool IsValid => Succeeded && Status == TokenStatus.Valid;

    /// <summary>A successful check.</summary>
    public static StatusCheckResult Success(TokenStatus status, StatusListCheck check)
    {
        ArgumentNullException.ThrowIfNull(check);
        return new StatusCheckResult(status, check, null);
    }

    /// <summary>A failed check.</summary>
    public static StatusCheckResult Failure(SdkError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new StatusCheckResult(null, null, error);
    }

    /// <summary>A failed check with a new error.</summary>
    public static StatusCheckResult Failure(string code, string message) => Failure(new SdkError(code, message));

    /// <summary>
    /// The error a verifier reports for this result: null when VALID; <c>tokenRevoked</c>,
    /// <c>tokenSuspended</c> or <c>tokenStatusNotValid</c> for other statuses; the check's own error
    /// when it failed (fail closed).
    /// </summary>
    public SdkError? GetStatusError()
    {
        if (!Succeeded)
        {
            return Error;
        }

        return Status switch
        {
            TokenStatus.Valid => null,
            TokenStatus.Invalid => new SdkError(StatusListErrorCodes.TokenRevoked, $"The credential is revoked (status 0x01 at index {Checked.Index} of {Checked.ListUri})."),
            TokenStatus.Suspended => new SdkError(StatusListErrorCodes.TokenSuspended, $"The credential is suspended (status 0x02 at index {Checked.Index} of {Checked.ListUri})."),
            _ => new SdkError(StatusListErrorCodes.TokenStatusNotValid, $"The credential has status 0x{(byte)Status.Value:X2} at index {Checked.Index} of {Checked.ListUri}."),
        };
    }

    /// <inheritdoc />
    public override string ToString() => Succeeded ? $"{Status} ({Checked.ListUri}#{Checked.Index})" : Error.ToString();
}
