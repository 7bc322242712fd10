using System.Security.Cryptography;
using System.Text;

namespace Did.Sdk.Jose.Tests.Signatures;

/// <summary>ES256K-R: r ‖ s ‖ v, accepted only when the allow-list names it; v must recover this key.</summary>
public sealed class Es256KRTests : IDisposable
{
    private readonly SigningKey _key = SigningKey.Generate(JwsAlgorithm.ES256K);

    public void Dispose() => _key.Dispose();

    private string Sign(byte? forcedV = null)
    {
        string input = Base64Url.Encode("{\"alg\":\"ES256K-R\"}"u8) + "." + Base64Url.Encode("{\"sub\":\"x\"}"u8);
        var hash = SHA256.HashData(Encoding.ASCII.GetBytes(input));
        var signature = new byte[65];
        int id = global::Did.Sdk.Jose.Secp256k1.Default.SignRecoverable(hash, _key.Scalar, signature);
        signature[64] = forcedV ?? (byte)id;
        return input + "." + Base64Url.Encode(signature);
    }

    [Fact]
    public void Verify_NotInAllowList_FailsWithUnsupportedAlgorithm()
    {
        Assert.DoesNotContain(JwsAlgorithm.ES256KR, JwsAlgorithm.All);
        Assert.Equal(JoseErrorCodes.UnsupportedAlgorithm, new JwsVerifier().Verify(Sign(), _key.VerificationKey).Error?.Code);
    }

    [Fact]
    public void Verify_WrongRecoveryId_FailsWithInvalidSignature()
    {
        var verifier = new JwsVerifier(new JwsVerificationOptions { AllowedAlgorithms = new HashSet<JwsAlgorithm>([JwsAlgorithm.ES256KR]) });
        string good = Sign();
        int v = Base64Url.Decode(good.AsSpan(good.LastIndexOf('.') + 1)).ThrowIfFailed()[64];

        Assert.Equal(JoseErrorCodes.InvalidSignature, verifier.Verify(Sign((byte)(1 - v)), _key.VerificationKey).Error?.Code);
        Assert.Equal(JoseErrorCodes.InvalidSignature, verifier.Verify(Sign(5), _key.VerificationKey).Error?.Code);
    }

    [Fact]
    public void Verify_AllowedAndRecoversTheKey_Succeeds()
    {
        var verifier = new JwsVerifier(new JwsVerificationOptions { AllowedAlgorithms = new HashSet<JwsAlgorithm>([JwsAlgorithm.ES256KR]) });
        string good = Sign();
        int v = Base64Url.Decode(good.AsSpan(good.LastIndexOf('.') + 1)).ThrowIfFailed()[64];

        Assert.True(verifier.Verify(good, _key.VerificationKey).Succeeded);
        Assert.True(verifier.Verify(Sign((byte)(27 + v)), _key.VerificationKey).Succeeded); // 27/28 form
        using var other = SigningKey.Generate(JwsAlgorithm.ES256K);
        Assert.Equal(JoseErrorCodes.InvalidSignature, verifier.Verify(good, other.VerificationKey).Error?.Code);
    }
}
