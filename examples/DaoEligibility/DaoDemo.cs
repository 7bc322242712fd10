using System.Numerics;
using Did.Sdk.Dao;
using Did.Sdk.Dao.PostgreSql;
using Did.Sdk.Methods;
using Did.Sdk.SdJwt;
using Did.Sdk.SocialToken;
using Did.Sdk.Verification.Policy;
using Spectre.Console;

namespace Did.Sdk.Examples.DaoEligibility;

/// <summary>
/// The story: the DAO tool creates a proposal at the current safe block (members pending until it is
/// finalized), checks four presentations — Alice with two wallets (eligible, both wallets' power summed), Bob
/// below the minimum, Carol whose credential was revoked, Alice again — prints the table and the receipts
/// (verified from the tool's DID alone), and publishes the signed snapshot list of every holder.
/// </summary>
public static class DaoDemo
{
    private static readonly BigInteger Unit = BigInteger.Pow(10, 18);

    /// <summary>Runs the story; 0 when every step came out as it should, 1 otherwise.</summary>
    public static async Task<int> RunAsync(DaoDemoOptions options, IAnsiConsole console, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(options.OutputDirectory);
        console.MarkupLine("[bold]Did.Sdk DAO eligibility[/] on the embedded rollup devnet (safe every 2 blocks, finalized 2 blocks later)");
        await using var scene = await console.Status().StartAsync("Setting up the brand, its coin and three members…", _ => DemoScene.StartAsync(options.OtherHolders, cancellationToken));
        console.MarkupLineInterpolated($"Brand [blue]{scene.BrandDid}[/], creator coin ADA at [blue]{scene.Coin}[/]");

        // The tool's identity: dev account #5's did:ethr; its votes go to the store named on the command line.
        using var toolWallet = scene.Devnet.Accounts[5].CreateKey();
        using var toolKey = toolWallet.ToSigningKey();
        var store = EligibilityStoreFactory.Open(options.Store ?? Path.Combine(options.OutputDirectory, "dao-votes.db"));
        await using var disposeStore = store as IAsyncDisposable;
        var tool = new DaoTool(scene.Client, scene.Resolver, scene.StatusChecker, store, toolKey, scene.DidOf(toolWallet.Address) + "#controller");

        var policy = new VerificationPolicyBuilder()
            .RequireCredential("member", SocialTokenIssuerOptions.HolderVct)
            .TrustIssuer(scene.BrandDid)
            .ResolveDidsAt(Finality.Finalized)
            .Build();
        var proposal = (await tool.CreateProposalAsync($"ada-dao-{Guid.NewGuid():N}"[..16], scene.Devnet.ChainId, [new VotingPowerTerm { Token = scene.Coin }], 100 * Unit, policy, cancellationToken)).ThrowIfFailed();
        string proposalFile = Path.Combine(options.OutputDirectory, "proposal.json");
        await File.WriteAllTextAsync(proposalFile, ProposalJson.ToJson(proposal).ToJsonString(new() { WriteIndented = true }), cancellationToken);
        console.MarkupLineInterpolated($"Proposal [green]{proposal.Id}[/]: balanceOf(ADA) at safe block {proposal.SnapshotBlockNumber}, minimum 100 ADA, snapshot must be finalized → {proposalFile}");

        var (eligibility, verifier) = tool.For(proposal);
        async Task<EligibilityResult> CheckAsync(Member member)
        {
            var request = (await verifier.CreateRequestAsync(DemoScene.Audience, cancellationToken)).ThrowIfFailed();
            return await eligibility.CheckAsync(DemoScene.Present(member, request.Nonce), request.Nonce, cancellationToken);
        }

        var alice = scene.Members.Single(m => m.Name == "Alice");
        var early = await CheckAsync(alice);
        console.MarkupLineInterpolated($"Alice asks before the snapshot block is finalized: [yellow]{early.Outcome}[/] ({early.Error?.Code}), nothing consumed");
        await scene.FinalizeAsync(proposal.SnapshotBlockNumber!.Value);
        console.MarkupLineInterpolated($"Blocks mined: finalized is now {scene.Devnet.Heads.Finalized}");

        var rows = new List<(string Who, Member Member, EligibilityResult Result)>();
        foreach (var (who, member) in new[] { ("Alice (2 wallets)", alice), ("Bob", scene.Members.Single(m => m.Name == "Bob")), ("Carol (revoked)", scene.Members.Single(m => m.Name == "Carol")), ("Alice again", alice) })
        {
            rows.Add((who, member, await CheckAsync(member)));
        }

        var table = new Table().Title("Eligibility").AddColumns("Voter", "Tier", "Wallets", "Power (ADA)", "Outcome", "Why");
        foreach (var (who, member, result) in rows)
        {
            table.AddRow(
                Markup.Escape(who),
                member.Tier,
                member.Wallets.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
                result.Power is { } p ? (p / Unit).ToString(System.Globalization.CultureInfo.InvariantCulture) : "-",
                result.Outcome == EligibilityOutcome.Eligible ? "[green]eligible[/]" : $"[red]{result.Outcome}[/]",
                Markup.Escape(result.Error?.Code ?? string.Empty));
        }

        console.Write(table);

        // Receipts: anyone with the tool's DID checks them offline.
        var signatures = new DidSignatureVerifier(scene.Resolver);
        bool receiptsVerify = true;
        foreach (var (who, _, result) in rows.Where(r => r.Result.Receipt is not null))
        {
            var receipt = await EligibilityReceipts.VerifyAsync(result.Receipt!, signatures, Finality.Latest, cancellationToken);
            receiptsVerify &= receipt.Succeeded;
            string file = Path.Combine(options.OutputDirectory, $"receipt-{result.Nullifier![2..14]}.jws");
            await File.WriteAllTextAsync(file, result.Receipt, cancellationToken);
            console.MarkupLine($"Receipt for {Markup.Escape(who)}: {Verdict(receipt.Succeeded, "verified", receipt.Error?.Code)} — power {receipt.Value?.Power / Unit} ADA at block {receipt.Value?.SnapshotBlockNumber} ({receipt.Value?.Finality}), nullifier {result.Nullifier![..18]}… → {Markup.Escape(file)}");
        }

        // The signed snapshot list of every holder, published for anyone to audit.
        var voters = scene.Members.SelectMany(m => m.Wallets.Select(w => w.Address)).Concat(scene.OtherHolders).ToList();
        var list = (await eligibility.SnapshotAsync(voters, cancellationToken)).ThrowIfFailed();
        string listFile = Path.Combine(options.OutputDirectory, "snapshot.json");
        await File.WriteAllTextAsync(listFile, list.ToJson().ToJsonString(), cancellationToken);
        var audited = await SnapshotLists.VerifyAsync(await File.ReadAllBytesAsync(listFile, cancellationToken), signatures, cancellationToken: cancellationToken);
        var aliceSecond = alice.Wallets[1].Address;
        bool proofHolds = audited.Succeeded && audited.Value.ProofOf(aliceSecond) is { } entry && SnapshotLists.VerifyProof(audited.Value.Root, aliceSecond, entry.Power, entry.Proof);
        console.MarkupLine($"Snapshot list: {list.Root.Count} holders at block {list.Root.BlockNumber}, root {list.Root.Root[..18]}…, signed by the tool; re-verified from the file: {Verdict(audited.Succeeded, "yes", audited.Error?.Code)}; Alice's second wallet's proof: {Verdict(proofHolds, "holds", "fails")} → {Markup.Escape(listFile)}");

        bool asExpected = early.Outcome == EligibilityOutcome.Pending
            && rows[0].Result.Outcome == EligibilityOutcome.Eligible && rows[0].Result.Power == 1100 * Unit
            && rows[1].Result.Error?.Code == DaoErrorCodes.BelowMinimumPower
            && rows[2].Result.Outcome == EligibilityOutcome.NotEligible && rows[2].Result.Error?.Code == SdJwtErrorCodes.CredentialRevoked
            && rows[3].Result.Error?.Code == DaoErrorCodes.AlreadyVoted
            && receiptsVerify && audited.Succeeded && proofHolds;
        console.MarkupLine(asExpected ? "[green]Every step came out as it should.[/]" : "[red]Something did not come out as it should.[/]");
        return asExpected ? 0 : 1;
    }

    private static string Verdict(bool good, string yes, string? no) => good ? $"[green]{yes}[/]" : $"[red]{Markup.Escape(no ?? "failed")}[/]";
}
