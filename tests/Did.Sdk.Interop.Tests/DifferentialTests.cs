using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Did.Sdk.Ethereum;
using Did.Sdk.Ethereum.Rpc;
using Did.Sdk.Ethereum.Transactions;
using Did.Sdk.Ethr;
using Did.Sdk.Jose;
using Xunit.Abstractions;

namespace Did.Sdk.Interop.Tests;

/// <summary>
/// The differential suite: scripted and seeded random ERC-1056 histories played on a chain (the hardhat node
/// in <see cref="DifferentialTests"/>, the embedded devnet served over HTTP in <see cref="DevnetEthrDifferentialTests"/>)
/// (owner changes, delegates with and without expiry, keys of every type and encoding, services with
/// string, object and array endpoints, revocations, signed meta-transactions, deactivation), then every
/// version — latest, each block with an event, and the block before the first — resolved by this SDK
/// and by ethr-did-resolver 11.1.3 on the same node. didDocument and didDocumentMetadata must be equal
/// JSON (member order aside); see docs/ethr-interop.md for the comparison rules.
/// </summary>
public abstract class DifferentialSuite(IDifferentialChain node, ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly string[] KeyTypes = ["Secp256k1", "Ed25519", "X25519", "RSA"];
    private static readonly string[] Purposes = ["veriKey", "sigAuth", "enc"];
    private static readonly string[] Encodings = ["hex", "base64", "base58", "pem"];
    private readonly HttpClient _http = new();
    private ReferenceResolver _reference = null!;

    public Task InitializeAsync()
    {
        _reference = new ReferenceResolver(node.NodeDirectory);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _reference.DisposeAsync();
        _http.Dispose();
    }

    private EthereumClient Client() => new(new HttpEthereumRpc(_http, new HttpEthereumRpcOptions { Endpoint = node.RpcUrl }), new EthereumClientOptions { ChainId = HardhatNode.ChainId });

    // One resolver per test: the versions are resolved oldest first, so its history cache is warm when
    // latest is resolved, and latest then takes the one-round-trip path; both paths are compared.
    private EthrDidResolver? _resolver;

    private EthrDidResolver Resolver() => _resolver ??= new(new EthrDidResolverOptions
    {
        Networks = { new EthrNetworkOptions { ChainId = HardhatNode.ChainId, RpcUrl = node.RpcUrl, RegistryAddress = node.Registry.ToString() } },
    });

    public static TheoryData<int> Seeds => new() { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 };

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task RandomHistory_EveryVersion_SameAsEthrDidResolver(int seed)
    {
        var random = new SplitMix64((ulong)seed);
        await using var history = await History.CreateAsync(node, Client());
        var events = 5 + random.Next(16);
        for (var i = 0; i < events && !history.Deactivated; i++)
        {
            await history.PlayRandomAsync(random, last: i == events - 1);
        }

        var compared = await CompareAllVersionsAsync(history);
        output.WriteLine($"seed {seed}: {history.Log.Count} events ({string.Join(", ", history.Log)}), {compared} versions compared");
    }

    [Fact]
    public async Task ScriptedHistory_EveryFeature_SameAsEthrDidResolver()
    {
        await using var history = await History.CreateAsync(node, Client());
        using var ed = SigningKey.Generate(JwsAlgorithm.EdDSA);
        var delegateA = EthereumAddress.FromBytes(RandomBytes(20));
        var delegateB = EthereumAddress.FromBytes(RandomBytes(20));
        await history.AddDelegateAsync(EthrDidController.VerificationKeyDelegate, delegateA, TimeSpan.FromDays(365), signed: false);
        await history.AddDelegateAsync(EthrDidController.SignatureAuthenticationDelegate, delegateB, TimeSpan.Zero, signed: true); // expires at once
        await history.SetAttributeAsync("did/pub/Ed25519/veriKey/base58", ed.VerificationKey.Export(), TimeSpan.FromDays(30), signed: false);
        await history.SetAttributeAsync("did/pub/Secp256k1/sigAuth/hex", Secp256k1Key(), TimeSpan.FromDays(30), signed: true);
        await history.SetAttributeAsync("did/pub/X25519/enc/base64", RandomBytes(32), TimeSpan.FromDays(30), signed: false);
        await history.SetAttributeAsync("did/pub/RSA/veriKey/pem", Pem(RandomBytes(140)), TimeSpan.FromDays(30), signed: false);
        await history.SetAttributeAsync("did/pub/RSA/sigAuth/hex", RandomBytes(140), TimeSpan.FromDays(30), signed: true);
        await history.SetAttributeAsync("did/svc/LinkedDomains", Encoding.UTF8.GetBytes("https://example.com"), TimeSpan.FromDays(30), signed: false);
        await history.SetAttributeAsync("did/svc/DIDCommMessaging", Encoding.UTF8.GetBytes("""{"uri":"https://hub.example","accept":["didcomm/v2"],"routingKeys":[]}"""), TimeSpan.FromDays(30), signed: true);
        await history.SetAttributeAsync("did/svc/Relays", Encoding.UTF8.GetBytes("""["https://a.example","https://b.example"]"""), TimeSpan.FromDays(30), signed: false);
        await history.RevokeDelegateAsync(EthrDidController.VerificationKeyDelegate, delegateA, signed: true);
        await history.RevokeAttributeAsync("did/svc/LinkedDomains", Encoding.UTF8.GetBytes("https://example.com"), signed: false);
        await history.ChangeOwnerAsync(history.Keys[1], signed: false);
        await history.SetAttributeAsync("did/svc/LinkedDomains", Encoding.UTF8.GetBytes("https://after.example"), TimeSpan.FromDays(30), signed: true);
        await history.ChangeOwnerAsync(null, signed: false); // deactivation

        var compared = await CompareAllVersionsAsync(history);
        Assert.True(compared >= 16);
    }

    [Theory]
    [InlineData("did:ethr:0xa:0x1234")]
    [InlineData("did:ethr:0xa:0xZZ00000000000000000000000000000000000000")]
    [InlineData("did:ethr:0x539:0x70997970C51812dc3A010C7d01b50e0d17dc79C8")]
    [InlineData("did:ethr:unknown:0x70997970C51812dc3A010C7d01b50e0d17dc79C8")]
    public async Task InvalidOrUnknown_SameErrorCode(string did)
    {
        var theirs = await _reference.ResolveAsync(did, node.RpcUrl, node.Registry.ToString(), HardhatNode.ChainId);
        var ours = await ResolveOursAsync(did, null);

        Assert.Equal(
            theirs.GetProperty("didResolutionMetadata").GetProperty("error").GetString(),
            ours.GetProperty("didResolutionMetadata").GetProperty("error").GetString());
        Assert.Equal(JsonValueKind.Null, ours.GetProperty("didDocument").ValueKind);
    }

    private async Task<int> CompareAllVersionsAsync(History history)
    {
        var versions = new SortedSet<ulong>(history.Blocks) { history.Blocks.Min() - 1 };
        var compared = 0;

        // For latest both resolvers compare validTo with the wall clock (valid while validTo >= now), and
        // a revocation or a zero validity sets validTo to its block's timestamp. Wait until the wall clock
        // has left the newest block's second, so that both resolutions see the same side of every validTo.
        var head = (await Client().GetBlockAsync(BlockTag.Latest)).ThrowIfFailed();
        while (TimeProvider.System.GetUtcNow().ToUnixTimeSeconds() <= (long)head.Timestamp)
        {
            await Task.Delay(100);
        }

        foreach (var version in versions.Select(v => (ulong?)v).Append(null).Append(null))
        {
            var theirs = await _reference.ResolveAsync(history.Did, node.RpcUrl, node.Registry.ToString(), HardhatNode.ChainId, version);
            var ours = await ResolveOursAsync(history.Did, version);
            var context = $"{history.Did} at {(version is null ? "latest" : "versionId " + version)} after [{string.Join(", ", history.Log)}]";
            Assert.False(theirs.GetProperty("didResolutionMetadata").TryGetProperty("error", out var theirError), context + ": reference error " + theirError);
            Assert.Equal(theirs.GetProperty("didResolutionMetadata").GetProperty("contentType").GetString(), ours.GetProperty("didResolutionMetadata").GetProperty("contentType").GetString());
            AssertSameJson(WithoutDanglingKeyAgreement(theirs.GetProperty("didDocument")), ours.GetProperty("didDocument"), context + " didDocument");
            AssertSameJson(theirs.GetProperty("didDocumentMetadata"), ours.GetProperty("didDocumentMetadata"), context + " didDocumentMetadata");
            compared++;
        }

        return compared;
    }

    // The one documented difference (docs/ethr-interop.md): ethr-did-resolver 11.x leaves a revoked or
    // expired enc key's id in keyAgreement although the key itself is gone from verificationMethod (a
    // dangling reference, fixed upstream after 11.x). Only such dangling entries are removed here.
    private static JsonElement WithoutDanglingKeyAgreement(JsonElement document)
    {
        if (document.ValueKind != JsonValueKind.Object || !document.TryGetProperty("keyAgreement", out _))
        {
            return document;
        }

        var node = JsonNode.Parse(document.GetRawText())!.AsObject();
        var ids = node["verificationMethod"]!.AsArray().Select(m => m!["id"]!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
        var kept = node["keyAgreement"]!.AsArray().Where(r => r is JsonValue v && ids.Contains(v.GetValue<string>())).Select(r => r!.DeepClone()).ToArray();
        if (kept.Length == 0)
        {
            node.Remove("keyAgreement");
        }
        else
        {
            node["keyAgreement"] = new JsonArray(kept);
        }

        return JsonSerializer.SerializeToElement(node);
    }

    private async Task<JsonElement> ResolveOursAsync(string did, ulong? versionId)
    {
        var options = new DidResolutionOptions { VersionId = versionId?.ToString(CultureInfo.InvariantCulture) };
        var parsed = Did.Parse(did);
        var result = parsed.Succeeded
            ? await Resolver().ResolveAsync(parsed.Value, options)
            : DidResolutionResult.Failure(parsed.Error);
        return JsonSerializer.SerializeToElement(result, Json.CoreJsonContext.Default.DidResolutionResult);
    }

    private static void AssertSameJson(JsonElement expected, JsonElement actual, string context)
    {
        var e = Normalize(JsonNode.Parse(expected.GetRawText()))?.ToJsonString() ?? "null";
        var a = Normalize(JsonNode.Parse(actual.GetRawText()))?.ToJsonString() ?? "null";
        Assert.True(e == a, $"{context} differs.\nethr-did-resolver: {e}\nDid.Sdk:           {a}");
    }

    // Member order is not significant; array order is.
    private static JsonNode? Normalize(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Normalize(p.Value?.DeepClone())))),
        JsonArray a => new JsonArray(a.Select(x => Normalize(x?.DeepClone())).ToArray()),
        _ => node?.DeepClone(),
    };

    // A PEM "PUBLIC KEY" block (the registry stores it as UTF-8 text; the resolvers show it as publicKeyPem).
    private static byte[] Pem(byte[] der)
        => Encoding.UTF8.GetBytes("-----BEGIN PUBLIC KEY-----\n" + Convert.ToBase64String(der, Base64FormattingOptions.InsertLineBreaks).Replace("\r\n", "\n", StringComparison.Ordinal) + "\n-----END PUBLIC KEY-----\n");

    private static byte[] RandomBytes(int count) => System.Security.Cryptography.RandomNumberGenerator.GetBytes(count);

    private static byte[] Secp256k1Key()
    {
        using var key = EthereumPrivateKey.Generate();
        return EthereumAddressPublicKey(key);
    }

    private static byte[] EthereumAddressPublicKey(EthereumPrivateKey key)
    {
        var uncompressed = key.PublicKey;
        var compressed = new byte[33];
        compressed[0] = (byte)(2 + (uncompressed[64] & 1));
        uncompressed[1..33].CopyTo(compressed.AsSpan(1));
        return compressed;
    }

    /// <summary>SplitMix64: a tiny deterministic generator, so a seed replays a history exactly.</summary>
    internal sealed class SplitMix64(ulong seed)
    {
        private ulong _state = seed;

        public int Next(int bound)
        {
            _state += 0x9E3779B97F4A7C15UL;
            var z = _state;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            z ^= z >> 31;
            return (int)(z % (ulong)bound);
        }

        public T Pick<T>(IReadOnlyList<T> items) => items[Next(items.Count)];
    }

    /// <summary>One identity's history: three funded keys (the first is the identity), a relayer, the log.</summary>
    internal sealed class History : IAsyncDisposable
    {
        private readonly EthereumClient _client;
        private readonly EthereumTransactionSender _relayer;
        private readonly List<(string Type, EthereumAddress Delegate)> _delegates = [];
        private readonly List<(string Name, byte[] Value)> _attributes = [];

        private History(EthereumClient client, EthereumPrivateKey[] keys, EthereumTransactionSender relayer, EthrDidController controller)
        {
            _client = client;
            Keys = keys;
            _relayer = relayer;
            Controller = controller;
            Owner = keys[0];
            Did = $"did:ethr:0xa:{keys[0].Address}";
        }

        public EthereumPrivateKey[] Keys { get; }

        public EthrDidController Controller { get; }

        public EthereumPrivateKey Owner { get; private set; }

        public string Did { get; }

        public bool Deactivated { get; private set; }

        public List<ulong> Blocks { get; } = [];

        public List<string> Log { get; } = [];

        public static async Task<History> CreateAsync(IDifferentialChain node, EthereumClient client)
        {
            var keys = new[] { await node.NewFundedAccountAsync(), await node.NewFundedAccountAsync(), await node.NewFundedAccountAsync() };
            var relayerKey = await node.NewFundedAccountAsync();
            var relayer = new EthereumTransactionSender(client, relayerKey, HardhatNode.ChainId, new EthereumTransactionSenderOptions { ReceiptPollInterval = TimeSpan.FromMilliseconds(20) });
            return new History(client, keys, relayer, new EthrDidController(client, node.Registry, keys[0].Address)) { RelayerKey = relayerKey };
        }

        private EthereumPrivateKey RelayerKey { get; init; } = null!;

        private EthereumTransactionSender OwnerSender() => new(_client, Owner, HardhatNode.ChainId, new EthereumTransactionSenderOptions { ReceiptPollInterval = TimeSpan.FromMilliseconds(20) });

        public async Task PlayRandomAsync(SplitMix64 random, bool last)
        {
            var signed = random.Next(3) == 0;
            switch (random.Next(last ? 9 : 8))
            {
                case 0 or 1:
                    await AddDelegateAsync(random.Pick(new[] { EthrDidController.VerificationKeyDelegate, EthrDidController.SignatureAuthenticationDelegate }), EthereumAddress.FromBytes(RandomBytes(20)), random.Next(4) == 0 ? TimeSpan.Zero : TimeSpan.FromDays(1 + random.Next(400)), signed);
                    break;
                case 2 when _delegates.Count > 0:
                    var d = random.Pick(_delegates);
                    await RevokeDelegateAsync(d.Type, d.Delegate, signed);
                    break;
                case 3 or 4:
                    var keyType = random.Pick(KeyTypes);
                    var encoding = random.Pick(Encodings);
                    var value = encoding == "pem" ? Pem(RandomBytes(keyType == "RSA" ? 140 : 44))
                        : keyType == "Secp256k1" ? Secp256k1Key()
                        : RandomBytes(keyType == "RSA" ? 140 : 32);
                    await SetAttributeAsync($"did/pub/{keyType}/{random.Pick(Purposes)}/{encoding}", value, TimeSpan.FromDays(1 + random.Next(400)), signed);
                    break;
                case 5:
                    var endpoint = random.Next(3) switch
                    {
                        0 => $"https://svc{random.Next(1000)}.example/path",
                        1 => $$"""{"uri":"https://svc{{random.Next(1000)}}.example","accept":["didcomm/v2"]}""",
                        _ => $"""["https://a{random.Next(1000)}.example","https://b.example"]""",
                    };
                    await SetAttributeAsync("did/svc/" + random.Pick(new[] { "LinkedDomains", "DIDCommMessaging", "Hub" }), Encoding.UTF8.GetBytes(endpoint), TimeSpan.FromDays(1 + random.Next(400)), signed);
                    break;
                case 6 when _attributes.Count > 0:
                    var a = random.Pick(_attributes);
                    await RevokeAttributeAsync(a.Name, a.Value, signed);
                    break;
                case 7:
                    await ChangeOwnerAsync(random.Pick(Keys.Where(k => k != Owner).ToArray()), signed);
                    break;
                case 8:
                    await ChangeOwnerAsync(null, signed);
                    break;
                default:
                    await SetAttributeAsync("did/svc/Fallback", Encoding.UTF8.GetBytes("https://fallback.example"), TimeSpan.FromDays(10), signed);
                    break;
            }
        }

        public Task AddDelegateAsync(string type, EthereumAddress @delegate, TimeSpan validity, bool signed)
        {
            _delegates.Add((type, @delegate));
            return RunAsync($"addDelegate {type}{(validity == TimeSpan.Zero ? " expired" : string.Empty)}", signed, s => Controller.AddDelegateAsync(s, type, @delegate, validity), k => Controller.SignAddDelegateAsync(k, type, @delegate, validity));
        }

        public Task RevokeDelegateAsync(string type, EthereumAddress @delegate, bool signed)
            => RunAsync("revokeDelegate " + type, signed, s => Controller.RevokeDelegateAsync(s, type, @delegate), k => Controller.SignRevokeDelegateAsync(k, type, @delegate));

        public Task SetAttributeAsync(string name, byte[] value, TimeSpan validity, bool signed)
        {
            _attributes.Add((name, value));
            return RunAsync("setAttribute " + name, signed, s => Controller.SetAttributeAsync(s, name, value, validity), k => Controller.SignSetAttributeAsync(k, name, value, validity));
        }

        public Task RevokeAttributeAsync(string name, byte[] value, bool signed)
            => RunAsync("revokeAttribute " + name, signed, s => Controller.RevokeAttributeAsync(s, name, value), k => Controller.SignRevokeAttributeAsync(k, name, value));

        public async Task ChangeOwnerAsync(EthereumPrivateKey? newOwner, bool signed)
        {
            var address = newOwner?.Address ?? EthereumAddress.Zero;
            await RunAsync(newOwner is null ? "deactivate" : "changeOwner", signed, s => Controller.ChangeOwnerAsync(s, address), k => Controller.SignChangeOwnerAsync(k, address));
            if (newOwner is null)
            {
                Deactivated = true;
            }
            else
            {
                Owner = newOwner;
            }
        }

        private async Task RunAsync(string what, bool signed, Func<EthereumTransactionSender, ValueTask<Result<TransactionReceipt>>> direct, Func<EthereumPrivateKey, ValueTask<Result<EthrSignedWrite>>> sign)
        {
            Result<TransactionReceipt> receipt;
            if (signed)
            {
                var write = (await sign(Owner)).ThrowIfFailed();
                receipt = await Controller.RelayAsync(_relayer, write);
            }
            else
            {
                receipt = await direct(OwnerSender());
            }

            Assert.True(receipt.Succeeded, $"{what}: {receipt.Error}");
            Blocks.Add(receipt.Value.BlockNumber);
            Log.Add((signed ? "signed " : string.Empty) + what);
        }

        public ValueTask DisposeAsync()
        {
            foreach (var key in Keys)
            {
                key.Dispose();
            }

            RelayerKey.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}

/// <summary>The differential suite on the hardhat node.</summary>
[Collection(HardhatCollection.Name)]
public sealed class DifferentialTests(HardhatNode node, ITestOutputHelper output) : DifferentialSuite(node, output);

/// <summary>The differential suite on the embedded devnet served over HTTP (chain id 10, the canonical registry).</summary>
public sealed class DevnetEthrDifferentialTests(DevnetHttpChain devnet, ITestOutputHelper output) : DifferentialSuite(devnet, output), IClassFixture<DevnetHttpChain>;
