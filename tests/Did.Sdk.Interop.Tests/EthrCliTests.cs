using System.Text.Json;
using System.Text.Json.Nodes;
using Did.Sdk.Cli;
using Did.Sdk.Ethereum;
using Did.Sdk.Jose;

namespace Did.Sdk.Interop.Tests;

/// <summary>The README's did:ethr walkthrough through the CLI, in-process, on the hardhat node.</summary>
[Collection(HardhatCollection.Name)]
public sealed class EthrCliTests(HardhatNode node) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("did-sdk-ethr-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static async Task<(int Code, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await CliApp.RunAsync(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private async Task<(EthereumPrivateKey Key, string File)> FundedKeyFileAsync(string name)
    {
        var secret = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
        var key = EthereumPrivateKey.Import(secret).ThrowIfFailed();
        await node.SendAsync(node.Account0, new Ethereum.Transactions.EthereumTransaction
        {
            Type = Ethereum.Transactions.TransactionType.Legacy,
            GasPrice = 10_000_000_000,
            GasLimit = 21_000,
            To = key.Address,
            Value = System.Numerics.BigInteger.Pow(10, 18),
        });
        return (key, WriteJwk(name, key, secret));
    }

    private string WriteJwk(string name, EthereumPrivateKey key, ReadOnlySpan<byte> secret)
    {
        var pub = key.PublicKey;
        var jwk = new JsonObject
        {
            ["kty"] = "EC",
            ["crv"] = "secp256k1",
            ["x"] = Base64Url.Encode(pub[1..33]),
            ["y"] = Base64Url.Encode(pub[33..]),
            ["d"] = Base64Url.Encode(secret),
        };
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, jwk.ToJsonString());
        return path;
    }

    [Fact]
    public async Task ResolveRotateDelegate_AsInTheReadme_DocumentFollows()
    {
        using var funded = await node.NewFundedAccountAsync();
        // The identity and the relayer: fresh keys the test funds from account #0 and writes as JWK files.
        var (identity, ownerFile) = await FundedKeyFileAsync("owner.json");
        var (relayer, relayerFile) = await FundedKeyFileAsync("relayer.json");
        using var identityKey = identity;
        using var relayerKey = relayer;
        var did = $"did:ethr:0xa:{identity.Address}";
        string[] net = ["--rpc", node.RpcUrl.ToString(), "--registry", node.Registry.ToString()];

        var before = await RunAsync(["resolve", did, .. net]);
        Assert.Equal(0, before.Code);

        var newKey = await RunAsync("key", "generate", "--alg", "ES256K", "--out", Path.Combine(_dir, "new"));
        var newAddress = JsonDocument.Parse(newKey.Stdout).RootElement.GetProperty("ethereumAddress").GetString()!;
        var rotate = await RunAsync(["ethr", "change-owner", did, .. net, "--key", ownerFile, "--new-owner", newAddress]);
        Assert.True(rotate.Code == 0, rotate.Stderr);
        var rotated = JsonDocument.Parse(rotate.Stdout).RootElement;
        Assert.Equal(identity.Address.ToString(), rotated.GetProperty("sentBy").GetString());

        var delegateAddress = funded.Address.ToString();
        var add = await RunAsync(["ethr", "add-delegate", did, .. net, "--key", Path.Combine(_dir, "new.private.jwk.json"), "--signed", "--relayer-key", relayerFile, "--delegate", delegateAddress, "--type", "sigAuth"]);
        Assert.True(add.Code == 0, add.Stderr);
        Assert.Contains("no chain id", add.Stderr, StringComparison.Ordinal);
        Assert.Equal(relayer.Address.ToString(), JsonDocument.Parse(add.Stdout).RootElement.GetProperty("sentBy").GetString());

        var after = await RunAsync(["resolve", did, .. net, "--block-tag", "latest"]);
        Assert.Equal(0, after.Code);
        var result = JsonDocument.Parse(after.Stdout).RootElement;
        var methods = result.GetProperty("didDocument").GetProperty("verificationMethod").EnumerateArray().ToList();
        Assert.Contains(methods, m => m.GetProperty("blockchainAccountId").GetString() == $"eip155:10:{newAddress}");
        Assert.Contains(methods, m => m.GetProperty("blockchainAccountId").GetString() == $"eip155:10:{delegateAddress}");
        var addedIn = JsonDocument.Parse(add.Stdout).RootElement.GetProperty("blockNumber").GetUInt64();
        Assert.Equal(addedIn.ToString(System.Globalization.CultureInfo.InvariantCulture), result.GetProperty("didDocumentMetadata").GetProperty("versionId").GetString());
        Assert.Equal("latest", result.GetProperty("didResolutionMetadata").GetProperty("blockTag").GetString());

        // The former owner is refused before anything is sent.
        var stale = await RunAsync(["ethr", "change-owner", did, .. net, "--key", ownerFile, "--new-owner", delegateAddress]);
        Assert.Equal(1, stale.Code);
        Assert.Equal("transactionReverted", JsonDocument.Parse(stale.Stdout).RootElement.GetProperty("error").GetProperty("code").GetString());
    }
}
