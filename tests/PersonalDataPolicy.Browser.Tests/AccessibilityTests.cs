using Microsoft.Playwright;
using PersonalDataPolicy.Web.Tests.Infrastructure;
using Xunit.Abstractions;

namespace PersonalDataPolicy.Browser.Tests;

/// <summary>Every public page × kk/ru/en × standard and low-vision mode, checked by axe against WCAG 2.2 AA rules.</summary>
[Collection(SharedBrowser.Name)]
public sealed class AccessibilityTests(BrowserFixture browser, ITestOutputHelper output)
{
    private static readonly string[] Pages = ["policy", "policy/versions", "policy/versions/1", "policy/faq", "search?q=data", "appeal", "appeal#failed", "my-data", "cookies", "receipt"];

    [Fact]
    public async Task Every_public_page_in_every_language_and_both_modes_has_no_serious_or_critical_violations()
    {
        var receipt = await ReceiptPathAsync();
        var results = new List<(string Culture, string Mode, string Page, int Serious, string Details)>();
        foreach (var accessible in new[] { false, true })
        {
            await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
            if (accessible)
            {
                await context.AddCookiesAsync([new Cookie { Name = "display-mode", Value = "accessible", Url = browser.BaseUrl }]);
            }

            await AxeScan.AddToAsync(context);
            var page = await context.NewPageAsync();
            foreach (var culture in SiteLanguages.All)
            {
                foreach (var path in Pages)
                {
                    await OpenAsync(page, culture, path, receipt);
                    // The low-vision version must also meet enhanced contrast (WCAG 1.4.6, 7:1).
                    List<string> tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"];
                    if (accessible)
                    {
                        tags.Add("wcag2aaa");
                    }

                    var serious = await AxeScan.SeriousViolationsAsync(page, tags);
                    results.Add((culture, accessible ? "low-vision" : "standard", path, serious.Count, string.Join("; ", serious.Select(v => $"{v.Id}: {string.Join(", ", v.Targets)}"))));
                    var view = $"{(accessible ? "low-vision" : "standard")}-{path.Replace('/', '-').Replace('?', '-').Replace('=', '-').Replace('#', '-')}";
                    // A full-page PNG of every page on every run cost more than axe itself; the test output keeps the pages
                    // that fail, to look at, and all Russian ones when the docs screenshots are renewed.
                    var forDocs = culture == SiteLanguages.Russian && Environment.GetEnvironmentVariable("UPDATE_DOCS_SCREENSHOTS") == "1";
                    if (serious.Count > 0 || forDocs)
                    {
                        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, $"page-{culture}-{view}.png"), FullPage = true });
                    }

                    if (forDocs)
                    {
                        // Small JPEGs of the first screen for docs/accessibility.md; the full PNGs stay in the test output.
                        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Repository.PathOf("docs", "screenshots", $"page-{view}.jpg"), Type = ScreenshotType.Jpeg, Quality = 60 });
                    }
                }
            }
        }

        var total = results.Sum(r => r.Serious);
        output.WriteLine($"{results.Count} page checks (3 languages × 2 modes × {Pages.Length} pages; the low-vision mode also against enhanced contrast), {total} serious or critical violations");
        Console.WriteLine($"Accessibility: {results.Count} page checks, {total} serious or critical violations");
        foreach (var failing in results.Where(r => r.Serious > 0))
        {
            output.WriteLine($"{failing.Culture} {failing.Mode} {failing.Page}: {failing.Details}");
        }

        Assert.Equal(0, total);
    }

    [Fact]
    public async Task After_a_failed_submit_focus_is_on_the_error_summary_whose_links_lead_to_the_fields()
    {
        await using var context = await browser.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await OpenAsync(page, "kk", "appeal#failed", receipt: null);

        Assert.Equal("error-summary", await page.EvaluateAsync<string>("document.activeElement.id"));
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Enter");
        Assert.Equal("Form_LastName", await page.EvaluateAsync<string>("document.activeElement.id"));
    }

    private async Task OpenAsync(IPage page, string culture, string path, string? receipt)
    {
        if (path == "receipt")
        {
            await page.GotoAsync(browser.BaseUrl + receipt!.Replace("/en/", $"/{culture}/", StringComparison.Ordinal));
        }
        else if (path == "appeal#failed")
        {
            await page.GotoAsync($"{browser.BaseUrl}/{culture}/appeal");
            await page.Locator("#send-appeal").ClickAsync();
            // Wait for the answer's own content, not for a load state: asked right after the click, the load state may be
            // that of the form page still being left.
            await page.Locator("#error-summary").WaitForAsync();
            await page.WaitForLoadStateAsync();
        }
        else
        {
            await page.GotoAsync($"{browser.BaseUrl}/{culture}/{path}");
        }
    }

    private async Task<string> ReceiptPathAsync()
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true }) { BaseAddress = new Uri(browser.BaseUrl) };
        var response = await Forms.PostAppealAsync(client, "en", Forms.ValidAppeal(email: "axe.receipt@example.kz"));
        Assert.True(response.Headers.Location is not null, $"appeal answered {(int)response.StatusCode}");
        return response.Headers.Location.OriginalString;
    }
}
