using System.Text.Json;

namespace Did.Sdk.Ethereum.Tests;

public sealed class EthereumAddressTests
{
    public static TheoryData<int> AccountIndexes => Keccak256Tests.Indexes(VectorFiles.Load("ethers-testcases/accounts.json"));

    public static TheoryData<string> Eip55Valid
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var group in VectorFiles.Load("eip55/checksum_addresses.json").GetProperty("valid").EnumerateObject())
            {
                foreach (var address in group.Value.EnumerateArray())
                {
                    data.Add(address.GetString()!);
                }
            }

            return data;
        }
    }

    public static TheoryData<string> Eip55InvalidChecksum
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var address in VectorFiles.Load("eip55/checksum_addresses.json").GetProperty("invalid_checksum_derived").GetProperty("addresses").EnumerateArray())
            {
                data.Add(address.GetString()!);
            }

            return data;
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("0x")]
    [InlineData("5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")]
    [InlineData("0X5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")]
    [InlineData("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAe")]
    [InlineData("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed00")]
    [InlineData("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeg")]
    [InlineData(" 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAe")]
    public void Parse_Malformed_ReturnsInvalidAddress(string? text)
    {
        var result = EthereumAddress.Parse(text);
        Assert.False(result.Succeeded);
        Assert.Equal("invalidAddress", result.Error.Code);
        Assert.False(EthereumAddress.TryParse(text, out _));
    }

    [Theory]
    [MemberData(nameof(Eip55InvalidChecksum))]
    public void Parse_WrongChecksum_ReturnsInvalidAddressChecksum(string text)
    {
        var result = EthereumAddress.Parse(text);
        Assert.False(result.Succeeded);
        Assert.Equal("invalidAddressChecksum", result.Error.Code);
    }

    [Theory]
    [MemberData(nameof(Eip55Valid))]
    public void Parse_Eip55TestCase_RoundTripsToChecksum(string text)
    {
        var address = EthereumAddress.Parse(text).ThrowIfFailed();
        var checksummed = address.ToString();
        Assert.Equal(text.ToLowerInvariant(), checksummed.ToLowerInvariant());
        Assert.Equal(text.ToLowerInvariant(), address.ToLowerCaseString());
        Assert.True(EthereumAddress.Parse(checksummed).Succeeded);
        Assert.True(EthereumAddress.Parse(text.ToLowerInvariant()).Succeeded);
        Assert.True(EthereumAddress.Parse("0x" + text[2..].ToUpperInvariant()).Succeeded);

        // The "normal" cases are already checksummed; the all-caps and all-lower ones are not mixed case.
        var mixed = text[2..].Any(char.IsAsciiLetterLower) && text[2..].Any(char.IsAsciiLetterUpper);
        if (mixed)
        {
            Assert.Equal(text, checksummed);
        }
    }

    [Theory]
    [MemberData(nameof(AccountIndexes))]
    public void FromPublicKey_EthersAccount_MatchesChecksumAddress(int index)
    {
        var account = VectorFiles.Load("ethers-testcases/accounts.json")[index];
        var privateKey = VectorFiles.HexBytes(account.GetProperty("privateKey").GetString());
        var expected = account.GetProperty("address").GetString();

        using var key = EthereumPrivateKey.Import(privateKey).ThrowIfFailed();
        Assert.Equal(expected, key.Address.ToString());
        Assert.Equal(key.Address, EthereumAddress.Parse(expected).ThrowIfFailed());

        var compressed = new byte[33];
        Assert.True(Jose.Secp256k1.Default.TryGetPublicKey(privateKey, true, compressed, out _));
        Assert.Equal(key.Address, EthereumAddress.FromPublicKey(compressed));
        Assert.Equal(key.Address, EthereumAddress.FromPublicKey(key.PublicKey));
        Assert.Equal(key.Address, EthereumAddress.FromPublicKey(key.PublicKey[1..]));
    }

    [Fact]
    public void FromPublicKey_InvalidKey_Throws()
    {
        Assert.Throws<ArgumentException>(() => EthereumAddress.FromPublicKey(new byte[64]));
        Assert.Throws<ArgumentException>(() => EthereumAddress.FromPublicKey(new byte[20]));
        Assert.False(EthereumAddress.TryFromPublicKey(new byte[65], out _));
    }

    [Fact]
    public void FromBytes_WrongLength_Throws()
    {
        Assert.Throws<ArgumentException>(() => EthereumAddress.FromBytes(new byte[19]));
    }

    [Fact]
    public void Zero_Default_IsAllZeroes()
    {
        Assert.Equal("0x0000000000000000000000000000000000000000", EthereumAddress.Zero.ToString());
        Assert.Equal(default, EthereumAddress.Zero);
        Assert.Equal(EthereumAddress.Zero, EthereumAddress.FromBytes(new byte[20]));
        Assert.NotEqual(EthereumAddress.Zero, EthereumAddress.Parse("0x0000000000000000000000000000000000000001").ThrowIfFailed());
    }

    [Fact]
    public void Equality_SameBytes_EqualAndSameHash()
    {
        var a = EthereumAddress.Parse("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed").ThrowIfFailed();
        var b = EthereumAddress.FromBytes(a.ToArray());
        Assert.True(a == b);
        Assert.False(a != b);
        Assert.True(a.Equals((object)b));
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
    }
}
