namespace Did.Sdk.Ethereum.Rlp;

/// <summary>Limits applied while decoding untrusted RLP.</summary>
public sealed record RlpDecodeOptions
{
    /// <summary>The defaults: 1 MiB of input, nesting depth 16.</summary>
    public static RlpDecodeOptions Default { get; } = new();

    /// <summary>The largest accepted input in bytes (default 1 MiB).</summary>
    public int MaxInputSize { get; init; } = 1 << 20;

    /// <summary>The deepest accepted list nesting; the top-level item is depth 0 (default 16).</summary>
    public int MaxDepth { get; init; } = 16;
}
