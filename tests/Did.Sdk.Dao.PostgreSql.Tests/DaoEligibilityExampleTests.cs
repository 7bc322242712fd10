using Did.Sdk.Examples.DaoEligibility;
using Spectre.Console;

namespace Did.Sdk.Dao.PostgreSql.Tests;

/// <summary>
/// examples/DaoEligibility end to end on the embedded devnet, with its votes in a real PostgreSQL server and in
/// SQLite: every step of its story comes out as it should (it checks itself and exits 0), and it leaves the
/// proposal, the receipt and the signed snapshot list behind.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class DaoEligibilityExampleTests(PostgresServer server) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("did-sdk-dao-example-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Example_WithPostgreSql_EveryStepAsExpected()
    {
        var (exitCode, output) = await RunAsync(new DaoDemoOptions { OutputDirectory = Path.Combine(_dir, "pg"), Store = await server.CreateDatabaseAsync(), OtherHolders = 10 });

        Assert.True(exitCode == 0, output);
        Assert.Contains("Every step came out as it should.", output, StringComparison.Ordinal);
        Assert.Contains("alreadyVoted", output, StringComparison.Ordinal);
        Assert.Contains("credentialRevoked", output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_dir, "pg", "dao-votes.db")));
        Assert.Single(Directory.GetFiles(Path.Combine(_dir, "pg"), "receipt-*.jws"));
        Assert.True(File.Exists(Path.Combine(_dir, "pg", "snapshot.json")));
    }

    [Fact]
    public async Task Example_WithSqlite_EveryStepAsExpected()
    {
        var (exitCode, output) = await RunAsync(new DaoDemoOptions { OutputDirectory = Path.Combine(_dir, "sqlite"), OtherHolders = 10 });

        Assert.True(exitCode == 0, output);
        Assert.True(File.Exists(Path.Combine(_dir, "sqlite", "dao-votes.db")));
        Assert.True(ProposalJson.Parse(await File.ReadAllBytesAsync(Path.Combine(_dir, "sqlite", "proposal.json"))).Succeeded);
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(DaoDemoOptions options)
    {
        using var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Interactive = InteractionSupport.No });
        console.Profile.Width = 200;
        int exitCode = await DaoDemo.RunAsync(options, console);
        return (exitCode, writer.ToString());
    }
}
