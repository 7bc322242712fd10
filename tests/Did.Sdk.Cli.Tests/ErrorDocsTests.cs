using System.Reflection;
using Did.Sdk.Cli.Tests.Readme;

namespace Did.Sdk.Cli.Tests;

/// <summary>Every stable error code of every layer has its help page, docs/errors/&lt;code&gt;.md.</summary>
public class ErrorDocsTests
{
    public static TheoryData<string, string> Codes()
    {
        var data = new TheoryData<string, string>();
        var assemblies = new[] { typeof(DidResolver).Assembly, typeof(Jose.Jws).Assembly, typeof(Ethereum.Keccak256).Assembly, typeof(Methods.DidKey).Assembly, typeof(Ethr.EthrDidResolver).Assembly, typeof(SdJwt.StatusList.StatusListErrorCodes).Assembly, typeof(Devnet.Devnet).Assembly, typeof(SocialToken.SocialTokenErrorCodes).Assembly, typeof(Verification.VerificationErrorCodes).Assembly, typeof(Dao.DaoErrorCodes).Assembly };
        foreach (var type in assemblies.SelectMany(a => a.GetExportedTypes()))
        {
            if (!type.IsAbstract || !type.IsSealed || !(type.Name.EndsWith("ErrorCodes", StringComparison.Ordinal) || type.Name.EndsWith("Errors", StringComparison.Ordinal)))
            {
                continue;
            }

            foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral && f.FieldType == typeof(string)))
            {
                data.Add(type.Name, (string)field.GetRawConstantValue()!);
            }
        }

        return data;
    }

    [Fact]
    public void Codes_FoundInEveryLayer()
    {
        var owners = Codes().Select(row => (string)row[0]).Distinct().ToList();

        Assert.Contains("DidResolutionErrors", owners);
        Assert.Contains("JoseErrorCodes", owners);
        Assert.Contains("EthrErrorCodes", owners);
        Assert.Contains("SdJwtErrorCodes", owners);
        Assert.Contains("StatusListErrorCodes", owners);
        Assert.Contains("EthereumErrorCodes", owners);
        Assert.Contains("DevnetErrorCodes", owners);
        Assert.Contains("SocialTokenErrorCodes", owners);
        Assert.Contains("VerificationErrorCodes", owners);
        Assert.Contains("DaoErrorCodes", owners);
        Assert.Contains("DidSignatureErrorCodes", owners);
    }

    [Fact]
    public void Codes_AreUniqueWithinTheirClass()
    {
        var duplicates = Codes().GroupBy(row => ((string)row[0], (string)row[1])).Where(g => g.Count() > 1).Select(g => g.Key).ToList();

        Assert.Empty(duplicates);
    }

    [Theory]
    [MemberData(nameof(Codes))]
    public void Code_HasDocumentationPage(string owner, string code)
    {
        Assert.Matches("^[a-z][A-Za-z0-9]*$", code);

        var page = ReadmeTests.RepoFile("docs", "errors", code + ".md");

        Assert.True(File.Exists(page), $"{owner}.{code} has no page at docs/errors/{code}.md");
        Assert.Contains(code, File.ReadAllText(page), StringComparison.Ordinal);
    }
}
