using System.Text.Json.Nodes;

namespace Did.Sdk.Jose.Tests.Conformance;

/// <summary>
/// C2SP Wycheproof vectors (Vectors/Wycheproof). Every case's verdict must match. These files carry
/// only "valid" and "invalid" results (no "acceptable"). For the JWS, JWK and key-confusion files the
/// expected verdict for this SDK is: accept only when Wycheproof says valid AND the algorithm is in
/// the closed set {EdDSA, ES256, ES256K}; everything else (HS*, RS*, PS*, ES521, JWE, key sets) must
/// be rejected.
/// </summary>
public class WycheproofTests
{
    private static IEnumerable<(JsonObject Group, JsonObject Test)> Cases(string file)
    {
        var root = VectorFiles.ReadJson("Wycheproof/" + file);
        foreach (var group in root["testGroups"]!.AsArray())
        {
            foreach (var test in group!["tests"]!.AsArray())
            {
                yield return (group.AsObject(), test!.AsObject());
            }
        }
    }

    public static TheoryData<int> Ed25519Ids() => new(Cases("ed25519_test.json").Select(c => c.Test["tcId"]!.GetValue<int>()));

    public static TheoryData<int> P256Ids() => new(Cases("ecdsa_secp256r1_sha256_p1363_test.json").Select(c => c.Test["tcId"]!.GetValue<int>()));

    public static TheoryData<int> Secp256k1Ids() => new(Cases("ecdsa_secp256k1_sha256_p1363_test.json").Select(c => c.Test["tcId"]!.GetValue<int>()));

    public static TheoryData<string, int> JoseIds()
    {
        var data = new TheoryData<string, int>();
        foreach (var file in new[] { "json_web_signature_test.json", "json_web_key_test.json", "json_web_crypto_test.json" })
        {
            foreach (var (_, test) in Cases(file))
            {
                data.Add(file, test["tcId"]!.GetValue<int>());
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Ed25519Ids))]
    public void Ed25519Verify_WycheproofCase_VerdictMatches(int id)
    {
        var (group, test) = Cases("ed25519_test.json").Single(c => c.Test["tcId"]!.GetValue<int>() == id);
        bool expected = test["result"]!.GetValue<string>() == "valid";

        var key = VerificationKey.Import(KeyType.Ed25519, VectorFiles.Hex(group["publicKey"]!["pk"]!.GetValue<string>()));
        bool actual = key.Succeeded && key.Value.Verify(VectorFiles.Hex(test["msg"]!.GetValue<string>()), VectorFiles.Hex(test["sig"]!.GetValue<string>()));

        Assert.Equal(expected, actual);
        var jwk = Jwk.Parse(group["publicKeyJwk"]!.ToJsonString()).ThrowIfFailed();
        Assert.Equal(key.Value, VerificationKey.Import(jwk.WithKid(null)).ThrowIfFailed());
    }

    [Theory]
    [MemberData(nameof(P256Ids))]
    public void Es256Verify_WycheproofP1363Case_VerdictMatches(int id)
    {
        var (group, test) = Cases("ecdsa_secp256r1_sha256_p1363_test.json").Single(c => c.Test["tcId"]!.GetValue<int>() == id);
        bool expected = test["result"]!.GetValue<string>() == "valid";
        Assert.Equal("SHA-256", group["sha"]!.GetValue<string>());

        var key = VerificationKey.Import(KeyType.P256, VectorFiles.Hex(group["publicKey"]!["uncompressed"]!.GetValue<string>()));
        bool actual = key.Succeeded && key.Value.Verify(VectorFiles.Hex(test["msg"]!.GetValue<string>()), VectorFiles.Hex(test["sig"]!.GetValue<string>()));

        Assert.Equal(expected, actual);
    }

    /// <summary>
    /// ES256K through the JOSE layer (JWK import, SHA-256, engine). The P1363 file treats high-S as
    /// valid, so verdicts match by default (RFC 8812 has no low-S rule); with <c>requireLowS</c> a valid
    /// high-S case must be rejected.
    /// </summary>
    [Theory]
    [MemberData(nameof(Secp256k1Ids))]
    public void Es256KVerify_WycheproofP1363Case_VerdictMatchesWithHighSPolicy(int id)
    {
        var (group, test) = Cases("ecdsa_secp256k1_sha256_p1363_test.json").Single(c => c.Test["tcId"]!.GetValue<int>() == id);
        bool expected = test["result"]!.GetValue<string>() == "valid";
        var msg = VectorFiles.Hex(test["msg"]!.GetValue<string>());
        var sig = VectorFiles.Hex(test["sig"]!.GetValue<string>());
        var halfN = System.Numerics.BigInteger.Parse("7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF5D576E7357A4501DDFE92F46681B20A0", System.Globalization.NumberStyles.HexNumber);
        bool lowS = sig.Length == 64 && new System.Numerics.BigInteger(sig.AsSpan(32), isUnsigned: true, isBigEndian: true) <= halfN;

        // Groups without publicKeyJwk carry only the SEC 1 point.
        var key = group["publicKeyJwk"] is { } jwkNode
            ? Jwk.Parse(jwkNode.ToJsonString()) is { Succeeded: true } jwk ? VerificationKey.Import(jwk.Value) : Result<VerificationKey>.Failure(JoseErrorCodes.InvalidJwk, "")
            : VerificationKey.Import(KeyType.Secp256k1, VectorFiles.Hex(group["publicKey"]!["uncompressed"]!.GetValue<string>()));
        bool lenient = key.Succeeded && key.Value.Verify(msg, sig);
        bool strict = key.Succeeded && key.Value.Verify(msg, sig, requireLowS: true);

        Assert.Equal(expected, lenient);
        Assert.Equal(expected && lowS, strict);
    }

    [Theory]
    [MemberData(nameof(JoseIds))]
    public void JoseVerify_WycheproofCase_VerdictMatchesClosedSetPolicy(string file, int id)
    {
        var (group, test) = Cases(file).Single(c => c.Test["tcId"]!.GetValue<int>() == id);
        var keyNode = (group["public"] ?? group["private"])!.AsObject();
        bool algorithmInClosedSet = keyNode["alg"] is { } alg && JwsAlgorithm.TryGetByName(alg.GetValue<string>(), out _);
        bool expected = test["result"]!.GetValue<string>() == "valid" && algorithmInClosedSet && test["jws"] is not null;

        bool actual = Accepts(keyNode, test);

        Assert.Equal(expected, actual);
    }

    private static bool Accepts(JsonObject keyNode, JsonObject test)
    {
        // Key sets are not a JOSE-layer concept here: the SDK selects one key by kid before verifying.
        if (keyNode.ContainsKey("keys") || test["jws"] is not { } jws)
        {
            return false;
        }

        var jwk = Jwk.Parse(keyNode.ToJsonString());
        if (!jwk.Succeeded)
        {
            return false;
        }

        var key = VerificationKey.Import(jwk.Value.ToPublic());
        if (!key.Succeeded)
        {
            return false;
        }

        var verifier = new JwsVerifier();
        var result = jws.GetValueKind() == System.Text.Json.JsonValueKind.String
            ? verifier.Verify(jws.GetValue<string>(), key.Value)
            : verifier.VerifyJson(jws.ToJsonString(), key.Value);
        return result.Succeeded;
    }
}
