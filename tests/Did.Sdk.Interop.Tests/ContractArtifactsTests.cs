using System.Diagnostics;
using System.Reflection;
using System.Text.Json;

namespace Did.Sdk.Interop.Tests;

/// <summary>
/// The committed contract artifacts (contracts/artifacts: ABI, creation and runtime bytecode) are what the
/// pinned solc (solc-js 0.8.37, OpenZeppelin 5.7.0, from contracts/package-lock.json) builds from
/// contracts/src today, byte for byte: <c>node build.mjs --check</c> recompiles in memory and compares.
/// </summary>
public sealed class ContractArtifactsTests
{
    private static readonly string ContractsDirectory = typeof(ContractArtifactsTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "ContractsDirectory").Value!;

    [Fact]
    public async Task Recompile_WithPinnedSolc_CommittedArtifactsAreByteIdentical()
    {
        RequireNodeModules();

        var (exit, stdout, stderr) = await RunNodeAsync(ContractsDirectory, "build.mjs", "--check");

        Assert.True(exit == 0, $"build.mjs --check failed (exit {exit}): {stderr}");
        Assert.Contains("8 artifacts match a fresh build byte for byte", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void EmbeddedArtifacts_AreTheCommittedFiles()
    {
        var assembly = typeof(SocialToken.SocialTokenContracts).Assembly;
        foreach (var name in new[] { "CreatorCoin.json", "ProfileNft.json" })
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);

            Assert.Equal(File.ReadAllBytes(Path.Combine(ContractsDirectory, "artifacts", name)), copy.ToArray());
        }
    }

    [Theory]
    [InlineData("CreatorCoin.json", "deployedBytecode")]
    [InlineData("ProfileNft.json", "abi")]
    public async Task Check_ArtifactChangedByOneByte_FailsNamingTheFileAndField(string artifact, string field)
    {
        RequireNodeModules();
        // A copy of the package (sources, vendored inputs, artifacts) sharing the installed node_modules.
        var copy = Directory.CreateTempSubdirectory("did-sdk-contracts-").FullName;
        try
        {
            File.Copy(Path.Combine(ContractsDirectory, "build.mjs"), Path.Combine(copy, "build.mjs"));
            File.Copy(Path.Combine(ContractsDirectory, "package.json"), Path.Combine(copy, "package.json"));
            foreach (var folder in new[] { "src", "vendor/multicall3", "artifacts" })
            {
                Directory.CreateDirectory(Path.Combine(copy, folder));
                foreach (var file in Directory.GetFiles(Path.Combine(ContractsDirectory, folder)))
                {
                    File.Copy(file, Path.Combine(copy, folder, Path.GetFileName(file)));
                }
            }

            Directory.CreateSymbolicLink(Path.Combine(copy, "node_modules"), Path.Combine(ContractsDirectory, "node_modules"));
            var path = Path.Combine(copy, "artifacts", artifact);
            var json = File.ReadAllText(path);
            var value = JsonDocument.Parse(json).RootElement.GetProperty(field).GetRawText();
            // Change one hex digit of the bytecode, or one character of the ABI's first name.
            var changed = field == "abi" ? value.Replace("\"name\": \"", "\"name\": \"x", StringComparison.Ordinal) : value[..^2] + (value[^2] == '0' ? '1' : '0') + value[^1];
            Assert.NotEqual(value, changed);
            File.WriteAllText(path, json.Replace(value, changed, StringComparison.Ordinal));

            var (exit, _, stderr) = await RunNodeAsync(copy, "build.mjs", "--check");

            Assert.Equal(1, exit);
            Assert.Contains($"{artifact}: fields differ: {field}", stderr, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }

    private static void RequireNodeModules()
    {
        if (!File.Exists(Path.Combine(ContractsDirectory, "node_modules", "solc", "package.json")))
        {
            throw new InvalidOperationException($"The contract check needs the npm packages in {ContractsDirectory}. Run `npm ci --no-audit --no-fund` there (./build.sh test does), then run the tests again.");
        }
    }

    private static async Task<(int Exit, string Stdout, string Stderr)> RunNodeAsync(string directory, params string[] arguments)
    {
        var start = new ProcessStartInfo("node", arguments)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("node build.mjs --check took more than 3 minutes.");
        }

        return (process.ExitCode, await stdout, await stderr);
    }
}
