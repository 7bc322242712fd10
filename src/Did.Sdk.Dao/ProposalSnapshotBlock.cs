using System.Globalization;
using Did.Sdk.Ethereum.Rpc;
using Did.Sdk.Verification;

namespace Did.Sdk.Dao;

// The proposal's snapshot block: the block it names (hash when known), or the block its time maps to, found
// among the blocks at the proposal's finality (so the answer cannot change once given).
internal static class ProposalSnapshotBlock
{
    public static async ValueTask<Result<(ulong Number, string? Hash)>> FindAsync(Proposal proposal, EthereumClient client, CancellationToken cancellationToken)
    {
        if (proposal.SnapshotBlockNumber is { } number)
        {
            return (number, proposal.SnapshotBlockHash);
        }

        var found = await new SnapshotBlockLocator(client).FindAsync(proposal.SnapshotTimestamp!.Value, proposal.RequiredFinality, cancellationToken).ConfigureAwait(false);
        return found.Succeeded ? (found.Value.Number, found.Value.Hash) : found.Error;
    }

    // Pending (finalityPending) until the snapshot block has reached the proposal's finality; then the block.
    public static async ValueTask<Result<(ulong Number, string? Hash)>> FindFinalAsync(Proposal proposal, EthereumClient client, CancellationToken cancellationToken)
    {
        if (proposal.SnapshotBlockNumber is null)
        {
            // The locator searches only blocks at the proposal's finality.
            return await FindAsync(proposal, client, cancellationToken).ConfigureAwait(false);
        }

        var head = await client.GetBlockAsync(BlockTag.Of(proposal.RequiredFinality), cancellationToken).ConfigureAwait(false);
        if (!head.Succeeded)
        {
            return head.Error;
        }

        return head.Value.Number >= proposal.SnapshotBlockNumber
            ? (proposal.SnapshotBlockNumber.Value, proposal.SnapshotBlockHash)
            : Result<(ulong Number, string? Hash)>.Failure(VerificationErrorCodes.FinalityPending, string.Create(CultureInfo.InvariantCulture, $"The snapshot block {proposal.SnapshotBlockNumber} is not yet {proposal.RequiredFinality.ToString().ToLowerInvariant()} (that block is {head.Value.Number})."));
    }
}
