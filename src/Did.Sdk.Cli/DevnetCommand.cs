using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Did.Sdk.Devnet;
using Did.Sdk.Jose;

namespace Did.Sdk.Cli;

/// <summary>
/// <c>did-sdk devnet start</c>: the embedded rollup devnet served over JSON-RPC on 127.0.0.1 until
/// Ctrl-C/SIGTERM. One JSON line on stdout once it listens; logs on stderr.
/// </summary>
internal static class DevnetCommand
{
    public static Command Create(CliContext context)
    {
        var port = new Option<int>("--port") { Description = "The TCP port on 127.0.0.1 (0 picks a free one).", DefaultValueFactory = _ => 8545 };
        var chainId = new Option<ulong>("--chain-id") { Description = "The chain id (EIP-155).", DefaultValueFactory = _ => 31337 };
        var state = new Option<string?>("--state") { Description = "Keep the chain in this SQLite file: a restarted devnet continues with the same blocks and state. A file that is not a devnet state file is refused, never replaced." };
        var blockTime = new Option<double?>("--block-time") { Description = "Mine a block every S seconds (empty blocks too). Without it, one block per transaction (automine)." };
        var safeEvery = new Option<int>("--safe-every") { Description = "Mark blocks safe every N blocks (a batch posted to L1).", DefaultValueFactory = _ => 1 };
        var finalityDelay = new Option<int>("--finality-delay") { Description = "Blocks between safe and finalized (L1 finality). --safe-every 1 --finality-delay 0 makes safe = finalized = latest, as on hardhat.", DefaultValueFactory = _ => 0 };
        var genesisTime = new Option<long?>("--genesis-time") { Description = "The genesis timestamp (unix seconds); now by default." };
        var keysDir = new Option<string?>("--keys-dir") { Description = "Write the dev accounts' private JWKs (secp256k1, mode 600) into this folder; their paths are printed." };

        var start = new Command("start", "Start the embedded rollup devnet and serve JSON-RPC on 127.0.0.1 until Ctrl-C. Prints one JSON line { rpcUrl, chainId, registry, multicall3, accounts } when it listens.")
        {
            port, chainId, state, blockTime, safeEvery, finalityDelay, genesisTime, keysDir,
        };
        start.SetAction(async (parse, cancellationToken) =>
        {
            var options = new DevnetOptions
            {
                ChainId = parse.GetValue(chainId),
                StateFile = parse.GetValue(state) is { } file ? Path.GetFullPath(file) : null,
                SafeEveryBlocks = parse.GetValue(safeEvery),
                FinalityDelayBlocks = parse.GetValue(finalityDelay),
                TimeProvider = context.Time,
                AllowBlocksWithSameTimestamp = true,
            };
            if (parse.GetValue(blockTime) is { } seconds)
            {
                if (seconds is <= 0 or > 3600 || double.IsNaN(seconds))
                {
                    throw new CliUsageException("--block-time is between 0 and 3600 seconds.");
                }

                options.AutoMine = false;
                options.BlockInterval = TimeSpan.FromSeconds(seconds);
            }

            if (parse.GetValue(genesisTime) is { } genesis)
            {
                options.GenesisTime = genesis is >= 0 and < 253402300800
                    ? DateTimeOffset.FromUnixTimeSeconds(genesis)
                    : throw new CliUsageException("--genesis-time is unix seconds.");
            }

            var listenPort = parse.GetValue(port);
            if (listenPort is < 0 or > 65535)
            {
                throw new CliUsageException("--port is between 0 and 65535.");
            }

            try
            {
                options.Validate();
            }
            catch (ArgumentException ex)
            {
                throw new CliUsageException(ex.Message);
            }

            var started = await Devnet.Devnet.TryStartAsync(options, cancellationToken).ConfigureAwait(false);
            if (!started.Succeeded)
            {
                await context.Error.WriteLineAsync($"{started.Error.Code}: {started.Error.Message}").ConfigureAwait(false);
                return CliApp.Failed;
            }

            await using var devnet = started.Value;
            DevnetServer server;
            try
            {
                server = await devnet.ServeHttpAsync(listenPort, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException ex)
            {
                await context.Error.WriteLineAsync($"error: cannot listen on 127.0.0.1:{listenPort}: {ex.Message}").ConfigureAwait(false);
                return CliApp.Failed;
            }

            await using (server)
            {
                var accounts = new JsonArray();
                var dir = parse.GetValue(keysDir);
                if (dir is not null)
                {
                    Directory.CreateDirectory(dir);
                }

                foreach (var account in devnet.Accounts)
                {
                    var entry = new JsonObject { ["address"] = account.Address.ToString() };
                    if (dir is not null)
                    {
                        string path = Path.GetFullPath(Path.Combine(dir, $"dev{account.Index}.private.jwk.json"));
                        WriteKey(path, account);
                        entry["privateJwkFile"] = path;
                    }

                    accounts.Add(entry);
                }

                var ready = new JsonObject
                {
                    ["rpcUrl"] = server.Url.ToString().TrimEnd('/'),
                    ["chainId"] = devnet.ChainId,
                    ["registry"] = devnet.RegistryAddress.ToString(),
                    ["multicall3"] = devnet.Multicall3Address.ToString(),
                    ["accounts"] = accounts,
                };
                await context.Out.WriteLineAsync(ready.ToJsonString()).ConfigureAwait(false);
                await context.Out.FlushAsync(CancellationToken.None).ConfigureAwait(false);
                await context.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"devnet: chain {devnet.ChainId} serving {server.Url} (Ctrl-C to stop)")).ConfigureAwait(false);
                try
                {
                    await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // Ctrl-C or SIGTERM: shut down gracefully (the state file is flushed on dispose).
                }

                await context.Error.WriteLineAsync("devnet: stopping").ConfigureAwait(false);
            }

            return CliApp.Success;
        });

        return new Command("devnet", "The embedded rollup devnet (a local chain with the ERC-1056 registry and Multicall3, safe/finalized lag, reorgs).") { start };
    }

    // The dev accounts' keys are public knowledge (the standard test mnemonic); written for convenience.
    private static void WriteKey(string path, DevnetAccount account)
    {
        using var key = account.CreateKey();
        var jwk = new JsonObject
        {
            ["kty"] = "EC",
            ["crv"] = "secp256k1",
            ["x"] = Base64Url.Encode(key.PublicKey[1..33]),
            ["y"] = Base64Url.Encode(key.PublicKey[33..]),
            ["d"] = Base64Url.Encode(account.PrivateKey.Span),
        };
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using var writer = new StreamWriter(path, new System.Text.UTF8Encoding(false), options);
            writer.WriteLine(jwk.ToJsonString());
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliUsageException($"--keys-dir: cannot write '{path}': {ex.Message}");
        }
    }
}
