namespace Did.Sdk.ConsoleIssuer.Tests;

/// <summary>The 'demo' command: the whole story of issue 13 on the embedded devnet.</summary>
public sealed class DemoTests
{
    [Fact]
    public async Task Demo_RunsTheWholeStory_ExitsZero()
    {
        var output = await App.OkAsync("demo");

        Assert.Contains("Tier", output);
        Assert.Contains("gold", output);
        Assert.Contains("presentation ACCEPTED", output);
        Assert.Contains("(not disclosed)", output);
        Assert.Contains("presentation REFUSED (credentialRevoked)", output);
        Assert.Contains("Demo passed", output);
    }

    [Fact]
    public async Task Help_ListsTheCommands_ExitsZero()
    {
        var output = await App.OkAsync("--help");

        foreach (var command in new[] { "deploy", "load", "give", "challenge", "holdings", "issue", "watch", "serve", "credentials", "wallet", "verify", "demo", "interactive", "--db", "--rpc" })
        {
            Assert.Contains(command, output);
        }
    }

    [Fact]
    public async Task Interactive_WithoutATerminal_IsAUsageError()
    {
        using var directory = new TempDirectory();

        var run = await App.RunAsync("interactive", "--db", directory.File("issuer.db"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("needs a terminal", run.Output);
    }
}
