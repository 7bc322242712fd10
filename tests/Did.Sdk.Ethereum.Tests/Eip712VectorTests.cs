using System.Text.Json;
using System.Text.Json.Nodes;

namespace Did.Sdk.Ethereum.Tests;

public sealed class Eip712VectorTests
{
    private const string EthersFile = "ethers-testcases/typed-data.json";
    private const string MailFile = "eip712/eip712_spec_mail_example.json";
    private const string SigUtilFile = "eip712/eth-sig-util_signTypedData_v4_cases.json";
    private const string GethFolder = "eip712/go-ethereum-signer-testdata";

    private static readonly string[] DomainFieldOrder = ["name", "version", "chainId", "verifyingContract", "salt"];

    // Why each geth expfail file must fail, so that a rejection for the wrong reason is caught.
    private static readonly Dictionary<string, string> GethRejectionReasons = new(StringComparer.Ordinal)
    {
        ["expfail_arraytype_overload.json"] = "'Person[]' is not a valid struct type name",
        ["expfail_datamismatch_1.json"] = "message.contents must be an object of type Person",
        ["expfail_extradata.json"] = "member 'blahonga' that Mail does not define",
        ["expfail_malformeddomainkeys.json"] = "member 'vFAILFAILerifyingContract' that EIP712Domain does not define",
        ["expfail_nonexistant_type.json"] = "'Mail.contents' has unknown type 'Blahonga'",
        ["expfail_nonexistant_type2.json"] = "'EIP712Domain.chainId' has unknown type",
        ["expfail_toolargeuint.json"] = "message.test is out of range for uint8",
        ["expfail_toolargeuint2.json"] = "message.test is out of range for uint8",
        ["expfail_unconvertiblefloat.json"] = "message.test is not a valid uint8 value",
        ["expfail_unconvertiblefloat2.json"] = "message.test is not a valid uint8 value",
    };

    public static TheoryData<int> EthersIndexes => Keccak256Tests.Indexes(VectorFiles.Load(EthersFile));

    public static TheoryData<int> MailIndexes => Keccak256Tests.Indexes(VectorFiles.Load(MailFile).GetProperty("cases"));

    public static TheoryData<int> SigUtilIndexes => Keccak256Tests.Indexes(VectorFiles.Load(SigUtilFile).GetProperty("cases"));

    public static TheoryData<string> GethRejected => GethFiles(expectFailure: true);

    public static TheoryData<string> GethAccepted => GethFiles(expectFailure: false);

    [Theory]
    [MemberData(nameof(GethRejected))]
    public void Parse_GethExpfailFile_ReturnsInvalidTypedData(string file)
    {
        var json = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Vectors", "EthSig", GethFolder, file));
        var result = Eip712TypedData.Parse(json);
        Assert.False(result.Succeeded, file + " must be rejected");
        Assert.Equal("invalidTypedData", result.Error.Code);
        Assert.True(GethRejectionReasons.ContainsKey(file), file + " has no expected reason");
        Assert.Contains(GethRejectionReasons[file], result.Error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(GethAccepted))]
    public void Parse_GethAcceptedFile_Succeeds(string file)
    {
        var json = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Vectors", "EthSig", GethFolder, file));
        var result = Eip712TypedData.Parse(json);
        Assert.True(result.Succeeded, file + ": " + result.Error);
        Assert.Equal(32, result.Value.Hash.Length);
    }

    [Theory]
    [MemberData(nameof(EthersIndexes))]
    public void Hash_EthersTestcase_MatchesEncodingAndDigest(int index)
    {
        var vector = VectorFiles.Load(EthersFile)[index];
        var typedData = Eip712TypedData.Parse(EthersToTypedDataJson(vector)).ThrowIfFailed();

        Assert.Equal(vector.GetProperty("encoded").GetString(), VectorFiles.Lower(typedData.MessageEncoding.Span));
        Assert.Equal(vector.GetProperty("digest").GetString(), VectorFiles.Lower(typedData.Hash.Span));

        if (vector.TryGetProperty("privateKey", out var privateKey))
        {
            using var key = EthereumPrivateKey.Import(VectorFiles.HexBytes(privateKey.GetString())).ThrowIfFailed();
            var signature = EthereumSigner.SignTypedData(key, typedData);
            Assert.Equal(vector.GetProperty("signature").GetString(), signature.ToString());
            Assert.True(EthereumSigner.VerifyTypedData(typedData, signature.ToBytes(), key.Address));
        }
    }

    [Theory]
    [MemberData(nameof(MailIndexes))]
    public void Hash_MailSpecExample_MatchesEveryIntermediateValue(int index)
    {
        var vector = VectorFiles.Load(MailFile).GetProperty("cases")[index];
        var expected = vector.GetProperty("expected");
        var typedData = Eip712TypedData.Parse(vector.GetProperty("typedData").GetRawText()).ThrowIfFailed();

        Assert.Equal(expected.GetProperty("encodeType_Mail").GetString(), typedData.EncodeType("Mail"));
        Assert.Equal(expected.GetProperty("typeHash_Mail").GetString(), VectorFiles.Lower(typedData.TypeHash("Mail")));
        Assert.Equal(expected.GetProperty("encodeData_Mail").GetString(), VectorFiles.Lower(typedData.MessageEncoding.Span));
        Assert.Equal(expected.GetProperty("hashStruct_Mail").GetString(), VectorFiles.Lower(typedData.MessageHash.Span));
        Assert.Equal(expected.GetProperty("hashStruct_Mail").GetString(), VectorFiles.Lower(typedData.HashStruct("Mail", typedData.Message).ThrowIfFailed()));
        Assert.Equal(expected.GetProperty("domainSeparator").GetString(), VectorFiles.Lower(typedData.DomainSeparator.Span));
        Assert.Equal(expected.GetProperty("signHash").GetString(), VectorFiles.Lower(typedData.Hash.Span));

        using var key = EthereumPrivateKey.Import(VectorFiles.HexBytes(vector.GetProperty("privateKey").GetString())).ThrowIfFailed();
        Assert.Equal(expected.GetProperty("signerAddress").GetString(), key.Address.ToLowerCaseString());
        var signature = EthereumSigner.SignTypedData(key, typedData);
        Assert.Equal(expected.GetProperty("signature").GetString(), signature.ToString());
        Assert.Equal(expected.GetProperty("v").GetInt32(), signature.V);
        Assert.Equal(expected.GetProperty("r").GetString(), VectorFiles.Lower(signature.R));
        Assert.Equal(expected.GetProperty("s").GetString(), VectorFiles.Lower(signature.S));
        Assert.Equal(key.Address, EthereumSigner.RecoverTypedData(typedData, signature.ToBytes()).ThrowIfFailed());
    }

    [Theory]
    [MemberData(nameof(SigUtilIndexes))]
    public void SignTypedData_EthSigUtilV4Case_MatchesSignature(int index)
    {
        var file = VectorFiles.Load(SigUtilFile);
        var vector = file.GetProperty("cases")[index];
        var typedData = Eip712TypedData.Parse(vector.GetProperty("typedData").GetRawText()).ThrowIfFailed();

        Assert.Equal(vector.GetProperty("domainSeparator").GetString(), VectorFiles.Lower(typedData.DomainSeparator.Span));
        Assert.Equal(vector.GetProperty("digest").GetString(), VectorFiles.Lower(typedData.Hash.Span));

        using var key = EthereumPrivateKey.Import(VectorFiles.HexBytes(file.GetProperty("privateKey").GetString())).ThrowIfFailed();
        var signature = EthereumSigner.SignTypedData(key, typedData);
        Assert.Equal(vector.GetProperty("signature").GetString(), signature.ToString());
        var recovered = EthereumSigner.RecoverTypedData(typedData, VectorFiles.HexBytes(vector.GetProperty("signature").GetString())).ThrowIfFailed();
        Assert.Equal(vector.GetProperty("signerAddress").GetString(), recovered.ToLowerCaseString());
    }

    /// <summary>ethers omits EIP712Domain from types and derives it from the domain keys, in a fixed order.</summary>
    internal static string EthersToTypedDataJson(JsonElement vector)
    {
        var domain = JsonNode.Parse(vector.GetProperty("domain").GetRawText())!.AsObject();
        var domainType = new JsonArray();
        foreach (var name in DomainFieldOrder)
        {
            if (domain.ContainsKey(name))
            {
                var type = name switch
                {
                    "chainId" => "uint256",
                    "verifyingContract" => "address",
                    "salt" => "bytes32",
                    _ => "string",
                };
                domainType.Add(new JsonObject { ["name"] = name, ["type"] = type });
            }
        }

        var types = JsonNode.Parse(vector.GetProperty("types").GetRawText())!.AsObject();
        types.Add("EIP712Domain", domainType);
        var root = new JsonObject
        {
            ["types"] = types,
            ["primaryType"] = vector.GetProperty("primaryType").GetString(),
            ["domain"] = domain,
            ["message"] = JsonNode.Parse(vector.GetProperty("data").GetRawText()),
        };
        return root.ToJsonString();
    }

    private static TheoryData<string> GethFiles(bool expectFailure)
    {
        var data = new TheoryData<string>();
        var folder = Path.Combine(AppContext.BaseDirectory, "Vectors", "EthSig", GethFolder);
        foreach (var path in Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(path);
            if (name.StartsWith("expfail_", StringComparison.Ordinal) == expectFailure)
            {
                data.Add(name);
            }
        }

        return data;
    }
}
