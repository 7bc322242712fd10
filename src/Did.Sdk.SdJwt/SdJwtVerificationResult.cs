using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Nodes;

namespace Did.Sdk.SdJwt;

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
