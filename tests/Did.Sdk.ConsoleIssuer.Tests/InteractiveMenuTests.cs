using System.Globalization;
using Did.Sdk.Examples.ConsoleIssuer;
using Spectre.Console.Testing;

namespace Did.Sdk.ConsoleIssuer.Tests;

/// <summary>The menu, driven with keys on a test terminal.</summary>
public sealed class InteractiveMenuTests
{
    [Fact]
    public async Task Menu_DeployWithTheDefaults_ThenShowCredentials_ThenQuit()
    {
        using var directory = new TempDirectory();
        var db = directory.File("issuer.db");
        using var console = new TestConsole().Width(200).Interactive();
        console.Input.PushKey(ConsoleKey.Enter); // Deploy the brand's creator coin
        foreach (var _ in Enumerable.Range(0, 4))
        {
            console.Input.PushKey(ConsoleKey.Enter); // name, symbol, supply, tiers: the defaults
        }

        console.Input.PushTextWithEnter(App.FreePort().ToString(CultureInfo.InvariantCulture));
        PushChoice(console, 5); // Show issued credentials
        PushChoice(console, 6); // Quit

        var exit = await IssuerApp.RunAsync(["interactive", "--db", db, "--devnet-port", "0"], console, interactive: true);

        Assert.True(exit == 0, console.Output);
        Assert.Contains("Deployed the creator coin ADA", console.Output);
        Assert.Contains("Status list served at https://127.0.0.1:", console.Output);
        Assert.Contains("Issued credentials (0)", console.Output);
        using var opened = IssuerDb.Open(db);
        Assert.Equal("ADA", opened.Brand?.Symbol);
    }

    private static void PushChoice(TestConsole console, int downs)
    {
        for (int i = 0; i < downs; i++)
        {
            console.Input.PushKey(ConsoleKey.DownArrow);
        }

        console.Input.PushKey(ConsoleKey.Enter);
    }
}
