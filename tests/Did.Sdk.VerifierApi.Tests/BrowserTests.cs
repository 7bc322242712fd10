using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;

namespace Did.Sdk.VerifierApi.Tests;

/// <summary>The page at <c>/</c> in headless Chromium (Debian chromium + chromium-driver, through Selenium).</summary>
public sealed class BrowserTests(DemoFixture demo) : IClassFixture<DemoFixture>
{
    [Fact]
    public async Task Page_NewRequest_DemoHolder_Verify_ShowsTheDecisionAndEachCheck()
    {
        await using var api = await demo.StartAsync();
        using var driver = StartChromium();
        driver.Navigate().GoToUrl(api.Url);
        var wait = new WebDriverWait(driver, TimeSpan.FromSeconds(30));

        wait.Until(d => d.FindElement(By.Id("demo")).Displayed);
        driver.FindElement(By.Id("new-request")).Click();
        wait.Until(d => d.FindElement(By.Id("nonce")).Text.Length > 10);
        driver.FindElement(By.Id("demo")).Click();
        wait.Until(d => d.FindElement(By.Id("presentation")).GetDomProperty("value")!.Contains('~', StringComparison.Ordinal));
        driver.FindElement(By.Id("verify")).Click();
        wait.Until(d => d.FindElement(By.Id("decision")).Text != "—");

        Assert.Equal("accepted", driver.FindElement(By.Id("decision")).Text);
        var rows = driver.FindElements(By.CssSelector("#checks tr"));
        Assert.True(rows.Count >= 8, $"{rows.Count} checks shown");
        Assert.Contains(rows, r => r.Text.Contains("rules.chain.balanceAtLeast", StringComparison.Ordinal) && r.Text.Contains("passed", StringComparison.Ordinal));
        Assert.Contains(demo.World.FanDid, driver.FindElement(By.Id("holder")).Text, StringComparison.Ordinal);
        Screenshot(driver, "verifier-page.png");

        // The same presentation again: refused, and the page says why.
        driver.FindElement(By.Id("verify")).Click();
        wait.Until(d => d.FindElement(By.Id("decision")).Text == "rejected");
        Assert.Contains("nonceReplayed", driver.FindElement(By.Id("error")).Text, StringComparison.Ordinal);
    }

    private static ChromeDriver StartChromium()
    {
        if (!File.Exists("/usr/bin/chromium") || !File.Exists("/usr/bin/chromedriver"))
        {
            throw new InvalidOperationException("chromium and chromium-driver are not installed: run ./build.sh test as root, or apt-get install chromium chromium-driver.");
        }

        var options = new ChromeOptions { BinaryLocation = "/usr/bin/chromium" };
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1200,1400", "--disable-gpu");
        var service = ChromeDriverService.CreateDefaultService("/usr/bin", "chromedriver");
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        return new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
    }

    // Saved beside the test output; DIDSDK_SCREENSHOTS=<folder> also writes it there (docs/images).
    private static void Screenshot(ChromeDriver driver, string name)
    {
        var shot = driver.GetScreenshot();
        shot.SaveAsFile(Path.Combine(AppContext.BaseDirectory, name));
        if (Environment.GetEnvironmentVariable("DIDSDK_SCREENSHOTS") is { Length: > 0 } folder)
        {
            shot.SaveAsFile(Path.Combine(folder, name));
        }
    }
}
