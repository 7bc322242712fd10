using System.CommandLine;

namespace Did.Sdk.Cli;

/// <summary>Options shared by several commands.</summary>
internal static class CliOptions
{
    /// <summary><c>--block-tag latest|safe|finalized</c>: the finality DIDs on a ledger are resolved at.</summary>
    public static Option<string?> BlockTag()
    {
        var option = new Option<string?>("--block-tag") { Description = "did:ethr: resolve DIDs at the latest, safe or finalized block (default latest)." };
        option.AcceptOnlyFromAmong("latest", "safe", "finalized");
        return option;
    }

    /// <summary>The finality chosen with <see cref="BlockTag"/>, or null.</summary>
    public static Finality? Finality(ParseResult parse, Option<string?> blockTag)
        => parse.GetValue(blockTag) is { } tag ? Enum.Parse<Finality>(tag, ignoreCase: true) : null;
}
