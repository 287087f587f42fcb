using Microsoft.Playwright;
using PersonalDataPolicy.Web.Tests.Infrastructure;
using Xunit.Abstractions;

namespace PersonalDataPolicy.Browser.Tests;

/// <summary>
/// What a visitor notices on a phone: every public page × kk/ru/en × standard and low-vision mode at 390 and 320 px wide,
/// before the statistics question is answered (the fullest first screen). No page scrolls sideways, the page's heading
/// is on the first screen (844 px), and no id is used twice.
/// </summary>
[Collection(SharedBrowser.Name)]
public sealed class PhoneLayoutTests(BrowserFixture browser, ITestOutputHelper output)
{
    private const int ScreenHeight = PublicPageSweep.ScreenHeight;

    private static readonly int[] Widths = PublicPageSweep.PhoneWidths;

    [Fact]
    public async Task Every_public_page_fits_a_phone_screen_with_its_heading_on_the_first_screen()
    {
        var views = (await browser.Sweep.ResultsAsync()).PhoneViews;
        var scrolling = views.Where(v => v.Scrolls).ToList();
        var lowHeadings = views.Where(v => v.HeadingLow).ToList();
        var duplicates = views.Where(v => v.HasDuplicateIds).ToList();
        var lowest = views.MaxBy(v => v.HeadingTop)!;
        var widest = views.MaxBy(v => v.ScrollWidth - v.InnerWidth)!;
        foreach (var width in Widths)
        {
            var atWidth = views.Where(v => v.Width == width).ToList();
            var worst = atWidth.MaxBy(v => v.HeadingTop)!;
            output.WriteLine($"{atWidth.Count} page views at {width}×{ScreenHeight}: {atWidth.Count(v => v.Scrolls)} with horizontal scroll; h1 top max {worst.HeadingTop} px ({worst.Culture} {worst.Mode} /{worst.Culture}/{worst.Page})");
        }

        output.WriteLine($"{views.Count} page views: {scrolling.Count} with horizontal scroll (widest {widest.ScrollWidth} px in {widest.InnerWidth}: {widest.Culture} {widest.Mode} /{widest.Culture}/{widest.Page}), {lowHeadings.Count} with the h1 below the first screen (lowest {lowest.HeadingTop} px), {duplicates.Count} with a duplicate id");
        foreach (var view in scrolling)
        {
            output.WriteLine($"  scrolls: {view.Culture} {view.Mode} {view.Width} /{view.Culture}/{view.Page}: {view.ScrollWidth} px; too wide: {view.Wide}");
        }

        foreach (var view in lowHeadings)
        {
            output.WriteLine($"  h1 low: {view.Culture} {view.Mode} {view.Width} /{view.Culture}/{view.Page}: {view.HeadingTop} px");
        }

        foreach (var view in duplicates)
        {
            output.WriteLine($"  duplicate ids: {view.Culture} {view.Mode} /{view.Culture}/{view.Page}: {view.DuplicateIds}");
        }

        Assert.Equal(PublicPageSweep.Pages.Length * SiteLanguages.All.Count * 2 * Widths.Length, views.Count);
        Assert.Empty(scrolling);
        Assert.Empty(lowHeadings);
        Assert.Empty(duplicates);
    }

    [Fact]
    public async Task Once_answered_the_statistics_question_is_not_asked_again_in_either_mode()
    {
        foreach (var (accessible, choice) in new[] { (false, "accept"), (true, "refuse") })
        {
            await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 390, Height = ScreenHeight } });
            if (accessible)
            {
                await context.AddCookiesAsync([new Cookie { Name = "display-mode", Value = "accessible", Url = browser.BaseUrl }]);
            }

            var page = await context.NewPageAsync();
            await page.GotoAsync(browser.BaseUrl + "/kk/policy/faq");
            await Assertions.Expect(page.Locator(".statistics-banner")).ToHaveCountAsync(1);
            await page.Locator($"#statistics-{choice}").ClickAsync();
            await page.WaitForURLAsync("**/kk/policy/faq");

            foreach (var path in new[] { "/kk/policy/faq", "/ru/appeal", "/en/policy", "/en/cookies" })
            {
                await page.GotoAsync(browser.BaseUrl + path);
                await Assertions.Expect(page.Locator(".statistics-banner")).ToHaveCountAsync(0);
            }

            output.WriteLine($"{(accessible ? "low-vision" : "standard")}: after \"{choice}\" the question is gone on 4 pages in 3 languages");
        }
    }
}
