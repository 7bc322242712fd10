namespace Did.Sdk.Jose.Tests.Signatures;

public class JwsAlgorithmTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("none")]
    [InlineData("None")]
    [InlineData("HS256")]
    [InlineData("RS256")]
    [InlineData("PS256")]
    [InlineData("ES384")]
    [InlineData("ES512")]
    [InlineData("es256")]
    [InlineData("ES256k")]
    [InlineData("Ed25519")]
    public void TryGetByName_NameOutsideClosedSet_ReturnsFalse(string? name)
    {
        Assert.False(JwsAlgorithm.TryGetByName(name, out var algorithm));
        Assert.Null(algorithm);
    }

    [Theory]
    [InlineData("EdDSA", KeyType.Ed25519)]
    [InlineData("ES256", KeyType.P256)]
    [InlineData("ES256K", KeyType.Secp256k1)]
    public void TryGetByName_ClosedSetName_ReturnsSingleton(string name, KeyType keyType)
    {
        Assert.True(JwsAlgorithm.TryGetByName(name, out var algorithm));
        Assert.Equal(name, algorithm.Name);
        Assert.Equal(keyType, algorithm.KeyType);
        Assert.Same(algorithm, JwsAlgorithm.ForKeyType(keyType));
        Assert.Equal(64, algorithm.SignatureSize);
    }

    [Fact]
    public void All_ContainsExactlyThreeAlgorithms()
    {
        Assert.Equal(["EdDSA", "ES256", "ES256K"], JwsAlgorithm.All.Select(a => a.Name));
        Assert.Null(JwsAlgorithm.ForKeyType(KeyType.X25519));
        Assert.Null(JwsAlgorithm.ForKeyType(KeyType.P384));
        Assert.Null(JwsAlgorithm.ForKeyType(KeyType.P521));
    }
}
