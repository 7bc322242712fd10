using System.Reflection;
using Did.Sdk.SdJwt.StatusList;

namespace Did.Sdk.SdJwt.Tests.StatusLists;

public class StatusListErrorCodesTests
{
    [Fact]
    public void EveryCode_IsCamelCaseAndHasADocsPage()
    {
        string? dir = AppContext.BaseDirectory;
        while (dir is not null && !Directory.Exists(Path.Combine(dir, "docs", "errors")))
        {
            dir = Path.GetDirectoryName(dir);
        }

        Assert.NotNull(dir);
        var codes = typeof(StatusListErrorCodes).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (string)f.GetValue(null)!).ToList();
        Assert.NotEmpty(codes);
        foreach (var code in codes)
        {
            Assert.Matches("^[a-z][A-Za-z0-9]*$", code);
            Assert.True(File.Exists(Path.Combine(dir, "docs", "errors", code + ".md")), code);
        }

        Assert.Equal(codes.Count, codes.Distinct().Count());
    }
}
