using System.Numerics;
using System.Text;
using Did.Sdk.Ethereum;
using Did.Sdk.Jose;
using Did.Sdk.Methods;
using Did.Sdk.SocialToken.Tests;

namespace Did.Sdk.Dao.Tests;

/// <summary>Receipts signed by the DAO tool's did:ethr, verified offline by anyone with the tool's DID.</summary>
public sealed class EligibilityReceiptTests
{
    [Fact]
    public async Task SignedByTheToolsDid_VerifiedFromItsDocument_TamperingRefused()
    {
        await using var chain = await Chain.StartAsync();
        using var wallet = chain.Devnet.Accounts[3].CreateKey();
        using var key = wallet.ToSigningKey();
        string tool = $"did:ethr:devnet:{wallet.Address}";
        var receipt = new EligibilityReceipt
        {
            ProposalId = "prop-7",
            Nullifier = "0x" + new string('a', 64),
            Power = BigInteger.Parse("1234567890123456789012345678901234567890"),
            ChainId = 31337,
            SnapshotBlockNumber = 42,
            SnapshotBlockHash = "0x" + new string('b', 64),
            Finality = "finalized",
            IssuedAt = DateTimeOffset.FromUnixTimeSeconds(1_796_000_000),
            Issuer = tool,
        };
        var verifier = new DidSignatureVerifier(chain.Resolver);

        string signed = EligibilityReceipts.Sign(receipt, key, tool + "#controller");
        var verified = await EligibilityReceipts.VerifyAsync(signed, verifier, Finality.Finalized);

        Assert.True(verified.Succeeded, verified.Error?.ToString());
        Assert.Equal(receipt, verified.Value);

        var parts = signed.Split('.');
        var inflated = Encoding.UTF8.GetString(Base64Url.Decode(parts[1]).ThrowIfFailed()).Replace("\"power\":\"1", "\"power\":\"9", StringComparison.Ordinal);
        var tampered = await EligibilityReceipts.VerifyAsync($"{parts[0]}.{Base64Url.Encode(Encoding.UTF8.GetBytes(inflated))}.{parts[2]}", verifier);
        Assert.False(tampered.Succeeded);

        using var other = EthereumPrivateKey.Generate();
        using var otherKey = other.ToSigningKey();
        var impostor = await EligibilityReceipts.VerifyAsync(EligibilityReceipts.Sign(receipt, otherKey, $"did:ethr:devnet:{other.Address}#controller"), verifier);
        Assert.Equal(DaoErrorCodes.InvalidReceipt, impostor.Error?.Code);
        var forged = await EligibilityReceipts.VerifyAsync(EligibilityReceipts.Sign(receipt, otherKey, tool + "#controller"), verifier);
        Assert.False(forged.Succeeded);

        foreach (var garbage in new[] { "", "x", "a.b.c", Jws.Sign("{}"u8, key, "JWT", tool + "#controller"), Jws.Sign("{}"u8, key, EligibilityReceipts.Type, tool + "#controller") })
        {
            Assert.Equal(DaoErrorCodes.InvalidReceipt, (await EligibilityReceipts.VerifyAsync(garbage, verifier)).Error?.Code);
        }
    }
}
