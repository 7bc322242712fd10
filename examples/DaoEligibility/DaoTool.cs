using System.Numerics;
using Did.Sdk.Dao;
using Did.Sdk.Ethereum.Rpc;
using Did.Sdk.Jose;
using Did.Sdk.SdJwt;
using Did.Sdk.SdJwt.StatusList;
using Did.Sdk.Verification;
using Did.Sdk.Verification.Policy;
using Did.Sdk.Verification.Requests;

namespace Did.Sdk.Examples.DaoEligibility;

/// <summary>
/// The DAO tool: the part of this example to copy. It talks to the chain through JSON-RPC (the embedded devnet
/// here, a rollup's endpoint in production), resolves DIDs, checks credential status, claims votes in an
/// <see cref="IEligibilityStore"/> and signs receipts and snapshot lists with its own DID key.
/// </summary>
public sealed class DaoTool
{
    private readonly EthereumClient _chain;
    private readonly IDidResolver _resolver;
    private readonly IStatusListChecker? _statusLists;
    private readonly IEligibilityStore _store;
    private readonly SigningKey _key;
    private readonly TimeProvider _time;
    private readonly IPresentationRequestStore _requests;

    /// <summary>Creates the tool; it signs as <paramref name="keyId"/> (a DID URL of its DID).</summary>
    public DaoTool(EthereumClient chain, IDidResolver resolver, IStatusListChecker? statusLists, IEligibilityStore store, SigningKey key, string keyId, TimeProvider? timeProvider = null)
    {
        _chain = chain;
        _resolver = resolver;
        _statusLists = statusLists;
        _store = store;
        _key = key;
        KeyId = keyId;
        _time = timeProvider ?? TimeProvider.System;
        _requests = new MemoryPresentationRequestStore(_time);
    }

    /// <summary>The DID URL the tool signs as.</summary>
    public string KeyId { get; }

    /// <summary>
    /// A proposal whose snapshot is the chain's current safe block (pinned by its hash): voters become
    /// eligible once that block is finalized.
    /// </summary>
    public async Task<Result<Proposal>> CreateProposalAsync(string id, ulong chainId, IReadOnlyList<VotingPowerTerm> strategy, BigInteger minimumPower, VerificationPolicy policy, CancellationToken cancellationToken = default)
    {
        var safe = await _chain.GetBlockAsync(BlockTag.Safe, cancellationToken);
        if (!safe.Succeeded)
        {
            return safe.Error;
        }

        return new Proposal
        {
            Id = id,
            ChainId = chainId,
            Terms = strategy,
            SnapshotBlockNumber = safe.Value.Number,
            SnapshotBlockHash = safe.Value.Hash,
            RequiredFinality = Finality.Finalized,
            MinimumPower = minimumPower,
            Policy = policy,
        };
    }

    /// <summary>The checker for <paramref name="proposal"/>: its policy, the chain, the store, the tool's key.</summary>
    public (VotingEligibility Eligibility, PresentationVerifier Verifier) For(Proposal proposal)
    {
        var verifier = new PresentationVerifier(proposal.Policy, new SdJwtVerifier(new SdJwtVerificationOptions(), _resolver, _statusLists, _time), _resolver, _chain, _requests, _time);
        return (new VotingEligibility(proposal, verifier, _resolver, _chain, _store, _key, KeyId, _time), verifier);
    }
}
