namespace Did.Sdk.Devnet;

/// <summary>
/// Stable error codes of the devnet's C# API. Each code has a page <c>docs/errors/&lt;code&gt;.md</c>.
/// JSON-RPC callers get JSON-RPC error objects instead, worded as geth and hardhat word them.
/// </summary>
public static class DevnetErrorCodes
{
    /// <summary>The state file is not an SQLite database, or its blocks, hashes or state do not check out.</summary>
    public const string StateFileCorrupt = "stateFileCorrupt";

    /// <summary>The state file is an SQLite database, but not one a devnet wrote.</summary>
    public const string StateFileForeign = "stateFileForeign";

    /// <summary>The state file was written by a newer devnet schema version than this one reads.</summary>
    public const string StateFileVersionUnsupported = "stateFileVersionUnsupported";

    /// <summary>The state file holds a chain with another chain id than the options ask for.</summary>
    public const string StateFileMismatch = "stateFileMismatch";

    /// <summary>The state file cannot be opened: missing directory, no permission, or another process holds it.</summary>
    public const string StateFileUnavailable = "stateFileUnavailable";

    /// <summary>A reorg was refused: its depth is not positive, or it would replace a block at or below <c>safe</c>.</summary>
    public const string ReorgRefused = "reorgRefused";
}
