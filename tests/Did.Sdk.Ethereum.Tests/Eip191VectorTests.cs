namespace Did.Sdk.Ethereum.Tests;

public sealed class Eip191VectorTests
{
    private const string File = "eip191/personal_sign_vectors.json";

    public static TheoryData<int> SigningIndexes => Keccak256Tests.Indexes(VectorFiles.Load(File).GetProperty("signing_vectors"));

    public static TheoryData<int> HashIndexes => Keccak256Tests.Indexes(VectorFiles.Load(File).GetProperty("hash_vectors"));

    [Fact]
    public void VerifyPersonalMessage_WrongAddressOrMessage_ReturnsFalse()
    {
        var vector = VectorFiles.Load(File).GetProperty("signing_vectors")[0];
        var message = VectorFiles.HexBytes(vector.GetProperty("messageHex").GetString());
        var signature = VectorFiles.HexBytes(vector.GetProperty("signature").GetString());
        var address = EthereumAddress.Parse(vector.GetProperty("address").GetString()).ThrowIfFailed();

        Assert.False(EthereumSigner.VerifyPersonalMessage(message, signature, EthereumAddress.Zero));
        Assert.False(EthereumSigner.VerifyPersonalMessage([.. message, 0x21], signature, address));
        Assert.False(EthereumSigner.VerifyPersonalMessage(message, signature.AsSpan(0, 63), address));
        Assert.True(EthereumSigner.VerifyPersonalMessage(message, signature, address));
    }

    [Theory]
    [MemberData(nameof(HashIndexes))]
    public void HashPersonalMessage_EthersVector_Matches(int index)
    {
        var vector = VectorFiles.Load(File).GetProperty("hash_vectors")[index];
        var message = VectorFiles.HexBytes(vector.GetProperty("messageHex").GetString());
        Assert.Equal(vector.GetProperty("hash").GetString(), VectorFiles.Lower(Eip191.HashPersonalMessage(message)));
    }

    [Fact]
    public void HashPersonalMessage_HexLookingString_HashesUtf8NotBytes()
    {
        Assert.Equal(
            "0x6d91b221f765224b256762dcba32d62209cf78e9bebb0a1b758ca26c76db3af4",
            VectorFiles.Lower(Eip191.HashPersonalMessage("0x4243")));
    }

    [Theory]
    [MemberData(nameof(SigningIndexes))]
    public void SignPersonalMessage_EthSigUtilVector_MatchesSignatureAndRecovers(int index)
    {
        var vector = VectorFiles.Load(File).GetProperty("signing_vectors")[index];
        var privateKey = VectorFiles.HexBytes(vector.GetProperty("privateKey").GetString());
        var message = VectorFiles.HexBytes(vector.GetProperty("messageHex").GetString());
        var expectedSignature = vector.GetProperty("signature").GetString();
        var checksumAddress = vector.GetProperty("checksumAddress").GetString();

        Assert.Equal(vector.GetProperty("hash").GetString(), VectorFiles.Lower(Eip191.HashPersonalMessage(message)));
        Assert.Equal(
            vector.GetProperty("hash").GetString(),
            VectorFiles.Lower(Keccak256.Hash(VectorFiles.HexBytes(vector.GetProperty("prefixedMessageHex").GetString()))));

        using var key = EthereumPrivateKey.Import(privateKey).ThrowIfFailed();
        Assert.Equal(checksumAddress, key.Address.ToString());
        var signature = EthereumSigner.SignPersonalMessage(key, message);
        Assert.Equal(expectedSignature, signature.ToString());
        Assert.Equal(vector.GetProperty("v").GetInt32(), signature.V);
        Assert.Equal(vector.GetProperty("r").GetString(), VectorFiles.Lower(signature.R));
        Assert.Equal(vector.GetProperty("s").GetString(), VectorFiles.Lower(signature.S));

        var recovered = EthereumSigner.RecoverPersonalMessage(message, VectorFiles.HexBytes(expectedSignature));
        Assert.True(recovered.Succeeded);
        Assert.Equal(checksumAddress, recovered.Value.ToString());
        Assert.True(EthereumSigner.VerifyPersonalMessage(message, signature.ToCompactBytes(), key.Address));
    }
}
