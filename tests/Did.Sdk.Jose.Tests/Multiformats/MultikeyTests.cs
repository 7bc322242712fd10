using System.Text.Json.Nodes;

namespace Did.Sdk.Jose.Tests.Multiformats;

public class MultikeyTests
{
    public static TheoryData<string, string, string?, string?> DidKeyVectors()
    {
        // (multikey, expected x, expected y (EC only), expected X25519 multikey (Ed25519 only))
        var data = new TheoryData<string, string, string?, string?>();
        var ed = VectorFiles.ReadJson("DidKey/ed25519-x25519.json").AsObject();
        foreach (var (did, entry) in ed)
        {
            var vkp = entry!["verificationKeyPair"]!;
            string x = vkp["publicKeyBase58"] is { } b58
                ? Base64Url.Encode(SimpleBase.Base58.Bitcoin.Decode(b58.GetValue<string>()))
                : vkp["publicKeyJwk"]!["x"]!.GetValue<string>();
            string? agreement = entry["keyAgreementKeyPair"]?["id"]?.GetValue<string>().Split('#')[1];
            data.Add(did["did:key:".Length..], x, null, agreement);
        }

        foreach (var file in new[] { "DidKey/nist-curves.json", "DidKey/secp256k1.json" })
        {
            foreach (var (did, entry) in VectorFiles.ReadJson(file).AsObject())
            {
                var vm = entry!["verificationMethod"] ?? entry["verificationKeyPair"]!;
                var jwk = vm["publicKeyJwk"];
                if (jwk is not null)
                {
                    data.Add(did["did:key:".Length..], jwk["x"]!.GetValue<string>(), jwk["y"]!.GetValue<string>(), null);
                }
                else
                {
                    // Base58 compressed key: compare the re-compressed point.
                    var raw = SimpleBase.Base58.Bitcoin.Decode(vm["publicKeyBase58"]!.GetValue<string>());
                    data.Add(did["did:key:".Length..], "raw:" + Convert.ToHexString(raw), null, null);
                }
            }
        }

        return data;
    }

    [Theory]
    [InlineData("", JoseErrorCodes.InvalidPublicKeyType)]
    [InlineData("6MktKwz7Ge1Yxzr4JHavN33wiwa8y81QdcMRLXQsrH9T53b", JoseErrorCodes.InvalidPublicKeyType)]
    [InlineData("uAAAA", JoseErrorCodes.InvalidPublicKeyType)]
    [InlineData("z0OIl", JoseErrorCodes.InvalidMultibase)]
    [InlineData("zTjsVPtY", JoseErrorCodes.InvalidPublicKeyLength)]
    public void Decode_InvalidInput_FailsWithDidKeyCode(string multikey, string code)
    {
        Assert.Equal(code, Multikey.Decode(multikey).Error!.Code);
    }

    [Fact]
    public void Decode_BlsAndRsaCodecs_FailWithUnsupportedPublicKeyType()
    {
        foreach (var (did, _) in VectorFiles.ReadJson("DidKey/bls12381.json").AsObject())
        {
            Assert.Equal(JoseErrorCodes.UnsupportedPublicKeyType, Multikey.Decode(did["did:key:".Length..]).Error!.Code);
        }

        var rsa = Multibase.Encode([.. Multicodec.EncodeVarint(0x1205), .. new byte[270]]);
        Assert.Equal(JoseErrorCodes.UnsupportedPublicKeyType, Multikey.Decode(rsa).Error!.Code);
    }

    [Fact]
    public void Decode_MalformedVarintOrBadKey_FailsWithInvalidPublicKey()
    {
        Assert.Equal(JoseErrorCodes.InvalidPublicKey, Multikey.Decode(Multibase.Encode([0xed])).Error!.Code);
        Assert.Equal(JoseErrorCodes.InvalidPublicKey, Multikey.Decode(Multibase.Encode([0xed, 0x81, 0x00])).Error!.Code);
        var smallOrder = new byte[34];
        smallOrder[0] = 0xed;
        smallOrder[1] = 0x01;
        smallOrder[2] = 0x01;
        Assert.Equal(JoseErrorCodes.InvalidPublicKey, Multikey.Decode(Multibase.Encode(smallOrder)).Error!.Code);
        var offCurve = new byte[35];
        offCurve[0] = 0x80;
        offCurve[1] = 0x24;
        offCurve[2] = 0x05;
        Assert.Equal(JoseErrorCodes.InvalidPublicKey, Multikey.Decode(Multibase.Encode(offCurve)).Error!.Code);
    }

    [Theory]
    [MemberData(nameof(DidKeyVectors))]
    public void Decode_DidKeyVectors_GiveTheListedKeyAndReEncodeIdentically(string multikey, string x, string? y, string? x25519Multikey)
    {
        var key = Multikey.Decode(multikey).ThrowIfFailed();
        var jwk = key.ToJwk();

        if (x.StartsWith("raw:", StringComparison.Ordinal))
        {
            Assert.Equal(x[4..], Convert.ToHexString(key.Export(compressed: true)));
        }
        else
        {
            Assert.Equal(x, jwk.X);
            Assert.Equal(y, jwk.Y);
        }

        Assert.Equal(multikey, Multikey.Encode(key));
        if (x25519Multikey is not null)
        {
            Assert.Equal(x25519Multikey, Multikey.Encode(key.ToX25519()));
        }
    }

    [Fact]
    public void Decode_X25519Vectors_GiveX25519Keys()
    {
        var root = VectorFiles.ReadJson("DidKey/x25519.json")["didDocument"]!.AsObject();
        foreach (var (did, _) in root)
        {
            var key = Multikey.Decode(did["did:key:".Length..]).ThrowIfFailed();
            Assert.Equal(KeyType.X25519, key.KeyType);
        }
    }

    [Fact]
    public void Multicodec_DidKeyPrefixTable_MatchesVarintsAndPrefixes()
    {
        var table = VectorFiles.ReadJson("Multiformats/did_key_multicodec_prefixes.json")["codecs"]!.AsArray();
        int checkedCount = 0;
        foreach (var row in table)
        {
            ulong code = Convert.ToUInt64(row!["code"]!.GetValue<string>(), 16);
            if (!Multicodec.TryGetKeyType(code, out var keyType))
            {
                continue;
            }

            Assert.Equal(row["varintHex"]!.GetValue<string>(), Convert.ToHexString(Multicodec.EncodeVarint(code)).ToLowerInvariant());
            Assert.Equal(code, Multicodec.GetPublicKeyCode(keyType));
            string? example = row["exampleDidKeyMultibase"]?.GetValue<string>();
            if (example is not null)
            {
                var key = Multikey.Decode(example).ThrowIfFailed();
                Assert.Equal(keyType, key.KeyType);
                Assert.StartsWith(row["prefixStatedInDidKeySpec"]!.GetValue<string>(), example, StringComparison.Ordinal);
            }

            checkedCount++;
        }

        Assert.Equal(6, checkedCount);
    }

    [Fact]
    public void FromPublicKey_CompressedPoint_DecompressesToJwkCoordinates()
    {
        var vm = VectorFiles.ReadJson("DidKey/nist-curves.json").AsObject().Select(p => p.Value!["verificationMethod"]!["publicKeyJwk"]).OfType<JsonNode>().ToList();
        Assert.Equal(6, vm.Count);
        foreach (var jwkNode in vm)
        {
            var expected = Jwk.Parse(jwkNode.ToJsonString()).ThrowIfFailed();
            var compressed = VerificationKey.Import(expected).ThrowIfFailed().Export(compressed: true);

            var jwk = Jwk.FromPublicKey(expected.KeyType, compressed).ThrowIfFailed();

            Assert.Equal(expected.X, jwk.X);
            Assert.Equal(expected.Y, jwk.Y);
        }
    }
}
