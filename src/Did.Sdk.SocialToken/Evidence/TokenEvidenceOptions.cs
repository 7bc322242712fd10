namespace Did.Sdk.SocialToken;

/// <summary>How a <see cref="TokenEvidenceReader"/> reads.</summary>
public sealed class TokenEvidenceOptions
{
    /// <summary>
    /// Use Multicall3 at its canonical address when it is deployed (checked once per reader); otherwise
    /// the reads go as one JSON-RPC batch. True by default.
    /// </summary>
    public bool UseMulticall3 { get; set; } = true;

    /// <summary>The most queries one read takes (a bound on request and response size). 2,000 by default.</summary>
    public int MaxQueries { get; set; } = 2_000;

    /// <summary>Checks the values.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public void Validate() => ArgumentOutOfRangeException.ThrowIfNotEqual(MaxQueries is >= 1 and <= Ethereum.Multicall.Multicall3.MaxCalls, true, nameof(MaxQueries));
}
