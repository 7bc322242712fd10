namespace Did.Sdk.Cli.Tests.Readme;

public class ReadmeTests
{
    [Fact]
    public async Task Quickstart_Runs_VerifiesItsOwnJws()
    {
        using var output = new StringWriter();

        var verified = await Quickstart.RunAsync(output);

        Assert.True(verified, output.ToString());
        Assert.StartsWith("verified a JWS from did:key:z6Mk", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RollupCredential_Runs_VerifiesAtFinalized()
    {
        using var output = new StringWriter();

        var verified = await RollupCredential.RunAsync(output);

        Assert.True(verified, output.ToString());
        Assert.StartsWith("tier gold from did:ethr:0xa:0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC, finalized block 0", output.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Did.Sdk.Cli.Tests/Readme/Quickstart.cs", "quickstart")]
    [InlineData("Did.Sdk.Cli.Tests/Readme/RollupCredential.cs", "rollup-credential")]
    [InlineData("Did.Sdk.Verification.Tests/ReadmeSnippet.cs", "verify-with-policy")]
    public void Readme_Snippet_MatchesTestedCode(string file, string name)
    {
        var tested = Region(File.ReadAllText(RepoFile(["tests", .. file.Split('/')])), "// begin-snippet: " + name, "// end-snippet");
        var readme = File.ReadAllText(RepoFile("README.md"));
        var block = Region(readme, $"<!-- snippet: {name} -->", "<!-- endsnippet -->", afterBegin: true);

        Assert.Equal(Normalize("```csharp\n" + Dedent(tested) + "```"), Normalize(block));
    }

    [Fact]
    public void Readme_TestCommand_IsWhatCiRuns()
    {
        var readme = File.ReadAllText(RepoFile("README.md"));
        var ci = File.ReadAllText(RepoFile(".ci", "run"));

        Assert.Contains("./build.sh test", readme, StringComparison.Ordinal);
        Assert.Contains("./build.sh test", ci, StringComparison.Ordinal);
    }

    internal static string RepoFile(params string[] parts)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Did.Sdk.sln")))
        {
            dir = dir.Parent;
        }

        Assert.NotNull(dir);
        return Path.Combine([dir.FullName, .. parts]);
    }

    private static string Region(string text, string begin, string end, bool afterBegin = false)
    {
        var start = text.IndexOf(begin, StringComparison.Ordinal);
        var stop = afterBegin && start >= 0 ? text.IndexOf(end, start, StringComparison.Ordinal) : text.IndexOf(end, StringComparison.Ordinal);
        Assert.True(start >= 0 && stop > start, $"markers {begin} … {end} not found");
        start = text.IndexOf('\n', start) + 1;
        return text[start..stop];
    }

    private static string Dedent(string code)
    {
        var lines = code.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var indent = lines.Where(l => l.Trim().Length > 0).Min(l => l.Length - l.TrimStart().Length);
        return string.Join('\n', lines.Select(l => l.Length >= indent ? l[indent..] : l.TrimStart())).TrimEnd(' ');
    }

    private static string Normalize(string s) => s.Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
}
