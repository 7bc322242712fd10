using Did.Sdk.SdJwt.StatusList;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Nodes;

namespace Did.Sdk.SdJwt;

/// <summary>What a successful verification checked, for audit.</summary>
public sealed record SdJwtValidated
{
    /// <summary>The <c>iss</c> claim.</summary>
    public string? Issuer { get; init; }

    /// <summary>The <c>kid</c> header (a DID URL when resolved).</summary>
    public string? KeyId { get; init; }

    /// <summary>The issuer-signed JWT's algorithm.</summary>
    public required string Algorithm { get; init; }

    /// <summary>True when the key came from the issuer's DID document, false when given explicitly.</summary>
    public bool KeyResolved { get; init; }

    /// <summary>The <c>typ</c> header.</summary>
    public string? Type { get; init; }

    /// <summary>The <c>vct</c> claim.</summary>
    public string? Vct { get; init; }

    /// <summary>The <c>iat</c> claim.</summary>
    public DateTimeOffset? IssuedAt { get; init; }

    /// <summary>The <c>nbf</c> claim.</summary>
    public DateTimeOffset? NotBefore { get; init; }

    /// <summary>The <c>exp</c> claim.</summary>
    public DateTimeOffset? Expires { get; init; }

    /// <summary>True when a Key Binding JWT was verified.</summary>
    public bool KeyBound { get; init; }

    /// <summary>The KB-JWT's <c>iat</c>, when key-bound.</summary>
    public DateTimeOffset? KeyBindingIssuedAt { get; init; }

    /// <summary>The status reported by the checker, or null when the credential has no <c>status</c> or checking is disabled.</summary>
    public TokenStatus? Status { get; init; }

    /// <summary>What the status check looked at (list URI, index, list lifetime, key), when a status was checked.</summary>
    public StatusListCheck? StatusCheck { get; init; }

    /// <summary>The number of disclosures processed.</summary>
    public int DisclosureCount { get; init; }
}

/// <summary>The outcome of <see cref="SdJwtVerifier.VerifyAsync"/>: verified claims XOR an error.</summary>
public sealed class SdJwtVerificationResult
{
    private SdJwtVerificationResult(JsonObject? claims, SdJwtValidated? validated, SdkError? error)
    {
        Claims = claims;
        Validated = validated;
        Error = error;
    }

    /// <summary>True when every check passed.</summary>
    [MemberNotNullWhen(true, nameof(Claims), nameof(Validated))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool Succeeded => Error is null;

    /// <summary>The processed payload (disclosed claims merged in, <c>_sd</c>/<c>_sd_alg</c> removed). Only on success.</summary>
    public JsonObject? Claims { get; }

    /// <summary>What was validated. Only on success.</summary>
    public SdJwtValidated? Validated { get; }

    /// <summary>The error, on failure.</summary>
    public SdkError? Error { get; }

    internal static SdJwtVerificationResult Success(JsonObject claims, SdJwtValidated validated) => new(claims, validated, null);

    internal static SdJwtVerificationResult Failure(SdkError error) => new(null, null, error);

    internal static SdJwtVerificationResult Failure(string code, string message) => new(null, null, new SdkError(code, message));
}
