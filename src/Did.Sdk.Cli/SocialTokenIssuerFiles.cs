using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Did.Sdk.Ethereum;
using Did.Sdk.SdJwt.StatusList;
using Did.Sdk.SocialToken;

namespace Did.Sdk.Cli;

/// <summary>
/// The issuer's two operator files of <c>did-sdk social-token</c>. <c>--config</c> (read only): the token, the
/// tiers, the SIWE domain and URI, the status list. <c>--state</c> (read and rewritten): what must outlive one
/// process — outstanding challenge nonces, allocated and revoked status-list entries, the credentials the
/// watcher keeps true, and the next block it scans. A malformed file is a usage error (exit 2). The state is
/// held under an exclusive lock (<c>&lt;state&gt;.lock</c>) from reading to writing, so two commands on the same
/// state cannot both use one nonce or one status-list entry.
/// </summary>
internal sealed class SocialTokenIssuerFiles : IDisposable
{
    private const int DefaultStatusListSize = 1024;
    private static readonly TimeSpan LockWait = TimeSpan.FromSeconds(30);
    private readonly FileStream _lock;

    private SocialTokenIssuerFiles(string statePath, JsonObject config, JsonObject state, FileStream stateLock)
    {
        StatePath = statePath;
        Config = config;
        State = state;
        _lock = stateLock;
    }

    public string StatePath { get; }

    public JsonObject Config { get; }

    public JsonObject State { get; }

    public static SocialTokenIssuerFiles Load(CliContext context, string configFile, string stateFile)
    {
        var config = CliInput.ReadOperatorJson(context, configFile, "--config") as JsonObject ?? throw new CliUsageException("--config: not a JSON object.");
        var stateLock = AcquireLock(stateFile);
        try
        {
            JsonObject state;
            if (File.Exists(stateFile))
            {
                state = CliInput.ReadOperatorJson(context, stateFile, "--state") as JsonObject ?? throw new CliUsageException("--state: not a JSON object.");
            }
            else
            {
                state = [];
            }

            return new SocialTokenIssuerFiles(stateFile, config, state, stateLock);
        }
        catch
        {
            stateLock.Dispose();
            throw;
        }
    }

    public void Dispose() => _lock.Dispose();

    // FileShare.None is an exclusive flock on Unix and a sharing lock on Windows: held by one process at a time.
    private static FileStream AcquireLock(string stateFile)
    {
        var path = Path.GetFullPath(stateFile) + ".lock";
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (waited.Elapsed < LockWait && File.Exists(path))
            {
                Thread.Sleep(50);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new CliUsageException($"--state: cannot lock '{path}' (another did-sdk command on this state, or no write access): {ex.Message}");
            }
        }
    }

    /// <summary>The issuer options from the config, on <paramref name="chainId"/>, with <paramref name="nonces"/>.</summary>
    public SocialTokenIssuerOptions Options(ulong chainId, SiweNonces nonces, Finality? finality)
    {
        try
        {
            var token = Config["token"] as JsonObject ?? throw new CliUsageException("--config: token must be an object { contract, standard, symbol, decimals }.");
            var contract = EthrCommand.ParseAddress(String(token, "contract", "--config: token.contract"), "--config: token.contract");
            var standard = (token["standard"]?.GetValue<string>() ?? "ERC-20") switch
            {
                "ERC-20" => TokenStandard.Erc20,
                "ERC-721" => TokenStandard.Erc721,
                var other => throw new CliUsageException($"--config: token.standard '{other}' is not ERC-20 or ERC-721."),
            };
            int decimals = token["decimals"]?.GetValue<int>() ?? (standard == TokenStandard.Erc20 ? 18 : 0);
            if (decimals is < 0 or > 36)
            {
                throw new CliUsageException("--config: token.decimals is 0 to 36.");
            }

            var tiers = Config["tiers"] as JsonObject ?? throw new CliUsageException("--config: tiers must be an object of tier name to threshold (whole tokens).");
            var options = new SocialTokenIssuerOptions
            {
                Token = new SocialToken.SocialToken(chainId, contract, standard, String(token, "symbol", "--config: token.symbol"), decimals),
                Tiers = tiers.Select(t => new SocialTokenTier(t.Key, Threshold(t.Value, t.Key))).ToArray(),
                Domain = String(Config, "domain", "--config: domain"),
                Uri = String(Config, "uri", "--config: uri"),
                StatusListUri = StatusListUri,
                EvidenceFinality = finality ?? Finality.Safe,
                Nonces = nonces,
            };
            options.Validate();
            return options;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or FormatException)
        {
            throw new CliUsageException("--config: " + ex.Message);
        }
    }

    /// <summary>The status list URI of the config, or null.</summary>
    public string? StatusListUri
    {
        get
        {
            var uri = Config["statusListUri"] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
            return uri is null || (Uri.TryCreate(uri, UriKind.Absolute, out var parsed) && parsed.Scheme is "http" or "https") ? uri : throw new CliUsageException("--config: statusListUri must be an absolute http(s) URI.");
        }
    }

    public int StatusListSize => Config["statusListSize"] is JsonValue value && value.TryGetValue<int>(out var size) ? (size is >= 8 and <= 1_000_000 ? size : throw new CliUsageException("--config: statusListSize is 8 to 1,000,000.")) : DefaultStatusListSize;

    /// <summary>The nonce store holding the state's outstanding nonces.</summary>
    public SiweNonces Nonces(TimeProvider time, TimeSpan challengeLifetime)
    {
        var nonces = new SiweNonces(challengeLifetime + TimeSpan.FromMinutes(1), timeProvider: time);
        foreach (var (nonce, expires) in State["nonces"] as JsonObject ?? [])
        {
            if (expires is not JsonValue value || !value.TryGetValue<string>(out var text)
                || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at))
            {
                throw new CliUsageException($"--state: nonces.{nonce} is not a time.");
            }

            try
            {
                nonces.Restore(nonce, at);
            }
            catch (ArgumentException ex)
            {
                throw new CliUsageException("--state: " + ex.Message);
            }
        }

        return nonces;
    }

    public void SaveNonces(SiweNonces nonces)
    {
        var saved = new JsonObject();
        foreach (var (nonce, expires) in nonces.Outstanding().OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            saved[nonce] = expires.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
        }

        State["nonces"] = saved;
    }

    /// <summary>
    /// A status-list index not allocated yet, chosen at random (as <see cref="StatusListRegistry.Allocate"/> does), so
    /// an index does not tell when a credential was issued or link credentials issued one after the other.
    /// </summary>
    public int NextStatusIndex()
    {
        var used = Indexes("allocated").ToHashSet();
        if (used.Count >= StatusListSize)
        {
            throw new CliUsageException($"The status list is full ({StatusListSize} entries): raise statusListSize in --config or start a new list.");
        }

        int index = System.Security.Cryptography.RandomNumberGenerator.GetInt32(StatusListSize);
        while (used.Contains(index))
        {
            index = (index + 1) % StatusListSize;
        }

        return index;
    }

    public void Allocate(int index) => StatusList()["allocated"]!.AsArray().Add(index);

    /// <summary>A registry holding the state's list: its allocated entries, the revoked ones INVALID.</summary>
    public StatusListRegistry StatusRegistry(string uri, TimeProvider time)
    {
        var registry = new StatusListRegistry(time);
        registry.CreateList(uri, 1, StatusListSize);
        var allocated = Indexes("allocated").ToHashSet();
        foreach (var index in allocated)
        {
            registry.AllocateAt(new StatusReference(uri, index));
        }

        foreach (var index in Indexes("invalid"))
        {
            if (!allocated.Contains(index))
            {
                throw new CliUsageException($"--state: statusList.invalid holds {index}, which is not allocated.");
            }

            registry.SetStatus(new StatusReference(uri, index), TokenStatus.Invalid);
        }

        return registry;
    }

    /// <summary>The revoked (INVALID) indexes, ascending.</summary>
    public IReadOnlyList<int> RevokedIndexes() => Indexes("invalid").Distinct().Order().ToArray();

    /// <summary>How many entries are allocated.</summary>
    public int AllocatedCount => Indexes("allocated").Distinct().Count();

    public void Revoke(int index) => StatusList()["invalid"]!.AsArray().Add(index);

    public IReadOnlyList<(TrackedCredential Credential, ulong EvidenceBlock)> Tracked()
    {
        var list = new List<(TrackedCredential, ulong)>();
        foreach (var node in State["tracked"] as JsonArray ?? [])
        {
            if (node is not JsonObject entry
                || entry["did"] is not JsonValue did || !did.TryGetValue<string>(out var didText)
                || entry["wallets"] is not JsonArray walletNodes
                || entry["threshold"] is not JsonValue threshold || !threshold.TryGetValue<string>(out var thresholdText)
                || !BigInteger.TryParse(thresholdText, NumberStyles.None, CultureInfo.InvariantCulture, out var thresholdValue)
                || entry["statusIndex"] is not JsonValue index || !index.TryGetValue<int>(out var statusIndex)
                || entry["evidenceBlock"] is not JsonValue block || !block.TryGetValue<ulong>(out var evidenceBlock))
            {
                throw new CliUsageException("--state: a tracked credential is not { did, wallets, threshold, statusIndex, evidenceBlock }.");
            }

            var wallets = new List<EthereumAddress>();
            foreach (var wallet in walletNodes)
            {
                wallets.Add(wallet is JsonValue w && w.TryGetValue<string>(out var text) && EthereumAddress.TryParse(text, out var address)
                    ? address
                    : throw new CliUsageException("--state: a tracked credential's wallet is not an address."));
            }

            list.Add((new TrackedCredential(didText, wallets, thresholdValue, statusIndex), evidenceBlock));
        }

        return list;
    }

    public void Track(TrackedCredential credential, ulong evidenceBlock)
    {
        if (State["tracked"] is not JsonArray tracked)
        {
            State["tracked"] = tracked = [];
        }

        tracked.Add(new JsonObject
        {
            ["did"] = credential.Did,
            ["wallets"] = new JsonArray(credential.Wallets.Select(w => (JsonNode)w.ToString()).ToArray()),
            ["threshold"] = credential.Threshold.ToString(CultureInfo.InvariantCulture),
            ["statusIndex"] = credential.StatusIndex,
            ["evidenceBlock"] = evidenceBlock,
        });
    }

    public void Untrack(int statusIndex)
    {
        if (State["tracked"] is JsonArray tracked)
        {
            foreach (var entry in tracked.Where(n => n?["statusIndex"]?.GetValue<int>() == statusIndex).ToList())
            {
                tracked.Remove(entry);
            }
        }
    }

    public ulong? NextBlock
    {
        get => State["nextBlock"] is JsonValue value && value.TryGetValue<ulong>(out var block) ? block : null;
        set => State["nextBlock"] = value;
    }

    /// <summary>Writes the state (to a temporary file first, so a crash leaves the old one).</summary>
    public void Save()
    {
        var full = Path.GetFullPath(StatePath);
        var temporary = full + ".tmp";
        try
        {
            File.WriteAllText(temporary, State.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
            File.Move(temporary, full, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliUsageException($"--state: cannot write '{StatePath}': {ex.Message}");
        }
    }

    private JsonObject StatusList()
    {
        if (State["statusList"] is not JsonObject list)
        {
            State["statusList"] = list = new JsonObject { ["allocated"] = new JsonArray(), ["invalid"] = new JsonArray() };
        }

        list["allocated"] ??= new JsonArray();
        list["invalid"] ??= new JsonArray();
        return list;
    }

    private IEnumerable<int> Indexes(string name)
    {
        foreach (var node in State["statusList"]?[name] as JsonArray ?? [])
        {
            yield return node is JsonValue value && value.TryGetValue<int>(out var index) && index >= 0 && index < StatusListSize
                ? index
                : throw new CliUsageException($"--state: statusList.{name} holds something that is not an index of the list.");
        }
    }

    private static string String(JsonObject obj, string name, string what)
        => obj[name] is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > 0 ? text : throw new CliUsageException($"{what} must be a non-empty string.");

    private static BigInteger Threshold(JsonNode? node, string tier)
    {
        string? text = node is JsonValue value ? (value.TryGetValue<string>(out var s) ? s : value.TryGetValue<long>(out var n) ? n.ToString(CultureInfo.InvariantCulture) : null) : null;
        return text is not null && text.Length is > 0 and <= 60 && text.All(char.IsAsciiDigit)
            ? BigInteger.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture)
            : throw new CliUsageException($"--config: the threshold of tier '{tier}' is not a whole number of tokens.");
    }
}
