using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using PersonalDataPolicy.Web.Tests.Infrastructure;

namespace PersonalDataPolicy.Browser.Tests;

/// <summary>The statistics script runs in a real browser only after "Allow", and counts the page; after "Refuse" nothing runs.</summary>
[Collection(SharedBrowser.Name)]
public sealed class StatisticsBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task Allowing_statistics_counts_the_next_page_view_in_the_browser_and_refusing_counts_nothing()
    {
        await using var refusing = await browser.Browser.NewContextAsync();
        var page = await refusing.NewPageAsync();
        await page.GotoAsync(browser.BaseUrl + "/ru/search");
        await page.Locator("#statistics-refuse").ClickAsync();
        var hits = new List<string>();
        page.Request += (_, request) =>
        {
            if (request.Url.Contains("/statistics/hit", StringComparison.Ordinal))
            {
                hits.Add(request.Url);
            }
        };
        await page.GotoAsync(browser.BaseUrl + "/ru/search");

        // The script is deferred, so it would have run and sent its beacon before the load event that GotoAsync awaits:
        // after a refusal the page has no statistics script, the browser sent no hit and nothing was counted.
        Assert.Equal(0, await page.Locator("script[src*='statistics.js']").CountAsync());
        Assert.Empty(hits);
        Assert.Equal(0, await ViewsAsync("search"));

        await using var allowing = await browser.Browser.NewContextAsync();
        page = await allowing.NewPageAsync();
        await page.GotoAsync(browser.BaseUrl + "/kk/policy/faq");
        await page.Locator("#statistics-accept").ClickAsync();
        await page.WaitForURLAsync("**/kk/policy/faq");
        await Eventually.HoldsAsync(async () => await ViewsAsync("policy/faq") > 0, "the page view counted");

        Assert.Equal(1, await ViewsAsync("policy/faq"));
    }

    private Task<int> ViewsAsync(string page) =>
        browser.Site.WithDbAsync(db => db.PageViews.Where(v => v.Page == page).SumAsync(v => v.Count));
}
