using System.Numerics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Did.Sdk.Ethereum;
using Did.Sdk.Ethereum.Abi;
using Did.Sdk.Ethereum.Rpc;
using Did.Sdk.Methods;
using Did.Sdk.SocialToken;
using Did.Sdk.SocialToken.Tests;
using Did.Sdk.Verification;
using Did.Sdk.Verification.Policy;

namespace Did.Sdk.Dao.Tests;

/// <summary>
/// Signed snapshot lists on the devnet: power read at the snapshot block in at most two round trips, the root
/// signed by the tool's DID, every voter's proof accepted offline and by OpenZeppelin's MerkleProof contract,
/// tampered lists refused; snapshots by time mapped to the L2 block by header search; votes tokens' ERC-6372
/// timepoints recorded so getPastVotes re-checks the snapshot later.
/// </summary>
public sealed class SnapshotListTests
{
    private static readonly VerificationPolicy AnyPolicy = new VerificationPolicyBuilder().RequireCredential("member", SocialTokenIssuerOptions.HolderVct).TrustIssuer("did:ethr:0x7a69:0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266").Build();

    [Fact]
    public async Task SnapshotOfSixtyAddresses_TwoRoundTrips_SignedRoot_ProofsVerifyOfflineAndOnChain_TamperingRefused()
    {
        await using var chain = await Chain.StartAsync();
        var random = new Random(4);
        var holders = new List<(EthereumAddress Address, BigInteger Tokens)>();
        for (int i = 0; i < 12; i++)
        {
            var address = EthereumPrivateKey.Generate().Address;
            int tokens = random.Next(1, 500);
            await chain.GiveAsync(address, tokens);
            holders.Add((address, tokens * Chain.Unit));
        }

        var addresses = holders.Select(h => h.Address).Concat(Enumerable.Range(0, 48).Select(_ => EthereumPrivateKey.Generate().Address)).ToList();
        addresses.Add(addresses[0]); // listed twice: counted once
        var head = (await chain.Client.GetBlockAsync(BlockTag.Latest)).ThrowIfFailed();
        var proposal = new Proposal { Id = "snap-1", ChainId = chain.Devnet.ChainId, Terms = [new VotingPowerTerm { Token = chain.Coin }], SnapshotBlockNumber = head.Number, Policy = AnyPolicy };
        using var tool = chain.Devnet.Accounts[5].CreateKey();
        using var toolKey = tool.ToSigningKey();
        string toolDid = Brand.DidOf(tool.Address);
        chain.Rpc.Reset();

        var list = (await SnapshotLists.CreateAsync(proposal, addresses, chain.Client, toolKey, toolDid + "#controller", chain.Clock)).ThrowIfFailed();

        Assert.Equal(2, chain.Rpc.RoundTrips); // the block's hash, then every read and the finality in one batch
        Assert.Equal((60, head.Number, head.Hash, "finalized", toolDid), (list.Root.Count, list.Root.BlockNumber, list.Root.BlockHash, list.Root.Finality, list.Root.Issuer));
        foreach (var (address, tokens) in holders)
        {
            var (power, proof) = list.ProofOf(address)!.Value;
            Assert.Equal(tokens, power);
            Assert.True(SnapshotLists.VerifyProof(list.Root, address, power, proof));
            Assert.False(SnapshotLists.VerifyProof(list.Root, address, power + 1, proof));
        }

        Assert.Null(list.ProofOf(EthereumPrivateKey.Generate().Address));

        // Published and read back by anyone with the tool's DID.
        var signatures = new DidSignatureVerifier(chain.Resolver);
        byte[] published = Encoding.UTF8.GetBytes(list.ToJson().ToJsonString());
        var read = (await SnapshotLists.VerifyAsync(published, signatures, Finality.Finalized)).ThrowIfFailed();
        Assert.Equal((list.Root.Root, 60), (read.Root.Root, read.Entries.Count));
        Assert.Equal(holders[3].Tokens, read.ProofOf(holders[3].Address)!.Value.Power);

        // On chain: OpenZeppelin's MerkleProof (contracts/src/MerkleProofVerifier.sol) accepts every proof, not a forged power.
        var verifierContract = await DeployMerkleProofVerifierAsync(chain);
        foreach (var (address, _) in holders.Take(6))
        {
            var (power, proof) = list.ProofOf(address)!.Value;
            Assert.True(await OnChainVerifyAsync(chain, verifierContract, proof, list.Tree.Root, address, power));
            Assert.False(await OnChainVerifyAsync(chain, verifierContract, proof, list.Tree.Root, address, power * 2));
        }

        // Tampering: a power raised, a tree node changed, a value moved, an address listed twice, another signer.
        Assert.Equal(DaoErrorCodes.InvalidSnapshotList, (await VerifyEditedAsync(published, signatures, j => j["tree"]!["values"]![0]!["value"]![1] = "1" + (string)j["tree"]!["values"]![0]!["value"]![1]!)).Error?.Code);
        Assert.Equal(DaoErrorCodes.InvalidSnapshotList, (await VerifyEditedAsync(published, signatures, j => j["tree"]!["tree"]![70] = "0x" + new string('0', 64))).Error?.Code);
        Assert.Equal(DaoErrorCodes.InvalidSnapshotList, (await VerifyEditedAsync(published, signatures, j => j["tree"]!["values"]![1]!["treeIndex"] = (int)j["tree"]!["values"]![0]!["treeIndex"]!)).Error?.Code);
        Assert.Equal(DaoErrorCodes.InvalidSnapshotList, (await VerifyEditedAsync(published, signatures, j => j["tree"]!["values"]![1]!["value"]![0] = (string)j["tree"]!["values"]![0]!["value"]![0]!)).Error?.Code);
        Assert.Equal(DaoErrorCodes.InvalidSnapshotList, (await VerifyEditedAsync(published, signatures, j => j["version"] = 2)).Error?.Code);
        using var impostor = chain.Devnet.Accounts[6].CreateKey();
        using var impostorKey = impostor.ToSigningKey();
        var forged = SnapshotLists.Sign(list.Root, impostorKey, toolDid + "#controller");
        Assert.False((await VerifyEditedAsync(published, signatures, j => j["signedRoot"] = forged)).Succeeded);
        Assert.Equal(DaoErrorCodes.InvalidSnapshotList, (await SnapshotLists.VerifyAsync(Encoding.UTF8.GetBytes("[]"), signatures)).Error?.Code);
    }

    [Fact]
    public async Task SnapshotBlockNotYetFinal_Pending_WithHashOneRoundTrip_ReorgedRefused()
    {
        await using var chain = await Chain.StartAsync(safeEvery: 2, finalityDelay: 2);
        var holder = EthereumPrivateKey.Generate().Address;
        await chain.GiveAsync(holder, 7);
        var head = (await chain.Client.GetBlockAsync(BlockTag.Latest)).ThrowIfFailed();
        using var tool = chain.Devnet.Accounts[5].CreateKey();
        using var toolKey = tool.ToSigningKey();
        var proposal = new Proposal { Id = "snap-2", ChainId = chain.Devnet.ChainId, Terms = [new VotingPowerTerm { Token = chain.Coin }], SnapshotBlockNumber = head.Number, SnapshotBlockHash = head.Hash, Policy = AnyPolicy };

        var early = await SnapshotLists.CreateAsync(proposal, [holder], chain.Client, toolKey, Brand.DidOf(tool.Address) + "#controller");
        Assert.Equal(VerificationErrorCodes.FinalityPending, early.Error?.Code);

        for (int i = 0; i < 6; i++)
        {
            await chain.Devnet.MineAsync();
        }

        chain.Rpc.Reset();
        var list = (await SnapshotLists.CreateAsync(proposal, [holder], chain.Client, toolKey, Brand.DidOf(tool.Address) + "#controller")).ThrowIfFailed();
        Assert.Equal(1, chain.Rpc.RoundTrips);
        Assert.Equal(7 * Chain.Unit, list.Entries.Single().Power);

        // A snapshot pinned to a hash the chain does not have (its block was reorged away).
        var gone = proposal with { SnapshotBlockHash = "0x" + new string('1', 64), RequiredFinality = Finality.Latest };
        Assert.Equal(SocialTokenErrorCodes.EvidenceBlockReorged, (await SnapshotLists.CreateAsync(gone, [holder], chain.Client, toolKey, Brand.DidOf(tool.Address) + "#controller")).Error?.Code);
    }

    [Fact]
    public async Task TimeToBlock_HeaderSearch_AgreesWithALinearScan_PendingUntilALaterBlock_BeforeGenesisRefused()
    {
        await using var chain = await Chain.StartAsync();
        var random = new Random(6372);
        var start = (await chain.Client.GetBlockAsync(BlockTag.Latest)).ThrowIfFailed().Time;
        var time = start;
        for (int i = 0; i < 150; i++)
        {
            time += TimeSpan.FromSeconds(random.Next(0, 4)); // gaps, and blocks sharing a second
            await chain.Devnet.MineAsync(time);
        }

        var blocks = new List<EthereumBlock>();
        ulong latest = (await chain.Client.GetBlockNumberAsync()).ThrowIfFailed();
        for (ulong n = 0; n <= latest; n++)
        {
            blocks.Add((await chain.Client.GetBlockAsync(BlockTag.AtNumber(n))).ThrowIfFailed());
        }

        var locator = new SnapshotBlockLocator(chain.Client);
        int searches = 0;
        for (ulong t = blocks[0].Timestamp; t < blocks[^1].Timestamp; t += (ulong)random.Next(1, 3))
        {
            var expected = blocks.Last(b => b.Timestamp <= t);
            chain.Rpc.Reset();
            var found = (await locator.FindAsync(t, Finality.Finalized)).ThrowIfFailed();
            Assert.Equal((expected.Number, expected.Hash), (found.Number, found.Hash));
            Assert.InRange(chain.Rpc.RoundTrips, 2, 4); // the head, then 33-ary search over ~160 blocks
            searches++;
        }

        Assert.True(searches > 100);
        Assert.Equal(VerificationErrorCodes.FinalityPending, (await locator.FindAsync(blocks[^1].Timestamp, Finality.Finalized)).Error?.Code);
        Assert.Equal(DaoErrorCodes.InvalidProposal, (await locator.FindAsync(blocks[0].Timestamp - 1, Finality.Finalized)).Error?.Code);

        // A proposal by time snapshots the block its time maps to.
        var holder = EthereumPrivateKey.Generate().Address;
        chain.Devnet.SetNextBlockTimestamp(blocks[^1].Time.AddSeconds(5));
        await chain.GiveAsync(holder, 3);
        ulong afterGift = (await chain.Client.GetBlockAsync(BlockTag.Latest)).ThrowIfFailed().Timestamp;
        await chain.Devnet.MineAsync(DateTimeOffset.FromUnixTimeSeconds((long)afterGift + 10));
        using var tool = chain.Devnet.Accounts[5].CreateKey();
        using var toolKey = tool.ToSigningKey();
        var byTime = new Proposal { Id = "snap-3", ChainId = chain.Devnet.ChainId, Terms = [new VotingPowerTerm { Token = chain.Coin }], SnapshotTimestamp = afterGift + 5, Policy = AnyPolicy };
        var list = (await SnapshotLists.CreateAsync(byTime, [holder], chain.Client, toolKey, Brand.DidOf(tool.Address) + "#controller")).ThrowIfFailed();
        Assert.Equal((latest + 1, 3 * Chain.Unit), (list.Root.BlockNumber, list.Entries.Single().Power));
        var before = byTime with { SnapshotTimestamp = blocks[^1].Timestamp };
        Assert.Equal(0, (await SnapshotLists.CreateAsync(before, [holder], chain.Client, toolKey, Brand.DidOf(tool.Address) + "#controller")).ThrowIfFailed().Entries.Single().Power.Sign);
    }

    [Fact]
    public async Task VotesToken_Erc6372ClockRecorded_GetPastVotesAtThatTimepointRechecksTheSnapshotLater()
    {
        await using var chain = await Chain.StartAsync();
        using var member = await chain.FundedWalletAsync();
        await chain.GiveAsync(member.Address, 40);
        (await chain.Sender(member).SendAsync(chain.Coin, SocialTokenContracts.Delegate(member.Address))).ThrowIfFailed();
        var head = (await chain.Client.GetBlockAsync(BlockTag.Latest)).ThrowIfFailed();
        var terms = new[] { new VotingPowerTerm { Token = chain.Coin, Source = VotingPowerSource.Votes } };

        var snapshot = (await new VotingPowerReader(chain.Client).ReadAsync(terms, [member.Address], head.Number, head.Hash)).ThrowIfFailed();

        var clock = Assert.Single(snapshot.Clocks);
        Assert.Equal((chain.Coin, "mode=blocknumber&from=default", head.Number, false), (clock.Token, clock.Mode, clock.Timepoint, clock.IsTimestamp));
        Assert.Equal(40 * Chain.Unit, snapshot.Powers.Single().Power);

        // Later, the member's votes change; getPastVotes at the recorded timepoint still gives the snapshot's power.
        await chain.GiveAsync(member.Address, 1);
        await chain.Devnet.MineAsync();
        VotingPowerTerm[] pastVotes = [new VotingPowerTerm { Token = chain.Coin, Source = VotingPowerSource.PastVotes, Timepoint = clock.Timepoint }];
        var later = (await chain.Client.GetBlockAsync(BlockTag.Latest)).ThrowIfFailed();
        var recheck = (await new VotingPowerReader(chain.Client).ReadAsync(pastVotes, [member.Address], later.Number, later.Hash)).ThrowIfFailed();
        Assert.Equal(40 * Chain.Unit, recheck.Powers.Single().Power);
        var now = (await new VotingPowerReader(chain.Client).ReadAsync(terms, [member.Address], later.Number, later.Hash)).ThrowIfFailed();
        Assert.Equal(41 * Chain.Unit, now.Powers.Single().Power);
    }

    private static async Task<Result<SnapshotList>> VerifyEditedAsync(byte[] published, DidSignatureVerifier signatures, Action<JsonNode> edit)
    {
        var json = JsonNode.Parse(published)!;
        edit(json);
        return await SnapshotLists.VerifyAsync(Encoding.UTF8.GetBytes(json.ToJsonString()), signatures);
    }

    private static async Task<EthereumAddress> DeployMerkleProofVerifierAsync(Chain chain)
    {
        using var artifact = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "artifacts", "MerkleProofVerifier.json")));
        var initCode = Hex.Decode(artifact.RootElement.GetProperty("bytecode").GetString()).ThrowIfFailed();
        using var deployer = chain.Devnet.Accounts[7].CreateKey();
        var receipt = (await chain.Sender(deployer).DeployAsync(initCode)).ThrowIfFailed();
        return receipt.ContractAddress!.Value;
    }

    private static async Task<bool> OnChainVerifyAsync(Chain chain, EthereumAddress contract, IReadOnlyList<byte[]> proof, ReadOnlyMemory<byte> root, EthereumAddress account, BigInteger amount)
    {
        var call = AbiCodec.EncodeCall("verify(bytes32[],bytes32,address,uint256)", proof.ToArray(), root.ToArray(), account, amount);
        var answer = (await chain.Client.CallAsync(contract, call, BlockTag.Latest)).ThrowIfFailed();
        return (bool)AbiCodec.DecodeSingle(AbiType.Bool, answer).ThrowIfFailed();
    }
}
