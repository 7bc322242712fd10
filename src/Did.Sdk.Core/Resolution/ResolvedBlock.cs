using System.Text.Json;

namespace Did.Sdk;

/// <summary>
/// The ledger block a resolution read its state from, as reported in <c>didResolutionMetadata</c>
/// (<c>blockNumber</c>, <c>blockHash</c>, <c>blockTag</c>, <c>chainId</c>; written by did:ethr).
/// </summary>
/// <param name="Number">The block number.</param>
/// <param name="Hash">The block hash (0x-prefixed hex).</param>
/// <param name="Tag">The block tag that chose the block (<c>latest</c>, <c>safe</c>, <c>finalized</c>), if reported.</param>
/// <param name="ChainId">The chain id (EIP-155), if reported.</param>
public sealed record ResolvedBlock(ulong Number, string Hash, string? Tag, ulong? ChainId)
{
    /// <summary>The block described by <paramref name="metadata"/>, or null when it names none or names one malformed.</summary>
    public static ResolvedBlock? From(DidResolutionMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var extra = metadata.AdditionalProperties;
        if (extra is null
            || !extra.TryGetValue("blockNumber", out var number) || number.ValueKind != JsonValueKind.Number || !number.TryGetUInt64(out ulong n)
            || !extra.TryGetValue("blockHash", out var hash) || hash.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        string? tag = extra.TryGetValue("blockTag", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        ulong? chainId = extra.TryGetValue("chainId", out var c) && c.ValueKind == JsonValueKind.Number && c.TryGetUInt64(out ulong id) ? id : null;
        return new ResolvedBlock(n, hash.GetString()!, tag, chainId);
    }
}
