using System.Text.Json;

namespace Did.Sdk.Cli.Tests;

/// <summary><c>did-sdk devnet start</c>: one JSON line once it listens, a chain that answers, a graceful stop.</summary>
public sealed class DevnetCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("did-sdk-devnet-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>A writer that hands the first complete line to a waiting test.</summary>
    private sealed class FirstLineWriter : StringWriter
    {
        public TaskCompletionSource<string> FirstLine { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override void Write(char value)
        {
            base.Write(value);
            if (value == '\n')
            {
                FirstLine.TrySetResult(ToString().Split('\n')[0]);
            }
        }

        public override Task WriteLineAsync(string? value)
        {
            var task = base.WriteLineAsync(value);
            FirstLine.TrySetResult(ToString().Split('\n')[0].TrimEnd('\r'));
            return task;
        }
    }

    [Fact]
    public async Task Start_PrintsOneReadyLine_ServesJsonRpc_StopsGracefully()
    {
        using var stdout = new FirstLineWriter();
        using var stderr = new StringWriter();
        using var stop = new CancellationTokenSource();
        var run = CliApp.RunAsync(["devnet", "start", "--port", "0", "--chain-id", "10", "--keys-dir", _dir, "--safe-every", "2", "--finality-delay", "1"], stdout, stderr, cancellationToken: stop.Token);

        var line = await stdout.FirstLine.Task.WaitAsync(TimeSpan.FromSeconds(60));
        var ready = JsonDocument.Parse(line).RootElement;
        var rpcUrl = ready.GetProperty("rpcUrl").GetString()!;
        using var http = new HttpClient();
        using var response = await http.PostAsync(rpcUrl, new StringContent("""{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]}""", System.Text.Encoding.UTF8, "application/json"));
        var chainId = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("result").GetString();
        var resolved = await CliRun.RunAsync("resolve", "did:ethr:0xa:" + ready.GetProperty("accounts")[0].GetProperty("address").GetString(), "--rpc", rpcUrl, "--registry", ready.GetProperty("registry").GetString()!, "--block-tag", "finalized");
        stop.Cancel();
        var exit = await run;

        Assert.StartsWith("http://127.0.0.1:", rpcUrl, StringComparison.Ordinal);
        Assert.Equal(10, ready.GetProperty("chainId").GetInt32());
        Assert.Equal("0xcA11bde05977b3631167028862bE2a173976CA11", ready.GetProperty("multicall3").GetString());
        Assert.Equal(10, ready.GetProperty("accounts").GetArrayLength());
        var keyFile = ready.GetProperty("accounts")[0].GetProperty("privateJwkFile").GetString()!;
        Assert.True(Jose.Jwk.Parse(File.ReadAllText(keyFile)).ThrowIfFailed().HasPrivateKey);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
        }
        Assert.Equal("0xa", chainId);
        Assert.Equal(CliApp.Success, resolved.ExitCode);
        Assert.Equal(CliApp.Success, exit);
        Assert.Single(stdout.ToString().Trim().Split('\n'));
    }

    [Fact]
    public async Task Start_ForeignStateFile_RefusedWithItsCode()
    {
        var file = Path.Combine(_dir, "not-a-devnet.db");
        await File.WriteAllTextAsync(file, "hello");

        var run = await CliRun.RunAsync("devnet", "start", "--port", "0", "--state", file);

        Assert.Equal(CliApp.Failed, run.ExitCode);
        Assert.Equal("hello", await File.ReadAllTextAsync(file));
        Assert.Matches("^stateFile[A-Za-z]+: ", run.Stderr);
    }

    [Theory]
    [InlineData("--block-time", "0")]
    [InlineData("--port", "70000")]
    [InlineData("--safe-every", "0")]
    [InlineData("--genesis-time", "-5")]
    public async Task Start_BadOption_UsageError(string option, string value)
    {
        var run = await CliRun.RunAsync("devnet", "start", option, value);

        Assert.Equal(CliApp.UsageError, run.ExitCode);
    }
}
