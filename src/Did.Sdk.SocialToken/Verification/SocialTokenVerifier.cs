// Verifies social-token presentations as a chain of small steps, each of which may stop it: the SD-JWT VC
// (issuer signature at the chosen finality, holder key binding, status), the credential type, the token,
// the tier, that the issuer may speak for the token (listed, or its controller on chain), and that the
// evidence block is still on the chain. Creator credentials are re-checked at their own evidence block.
using System.Globalization;
using System.Text.Json.Nodes;
using Did.Sdk.Ethereum;
using Did.Sdk.Ethereum.Rpc;
using Did.Sdk.SdJwt;

namespace Did.Sdk.SocialToken;

/// <summary>Verifies SocialTokenHolder and SocialTokenCreator presentations. Never throws on untrusted input.</summary>
public sealed class SocialTokenVerifier
{
    private readonly SdJwtVerifier _sdJwt;
    private readonly SocialIdentityResolver _identities;
    private readonly TokenEvidenceReader _evidence;
    private readonly EthereumClient _chain;

    /// <summary>Creates the verifier.</summary>
    /// <param name="sdJwt">Verifies the SD-JWT VC (configure it with the DID resolver and a status list checker).</param>
    /// <param name="resolver">Resolves issuer DIDs to their wallets.</param>
    /// <param name="chain">The token's chain.</param>
    public SocialTokenVerifier(SdJwtVerifier sdJwt, IDidResolver resolver, EthereumClient chain)
    {
        ArgumentNullException.ThrowIfNull(sdJwt);
        ArgumentNullException.ThrowIfNull(resolver);
        ArgumentNullException.ThrowIfNull(chain);
        _sdJwt = sdJwt;
        _identities = new SocialIdentityResolver(resolver);
        _evidence = new TokenEvidenceReader(chain);
        _chain = chain;
    }

    /// <summary>
    /// Verifies a SocialTokenHolder presentation. Fails with the SD-JWT codes, <c>credentialTypeMismatch</c>,
    /// <c>tokenMismatch</c>, <c>tierNotAccepted</c>, <c>untrustedIssuer</c>, <c>notTokenController</c>,
    /// <c>evidenceBlockReorged</c>, <c>tokenReadFailed</c> and the transport codes.
    /// </summary>
    public async ValueTask<Result<SocialTokenPresentation>> VerifyHolderAsync(string presentation, SocialTokenPresentationRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var verified = await VerifySdJwtAsync(presentation, request, SocialTokenIssuerOptions.HolderVct, cancellationToken).ConfigureAwait(false);
        if (!verified.Succeeded)
        {
            return verified;
        }

        var accepted = verified.Value;
        if (CheckTier(accepted, request) is { } tierError)
        {
            return tierError;
        }

        if (await CheckIssuerAsync(accepted.Issuer, request, cancellationToken).ConfigureAwait(false) is { } issuerError)
        {
            return issuerError;
        }

        if (request.RecheckEvidence && accepted.EvidenceBlockNumber is { } number
            && await CheckBlockAsync(number, accepted.EvidenceBlockHash!, cancellationToken).ConfigureAwait(false) is { } blockError)
        {
            return blockError;
        }

        return accepted;
    }

    /// <summary>
    /// Verifies a SocialTokenCreator presentation: self-issued (<c>iss</c> = <c>sub</c>), and the contract's
    /// <c>owner()</c> at the evidence block was one of the issuer's wallets. Fails with the SD-JWT codes,
    /// <c>credentialTypeMismatch</c>, <c>tokenMismatch</c>, <c>notTokenController</c>,
    /// <c>evidenceBlockReorged</c>, <c>tokenReadFailed</c> and the transport codes.
    /// </summary>
    public async ValueTask<Result<SocialTokenPresentation>> VerifyCreatorAsync(string presentation, SocialTokenPresentationRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var verified = await VerifySdJwtAsync(presentation, request, SocialTokenIssuerOptions.CreatorVct, cancellationToken).ConfigureAwait(false);
        if (!verified.Succeeded)
        {
            return verified;
        }

        var accepted = verified.Value;
        if (!string.Equals(accepted.Issuer, accepted.Subject, StringComparison.Ordinal) || accepted.EvidenceBlockNumber is not { } number)
        {
            return Result<SocialTokenPresentation>.Failure(SocialTokenErrorCodes.NotTokenController, "A creator credential must be issued by its subject and carry its evidence block.");
        }

        var identity = await _identities.ResolveAsync(accepted.Issuer, request.ChainId, request.Finality, cancellationToken).ConfigureAwait(false);
        if (!identity.Succeeded)
        {
            return identity.Error;
        }

        var owner = await _evidence.ReadAsync([TokenQuery.Owner(request.Contract)], EvidenceBlock.Pinned(number, accepted.EvidenceBlockHash!), cancellationToken).ConfigureAwait(false);
        if (!owner.Succeeded)
        {
            return owner.Error;
        }

        var reading = owner.Value.Readings[0];
        if (!reading.Succeeded)
        {
            return reading.Error!;
        }

        return reading.Address is { } address && identity.Value.Owns(address)
            ? accepted
            : Result<SocialTokenPresentation>.Failure(SocialTokenErrorCodes.NotTokenController, $"{accepted.Issuer} did not control the token at block {number}: the contract's owner was {reading.Address}.");
    }

    // 1. The SD-JWT VC, its type and its token.
    private async ValueTask<Result<SocialTokenPresentation>> VerifySdJwtAsync(string presentation, SocialTokenPresentationRequest request, string vct, CancellationToken cancellationToken)
    {
        var result = await _sdJwt.VerifyAsync(presentation ?? string.Empty, SdJwtVerificationRequest.KeyBound(request.Audience, request.Nonce) with { Finality = request.Finality }, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            return result.Error;
        }

        var claims = result.Claims!;
        if (result.Validated!.Vct != vct)
        {
            return Result<SocialTokenPresentation>.Failure(SocialTokenErrorCodes.CredentialTypeMismatch, $"The credential's vct is '{result.Validated.Vct}', not '{vct}'.");
        }

        if (claims["token"] is not JsonObject token || !IsUInt(token["chain_id"], out var chainId) || chainId != request.ChainId
            || token["contract"] is not JsonValue contract || !contract.TryGetValue<string>(out var contractText)
            || !EthereumAddress.TryParse(contractText, out var address) || address != request.Contract)
        {
            return Result<SocialTokenPresentation>.Failure(SocialTokenErrorCodes.TokenMismatch, "The credential is about another token or chain than the one asked for.");
        }

        if (result.Validated.Issuer is not { } issuer || claims["sub"] is not JsonValue sub || !sub.TryGetValue<string>(out var subject))
        {
            return Result<SocialTokenPresentation>.Failure(SocialTokenErrorCodes.CredentialTypeMismatch, "The credential has no issuer or subject.");
        }

        ulong? blockNumber = null;
        string? blockHash = null;
        if (claims["evidence"] is JsonObject evidence)
        {
            if (!IsUInt(evidence["block_number"], out var number) || evidence["block_hash"] is not JsonValue hash || !hash.TryGetValue<string>(out var hashText)
                || !IsUInt(evidence["chain_id"], out var evidenceChain) || evidenceChain != request.ChainId)
            {
                return Result<SocialTokenPresentation>.Failure(SocialTokenErrorCodes.TokenMismatch, "The credential's evidence is malformed or for another chain.");
            }

            (blockNumber, blockHash) = (number, hashText);
        }

        return new SocialTokenPresentation
        {
            Subject = subject,
            Issuer = issuer,
            Tier = claims["tier"] is JsonValue tier && tier.TryGetValue<string>(out var tierName) ? tierName : null,
            EvidenceBlockNumber = blockNumber,
            EvidenceBlockHash = blockHash,
            Claims = claims,
            Validated = result.Validated,
        };
    }

    // 2. The tier, disclosed and accepted.
    private static SdkError? CheckTier(SocialTokenPresentation accepted, SocialTokenPresentationRequest request)
    {
        if (accepted.Tier is null)
        {
            return new SdkError(SocialTokenErrorCodes.TierNotAccepted, "The presentation does not disclose a tier.");
        }

        return request.AcceptedTiers.Count > 0 && !request.AcceptedTiers.Contains(accepted.Tier, StringComparer.Ordinal)
            ? new SdkError(SocialTokenErrorCodes.TierNotAccepted, $"The tier '{accepted.Tier}' is not one this verifier accepts.")
            : null;
    }

    // 3. The issuer may speak for the token: listed by the verifier, or its controller on chain now.
    private async ValueTask<SdkError?> CheckIssuerAsync(string issuer, SocialTokenPresentationRequest request, CancellationToken cancellationToken)
    {
        if (request.TrustedIssuers is { } trusted)
        {
            return trusted.Contains(issuer, StringComparer.Ordinal) ? null : new SdkError(SocialTokenErrorCodes.UntrustedIssuer, $"{issuer} is not a trusted issuer for this token.");
        }

        var identity = await _identities.ResolveAsync(issuer, request.ChainId, request.Finality, cancellationToken).ConfigureAwait(false);
        if (!identity.Succeeded)
        {
            return identity.Error;
        }

        var owner = await _evidence.ReadAsync([TokenQuery.Owner(request.Contract)], EvidenceBlock.At(request.Finality), cancellationToken).ConfigureAwait(false);
        if (!owner.Succeeded)
        {
            return owner.Error;
        }

        var reading = owner.Value.Readings[0];
        if (!reading.Succeeded)
        {
            return reading.Error;
        }

        return reading.Address is { } address && identity.Value.Owns(address)
            ? null
            : new SdkError(SocialTokenErrorCodes.NotTokenController, $"The issuer {issuer} does not control the token (its owner is {reading.Address}); it cannot speak for the brand.");
    }

    // 4. The evidence block is still the chain's block at that height.
    private async ValueTask<SdkError?> CheckBlockAsync(ulong number, string hash, CancellationToken cancellationToken)
    {
        var block = await _chain.GetBlockAsync(BlockTag.AtNumber(number), cancellationToken).ConfigureAwait(false);
        if (!block.Succeeded)
        {
            return block.Error;
        }

        return string.Equals(block.Value.Hash, hash, StringComparison.OrdinalIgnoreCase)
            ? null
            : new SdkError(SocialTokenErrorCodes.EvidenceBlockReorged, string.Create(CultureInfo.InvariantCulture, $"The evidence block {number} is no longer on the chain."));
    }

    private static bool IsUInt(JsonNode? node, out ulong value)
    {
        value = 0;
        return node is JsonValue v && v.TryGetValue<ulong>(out value);
    }
}
