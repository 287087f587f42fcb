using System.Text.Json;
using System.Text.RegularExpressions;
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
public sealed partial class PhoneLayoutTests(BrowserFixture browser, ITestOutputHelper output)
{
    private const int ScreenHeight = 844;

    private const string MyDataOverview = "my-data/overview";

    private const string Search = "search";

    /// <summary>A word each language's policy text contains, so the search page shows results.</summary>
    private static readonly Dictionary<string, string> SearchWords = new() { ["kk"] = "деректер", ["ru"] = "данные", ["en"] = "data" };

    private static readonly int[] Widths = [390, 320];

    private static readonly string[] Pages =
    [
        "policy", "policy/versions", "policy/versions/1", "policy/faq", Search, "appeal", "appeal#failed",
        "my-data", MyDataOverview, "receipt", "cookies", "no-such-page",
    ];

    /// <summary>Pages whose Kazakh first screen also goes into docs/accessibility.md (Kazakh words are the longest).</summary>
    private static readonly string[] KazakhDocsPages = ["policy", "appeal"];

    private sealed record PageView(string Culture, string Mode, int Width, string Page, int ScrollWidth, int InnerWidth, int HeadingTop, string Wide, string DuplicateIds);

    [Fact]
    public async Task Every_public_page_fits_a_phone_screen_with_its_heading_on_the_first_screen()
    {
        var receipt = await ReceiptPathAsync();
        var myData = await MyDataSessionAsync();
        var views = new List<PageView>();
        foreach (var accessible in new[] { false, true })
        {
            var mode = accessible ? "low-vision" : "standard";
            // One load per page: measured at 390 px, then the same page narrowed to 320 px (the layout is CSS only, so a
            // narrowed page lays out as one loaded narrow).
            await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = Widths[0], Height = ScreenHeight } });
            if (accessible)
            {
                await context.AddCookiesAsync([new Cookie { Name = "display-mode", Value = "accessible", Url = browser.BaseUrl }]);
            }

            var page = await context.NewPageAsync();
            foreach (var culture in SiteLanguages.All)
            {
                foreach (var path in Pages)
                {
                    // Signed in only for the overview: signed in, "my data" itself shows the overview instead of the form.
                    if (path == MyDataOverview)
                    {
                        await context.AddCookiesAsync([myData]);
                    }

                    await page.SetViewportSizeAsync(Widths[0], ScreenHeight);
                    await OpenAsync(page, culture, path, receipt);
                    foreach (var width in Widths)
                    {
                        if (width != Widths[0])
                        {
                            await page.SetViewportSizeAsync(width, ScreenHeight);
                        }

                        var figures = await page.EvaluateAsync<JsonElement>(MeasureScript);
                        var view = new PageView(culture, mode, width, path, figures.GetProperty("scrollWidth").GetInt32(), figures.GetProperty("innerWidth").GetInt32(),
                            figures.GetProperty("headingTop").GetInt32(), figures.GetProperty("wide").GetString()!, figures.GetProperty("duplicateIds").GetString()!);
                        views.Add(view);
                        if (Fails(view) || (width == Widths[0] && culture is SiteLanguages.Russian or SiteLanguages.Kazakh && UpdateDocs))
                        {
                            await ScreenshotAsync(page, view);
                        }
                    }

                    if (path == MyDataOverview)
                    {
                        await context.ClearCookiesAsync(new BrowserContextClearCookiesOptions { Name = myData.Name });
                    }
                }
            }
        }

        var scrolling = views.Where(Scrolls).ToList();
        var lowHeadings = views.Where(HeadingLow).ToList();
        var duplicates = views.Where(HasDuplicateIds).ToList();
        var lowest = views.MaxBy(v => v.HeadingTop)!;
        var widest = views.MaxBy(v => v.ScrollWidth - v.InnerWidth)!;
        foreach (var width in Widths)
        {
            var atWidth = views.Where(v => v.Width == width).ToList();
            var worst = atWidth.MaxBy(v => v.HeadingTop)!;
            output.WriteLine($"{atWidth.Count} page views at {width}×{ScreenHeight}: {atWidth.Count(v => v.ScrollWidth > v.InnerWidth)} with horizontal scroll; h1 top max {worst.HeadingTop} px ({worst.Culture} {worst.Mode} /{worst.Culture}/{worst.Page})");
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

        Assert.Equal(Pages.Length * SiteLanguages.All.Count * 2 * Widths.Length, views.Count);
        Assert.Empty(scrolling);
        Assert.Empty(lowHeadings);
        Assert.Empty(duplicates);
    }

    private static bool UpdateDocs => Environment.GetEnvironmentVariable("UPDATE_DOCS_SCREENSHOTS") == "1";

    private static bool Scrolls(PageView view) => view.ScrollWidth > view.InnerWidth;

    private static bool HeadingLow(PageView view) => view.HeadingTop < 0 || view.HeadingTop >= ScreenHeight;

    private static bool HasDuplicateIds(PageView view) => view.DuplicateIds.Length > 0;

    private static bool Fails(PageView view) => Scrolls(view) || HeadingLow(view) || HasDuplicateIds(view);

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

    /// <summary>
    /// Page width against the window's, where the h1 starts in the document (not the viewport: a failed form scrolls to its
    /// error summary), the elements wider than the window (to say what to fix), and ids used more than once.
    /// </summary>
    private const string MeasureScript = """
        () => {
          const h1 = document.querySelector('main h1');
          const inner = window.innerWidth;
          const wide = [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > inner + 0.5)
            .slice(-3)
            .map(e => e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).split(' ').join('.') : '') + ' ' + Math.round(e.getBoundingClientRect().right) + 'px');
          const ids = [...document.querySelectorAll('[id]')].map(e => e.id);
          const duplicates = [...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))];
          return {
            scrollWidth: document.documentElement.scrollWidth,
            innerWidth: inner,
            headingTop: h1 ? Math.round(h1.getBoundingClientRect().top + window.scrollY) : -1,
            wide: wide.join(', '),
            duplicateIds: duplicates.join(', '),
          };
        }
        """;

    private async Task OpenAsync(IPage page, string culture, string path, string receipt)
    {
        if (path == "receipt")
        {
            await page.GotoAsync(browser.BaseUrl + receipt.Replace("/en/", $"/{culture}/", StringComparison.Ordinal));
        }
        else if (path == "appeal#failed")
        {
            await page.GotoAsync($"{browser.BaseUrl}/{culture}/appeal");
            await page.Locator("#send-appeal").ClickAsync();
            await page.WaitForLoadStateAsync();
        }
        else if (path == Search)
        {
            await page.GotoAsync($"{browser.BaseUrl}/{culture}/search?q={Uri.EscapeDataString(SearchWords[culture])}");
            await Assertions.Expect(page.Locator(".search-results li").First).ToBeVisibleAsync();
        }
        else
        {
            await page.GotoAsync($"{browser.BaseUrl}/{culture}/{path}");
            if (path == MyDataOverview)
            {
                await Assertions.Expect(page.Locator("main table.stacking tbody tr").First).ToBeVisibleAsync();
            }
        }
    }

    /// <summary>
    /// A full-page PNG in the test output of a view that fails (to see what to fix), and with UPDATE_DOCS_SCREENSHOTS=1 of the
    /// Russian and Kazakh ones at 390 px, with small first-screen JPEGs for docs/accessibility.md. A PNG of each page on every
    /// run cost more than the measuring.
    /// </summary>
    private static async Task ScreenshotAsync(IPage page, PageView view)
    {
        var name = $"phone-{view.Culture}-{view.Mode}-{NonLetters().Replace(view.Page, "-").Trim('-')}";
        var png = view.Width == Widths[0] ? name : $"{name}-{view.Width}";
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, png + ".png"), FullPage = true });
        var forDocs = view.Width == Widths[0] && (view.Culture == SiteLanguages.Russian || KazakhDocsPages.Contains(view.Page));
        if (forDocs && UpdateDocs)
        {
            await page.EvaluateAsync("window.scrollTo(0, 0)");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Repository.PathOf("docs", "screenshots", name + ".jpg"), Type = ScreenshotType.Jpeg, Quality = 60 });
        }
    }

    private async Task<string> ReceiptPathAsync()
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true }) { BaseAddress = new Uri(browser.BaseUrl) };
        var response = await Forms.PostAppealAsync(client, "en", Forms.ValidAppeal(email: "phone.receipt@example.kz"));
        Assert.True(response.Headers.Location is not null, $"appeal answered {(int)response.StatusCode}");
        return response.Headers.Location.OriginalString;
    }

    /// <summary>The cookie of a "my data" session, opened from the mailed link as a person would, whose record has consents and an appeal.</summary>
    private async Task<Cookie> MyDataSessionAsync()
    {
        const string email = "phone.mydata@example.kz";
        var fields = Forms.ValidAppeal(lastName: "Телефонова", email: email);
        fields["Form.ConsentToMarketing"] = "true";
        (await Forms.PostAppealAsync(browser.Site.CreateClient(), "ru", fields)).EnsureSuccessStatusCode();

        await using var context = await browser.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(browser.BaseUrl + "/ru/my-data");
        await page.Locator("#Email").FillAsync(email);
        await page.Locator("#Email").PressAsync("Enter");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Проверьте почту");
        var mail = await PickupMail.WaitForAsync(browser.Site.PickupDirectory, email, SiteLink());
        await page.GotoAsync(browser.BaseUrl + new Uri(SiteLink().Match(mail.TextBody!).Value).PathAndQuery);
        await page.Locator("main form button[type=submit]").First.ClickAsync();
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Телефонова");
        var session = (await context.CookiesAsync()).Single(c => c.Name == "my-data-session");
        return new Cookie { Name = session.Name, Value = session.Value, Domain = session.Domain, Path = session.Path, HttpOnly = session.HttpOnly, Secure = session.Secure, SameSite = session.SameSite };
    }

    [GeneratedRegex(@"https?://\S+/my-data/open\?token=\S+")]
    private static partial Regex SiteLink();

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NonLetters();
}
