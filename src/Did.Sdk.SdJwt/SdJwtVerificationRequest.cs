namespace Did.Sdk.SdJwt;

/// <summary>What comes with each presentation: who it is for, the finality and the time of the check.</summary>
public sealed record SdJwtVerificationRequest
{
    /// <summary>Require a Key Binding JWT. True by default; then <see cref="Audience"/> and <see cref="Nonce"/> are required.</summary>
    public bool RequireKeyBinding { get; init; } = true;

    /// <summary>The expected KB-JWT <c>aud</c> (this verifier). When key binding is optional and this is null, a presented KB-JWT's <c>aud</c> is not compared.</summary>
    public string? Audience { get; init; }

    /// <summary>The expected KB-JWT <c>nonce</c> (from this verifier's request); compared as <see cref="Audience"/> is.</summary>
    public string? Nonce { get; init; }

    /// <summary>
    /// How settled the ledger state behind the issuer's and the holder's DIDs must be (did:ethr block tag:
    /// latest, safe, finalized). Null uses each resolver's default (latest).
    /// </summary>
    public Finality? Finality { get; init; }

    /// <summary>When the issuer key must be valid: now (default) or at issuance.</summary>
    public SdJwtKeyValidity IssuerKeyValidity { get; init; } = SdJwtKeyValidity.Now;

    /// <summary>The time of the check, for lifetimes and key binding; null reads the verifier's clock.</summary>
    public DateTimeOffset? Time { get; init; }

    /// <summary>A request for a key-bound presentation to <paramref name="audience"/> answering <paramref name="nonce"/>.</summary>
    public static SdJwtVerificationRequest KeyBound(string audience, string nonce)
    {
        ArgumentException.ThrowIfNullOrEmpty(audience);
        ArgumentException.ThrowIfNullOrEmpty(nonce);
        return new SdJwtVerificationRequest { Audience = audience, Nonce = nonce };
    }

    /// <summary>A request that accepts a presentation without key binding (a KB-JWT, if present, is still verified).</summary>
    public static SdJwtVerificationRequest WithoutKeyBinding { get; } = new() { RequireKeyBinding = false };

    /// <summary>Throws when the request is unusable (a programming error).</summary>
    /// <exception cref="ArgumentException">Key binding is required without an audience and a nonce, or an enum is undefined.</exception>
    public void Validate()
    {
        if (RequireKeyBinding && (string.IsNullOrEmpty(Audience) || string.IsNullOrEmpty(Nonce)))
        {
            throw new ArgumentException("Key binding is required: set Audience and Nonce (or RequireKeyBinding = false).");
        }

        if (!Enum.IsDefined(IssuerKeyValidity) || (Finality is { } f && !Enum.IsDefined(f)))
        {
            throw new ArgumentException("IssuerKeyValidity or Finality is not a defined value.");
        }
    }
}
