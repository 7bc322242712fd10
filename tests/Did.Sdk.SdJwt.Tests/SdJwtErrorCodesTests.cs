using System.Reflection;

namespace Did.Sdk.SdJwt.Tests;

public class SdJwtErrorCodesTests
{
    [Fact]
    public void EveryCode_IsCamelCaseUniqueAndHasADocsPage()
    {
        string? dir = AppContext.BaseDirectory;
        while (dir is not null && !Directory.Exists(Path.Combine(dir, "docs", "errors")))
        {
            dir = Path.GetDirectoryName(dir);
        }

        Assert.NotNull(dir);
        var codes = typeof(SdJwtErrorCodes).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (string)f.GetValue(null)!).ToList();
        Assert.NotEmpty(codes);
        var others = typeof(Jose.JoseErrorCodes).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (string)f.GetValue(null)!).ToHashSet();
        foreach (var code in codes)
        {
            Assert.Matches("^[a-z][A-Za-z0-9]*$", code);
            Assert.DoesNotContain(code, others);
            Assert.True(File.Exists(Path.Combine(dir, "docs", "errors", code + ".md")), code);
        }

        Assert.Equal(codes.Count, codes.Distinct().Count());
    }
}
