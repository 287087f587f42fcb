using Microsoft.Playwright;
using PersonalDataPolicy.Web.Tests.Infrastructure;
using Xunit.Abstractions;

namespace PersonalDataPolicy.Browser.Tests;

/// <summary>Every public page × kk/ru/en × standard and low-vision mode, checked by axe against WCAG 2.2 AA rules (in <see cref="PublicPageSweep"/>).</summary>
[Collection(SharedBrowser.Name)]
public sealed class AccessibilityTests(BrowserFixture browser, ITestOutputHelper output)
{
    [Fact]
    public async Task Every_public_page_in_every_language_and_both_modes_has_no_serious_or_critical_violations()
    {
        var results = (await browser.Sweep.ResultsAsync()).Accessibility;
        var total = results.Sum(r => r.Serious);
        output.WriteLine($"{results.Count} page checks (3 languages × 2 modes × {PublicPageSweep.Pages.Length} pages; the low-vision mode also against enhanced contrast), {total} serious or critical violations");
        Console.WriteLine($"Accessibility: {results.Count} page checks, {total} serious or critical violations");
        foreach (var failing in results.Where(r => r.Serious > 0))
        {
            output.WriteLine($"{failing.Culture} {failing.Mode} {failing.Page}: {failing.Details}");
        }

        Assert.Equal(PublicPageSweep.Pages.Length * SiteLanguages.All.Count * 2, results.Count);
        Assert.Equal(0, total);
    }

    [Fact]
    public async Task After_a_failed_submit_focus_is_on_the_error_summary_whose_links_lead_to_the_fields()
    {
        await using var context = await browser.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync($"{browser.BaseUrl}/kk/appeal");
        await page.Locator("#send-appeal").ClickAsync();
        await page.Locator("#error-summary").WaitForAsync();

        Assert.Equal("error-summary", await page.EvaluateAsync<string>("document.activeElement.id"));
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Enter");
        Assert.Equal("Form_LastName", await page.EvaluateAsync<string>("document.activeElement.id"));
    }
}
