using System.Reflection;

namespace Did.Sdk.Devnet.Tests;

/// <summary>Every stable code of <see cref="DevnetErrorCodes"/> has its page docs/errors/&lt;code&gt;.md.</summary>
public class ErrorDocsTests
{
    public static TheoryData<string> Codes()
    {
        var data = new TheoryData<string>();
        foreach (var field in typeof(DevnetErrorCodes).GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral))
        {
            data.Add((string)field.GetRawConstantValue()!);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Codes))]
    public void Code_HasDocumentationPage(string code)
    {
        var page = Path.Combine(TestSupport.RepoRoot(), "docs", "errors", code + ".md");

        Assert.Matches("^[a-z][A-Za-z0-9]*$", code);
        Assert.True(File.Exists(page), $"{code} has no page at docs/errors/{code}.md");
        Assert.Contains(code, File.ReadAllText(page), StringComparison.Ordinal);
    }
}
