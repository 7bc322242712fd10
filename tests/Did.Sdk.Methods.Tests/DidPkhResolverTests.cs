namespace Did.Sdk.Methods.Tests;

public class DidPkhResolverTests
{
    private static readonly DidResolver Resolver = new(new DidPkhResolver());

    [Theory]
    [InlineData("did:pkh:eip155:1:0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD")] // EIP-55 example with the last letter's case flipped
    [InlineData("did:pkh:eip155:1:0xb9c5714089478a327f09197987f16f9e5d936e8")] // 39 hex digits
    [InlineData("did:pkh:eip155:1:0xb9c5714089478a327f09197987f16f9e5d936e8aa")] // 41 hex digits
    [InlineData("did:pkh:eip155:1:0xg9c5714089478a327f09197987f16f9e5d936e8a")] // not hex
    [InlineData("did:pkh:eip155:1:b9c5714089478a327f09197987f16f9e5d936e8a00")] // no 0x
    [InlineData("did:pkh:eip155:01:0xb9c5714089478a327f09197987f16f9e5d936e8a")] // leading zero chain id
    [InlineData("did:pkh:eip155:main:0xb9c5714089478a327f09197987f16f9e5d936e8a")] // chain id not decimal
    [InlineData("did:pkh:eip155:0xb9c5714089478a327f09197987f16f9e5d936e8a")] // no reference
    [InlineData("did:pkh:eip155:1:0xb9c5714089478a327f09197987f16f9e5d936e8a:extra")] // four parts
    [InlineData("did:pkh:ab:1:0xb9c5714089478a327f09197987f16f9e5d936e8a")] // namespace too short
    [InlineData("did:pkh:EIP155:1:0xb9c5714089478a327f09197987f16f9e5d936e8a")] // namespace upper case
    [InlineData("did:pkh:cosmos:cosmoshub-3:cosmos1t2uflqwqe0fsj0shcfkrvpukewcw40yjj6hdc0")] // unsupported namespace
    [InlineData("did:pkh:tezos:NetXdQprcVkpaWU:tz1TzrmTBSuiVHV2VfMnGRMYvTEPCP42oSM9")] // bad Base58Check checksum
    [InlineData("did:pkh:tezos:NetXdQprcVkpaWU:tz4TzrmTBSuiVHV2VfMnGRMYvTEPCP42oSM8")] // unknown tezos prefix
    [InlineData("did:pkh:bip122:000000000019d6689c085ae165831e93:128Lkh3S7CkDTBZ8W7BbpsN3YYizJMp8p7")] // bad checksum
    [InlineData("did:pkh:solana:4sGjMW1sUnHzSxGspuhpqLDx6wiyjNtZ:CKg5d12Jhpej1JqtmxLJgaFqqeYjxgPq")] // not 32 bytes
    [InlineData("did:pkh:arweave:7wIU:kY9RAgTJEImkBpiKgVeXrsGV02T-D4dI3ZvSpnn7HS")] // 42 characters
    [InlineData("did:pkh:doge:DH5yaieqoZN36fDVciNyRueRGvGLR3mr7L")] // legacy form, not CAIP-10
    public async Task ResolveAsync_InvalidAccountId_ReturnsInvalidDid(string did)
    {
        var result = await Resolver.ResolveAsync(did);
        Assert.Equal(DidResolutionErrors.InvalidDid, result.Error?.Code);
    }

    public static TheoryData<string, string> Vectors()
    {
        var data = new TheoryData<string, string>();
        foreach (var entry in TestVectors.Load("DidPkh", "test-vectors", "FILENAME_MAP.json").GetProperty("files").EnumerateObject())
        {
            data.Add(entry.Name, entry.Value.GetString()!);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public async Task ResolveAsync_CcgVector_MatchesDocument(string file, string did)
    {
        var expected = TestVectors.Load("DidPkh", "test-vectors", file);

        var result = await Resolver.ResolveAsync(did);

        Assert.True(result.Succeeded, result.Error?.ToString());
        JsonAssert.Equivalent(expected, result.DidDocument);
    }

    [Fact]
    public async Task ResolveAsync_ChecksummedEip155Address_KeepsCase()
    {
        const string did = "did:pkh:eip155:8453:0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf";
        var result = await Resolver.ResolveAsync(did);

        Assert.True(result.Succeeded, result.Error?.ToString());
        Assert.Equal("eip155:8453:0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf", result.DidDocument.VerificationMethod![0].BlockchainAccountId);
    }

    [Fact]
    public void CreateEip155_ChainAndAddress_ReturnsDid()
    {
        var did = DidPkh.CreateEip155(10, "0xb9c5714089478a327f09197987f16f9e5d936e8a").ThrowIfFailed();

        Assert.Equal("did:pkh:eip155:10:0xb9c5714089478a327f09197987f16f9e5d936e8a", did.ToString());
        var account = DidPkh.GetAccountId(did).ThrowIfFailed();
        Assert.Equal("eip155:10", account.ChainId);
        Assert.Equal("0xb9c5714089478a327f09197987f16f9e5d936e8a", account.Address);
    }

    [Fact]
    public void CreateEip155_ShortAddress_ReturnsInvalidDid()
        => Assert.Equal(DidResolutionErrors.InvalidDid, DidPkh.CreateEip155(1, "0x1234").Error?.Code);

    [Fact]
    public async Task DereferenceAsync_BlockchainAccountIdFragment_ReturnsRecoveryMethod()
    {
        const string url = "did:pkh:eip155:1:0xb9c5714089478a327f09197987f16f9e5d936e8a#blockchainAccountId";
        var result = await new DidUrlDereferencer(Resolver).DereferenceAsync(url);

        Assert.True(result.Succeeded, result.Error?.ToString());
        Assert.Equal("EcdsaSecp256k1RecoveryMethod2020", result.VerificationMethod!.Type);
    }
}

public class DidPkhChecksumTests
{
    [Theory]
    [InlineData("did:pkh:eip155:1:0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")] // valid EIP-55 checksum
    [InlineData("did:pkh:eip155:1:0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed")] // all lower case: no checksum
    [InlineData("did:pkh:eip155:1:0x5AAEB6053F3E94C9B9A09F33669435E7EF1BEAED")] // all upper case: no checksum
    public async Task ResolveAsync_Eip155AddressCaseForms_Resolve(string did)
    {
        var result = await new DidResolver(new DidPkhResolver()).ResolveAsync(did);

        Assert.True(result.Succeeded, result.Error?.ToString());
        Assert.Equal(did, result.DidDocument.Id);
    }
}
