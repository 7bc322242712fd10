using System.Numerics;

namespace Did.Sdk.SocialToken;

/// <summary>What one <see cref="TransferWatcher.ScanAsync"/> looked at and did.</summary>
public sealed record TransferScan
{
    /// <summary>The first block scanned (empty range when greater than <see cref="ToBlock"/>).</summary>
    public required ulong FromBlock { get; init; }

    /// <summary>The last block scanned: the chain's block at the watcher's finality.</summary>
    public required ulong ToBlock { get; init; }

    /// <summary>The hash of <see cref="ToBlock"/>.</summary>
    public required string ToBlockHash { get; init; }

    /// <summary>Transfer events seen in the range (ERC-20/721 <c>Transfer</c>; ERC-1155 <c>TransferSingle</c>/<c>TransferBatch</c> moving the watched id).</summary>
    public required int Transfers { get; init; }

    /// <summary>ERC20Votes <c>DelegateVotesChanged</c> events seen in the range (a delegate's voting power changed).</summary>
    public int VoteChanges { get; init; }

    /// <summary>The tracked credentials whose holders' holdings were read again.</summary>
    public required int Rechecked { get; init; }

    /// <summary>The credentials whose identity fell below the tier: revoked (status INVALID), with the holding read.</summary>
    public required IReadOnlyList<(TrackedCredential Credential, BigInteger Holding)> Revoked { get; init; }
}
