using CsCheck;

namespace Did.Sdk.Jose.Tests;

/// <summary>Untrusted input never throws: random and mutated inputs give false or a failed result.</summary>
public class UntrustedInputTests
{
    private static readonly Gen<string> MultibaseLike =
        Gen.Select(Gen.OneOf("0", "7", "9", "f", "F", "b", "B", "c", "C", "v", "V", "t", "T", "h", "k", "K", "z", "Z", "m", "M", "u", "U", "\U0001F680", "x", ""),
            Gen.String[Gen.Char[' ', '~'], 0, 30].Select(s => s),
            Gen.String[Gen.Char, 0, 10])
        .Select((prefix, ascii, any) => prefix + ascii + any);

    [Fact]
    public void MultibaseTryDecode_RandomText_NeverThrows()
    {
        MultibaseLike.Sample(text =>
        {
            _ = Multibase.TryDecode(text, out _, out _);
            _ = Multikey.Decode(text);
        }, iter: 5000);
    }

    [Fact]
    public void MultikeyDecode_RandomCodecAndBytes_NeverThrows()
    {
        Gen.Select(Gen.OneOf(0xedUL, 0xecUL, 0xe7UL, 0x1200UL, 0x1201UL, 0x1202UL, 0xebUL), Gen.Byte.Array[0, 140]).Sample((code, bytes) =>
        {
            _ = Multikey.Decode(Multibase.Encode([.. Multicodec.EncodeVarint(code), .. bytes]));
        }, iter: 3000);
    }

    [Fact]
    public void JwsDecodeAndVerify_MutatedToken_NeverThrows()
    {
        using var key = SigningKey.Generate(JwsAlgorithm.ES256);
        string token = Jws.Sign("{\"sub\":\"x\"}"u8, key, type: "JWT", keyId: "k");
        var verifier = new JwsVerifier();
        Gen.Select(Gen.Int[0, token.Length - 1], Gen.Char[' ', '~'], Gen.Int[0, 3]).Sample((position, c, mode) =>
        {
            string mutated = mode switch
            {
                0 => token[..position] + c + token[(position + 1)..],
                1 => token[..position] + token[(position + 1)..],
                2 => token[..position] + c + token[position..],
                _ => token[..position],
            };
            var result = verifier.Verify(mutated, key.VerificationKey);
            Assert.True(!result.Succeeded || mutated == token || result.Value.Signature.Length == 64);
        }, iter: 3000);
    }

    [Fact]
    public void JwsVerify_RandomHeaderJson_NeverThrows()
    {
        using var key = SigningKey.Generate(JwsAlgorithm.EdDSA);
        var verifier = new JwsVerifier(new JwsVerificationOptions { SupportedCriticalHeaders = new HashSet<string> { "b64", "x" } });
        var member = Gen.OneOf("\"alg\":\"EdDSA\"", "\"alg\":null", "\"b64\":false", "\"b64\":true", "\"b64\":1", "\"crit\":[\"b64\"]", "\"crit\":[\"x\"]", "\"crit\":[]", "\"crit\":{}", "\"x\":null", "\"kid\":1", "\"typ\":\"JWT\"");
        member.Array[0, 5].Sample(members =>
        {
            string header = "{" + string.Join(",", members) + "}";
            string input = Base64Url.Encode(System.Text.Encoding.UTF8.GetBytes(header)) + ".e30";
            string token = input + "." + Base64Url.Encode(key.Sign(System.Text.Encoding.ASCII.GetBytes(input)));
            _ = verifier.Verify(token, key.VerificationKey);
            _ = verifier.VerifyJson("{\"payload\":\"e30\",\"protected\":\"" + token.Split('.')[0] + "\",\"signature\":\"" + token.Split('.')[2] + "\"}", key.VerificationKey);
        }, iter: 2000);
    }

    [Fact]
    public void JwkParse_RandomMembers_NeverThrows()
    {
        var member = Gen.OneOf(
            "\"kty\":\"EC\"", "\"kty\":\"OKP\"", "\"kty\":1", "\"crv\":\"P-256\"", "\"crv\":\"secp256k1\"", "\"crv\":\"P-521\"", "\"crv\":\"Ed25519\"", "\"crv\":\"X25519\"",
            "\"x\":\"igrFmi0whuihKnj9R3Om1SoMph72wUGeFaBbzG2vzns\"", "\"y\":\"efsX5b10x8yjyrj4ny3pGfLcY7Xby1KzgqOdqnsrJIM\"", "\"x\":\"\"", "\"y\":[]",
            "\"d\":\"gPh-VvVS8MbvKQ9LSVVmfnxnKjHn4Tqj0bmbpehRlpc\"", "\"key_ops\":[1]", "\"key_ops\":[\"sign\"]", "\"use\":\"enc\"", "\"alg\":\"ES256K\"", "\"ext\":{\"a\":null}");
        member.Array[0, 7].Sample(members =>
        {
            var jwk = Jwk.Parse("{" + string.Join(",", members.Distinct()) + "}");
            if (jwk.Succeeded)
            {
                _ = VerificationKey.Import(jwk.Value);
                using var signing = SigningKey.Import(jwk.Value).Value;
            }
        }, iter: 3000);
    }
}
