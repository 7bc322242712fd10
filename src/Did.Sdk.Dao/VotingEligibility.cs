// "May this person vote on this proposal, with what weight?" as a chain of steps: the snapshot block (named,
// or found from the proposal's time) has reached the proposal's finality (else pending, before anything is
// consumed); the presentation satisfies
// the proposal's policy; the holder's DID gives its wallets; their power at the snapshot block is summed (one
// round trip); it reaches the minimum; the vote is claimed under the identity's nullifier (one per
// identity, one identity per wallet); the tool signs a receipt.
using System.Globalization;
using System.Text;
using Did.Sdk.Ethereum;
using Did.Sdk.Ethereum.Rpc;
using Did.Sdk.Jose;
using Did.Sdk.SocialToken;
using Did.Sdk.Verification;

namespace Did.Sdk.Dao;

/// <summary>Checks voting eligibility for one proposal. Never throws on untrusted input.</summary>
public sealed class VotingEligibility
{
    private readonly Proposal _proposal;
    private readonly PresentationVerifier _verifier;
    private readonly SocialIdentityResolver _identities;
    private readonly EthereumClient _chain;
    private readonly VotingPowerReader _power;
    private readonly IEligibilityStore _store;
    private readonly SigningKey _toolKey;
    private readonly string _toolKeyId;
    private readonly string _toolDid;
    private readonly TimeProvider _time;
    private (ulong Number, string? Hash)? _located;

    /// <summary>Creates the checker for <paramref name="proposal"/>; receipts are signed with <paramref name="toolKey"/> as <paramref name="toolKeyId"/> (a DID URL of the tool's DID).</summary>
    public VotingEligibility(Proposal proposal, PresentationVerifier verifier, IDidResolver resolver, EthereumClient chain, IEligibilityStore store, SigningKey toolKey, string toolKeyId, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        ArgumentNullException.ThrowIfNull(verifier);
        ArgumentNullException.ThrowIfNull(resolver);
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(toolKey);
        proposal.Validate();
        _toolDid = SnapshotLists.ToolDid(toolKeyId);
        _proposal = proposal;
        _verifier = verifier;
        _identities = new SocialIdentityResolver(resolver);
        _chain = chain;
        _power = new VotingPowerReader(chain);
        _store = store;
        _toolKey = toolKey;
        _toolKeyId = toolKeyId;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The nullifier of <paramref name="did"/> on <paramref name="proposalId"/>: keccak256 of both, so anyone can recompute it.</summary>
    public static string Nullifier(string proposalId, string did)
        => Hex.Encode(Keccak256.Hash(Encoding.UTF8.GetBytes("did-sdk:nullifier:v1\n" + proposalId + "\n" + did)));

    /// <summary>Checks <paramref name="presentation"/>, answering the request with <paramref name="nonce"/>.</summary>
    public async ValueTask<EligibilityResult> CheckAsync(string presentation, string nonce, CancellationToken cancellationToken = default)
    {
        // 1. The snapshot block is final enough (nothing is consumed while it is not).
        var block = await SnapshotBlockAsync(cancellationToken).ConfigureAwait(false);
        if (!block.Succeeded)
        {
            return new EligibilityResult { Outcome = block.Error.Code == VerificationErrorCodes.FinalityPending ? EligibilityOutcome.Pending : EligibilityOutcome.NotEligible, Error = block.Error };
        }

        // 2. The presentation satisfies the policy.
        var decision = await _verifier.VerifyAsync(presentation, nonce, cancellationToken).ConfigureAwait(false);
        if (!decision.Accepted)
        {
            return new EligibilityResult { Outcome = decision.Outcome == DecisionOutcome.Pending ? EligibilityOutcome.Pending : EligibilityOutcome.NotEligible, Error = decision.Error, Decision = decision };
        }

        // 3. The holder's wallets.
        if (decision.Holder is not { } holder)
        {
            return NotEligible(decision, new SdkError(VerificationErrorCodes.HolderIdentityRequired, "The credential binds a bare key, not a DID: there are no wallets to count."));
        }

        var identity = await _identities.ResolveAsync(holder, _proposal.ChainId, _proposal.Policy.DidFinality, cancellationToken).ConfigureAwait(false);
        if (!identity.Succeeded)
        {
            return NotEligible(decision, identity.Error);
        }

        // 4. Their power at the snapshot block.
        var wallets = identity.Value.Wallets.Select(w => w.Address).ToList();
        var snapshot = await _power.ReadAsync(_proposal.Terms, wallets, block.Value.Number, block.Value.Hash, cancellationToken).ConfigureAwait(false);
        if (!snapshot.Succeeded)
        {
            return NotEligible(decision, snapshot.Error);
        }

        var power = snapshot.Value.Powers.Aggregate(System.Numerics.BigInteger.Zero, (sum, p) => sum + p.Power);
        string nullifier = Nullifier(_proposal.Id, holder);
        if (power < _proposal.MinimumPower)
        {
            return NotEligible(decision, new SdkError(DaoErrorCodes.BelowMinimumPower, string.Create(CultureInfo.InvariantCulture, $"The identity's power at block {block.Value.Number} is below the proposal's minimum {_proposal.MinimumPower}."))) with { Power = power, Nullifier = nullifier, Snapshot = snapshot.Value };
        }

        // 5. The receipt, then the claim (one per identity, one identity per wallet).
        var receipt = EligibilityReceipts.Sign(
            new EligibilityReceipt
            {
                ProposalId = _proposal.Id,
                Nullifier = nullifier,
                Power = power,
                ChainId = snapshot.Value.ChainId,
                SnapshotBlockNumber = snapshot.Value.BlockNumber,
                SnapshotBlockHash = snapshot.Value.BlockHash,
                Finality = snapshot.Value.Finality.ToString().ToLowerInvariant(),
                IssuedAt = _time.GetUtcNow(),
                Issuer = _toolDid,
            },
            _toolKey,
            _toolKeyId);
        var claimed = await _store.ClaimAsync(new EligibilityClaim { ProposalId = _proposal.Id, Nullifier = nullifier, Wallets = wallets, Power = power, Receipt = receipt }, cancellationToken).ConfigureAwait(false);
        if (!claimed.Succeeded)
        {
            return NotEligible(decision, claimed.Error) with { Power = power, Nullifier = nullifier, Snapshot = snapshot.Value };
        }

        return new EligibilityResult { Outcome = EligibilityOutcome.Eligible, Decision = decision, Power = power, Nullifier = nullifier, Receipt = receipt, Snapshot = snapshot.Value };
    }

    /// <summary>
    /// The signed snapshot list of <paramref name="addresses"/> for this proposal (see
    /// <see cref="SnapshotLists.CreateAsync"/>), signed with the tool's key.
    /// </summary>
    public ValueTask<Result<SnapshotList>> SnapshotAsync(IReadOnlyList<EthereumAddress> addresses, CancellationToken cancellationToken = default)
        => SnapshotLists.CreateAsync(_proposal, addresses, _chain, _toolKey, _toolKeyId, _time, cancellationToken);

    // A block found from the proposal's time at its finality does not change: it is kept (not at latest, where
    // the blocks it was found among can still be reorged).
    private async ValueTask<Result<(ulong Number, string? Hash)>> SnapshotBlockAsync(CancellationToken cancellationToken)
    {
        if (_located is { } known)
        {
            return known;
        }

        var block = await ProposalSnapshotBlock.FindFinalAsync(_proposal, _chain, cancellationToken).ConfigureAwait(false);
        if (block.Succeeded && _proposal.SnapshotTimestamp is not null && _proposal.RequiredFinality != Finality.Latest)
        {
            _located = block.Value;
        }

        return block;
    }

    private static EligibilityResult NotEligible(VerificationDecision decision, SdkError error) => new() { Outcome = EligibilityOutcome.NotEligible, Error = error, Decision = decision };
}
