// Conformance: draft-ietf-oauth-status-list-20 vectors (Vectors/Status/ietf-token-status-list).
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Did.Sdk.Jose;
using Did.Sdk.SdJwt.StatusList;
using Microsoft.Extensions.Time.Testing;
using StatusListType = Did.Sdk.SdJwt.StatusList.StatusList;

namespace Did.Sdk.SdJwt.Tests.StatusLists;

public class StatusListVectorTests
{
    private const string VectorFile = "Status/ietf-token-status-list/status_list_vectors.json";

    private static readonly JsonNode Vectors = VectorFiles.ReadJson(VectorFile);

    public static TheoryData<string> TestVectorNames() => Names("testVectors");

    public static TheoryData<string> SmallExampleNames() => Names("smallExamples");

    [Theory]
    [MemberData(nameof(TestVectorNames))]
    public void FromLst_TestVector_DecodesEverySpecifiedEntry(string name)
    {
        var vector = Find("testVectors", name);
        int bits = (int)vector["bits"]!;
        var result = StatusListType.FromLst(bits, (string)vector["json"]!["lst"]!);
        Assert.True(result.Succeeded, result.Error?.ToString());
        var list = result.Value;

        Assert.Equal((int)vector["json"]!["bits"]!, list.Bits);
        Assert.Equal((int)vector["decompressedByteLength"]!, list.Bytes.Length);
        Assert.Equal((string)vector["decompressedSha256"]!, Convert.ToHexStringLower(SHA256.HashData(list.Bytes)));
        Assert.Equal((int)vector["size"]!, list.Count);

        var set = vector["statusesSet"]!.AsObject();
        foreach (var (index, value) in set)
        {
            Assert.Equal((TokenStatus)(int)value!, list.Get(int.Parse(index, System.Globalization.CultureInfo.InvariantCulture)));
        }

        // Every entry not listed is VALID: count non-zero entries of the whole list.
        int nonZero = 0;
        for (int i = 0; i < list.Count; i++)
        {
            if (list.Get(i) != TokenStatus.Valid)
            {
                nonZero++;
            }
        }

        Assert.Equal(set.Count(p => (int)p.Value! != 0), nonZero);
    }

    [Theory]
    [MemberData(nameof(TestVectorNames))]
    public void ToLst_TestVectorRebuiltFromStatuses_MatchesDecompressedBytesAndRoundTrips(string name)
    {
        var vector = Find("testVectors", name);
        int bits = (int)vector["bits"]!;
        var list = StatusListType.Create(bits, (int)vector["size"]!);
        foreach (var (index, value) in vector["statusesSet"]!.AsObject())
        {
            list.Set(int.Parse(index, System.Globalization.CultureInfo.InvariantCulture), (TokenStatus)(int)value!);
        }

        // The byte array is defined exactly by the draft; the zlib stream is not (any conforming
        // deflate encoder may produce different bytes; .NET's zlib-ng matches the draft's Python zlib
        // for the 4- and 8-bit vectors but not the 1- and 2-bit ones), so equality is checked after inflation.
        Assert.Equal((string)vector["decompressedSha256"]!, Convert.ToHexStringLower(SHA256.HashData(list.Bytes)));
        var again = StatusListType.FromLst(bits, list.ToLst());
        Assert.True(again.Succeeded);
        Assert.Equal(list.Bytes.ToArray(), again.Value.Bytes.ToArray());
        Assert.Equal(0x78, list.Compress()[0]);
    }

    [Theory]
    [MemberData(nameof(SmallExampleNames))]
    public void FromLst_SmallExample_DecodesStatusesAndByteArray(string name)
    {
        var vector = Find("smallExamples", name);
        int bits = (int)vector["bits"]!;
        var result = StatusListType.FromLst(bits, (string)vector["json"]!["lst"]!);
        Assert.True(result.Succeeded);
        Assert.Equal((string)vector["byteArrayHex"]!, Convert.ToHexStringLower(result.Value.Bytes));
        var statuses = vector["statuses"]!.AsArray().Select(s => (TokenStatus)(int)s!).ToArray();
        for (int i = 0; i < statuses.Length; i++)
        {
            Assert.Equal(statuses[i], result.Value.Get(i));
        }
    }

    [Theory]
    [MemberData(nameof(SmallExampleNames))]
    public void Set_SmallExampleStatuses_ReproducesByteArrayAndLst(string name)
    {
        var vector = Find("smallExamples", name);
        int bits = (int)vector["bits"]!;
        var statuses = vector["statuses"]!.AsArray().Select(s => (TokenStatus)(int)s!).ToArray();
        var list = StatusListType.Create(bits, statuses.Length);
        for (int i = 0; i < statuses.Length; i++)
        {
            list.Set(i, statuses[i]);
        }

        Assert.Equal((string)vector["byteArrayHex"]!, Convert.ToHexStringLower(list.Bytes));
        var decoded = StatusListType.FromLst(bits, list.ToLst());
        Assert.True(decoded.Succeeded);
        Assert.Equal(list.Bytes.ToArray(), decoded.Value.Bytes.ToArray());
    }

    [Theory]
    [MemberData(nameof(SmallExampleNames))]
    public void Decompress_SmallExampleCborLst_MatchesJsonForm(string name)
    {
        // The CBOR form {bits, lst: bstr}: the map's last item is the zlib byte string (header 0x4n).
        var vector = Find("smallExamples", name);
        var cbor = Convert.FromHexString((string)vector["cborHex"]!);
        int zlibStart = Array.IndexOf(cbor, (byte)0x78);
        int length = cbor[zlibStart - 1] - 0x40;
        var result = StatusListType.Decompress((int)vector["bits"]!, cbor.AsSpan(zlibStart, length));
        Assert.True(result.Succeeded);
        Assert.Equal((string)vector["byteArrayHex"]!, Convert.ToHexStringLower(result.Value.Bytes));
    }

    [Fact]
    public void Validate_DraftStatusListTokenJwt_VerifiesAndDecodes()
    {
        var token = Vectors["statusListTokenJwt"]!;
        var key = ExampleKey();
        var time = new FakeTimeProvider(new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero));
        string sub = (string)token["payload"]!["sub"]!;
        var result = new StatusListTokenValidator(timeProvider: time).Validate((string)token["compact"]!, sub, key);
        Assert.True(result.Succeeded, result.Error?.ToString());
        var list = result.Value;
        Assert.Equal(sub, list.Subject);
        Assert.Equal((string)token["payload"]!["iss"]!, list.Issuer);
        Assert.Equal((long)token["payload"]!["iat"]!, list.IssuedAt.ToUnixTimeSeconds());
        Assert.Equal((long)token["payload"]!["exp"]!, list.ExpiresAt!.Value.ToUnixTimeSeconds());
        Assert.Equal(TimeSpan.FromSeconds((long)token["payload"]!["ttl"]!), list.TimeToLive);
        Assert.Equal((string)token["header"]!["kid"]!, list.KeyId);
        Assert.Equal("ES256", list.Algorithm);

        // The list is the 16-entry spec example.
        var small = Find("smallExamples", (string)Vectors["smallExamples"]![0]!["name"]!);
        Assert.Equal((string)small["byteArrayHex"]!, Convert.ToHexStringLower(list.StatusList.Bytes));
    }

    [Fact]
    public void Validate_DraftStatusListTokenJwtWithOtherSub_ReturnsSubjectMismatch()
    {
        var token = Vectors["statusListTokenJwt"]!;
        var time = new FakeTimeProvider(new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var result = new StatusListTokenValidator(timeProvider: time).Validate((string)token["compact"]!, "https://example.com/statuslists/2", ExampleKey());
        Assert.False(result.Succeeded);
        Assert.Equal(StatusListErrorCodes.StatusListSubjectMismatch, result.Error.Code);
    }

    [Fact]
    public void Validate_DraftStatusListTokenJwtAfterExp_ReturnsExpired()
    {
        var token = Vectors["statusListTokenJwt"]!;
        var after = DateTimeOffset.FromUnixTimeSeconds((long)token["payload"]!["exp"]! + 3600);
        var result = new StatusListTokenValidator(timeProvider: new FakeTimeProvider(after)).Validate((string)token["compact"]!, (string)token["payload"]!["sub"]!, ExampleKey());
        Assert.False(result.Succeeded);
        Assert.Equal(StatusListErrorCodes.StatusListExpired, result.Error.Code);
    }

    [Fact]
    public void Parse_ReferencedTokenSdJwtStatusClaim_ReadsIdxAndUri()
    {
        var claim = Vectors["referencedTokenSdJwt"]!["issuerSignedJwtPayload"]!["status"]!;
        using var doc = JsonDocument.Parse(claim.ToJsonString());
        var reference = StatusReference.Parse(doc.RootElement);
        Assert.True(reference.Succeeded);
        Assert.Equal((string)claim["status_list"]!["uri"]!, reference.Value.Uri);
        Assert.Equal((int)claim["status_list"]!["idx"]!, reference.Value.Index);
    }

    [Fact]
    public void Parse_ReferencedTokenSdJwtCompact_StatusClaimInIssuerSignedPayload()
    {
        // The status claim is read from the issuer-signed JWT of the compact SD-JWT (never disclosed).
        string compact = (string)Vectors["referencedTokenSdJwt"]!["compact"]!;
        var jwt = compact[..compact.IndexOf('~', StringComparison.Ordinal)];
        var decoded = Jws.Decode(jwt);
        Assert.True(decoded.Succeeded);
        using var payload = JsonDocument.Parse(decoded.Value.Payload);
        var reference = StatusReference.Parse(payload.RootElement.GetProperty("status"));
        Assert.True(reference.Succeeded);
        Assert.Equal(0, reference.Value.Index);
    }

    [Fact]
    public async Task CheckAsync_DraftReferencedTokenAgainstDraftStatusListToken_ReturnsInvalid()
    {
        // Referenced token idx 0 in the example list (b9 a3): bit 0 of 0xb9 is 1 = INVALID.
        var claim = Vectors["referencedTokenSdJwt"]!["issuerSignedJwtPayload"]!["status"]!;
        string listToken = (string)Vectors["statusListTokenJwt"]!["compact"]!;
        using var handler = new StatusListFixture.StubHandler { Respond = _ => StatusListFixture.TokenResponse(listToken) };
        using var client = new HttpClient(handler);
        var time = new FakeTimeProvider(new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var checker = new HttpStatusListChecker(client, StatusListKeyResolver.FromKey(ExampleKey()), timeProvider: time);
        using var doc = JsonDocument.Parse(claim.ToJsonString());
        var result = await checker.CheckAsync(doc.RootElement);
        Assert.True(result.Succeeded, result.Error?.ToString());
        Assert.Equal(TokenStatus.Invalid, result.Status);
        Assert.Equal(StatusListErrorCodes.TokenRevoked, result.GetStatusError()!.Code);
        Assert.Equal(43200, result.Checked.TimeToLive!.Value.TotalSeconds);
    }

    private static VerificationKey ExampleKey()
    {
        var jwk = Jwk.Parse(Vectors["exampleSigningKey"]!.ToJsonString());
        Assert.True(jwk.Succeeded, jwk.Error?.ToString());
        var key = VerificationKey.Import(jwk.Value);
        Assert.True(key.Succeeded, key.Error?.ToString());
        return key.Value;
    }

    private static JsonNode Find(string group, string name)
        => Vectors[group]!.AsArray().Single(v => (string)v!["name"]! == name)!;

    private static TheoryData<string> Names(string group)
    {
        var data = new TheoryData<string>();
        foreach (var v in Vectors[group]!.AsArray())
        {
            data.Add((string)v!["name"]!);
        }

        return data;
    }
}
