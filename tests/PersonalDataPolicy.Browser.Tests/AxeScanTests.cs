using Microsoft.Playwright;

namespace PersonalDataPolicy.Browser.Tests;

/// <summary>The axe helper the page checks rely on finds what it should, injected on demand and as a context's init script.</summary>
[Collection(SharedBrowser.Name)]
public sealed class AxeScanTests(BrowserFixture browser)
{
    /// <summary>An image without a text alternative (critical) and grey text that passes AA but not enhanced contrast (AAA).</summary>
    private const string FlawedPage = """
        <!doctype html><html lang="en"><head><title>Flawed</title></head>
        <body><main><h1>Flawed</h1><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><p style="color:#767676;background:#fff">Grey text</p></main></body></html>
        """;

    [Fact]
    public async Task Finds_a_missing_text_alternative_and_with_the_AAA_tag_too_little_contrast()
    {
        await using var context = await browser.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SetContentAsync(FlawedPage);

        var byDefault = await AxeScan.SeriousViolationsAsync(page);
        var enhanced = await AxeScan.SeriousViolationsAsync(page, ["wcag2aaa"]);

        Assert.Equal(["image-alt"], byDefault.Select(v => v.Id));
        Assert.Equal(["color-contrast-enhanced"], enhanced.Select(v => v.Id));
        Assert.Equal(["p"], enhanced.Single().Targets);
    }

    [Fact]
    public async Task Finds_the_same_on_every_page_loaded_in_a_context_it_was_added_to()
    {
        await using var context = await browser.Browser.NewContextAsync();
        await AxeScan.AddToAsync(context);
        await context.RouteAsync("**/flawed", route => route.FulfillAsync(new RouteFulfillOptions { ContentType = "text/html", Body = FlawedPage }));
        var page = await context.NewPageAsync();
        foreach (var _ in new[] { 1, 2 })
        {
            await page.GotoAsync(browser.BaseUrl + "/flawed");
            Assert.True(await page.EvaluateAsync<bool>("() => typeof window.axe === 'object'"), "axe came with the page");
            Assert.Contains(await AxeScan.SeriousViolationsAsync(page), v => v.Id == "image-alt");
        }
    }
}
