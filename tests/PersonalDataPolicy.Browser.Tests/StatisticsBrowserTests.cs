using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

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
        await page.GotoAsync(browser.BaseUrl + "/ru/search");
        await page.WaitForTimeoutAsync(500);
        Assert.Equal(0, await ViewsAsync("search"));

        await using var allowing = await browser.Browser.NewContextAsync();
        page = await allowing.NewPageAsync();
        await page.GotoAsync(browser.BaseUrl + "/kk/policy/faq");
        await page.Locator("#statistics-accept").ClickAsync();
        await page.WaitForURLAsync("**/kk/policy/faq");
        for (var i = 0; i < 50 && await ViewsAsync("policy/faq") == 0; i++)
        {
            await page.WaitForTimeoutAsync(100);
        }

        Assert.Equal(1, await ViewsAsync("policy/faq"));
    }

    private Task<int> ViewsAsync(string page) =>
        browser.Site.WithDbAsync(db => db.PageViews.Where(v => v.Page == page).SumAsync(v => v.Count));
}
