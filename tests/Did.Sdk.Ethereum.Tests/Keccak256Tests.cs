using System.Text.Json;

namespace Did.Sdk.Ethereum.Tests;

public sealed class Keccak256Tests
{
    public static TheoryData<int> KnownAnswerIndexes => Indexes(VectorFiles.Load("keccak/keccak256_known_answers.json").GetProperty("vectors"));

    public static TheoryData<int> EthersHashIndexes => Indexes(VectorFiles.Load("ethers-testcases/hashes.json"));

    [Fact]
    public void Hash_ShortDestination_Throws()
    {
        Assert.Throws<ArgumentException>(() => Keccak256.Hash([], new byte[31]));
    }

    [Fact]
    public void Hash_Empty_IsNotSha3()
    {
        var sha3 = VectorFiles.Load("keccak/keccak256_known_answers.json").GetProperty("sha3_256_empty_for_contrast").GetString();
        Assert.NotEqual(sha3, VectorFiles.Lower(Keccak256.Hash([])));
        Assert.Equal("0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470", VectorFiles.Lower(Keccak256.Hash([])));
    }

    [Theory]
    [MemberData(nameof(KnownAnswerIndexes))]
    public void Hash_KnownAnswer_Matches(int index)
    {
        var vector = VectorFiles.Load("keccak/keccak256_known_answers.json").GetProperty("vectors")[index];
        var input = VectorFiles.HexBytes(vector.GetProperty("input_hex").GetString());
        var expected = vector.GetProperty("keccak256").GetString();
        Assert.Equal(expected, VectorFiles.Lower(Keccak256.Hash(input)));

        Span<byte> destination = stackalloc byte[40];
        Keccak256.Hash(input, destination);
        Assert.Equal(expected, VectorFiles.Lower(destination[..32]));
    }

    [Theory]
    [MemberData(nameof(EthersHashIndexes))]
    public void Hash_EthersTestcase_Matches(int index)
    {
        var vector = VectorFiles.Load("ethers-testcases/hashes.json")[index];
        var input = VectorFiles.HexBytes(vector.GetProperty("data").GetString());
        Assert.Equal(vector.GetProperty("keccak256").GetString(), VectorFiles.Lower(Keccak256.Hash(input)));
    }

    internal static TheoryData<int> Indexes(JsonElement array)
    {
        var data = new TheoryData<int>();
        for (var i = 0; i < array.GetArrayLength(); i++)
        {
            data.Add(i);
        }

        return data;
    }
}
