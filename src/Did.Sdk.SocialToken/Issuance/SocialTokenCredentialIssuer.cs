// The brand's issuer: SocialTokenHolder credentials ("this DID's wallets hold at least the threshold of
// tier T of token X on chain C, checked at block B") and SocialTokenCreator credentials ("this DID
// controls token X"), as SD-JWT VCs whose evidence anyone can re-check at the same block.
using System.Globalization;
using System.Numerics;
using System.Text.Json.Nodes;
using Did.Sdk.Ethereum;
using Did.Sdk.Ethereum.Rpc;
using Did.Sdk.SdJwt;

namespace Did.Sdk.SocialToken;

/// <summary>
/// Issues social-token credentials. The holder proves control of a wallet of its DID by signing the
/// issuer's SIWE challenge (single-use nonce, the DID among its resources); the issuer reads the holdings
/// of every wallet of the DID at one block of the configured finality, grants the highest tier reached,
/// and signs. The exact balance is in the credential but selectively disclosable (never disclosed unless
/// the holder chooses); the tier, the evidence and the membership date are disclosable too.
/// </summary>
public sealed class SocialTokenCredentialIssuer
{
    private readonly SdJwtIssuer _issuer;
    private readonly SocialTokenIssuerOptions _options;
    private readonly SocialIdentityResolver _identities;
    private readonly TokenEvidenceReader _evidence;
    private readonly SiweVerifier _siwe;
    private readonly SiweNonces _nonces;
    private static readonly TimeSpan ChallengeClockSkew = TimeSpan.FromSeconds(60);
    private readonly TimeProvider _time;

    /// <summary>Creates the issuer.</summary>
    /// <param name="issuer">Signs as the brand's DID (see <see cref="SdJwtIssuer.ForDidAsync"/>).</param>
    /// <param name="options">The token, tiers and challenge parameters; validated here.</param>
    /// <param name="resolver">Resolves holder DIDs (did:ethr on the token's chain, did:pkh).</param>
    /// <param name="chain">The token's chain.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public SocialTokenCredentialIssuer(SdJwtIssuer issuer, SocialTokenIssuerOptions options, IDidResolver resolver, EthereumClient chain, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(issuer);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(resolver);
        ArgumentNullException.ThrowIfNull(chain);
        options.Validate();
        _issuer = issuer;
        _options = options;
        _time = timeProvider ?? TimeProvider.System;
        _identities = new SocialIdentityResolver(resolver);
        _evidence = new TokenEvidenceReader(chain);
        _siwe = new SiweVerifier(chain, _time);
        // Nonces outlive the challenge by the SIWE clock skew, so a late answer is refused as expired, not as unknown.
        _nonces = options.Nonces ?? new SiweNonces(options.ChallengeLifetime + ChallengeClockSkew, timeProvider: _time);
    }

    /// <summary>The issuer's settings.</summary>
    public SocialTokenIssuerOptions Options => _options;

    /// <summary>
    /// The SIWE challenge for <paramref name="wallet"/> of <paramref name="did"/>: the issuer's domain and URI,
    /// the token's chain, a fresh single-use nonce, and the DID as a resource. The wallet signs its
    /// <see cref="SiweMessage.ToString"/> with personal_sign.
    /// </summary>
    public SiweMessage CreateChallenge(string did, EthereumAddress wallet)
    {
        ArgumentNullException.ThrowIfNull(did);
        var now = _time.GetUtcNow();
        return new SiweMessage
        {
            Domain = _options.Domain,
            Address = wallet,
            Statement = $"Prove that this wallet belongs to {did} to receive a {_options.Token.Symbol} holder credential.",
            Uri = _options.Uri,
            ChainId = _options.Token.ChainId,
            Nonce = _nonces.Issue(),
            IssuedAt = TruncateToSeconds(now),
            ExpirationTime = TruncateToSeconds(now + _options.ChallengeLifetime),
            Resources = [did],
        };
    }

    /// <summary>
    /// Issues a SocialTokenHolder credential. Fails with the SIWE codes (<c>invalidSiweMessage</c>,
    /// <c>siweMismatch</c>, <c>siweExpired</c>, <c>siweNonceInvalid</c>, <c>siweSignatureInvalid</c>),
    /// <c>walletNotLinked</c> (the signing wallet is not the DID's), <c>belowThreshold</c>,
    /// <c>tokenReadFailed</c>, <c>evidenceBlockReorged</c>, and the resolution and transport codes.
    /// </summary>
    public async ValueTask<Result<SocialTokenIssuance>> IssueHolderCredentialAsync(SocialTokenHolderRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var proven = await ProveAsync(request.Did, request.SiweMessage, request.Signature, cancellationToken).ConfigureAwait(false);
        if (!proven.Succeeded)
        {
            return proven.Error;
        }

        var identity = proven.Value;
        var token = _options.Token;
        var queries = identity.Wallets.Select(w => token.HoldingQuery(w.Address, _options.Basis)).ToArray();
        var evidence = await _evidence.ReadAsync(queries, EvidenceBlock.At(_options.EvidenceFinality), cancellationToken).ConfigureAwait(false);
        if (!evidence.Succeeded)
        {
            return evidence.Error;
        }

        if (evidence.Value.Readings.FirstOrDefault(r => !r.Succeeded) is { } failed)
        {
            return failed.Error!;
        }

        var holding = evidence.Value.Readings.Aggregate(BigInteger.Zero, (sum, r) => sum + r.Amount!.Value);
        var unit = BigInteger.Pow(10, token.Decimals);
        var tier = _options.Tiers.Where(t => holding >= t.Threshold * unit).OrderByDescending(t => t.Threshold).FirstOrDefault();
        if (tier is null)
        {
            return Result<SocialTokenIssuance>.Failure(SocialTokenErrorCodes.BelowThreshold, _options.Basis == HoldingBasis.Votes
                ? $"The identity's wallets have less voting power than the lowest tier of {token.Symbol}."
                : $"The identity's wallets hold less than the lowest tier of {token.Symbol}.");
        }

        var claims = BaseClaims(SocialTokenIssuerOptions.HolderVct, identity, evidence.Value);
        claims["tier"] = tier.Name;
        claims["balance"] = holding.ToString(CultureInfo.InvariantCulture);
        if (request.MemberSince is { } since)
        {
            claims["member_since"] = since.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }

        if (request.StatusIndex is { } index && _options.StatusListUri is { } uri)
        {
            claims["status"] = new JsonObject { ["status_list"] = new JsonObject { ["idx"] = index, ["uri"] = uri } };
        }

        List<SdJwtClaimPath> disclosable = [SdJwtClaimPath.Create("tier"), SdJwtClaimPath.Create("balance"), SdJwtClaimPath.Create("evidence")];
        if (claims.ContainsKey("member_since"))
        {
            disclosable.Add(SdJwtClaimPath.Create("member_since"));
        }

        return new SocialTokenIssuance
        {
            Credential = _issuer.Issue(claims, disclosable),
            Identity = identity,
            Evidence = evidence.Value,
            Holding = holding,
            Tier = tier,
            Basis = _options.Basis,
            StatusIndex = claims.ContainsKey("status") ? request.StatusIndex : null,
        };
    }

    /// <summary>
    /// Issues the brand's own SocialTokenCreator credential: "the issuer's DID controls the token", signed by
    /// that DID (<c>iss</c> = <c>sub</c>) with the block at which the contract's <c>owner()</c> was one of the
    /// DID's wallets, so a verifier can re-check it there and tell the real brand from an impersonator.
    /// Fails with <c>notTokenController</c> when the issuer's DID does not control the token, and with
    /// <c>tokenReadFailed</c> (a contract without <c>owner()</c>), <c>evidenceBlockReorged</c> and the
    /// resolution and transport codes.
    /// </summary>
    public async ValueTask<Result<SocialTokenIssuance>> IssueCreatorCredentialAsync(CancellationToken cancellationToken = default)
    {
        if (_issuer.Options.Issuer is not { } issuerDid)
        {
            return Result<SocialTokenIssuance>.Failure(SocialTokenErrorCodes.NotTokenController, "The issuer has no DID (create it with SdJwtIssuer.ForDidAsync).");
        }

        var identity = await _identities.ResolveAsync(issuerDid, _options.Token.ChainId, _options.EvidenceFinality, cancellationToken).ConfigureAwait(false);
        if (!identity.Succeeded)
        {
            return identity.Error;
        }

        var evidence = await _evidence.ReadAsync([TokenQuery.Owner(_options.Token.Contract)], EvidenceBlock.At(_options.EvidenceFinality), cancellationToken).ConfigureAwait(false);
        if (!evidence.Succeeded)
        {
            return evidence.Error;
        }

        var owner = evidence.Value.Readings[0];
        if (!owner.Succeeded)
        {
            return owner.Error!;
        }

        if (owner.Address is not { } ownerAddress || !identity.Value.Owns(ownerAddress))
        {
            return Result<SocialTokenIssuance>.Failure(SocialTokenErrorCodes.NotTokenController, $"{issuerDid} does not control {_options.Token.Symbol}: the contract's owner is another account.");
        }

        var claims = BaseClaims(SocialTokenIssuerOptions.CreatorVct, identity.Value, evidence.Value);
        claims["role"] = "creator";
        return new SocialTokenIssuance
        {
            Credential = _issuer.Issue(claims, []),
            Identity = identity.Value,
            Evidence = evidence.Value,
            Holding = BigInteger.Zero,
        };
    }

    // SIWE: the issuer's message, the DID listed, a nonce of ours used once, a wallet of the DID signing.
    private async ValueTask<Result<SocialIdentity>> ProveAsync(string did, string message, ReadOnlyMemory<byte> signature, CancellationToken cancellationToken)
    {
        var verified = await _siwe.VerifyAsync(message, signature, new SiweExpectation
        {
            Domain = _options.Domain,
            Uri = _options.Uri,
            ChainId = _options.Token.ChainId,
            Resource = did,
            MaxAge = _options.ChallengeLifetime,
            ClockSkew = ChallengeClockSkew,
        }, cancellationToken).ConfigureAwait(false);
        if (!verified.Succeeded)
        {
            return verified.Error;
        }

        if (!_nonces.TryConsume(verified.Value.Nonce))
        {
            return Result<SocialIdentity>.Failure(SocialTokenErrorCodes.SiweNonceInvalid, "The challenge's nonce was not issued here, was already used, or expired.");
        }

        var identity = await _identities.ResolveAsync(did, _options.Token.ChainId, _options.EvidenceFinality, cancellationToken).ConfigureAwait(false);
        if (!identity.Succeeded)
        {
            return identity;
        }

        return identity.Value.Owns(verified.Value.Address)
            ? identity
            : Result<SocialIdentity>.Failure(SocialTokenErrorCodes.WalletNotLinked, $"The signing wallet {verified.Value.Address} is not a wallet of {did}.");
    }

    private JsonObject BaseClaims(string vct, SocialIdentity identity, TokenEvidence evidence)
    {
        var now = _time.GetUtcNow();
        return new JsonObject
        {
            ["vct"] = vct,
            ["sub"] = identity.Did,
            ["iat"] = now.ToUnixTimeSeconds(),
            ["exp"] = (now + _options.Lifetime).ToUnixTimeSeconds(),
            ["cnf"] = new JsonObject { ["kid"] = identity.Wallets[0].MethodId },
            ["token"] = _options.Token.ToClaim(),
            ["evidence"] = new JsonObject
            {
                ["chain_id"] = evidence.ChainId,
                ["block_number"] = evidence.BlockNumber,
                ["block_hash"] = evidence.BlockHash,
                ["finality"] = evidence.Finality.ToString().ToLowerInvariant(),
            },
        };
    }

    private static DateTimeOffset TruncateToSeconds(DateTimeOffset time) => DateTimeOffset.FromUnixTimeSeconds(time.ToUnixTimeSeconds());
}
