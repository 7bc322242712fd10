using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using Did.Sdk.Jose;

namespace Did.Sdk.Ethereum.Tests;

/// <summary>
/// EcdsaSecp256k1RecoveryMethod2020 with a CAIP-10 account: the signer is found by public key recovery
/// (both ids, as did-jwt does) and compared by address; the account's chain must be the DID's.
/// </summary>
public sealed class BlockchainAccountMethodHandlerTests : IDisposable
{
    private const string Did = "did:ethr:0xa:0x0000000000000000000000000000000000000001";
    private static readonly BigInteger N = BigInteger.Parse("0FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", System.Globalization.NumberStyles.HexNumber);
    private readonly SigningKey _key = SigningKey.Generate(JwsAlgorithm.ES256K);

    public void Dispose() => _key.Dispose();

    private static VerificationMethod Account(string accountId) => new()
    {
        Id = Did + "#controller",
        Type = BlockchainAccountMethodHandler.RecoveryMethod2020,
        Controller = Did,
        BlockchainAccountId = accountId,
    };

    private string AccountOf(SigningKey key, ulong chainId = 10)
        => "eip155:" + chainId + ":" + EthereumAddress.FromPublicKey(key.VerificationKey.Export());

    private static DecodedJws Decode(string jws) => Jws.Decode(jws).ThrowIfFailed();

    private static string WithSignature(string jws, byte[] signature) => jws[..(jws.LastIndexOf('.') + 1)] + Base64Url.Encode(signature);

    private static byte[] SignatureOf(string jws) => Base64Url.Decode(jws.AsSpan(jws.LastIndexOf('.') + 1)).ThrowIfFailed();

    private static byte[] ToHighS(byte[] signature)
    {
        var s = new BigInteger(signature.AsSpan(32, 32), isUnsigned: true, isBigEndian: true);
        var high = (byte[])signature.Clone();
        var bytes = (N - s).ToByteArray(isUnsigned: true, isBigEndian: true);
        Array.Clear(high, 32, 32);
        bytes.CopyTo(high, 64 - bytes.Length);
        return high;
    }

    private static VerificationMethodContext Context(ulong? chainId = 10, bool requireLowS = false, bool allowRecoverable = false) => new(new JwsVerifier(new JwsVerificationOptions
    {
        RequireLowS = requireLowS,
        AllowedAlgorithms = allowRecoverable ? new HashSet<JwsAlgorithm>([.. JwsAlgorithm.All, JwsAlgorithm.ES256KR]) : new HashSet<JwsAlgorithm>(JwsAlgorithm.All),
    }))
    { ChainId = chainId };

    [Fact]
    public void Verify_SignatureByAnotherKey_FailsWithAccountMismatch()
    {
        using var other = SigningKey.Generate(JwsAlgorithm.ES256K);
        var handler = new BlockchainAccountMethodHandler();

        var result = handler.Verify(Decode(Jws.Sign("{}"u8, other)), Account(AccountOf(_key)), Context());

        Assert.Equal(EthereumErrorCodes.AccountMismatch, result.Error?.Code);
    }

    [Fact]
    public void Verify_AccountOnAnotherChain_FailsWithAccountChainMismatch()
    {
        var result = new BlockchainAccountMethodHandler().Verify(Decode(Jws.Sign("{}"u8, _key)), Account(AccountOf(_key, chainId: 1)), Context(chainId: 10));

        Assert.Equal(EthereumErrorCodes.AccountChainMismatch, result.Error?.Code);
    }

    [Theory]
    [InlineData("eip155:10")]
    [InlineData("eip155:010:0x0000000000000000000000000000000000000001")]
    [InlineData("eip155:x:0x0000000000000000000000000000000000000001")]
    [InlineData("eip155:10:0x00000000000000000000000000000000000001")]
    [InlineData("eip155:10:0xAbCdEf0000000000000000000000000000000001")]
    public void Verify_MalformedAccountId_FailsWithInvalidVerificationMethod(string accountId)
    {
        var result = new BlockchainAccountMethodHandler().Verify(Decode(Jws.Sign("{}"u8, _key)), Account(accountId), Context());

        Assert.Equal(JoseErrorCodes.InvalidVerificationMethod, result.Error?.Code);
    }

    [Fact]
    public void Verify_NonEthereumAccount_FailsWithUnsupportedVerificationMethod()
    {
        var result = new BlockchainAccountMethodHandler().Verify(Decode(Jws.Sign("{}"u8, _key)), Account("bip122:000000000019d6689c085ae165831e93:128Lkh3S7CkDTBZ8W7BbpsN3YYizJMp8p6"), Context());

        Assert.Equal(JoseErrorCodes.UnsupportedVerificationMethod, result.Error?.Code);
    }

    [Fact]
    public void Verify_AnotherAlgorithm_FailsWithAlgorithmKeyMismatch()
    {
        using var ed = SigningKey.Generate(JwsAlgorithm.EdDSA);

        var result = new BlockchainAccountMethodHandler().Verify(Decode(Jws.Sign("{}"u8, ed)), Account(AccountOf(_key)), Context());

        Assert.Equal(JoseErrorCodes.AlgorithmKeyMismatch, result.Error?.Code);
    }

    [Fact]
    public void Verify_HighS_AcceptedUnlessLowSRequired()
    {
        string jws = Jws.Sign("{\"a\":1}"u8, _key);
        string high = WithSignature(jws, ToHighS(SignatureOf(jws)));
        var handler = new BlockchainAccountMethodHandler();

        Assert.True(handler.Verify(Decode(high), Account(AccountOf(_key)), Context()).Succeeded);
        Assert.Equal(JoseErrorCodes.InvalidSignature, handler.Verify(Decode(high), Account(AccountOf(_key)), Context(requireLowS: true)).Error?.Code);
    }

    [Fact]
    public void Verify_ManySignatures_BothRecoveryIdsFound()
    {
        // Recovery id 0 and 1 each occur about half the time; all must verify through the account.
        var handler = new BlockchainAccountMethodHandler();
        var method = Account(AccountOf(_key));
        var ids = new HashSet<int>();
        for (int i = 0; i < 24; i++)
        {
            string jws = Jws.Sign(Encoding.UTF8.GetBytes("{\"i\":" + i + "}"), _key);
            var hash = SHA256.HashData(Encoding.ASCII.GetBytes(jws[..jws.LastIndexOf('.')]));
            var sig = SignatureOf(jws);
            for (int id = 0; id < 2; id++)
            {
                var pub = new byte[65];
                if (Secp256k1.Default.TryRecover(hash, sig, id, false, pub, out _) && EthereumAddress.FromPublicKey(pub) == EthereumAddress.FromPublicKey(_key.VerificationKey.Export()))
                {
                    ids.Add(id);
                }
            }

            Assert.True(handler.Verify(Decode(jws), method, Context()).Succeeded);
            Assert.True(new BlockchainAccountMethodHandler().Verify(Decode(jws), method, Context()).Succeeded); // cold, no remembered key
        }

        Assert.Equal(2, ids.Count);
    }

    [Fact]
    public void Verify_RememberedKey_StillRefusesTamperedPayload()
    {
        var handler = new BlockchainAccountMethodHandler();
        var method = Account(AccountOf(_key));
        string jws = Jws.Sign("{\"a\":1}"u8, _key);
        Assert.True(handler.Verify(Decode(jws), method, Context()).Succeeded);
        var parts = jws.Split('.');
        string tampered = parts[0] + "." + Base64Url.Encode("{\"a\":2}"u8) + "." + parts[2];

        Assert.Equal(EthereumErrorCodes.AccountMismatch, handler.Verify(Decode(tampered), method, Context()).Error?.Code);
    }

    [Fact]
    public void Verify_Es256KR_OnlyWhenAllowedAndWithTheRightRecoveryId()
    {
        string input = Base64Url.Encode("{\"alg\":\"ES256K-R\"}"u8) + "." + Base64Url.Encode("{}"u8);
        var hash = SHA256.HashData(Encoding.ASCII.GetBytes(input));
        var signature = new byte[65];
        using var exportable = SigningKey.Generate(JwsAlgorithm.ES256K, exportable: true);
        var scalar = Base64Url.Decode(exportable.ExportPrivateJwk().ToJsonObject()["d"]!.GetValue<string>()).ThrowIfFailed();
        int id = Secp256k1.Default.SignRecoverable(hash, scalar, signature);
        signature[64] = (byte)id;
        string good = input + "." + Base64Url.Encode(signature);
        signature[64] = (byte)(1 - id);
        string wrongId = input + "." + Base64Url.Encode(signature);
        var method = Account(AccountOf(exportable));
        var handler = new BlockchainAccountMethodHandler();

        Assert.Equal(JoseErrorCodes.UnsupportedAlgorithm, handler.Verify(Decode(good), method, Context()).Error?.Code);
        Assert.True(handler.Verify(Decode(good), method, Context(allowRecoverable: true)).Succeeded);
        Assert.Equal(EthereumErrorCodes.AccountMismatch, handler.Verify(Decode(wrongId), method, Context(allowRecoverable: true)).Error?.Code);
    }

    [Fact]
    public void IsSignedBy_TheAccountsKeyOnly()
    {
        using var other = SigningKey.Generate(JwsAlgorithm.ES256K);
        var handler = new BlockchainAccountMethodHandler();
        var method = Account(AccountOf(_key));

        Assert.True(handler.IsSignedBy(method, _key.VerificationKey, Context()));
        Assert.False(handler.IsSignedBy(method, other.VerificationKey, Context()));
        Assert.False(handler.IsSignedBy(method, _key.VerificationKey, Context(chainId: 1)));
    }

    [Fact]
    public void Verify_MethodWithPublicKeyHexInsteadOfAccount_VerifiesAgainstTheKey()
    {
        var method = new VerificationMethod
        {
            Id = Did + "#controllerKey",
            Type = BlockchainAccountMethodHandler.RecoveryMethod2020,
            Controller = Did,
            AdditionalProperties = new() { ["publicKeyHex"] = System.Text.Json.JsonSerializer.SerializeToElement(Convert.ToHexStringLower(_key.VerificationKey.Export(true))) },
        };

        Assert.True(EthereumVerificationMethods.Handlers.Verify(Decode(Jws.Sign("{}"u8, _key)), method, Context()).Succeeded);
    }
}
