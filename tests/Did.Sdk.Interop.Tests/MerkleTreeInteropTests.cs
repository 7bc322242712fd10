using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Did.Sdk.Dao;
using Did.Sdk.Ethereum;
using Did.Sdk.Ethereum.Abi;
using Xunit.Abstractions;

namespace Did.Sdk.Interop.Tests;

/// <summary>
/// StandardMerkleTree of (address, uint256) voting-power lists against @openzeppelin/merkle-tree 1.0.8 on
/// seeded random lists: the same root, the same proof for every voter, and each side accepting the other's
/// proofs and refusing a tampered one.
/// </summary>
public sealed class MerkleTreeInteropTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly AbiType[] Types = [AbiType.Address, AbiType.Uint256];
    private JsonLinesProcess _js = null!;

    public Task InitializeAsync()
    {
        _js = new JsonLinesProcess(JsonLinesProcess.NodeDirectory, "merkle.mjs");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _js.DisposeAsync();

    [Fact]
    public async Task RandomVotingPowerLists_SameRootAndProofs_BothVerifyEachOthers()
    {
        var random = new Random(1505);
        int proofs = 0;
        foreach (int size in new[] { 1, 2, 3, 4, 5, 7, 8, 9, 16, 31, 64, 100, 257 })
        {
            var values = Enumerable.Range(0, size).Select(_ => (IReadOnlyList<object>)[RandomAddress(random), RandomAmount(random)]).ToList();
            if (size > 3)
            {
                values[2] = values[1]; // a repeated leaf, which the reference keeps as two leaves
            }

            var ours = StandardMerkleTree.Of(values, Types);
            var theirs = await _js.SendAsync(new JsonObject
            {
                ["op"] = "of",
                ["types"] = new JsonArray("address", "uint256"),
                ["values"] = new JsonArray([.. values.Select(v => (JsonNode)new JsonArray(v[0].ToString()!.ToLowerInvariant(), ((BigInteger)v[1]).ToString(CultureInfo.InvariantCulture)))]),
            });
            Assert.True(theirs.GetProperty("ok").GetBoolean(), theirs.ToString());
            Assert.Equal(theirs.GetProperty("root").GetString(), ours.RootHex);
            for (int i = 0; i < size; i++)
            {
                var theirProof = theirs.GetProperty("proofs")[i].EnumerateArray().Select(p => p.GetString()!).ToList();
                var ourProof = ours.GetProof(i);
                Assert.Equal(theirProof, ourProof.Select(p => Hex.Encode(p)).ToList());
                Assert.True(StandardMerkleTree.Verify(ours.Root.Span, Types, values[i], theirProof.Select(p => Hex.Decode(p).ThrowIfFailed()).ToList()));
                proofs++;
            }

            // A voter claiming more power than listed: refused by both.
            var inflated = (IReadOnlyList<object>)[values[0][0], (BigInteger)values[0][1] + 1];
            Assert.False(StandardMerkleTree.Verify(ours.Root.Span, Types, inflated, ours.GetProof(0)));
            var refused = await _js.SendAsync(new JsonObject
            {
                ["op"] = "verify",
                ["root"] = ours.RootHex,
                ["types"] = new JsonArray("address", "uint256"),
                ["value"] = new JsonArray(inflated[0].ToString()!.ToLowerInvariant(), ((BigInteger)inflated[1]).ToString(CultureInfo.InvariantCulture)),
                ["proof"] = new JsonArray([.. ours.GetProof(0).Select(p => (JsonNode)Hex.Encode(p))]),
            });
            Assert.False(refused.GetProperty("valid").GetBoolean());
        }

        output.WriteLine($"{proofs} proofs equal to the reference's");
    }

    private static EthereumAddress RandomAddress(Random random)
    {
        var bytes = new byte[20];
        random.NextBytes(bytes);
        return EthereumAddress.Parse(Hex.Encode(bytes)).ThrowIfFailed();
    }

    private static BigInteger RandomAmount(Random random)
    {
        var bytes = new byte[random.Next(1, 33)];
        random.NextBytes(bytes);
        return new BigInteger(bytes, isUnsigned: true, isBigEndian: true);
    }
}
