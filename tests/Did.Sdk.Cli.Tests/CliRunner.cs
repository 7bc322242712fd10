using System.Text.Json;

namespace Did.Sdk.Cli.Tests;

internal sealed record CliRun(int ExitCode, string Stdout, string Stderr)
{
    public JsonElement Json => JsonDocument.Parse(Stdout).RootElement;

    public static Task<CliRun> RunAsync(params string[] args) => RunWithInputAsync(string.Empty, args);

    /// <summary>Runs the CLI with <paramref name="stdin"/> as standard input.</summary>
    public static async Task<CliRun> RunWithInputAsync(string stdin, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        using var input = new StringReader(stdin);
        var code = await CliApp.RunAsync(args, stdout, stderr, stdin: input);
        return new CliRun(code, stdout.ToString(), stderr.ToString());
    }
}
